"""The catalogue builders turn configs into the right SageMaker inputs, outputs, env and args."""

from __future__ import annotations

from typing import Any

import pytest

from alignlint.catalog.builders.builder_csv_data_loading_step import CsvDataLoadingStepBuilder
from alignlint.catalog.builders.builder_dummy_training_step import DummyTrainingStepBuilder
from alignlint.catalog.builders.builder_model_calibration_step import (
    ModelCalibrationStepBuilder,
)
from alignlint.catalog.builders.builder_model_registration_step import (
    ModelRegistrationStepBuilder,
)
from alignlint.catalog.builders.builder_package_step import PackageStepBuilder
from alignlint.catalog.builders.builder_payload_step import PayloadStepBuilder
from alignlint.catalog.builders.builder_tabular_preprocessing_step import (
    TabularPreprocessingStepBuilder,
)
from alignlint.catalog.builders.builder_xgboost_model_eval_step import (
    XGBoostModelEvalStepBuilder,
)
from alignlint.catalog.builders.builder_xgboost_training_step import XGBoostTrainingStepBuilder
from alignlint.catalog.configs.config_csv_data_loading_step import CsvDataLoadingConfig
from alignlint.catalog.configs.config_dummy_training_step import DummyTrainingConfig
from alignlint.catalog.configs.config_model_calibration_step import ModelCalibrationConfig
from alignlint.catalog.configs.config_model_registration_step import ModelRegistrationConfig
from alignlint.catalog.configs.config_package_step import PackageConfig
from alignlint.catalog.configs.config_payload_step import PayloadConfig
from alignlint.catalog.configs.config_tabular_preprocessing_step import (
    TabularPreprocessingConfig,
)
from alignlint.catalog.configs.config_xgboost_model_eval_step import XGBoostModelEvalConfig
from alignlint.catalog.configs.config_xgboost_training_step import XGBoostTrainingConfig
from alignlint.catalog.specs.tabular_preprocessing_calibration_spec import (
    TABULAR_PREPROCESSING_CALIBRATION_SPEC,
)
from alignlint.runtime.builder import StepBuilderError

SHARED: dict[str, Any] = {
    "author": "tester",
    "bucket": "test-bucket",
    "role": "arn:aws:iam::111122223333:role/TestRole",
    "region": "NA",
    "service_name": "svc",
    "pipeline_version": "2.0",
    "source_dir": "s3://test-bucket/scripts",
}
PIPELINE_LOC = "s3://test-bucket/tester-svc-xgboost-NA_2.0"


def processing_inputs(inputs: list[Any]) -> list[tuple[str, Any, str]]:
    return [(item.input_name, item.source, item.destination) for item in inputs]


def processing_outputs(outputs: list[Any]) -> list[tuple[str, str, Any]]:
    return [(item.output_name, item.source, item.destination) for item in outputs]


def test_csv_data_loading_builder() -> None:
    config = CsvDataLoadingConfig(
        **SHARED, job_type="calibration", data_source_uri="s3://test-bucket/raw/"
    )
    builder = CsvDataLoadingStepBuilder(config)
    assert builder.spec.step_type == "CsvDataLoading_Calibration"
    assert builder._get_environment_variables() == {"DATA_SOURCE_URI": "s3://test-bucket/raw/"}
    assert builder._get_job_arguments() == ["--job_type", "calibration"]
    assert builder._get_inputs({}) == []
    assert processing_outputs(builder._get_outputs({})) == [
        (
            "DATA",
            "/opt/ml/processing/output/data",
            f"{PIPELINE_LOC}/CsvDataLoading_Calibration/DATA",
        ),
        (
            "METADATA",
            "/opt/ml/processing/output/metadata",
            f"{PIPELINE_LOC}/CsvDataLoading_Calibration/METADATA",
        ),
    ]
    assert config.get_script_path() == "s3://test-bucket/scripts/csv_data_loading.py"


def test_tabular_preprocessing_builder_picks_the_job_type_spec() -> None:
    config = TabularPreprocessingConfig(
        **SHARED, job_type="calibration", label_field="y", train_ratio=0.8
    )
    builder = TabularPreprocessingStepBuilder(config)
    assert builder.spec is TABULAR_PREPROCESSING_CALIBRATION_SPEC
    assert builder._get_environment_variables() == {
        "LABEL_FIELD": "y",
        "TRAIN_RATIO": "0.8",
        "TEST_VAL_RATIO": "0.5",
        "RANDOM_SEED": "42",
    }
    assert builder._get_job_arguments() == ["--job_type", "calibration"]
    assert processing_inputs(builder._get_inputs({"DATA": "s3://test-bucket/in"})) == [
        ("DATA", "s3://test-bucket/in", "/opt/ml/processing/input/data")
    ]
    assert processing_outputs(builder._get_outputs({"processed_data": "s3://x/out"})) == [
        ("processed_data", "/opt/ml/processing/output/processed_data", "s3://x/out")
    ]


def test_builder_rejects_a_config_of_another_step() -> None:
    with pytest.raises(StepBuilderError) as error:
        TabularPreprocessingStepBuilder(PackageConfig(**SHARED))
    assert str(error.value) == (
        "TabularPreprocessingStepBuilder requires a TabularPreprocessingConfig, got PackageConfig"
    )


def test_job_type_must_be_known() -> None:
    with pytest.raises(ValueError, match="job_type 'tuning' is not one of training, validation"):
        TabularPreprocessingConfig(**SHARED, job_type="tuning", label_field="y")


