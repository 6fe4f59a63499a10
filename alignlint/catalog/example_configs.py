"""Example configs for the shipped DAGs: one config per node, all offline-safe values.

The values name an example bucket and role; nothing here is contacted when a pipeline is built.
Scripts are read from the catalogue's own ``scripts/`` folder unless another source is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alignlint.runtime.config import BasePipelineConfig

from .configs.config_csv_data_loading_step import CsvDataLoadingConfig
from .configs.config_dummy_training_step import DummyTrainingConfig
from .configs.config_model_calibration_step import ModelCalibrationConfig
from .configs.config_model_registration_step import ModelRegistrationConfig
from .configs.config_package_step import PackageConfig
from .configs.config_payload_step import PayloadConfig
from .configs.config_tabular_preprocessing_step import TabularPreprocessingConfig
from .configs.config_xgboost_model_eval_step import XGBoostModelEvalConfig
from .configs.config_xgboost_training_step import XGBoostTrainingConfig

SCRIPTS_DIR = Path(__file__).resolve().parent / "scripts"
"""The catalogue's script folder (the default ``source_dir``)."""

EXAMPLE_BUCKET = "alignlint-example-bucket"
EXAMPLE_ROLE = "arn:aws:iam::111122223333:role/AlignlintExamplePipelineRole"
LABEL_FIELD = "label"


def shared_fields(service_name: str, source_dir: str | None) -> dict[str, Any]:
    """Fields every config of one example pipeline shares."""
    return {
        "author": "alignlint",
        "bucket": EXAMPLE_BUCKET,
        "role": EXAMPLE_ROLE,
        "region": "NA",
        "service_name": service_name,
        "pipeline_version": "1.0.0",
        "source_dir": source_dir if source_dir is not None else str(SCRIPTS_DIR),
    }


def xgboost_end_to_end_configs(source_dir: str | None = None) -> dict[str, BasePipelineConfig]:
    """Configs for the ``xgboost_end_to_end`` DAG, keyed by node name."""
    shared = shared_fields("catalog-xgboost", source_dir)
    data_root = f"s3://{EXAMPLE_BUCKET}/datasets/tabular"
    return {
        "CsvDataLoading_Training": CsvDataLoadingConfig(
            **shared, job_type="training", data_source_uri=f"{data_root}/training/"
        ),
        "TabularPreprocessing_Training": TabularPreprocessingConfig(
            **shared, job_type="training", label_field=LABEL_FIELD
        ),
        "XGBoostTraining": XGBoostTrainingConfig(**shared, label_field=LABEL_FIELD),
        "CsvDataLoading_Calibration": CsvDataLoadingConfig(
            **shared, job_type="calibration", data_source_uri=f"{data_root}/calibration/"
        ),
        "TabularPreprocessing_Calibration": TabularPreprocessingConfig(
            **shared, job_type="calibration", label_field=LABEL_FIELD
        ),
        "XGBoostModelEval": XGBoostModelEvalConfig(
            **shared, job_type="calibration", label_field=LABEL_FIELD
        ),
        "ModelCalibration": ModelCalibrationConfig(**shared, label_field=LABEL_FIELD),
        "Package": PackageConfig(**shared),
        "Payload": PayloadConfig(**shared),
        "ModelRegistration": ModelRegistrationConfig(
            **shared, model_package_group_name="alignlint-catalog-xgboost"
        ),
    }


def pretrained_model_registration_configs(
    source_dir: str | None = None,
) -> dict[str, BasePipelineConfig]:
    """Configs for the ``pretrained_model_registration`` DAG, keyed by node name."""
    shared = shared_fields("catalog-pretrained", source_dir)
    return {
        "DummyTraining": DummyTrainingConfig(
            **shared,
            pretrained_model_uri=f"s3://{EXAMPLE_BUCKET}/pretrained/xgboost/model.tar.gz",
        ),
        "Package": PackageConfig(**shared),
        "Payload": PayloadConfig(**shared),
        "ModelRegistration": ModelRegistrationConfig(
            **shared, model_package_group_name="alignlint-catalog-pretrained"
        ),
    }
