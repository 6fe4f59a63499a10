"""Canonical names of the catalogue's steps and the lookups specs and builders use.

``STEP_NAMES`` is a dict literal so that static tools can read it without importing anything.
"""

from __future__ import annotations

from alignlint.runtime.hybrid_registry import HybridRegistry
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
    "XGBoostModelEval": {
        "config_class": "XGBoostModelEvalConfig",
        "builder_step_name": "XGBoostModelEvalStepBuilder",
        "spec_type": "XGBoostModelEval",
        "sagemaker_step_type": "Processing",
        "description": "Score held-out data and compute model-quality metrics",
    },
    "ModelCalibration": {
        "config_class": "ModelCalibrationConfig",
        "builder_step_name": "ModelCalibrationStepBuilder",
        "spec_type": "ModelCalibration",
        "sagemaker_step_type": "Processing",
        "description": "Fit an isotonic or Platt probability calibration",
    },
    "Package": {
        "config_class": "PackageConfig",
        "builder_step_name": "PackageStepBuilder",
        "spec_type": "Package",
        "sagemaker_step_type": "Processing",
        "description": "Bundle model and calibration artifacts into model.tar.gz",
    },
    "Payload": {
        "config_class": "PayloadConfig",
        "builder_step_name": "PayloadStepBuilder",
        "spec_type": "Payload",
        "sagemaker_step_type": "Processing",
        "description": "Generate sample inference payloads for the model registry",
    },
    "ModelRegistration": {
        "config_class": "ModelRegistrationConfig",
        "builder_step_name": "ModelRegistrationStepBuilder",
        "spec_type": "ModelRegistration",
        "sagemaker_step_type": "RegisterModel",
        "description": "Register the packaged model in the SageMaker model registry",
    },
    "DummyTraining": {
        "config_class": "DummyTrainingConfig",
        "builder_step_name": "DummyTrainingStepBuilder",
        "spec_type": "DummyTraining",
        "sagemaker_step_type": "Processing",
        "description": "Pass a pretrained model archive through in place of training",
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


def hybrid_registry() -> HybridRegistry:
    """A hybrid registry over the catalogue's steps: register project workspaces on it and
    resolve names inside ``workspace_context(...)`` (workspace first, then the catalogue)."""
    return HybridRegistry(STEP_NAMES)