def test_xgboost_training_builder_uses_the_contract_channel() -> None:
    config = XGBoostTrainingConfig(**SHARED, label_field="y", num_round=7)
    builder = XGBoostTrainingStepBuilder(config)
    channels = builder._get_inputs({"training_data": "s3://test-bucket/processed"})
    assert list(channels) == ["training_data"]
    assert channels["training_data"].config["DataSource"]["S3DataSource"]["S3Uri"] == (
        "s3://test-bucket/processed"
    )
    assert builder._get_outputs({}) == f"{PIPELINE_LOC}/XGBoostTraining"
    assert builder._get_environment_variables() == {
        "LABEL_FIELD": "y",
        "NUM_ROUND": "7",
        "MAX_DEPTH": "6",
        "ETA": "0.3",
    }
    assert builder._get_job_arguments() is None


def test_xgboost_training_builder_needs_a_source_dir() -> None:
    config = XGBoostTrainingConfig(**{**SHARED, "source_dir": None}, label_field="y")
    with pytest.raises(StepBuilderError) as error:
        XGBoostTrainingStepBuilder(config)
    assert str(error.value) == (
        "step 'XGBoostTraining': config XGBoostTrainingConfig gives no source_dir holding "
        "'xgboost_training.py'"
    )


def test_xgboost_model_eval_builder() -> None:
    builder = XGBoostModelEvalStepBuilder(XGBoostModelEvalConfig(**SHARED, label_field="y"))
    assert builder._get_environment_variables() == {"LABEL_FIELD": "y"}
    assert builder._get_job_arguments() == ["--job_type", "calibration"]
    sources = {"model_input": "s3://m/model.tar.gz", "processed_data": "s3://d/"}
    assert processing_inputs(builder._get_inputs(sources)) == [
        ("model_input", "s3://m/model.tar.gz", "/opt/ml/processing/input/model"),
        ("processed_data", "s3://d/", "/opt/ml/processing/input/eval_data"),
    ]
    assert [name for name, _, _ in processing_outputs(builder._get_outputs({}))] == [
        "eval_output",
        "metrics_output",
    ]


def test_model_calibration_builder() -> None:
    config = ModelCalibrationConfig(**SHARED, label_field="y", calibration_method="platt")
    builder = ModelCalibrationStepBuilder(config)
    assert builder._get_environment_variables() == {
        "LABEL_FIELD": "y",
        "SCORE_FIELD": "prob",
        "CALIBRATION_METHOD": "platt",
    }
    assert builder._get_job_arguments() is None


def test_package_builder_skips_the_optional_calibration_input() -> None:
    builder = PackageStepBuilder(PackageConfig(**SHARED))
    assert builder._get_environment_variables() == {}
    assert processing_inputs(builder._get_inputs({"model_input": "s3://m"})) == [
        ("model_input", "s3://m", "/opt/ml/processing/input/model")
    ]
    with pytest.raises(StepBuilderError) as error:
        builder._get_inputs({})
    assert str(error.value) == (
        "step 'Package': required input 'model_input' was not provided (expected a source for "
        "container path '/opt/ml/processing/input/model')"
    )


def test_payload_builder_joins_content_types_for_the_script() -> None:
    builder = PayloadStepBuilder(PayloadConfig(**SHARED, content_types=["application/json"]))
    assert builder._get_environment_variables() == {
        "CONTENT_TYPES": "application/json",
        "DEFAULT_NUMERIC_VALUE": "0.0",
    }


def test_dummy_training_builder_reads_the_pretrained_model_into_a_directory() -> None:
    config = DummyTrainingConfig(**SHARED, pretrained_model_uri="s3://models/model.tar.gz")
    builder = DummyTrainingStepBuilder(config)
    assert processing_inputs(builder._get_inputs({})) == [
        ("pretrained_model_path", "s3://models/model.tar.gz", "/opt/ml/processing/input/model")
    ]
    wired = builder._get_inputs({"pretrained_model_path": "s3://other/"})
    assert processing_inputs(wired)[0][1] == "s3://other/"


def test_dummy_training_config_needs_an_s3_location() -> None:
    with pytest.raises(ValueError, match="pretrained_model_uri must be an s3:// location"):
        DummyTrainingConfig(**SHARED, pretrained_model_uri="/local/model.tar.gz")


def test_model_registration_builder_points_at_files_in_upstream_folders() -> None:
    config = ModelRegistrationConfig(**SHARED, model_package_group_name="group")
    builder = ModelRegistrationStepBuilder(config)
    locations = builder._get_inputs(
        {"packaged_model": "s3://p", "payload_sample": "s3://s", "metrics_output": "s3://m"}
    )
    assert {name: join.expr for name, join in locations.items()} == {
        "packaged_model": {"Std:Join": {"On": "/", "Values": ["s3://p", "model.tar.gz"]}},
        "payload_sample": {"Std:Join": {"On": "/", "Values": ["s3://s", "payload.tar.gz"]}},
        "metrics_output": {"Std:Join": {"On": "/", "Values": ["s3://m", "metrics.json"]}},
    }
    with pytest.raises(StepBuilderError) as error:
        builder._get_outputs({"x": "s3://y"})
    assert str(error.value) == (
        "step 'ModelRegistration': outputs ['x'] given, but a registration has none"
    )
