"""Specification of XGBoostModelEval."""

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


def _get_xgboost_model_eval_contract() -> ScriptContract:
    from ..contracts.xgboost_model_eval_contract import XGBOOST_MODEL_EVAL_CONTRACT

    return XGBOOST_MODEL_EVAL_CONTRACT


XGBOOST_MODEL_EVAL_SPEC = StepSpecification(
    step_type=get_spec_step_type("XGBoostModelEval"),
    node_type=NodeType.INTERNAL,
    script_contract=_get_xgboost_model_eval_contract(),
    dependencies=[
        DependencySpec(
            logical_name="model_input",
            dependency_type=DependencyType.MODEL_ARTIFACTS,
            required=True,
            compatible_sources=["XGBoostTraining", "DummyTraining"],
            semantic_keywords=["model", "artifacts", "trained"],
            data_type="S3Uri",
            description="Trained model artifacts (model.tar.gz)",
        ),
        DependencySpec(
            logical_name="processed_data",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["TabularPreprocessing"],
            semantic_keywords=["processed", "data", "eval", "calibration", "test"],
            data_type="S3Uri",
            description="Held-out preprocessed data to score",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="eval_output",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['eval_output'].S3Output.S3Uri",
            data_type="S3Uri",
            description="eval_predictions.csv: label and predicted probability per row",
            aliases=["evaluation_data", "eval_predictions"],
        ),
        OutputSpec(
            logical_name="metrics_output",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['metrics_output'].S3Output.S3Uri",
            data_type="S3Uri",
            description="metrics.json in SageMaker model-quality format",
            aliases=["evaluation_metrics"],
        ),
    ],
)
