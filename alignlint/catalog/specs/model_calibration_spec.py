"""Specification of ModelCalibration."""

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


def _get_model_calibration_contract() -> ScriptContract:
    from ..contracts.model_calibration_contract import MODEL_CALIBRATION_CONTRACT

    return MODEL_CALIBRATION_CONTRACT


MODEL_CALIBRATION_SPEC = StepSpecification(
    step_type=get_spec_step_type("ModelCalibration"),
    node_type=NodeType.INTERNAL,
    script_contract=_get_model_calibration_contract(),
    dependencies=[
        DependencySpec(
            logical_name="evaluation_data",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["XGBoostModelEval"],
            semantic_keywords=["eval", "predictions", "evaluation"],
            data_type="S3Uri",
            description="Predictions (label and score columns) to calibrate",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="calibration_output",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['calibration_output'].S3Output.S3Uri",
            data_type="S3Uri",
            description="calibration_model.json: the fitted calibration mapping",
            aliases=["calibration_model"],
        ),
        OutputSpec(
            logical_name="calibrated_data",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['calibrated_data'].S3Output.S3Uri",
            data_type="S3Uri",
            description="calibrated_predictions.csv: predictions with calibrated_prob",
        ),
    ],
)
