"""Small in-test steps (contract, spec, config, builder) shared by the runtime tests."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from alignlint.runtime.builder import ProcessingStepBuilder, TrainingStepBuilder
from alignlint.runtime.config import BasePipelineConfig, ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract, TrainingScriptContract
from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

BASE_FIELDS: dict[str, Any] = {
    "author": "alice",
    "bucket": "my-bucket",
    "role": "arn:aws:iam::123456789012:role/pipeline",
    "region": "NA",
    "service_name": "fraud",
    "pipeline_version": "1.0",
}


def value_error(error: ValidationError) -> str:
    """The message of the single value error in a pydantic ``ValidationError``."""
    errors = error.errors()
    assert len(errors) == 1, errors
    return str(errors[0]["msg"]).removeprefix("Value error, ")


def processing_output(name: str, **extra: Any) -> OutputSpec:
    return OutputSpec(
        logical_name=name,
        output_type=DependencyType.PROCESSING_OUTPUT,
        property_path=f"properties.ProcessingOutputConfig.Outputs['{name}'].S3Output.S3Uri",
        **extra,
    )


PREP_CONTRACT = ScriptContract(
    entry_point="prep.py",
    expected_input_paths={"raw_data": "/opt/ml/processing/input/data"},
    expected_output_paths={"processed_data": "/opt/ml/processing/output/data"},
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={"TRAIN_RATIO": "0.7", "SEPARATOR": ","},
    expected_arguments={"job_type": "training"},
)

PREP_SPEC = StepSpecification(
    step_type="Prep_Training",
    node_type=NodeType.INTERNAL,
    script_contract=PREP_CONTRACT,
    dependencies=[
        DependencySpec(
            logical_name="raw_data",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            compatible_sources=["Load"],
            semantic_keywords=["data", "raw"],
        )
    ],
    outputs=[processing_output("processed_data", aliases=["training_data"])],
)

LOAD_CONTRACT = ScriptContract(
    entry_point="load.py",
    expected_output_paths={"data": "/opt/ml/processing/output/data"},
)

LOAD_SPEC = StepSpecification(
    step_type="Load",
    node_type=NodeType.SOURCE,
    script_contract=LOAD_CONTRACT,
    outputs=[processing_output("data")],
)

TRAIN_CONTRACT = TrainingScriptContract(
    entry_point="train.py",
    expected_input_paths={
        "train_data": "/opt/ml/input/data/train",
        "hyperparameters": "/opt/ml/input/config/hyperparameters.json",
    },
    expected_output_paths={
        "model_output": "/opt/ml/model",
        "evaluation_output": "/opt/ml/output/data",
    },
)

TRAIN_SPEC = StepSpecification(
    step_type="Train",
    node_type=NodeType.INTERNAL,
    script_contract=TRAIN_CONTRACT,
    dependencies=[
        DependencySpec(
            logical_name="train_data",
            dependency_type=DependencyType.TRAINING_DATA,
            compatible_sources=["Prep"],
            semantic_keywords=["data", "training"],
        )
    ],
    outputs=[
        OutputSpec(
            logical_name="model_output",
            output_type=DependencyType.MODEL_ARTIFACTS,
            property_path="properties.ModelArtifacts.S3ModelArtifacts",
        ),
        OutputSpec(
            logical_name="evaluation_output",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.OutputDataConfig.S3OutputPath",
        ),
    ],
)


class LoadConfig(ProcessingStepConfigBase):
    """Config of the in-test source step."""

    def get_script_contract(self) -> ScriptContract:
        return LOAD_CONTRACT


class PrepConfig(ProcessingStepConfigBase):
    """Config of the in-test preprocessing step."""

    label_field: str = "label"
    train_ratio: float | None = None
    job_type: str = "training"

    def get_script_contract(self) -> ScriptContract:
        return PREP_CONTRACT


class TrainHyperparameters(BaseModel):
    """Hyperparameters read by the training step."""

    max_depth: int = 6


class TrainConfig(BasePipelineConfig):
    """Config of the in-test training step."""

    training_instance_type: str = "ml.m5.xlarge"
    hyperparameters: TrainHyperparameters = TrainHyperparameters()

    def get_script_contract(self) -> ScriptContract:
        return TRAIN_CONTRACT


class LoadBuilder(ProcessingStepBuilder):
    def __init__(self, config: LoadConfig, sagemaker_session: Any = None, role: str | None = None):
        super().__init__(config, LOAD_SPEC, sagemaker_session, role)


class PrepBuilder(ProcessingStepBuilder):
    def __init__(self, config: PrepConfig, sagemaker_session: Any = None, role: str | None = None):
        super().__init__(config, PREP_SPEC, sagemaker_session, role)


class TrainBuilder(TrainingStepBuilder):
    def __init__(self, config: TrainConfig, sagemaker_session: Any = None, role: str | None = None):
        super().__init__(config, TRAIN_SPEC, sagemaker_session, role)

    def _create_estimator(self, output_path: str) -> Any:
        from sagemaker.xgboost.estimator import XGBoost

        config = self.config
        assert isinstance(config, TrainConfig)
        return XGBoost(
            entry_point=TRAIN_CONTRACT.entry_point,
            source_dir=f"s3://{config.bucket}/code/train",
            framework_version=config.framework_version,
            py_version=config.py_version,
            role=self.role,
            instance_type=config.training_instance_type,
            instance_count=1,
            sagemaker_session=self.session,
            output_path=output_path,
            hyperparameters={"max_depth": str(config.hyperparameters.max_depth)},
        )
