"""Canonical names of the catalogue's steps and the lookups specs and builders use.

``STEP_NAMES`` is a dict literal so that static tools can read it without importing anything.
"""

from __future__ import annotations

from alignlint.runtime.registry import StepRegistry

STEP_NAMES: dict[str, dict[str, str]] = {
    "CsvDataLoading": {
        "config_class": "CsvDataLoadingConfig",
        "builder_step_name": "CsvDataLoadingStepBuilder",
        "spec_type": "CsvDataLoading",
        "sagemaker_step_type": "Processing",
        "description": "Source step: load a local or S3 CSV data set",
    },
    "TabularPreprocessing": {
        "config_class": "TabularPreprocessingConfig",
        "builder_step_name": "TabularPreprocessingStepBuilder",
        "spec_type": "TabularPreprocessing",
        "sagemaker_step_type": "Processing",
        "description": "Clean tabular data and split it into train/val/test",
    },
    "XGBoostTraining": {
        "config_class": "XGBoostTrainingConfig",
        "builder_step_name": "XGBoostTrainingStepBuilder",
        "spec_type": "XGBoostTraining",
        "sagemaker_step_type": "Training",
        "description": "Train a binary XGBoost classifier",
    },
}

STEP_REGISTRY = StepRegistry(STEP_NAMES)
"""Lookups over ``STEP_NAMES``."""


def get_spec_step_type(step_name: str) -> str:
    """The ``spec_type`` of a registered step (unknown names raise ``UnknownStepError``)."""
    return STEP_REGISTRY.get_spec_step_type(step_name)


def get_spec_step_type_with_job_type(step_name: str, job_type: str) -> str:
    """``spec_type`` with a job-type suffix: ``("X", "training")`` -> ``"X_Training"``."""
    return STEP_REGISTRY.get_spec_step_type_with_job_type(step_name, job_type)
