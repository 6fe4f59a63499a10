"""Specification of XGBoostTraining (a SageMaker training step)."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract
from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from ..registry.step_names import get_spec_step_type


def _get_xgboost_training_contract() -> ScriptContract:
    from ..contracts.xgboost_training_contract import XGBOOST_TRAINING_CONTRACT

    return XGBOOST_TRAINING_CONTRACT


XGBOOST_TRAINING_SPEC = StepSpecification(
    step_type=get_spec_step_type("XGBoostTraining"),
    node_type=NodeType.INTERNAL,
    script_contract=_get_xgboost_training_contract(),
    dependencies=[
        DependencySpec(
            logical_name="training_data",
            dependency_type=DependencyType.TRAINING_DATA,
            required=True,
            compatible_sources=["TabularPreprocessing"],
            semantic_keywords=["training", "processed", "data"],
            data_type="S3Uri",
            description="Preprocessed data with train/ and val/ split folders",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="model_output",
            output_type=DependencyType.MODEL_ARTIFACTS,
            property_path="properties.ModelArtifacts.S3ModelArtifact",
            data_type="S3Uri",
            description="model.tar.gz holding xgboost_model.json and model_metadata.json",
            aliases=["model_input", "ModelArtifacts", "model_data"],
        ),
    ],
)
