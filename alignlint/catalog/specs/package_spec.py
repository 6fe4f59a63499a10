"""Specification of Package."""

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


def _get_package_contract() -> ScriptContract:
    from ..contracts.package_contract import PACKAGE_CONTRACT

    return PACKAGE_CONTRACT


PACKAGE_SPEC = StepSpecification(
    step_type=get_spec_step_type("Package"),
    node_type=NodeType.INTERNAL,
    script_contract=_get_package_contract(),
    dependencies=[
        DependencySpec(
            logical_name="model_input",
            dependency_type=DependencyType.MODEL_ARTIFACTS,
            required=True,
            compatible_sources=["XGBoostTraining", "DummyTraining"],
            semantic_keywords=["model", "artifacts", "trained"],
            data_type="S3Uri",
            description="Model artifacts to package (model.tar.gz or loose files)",
        ),
        DependencySpec(
            logical_name="calibration_model",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=False,
            compatible_sources=["ModelCalibration"],
            semantic_keywords=["calibration", "model"],
            data_type="S3Uri",
            description="Optional calibration mapping to ship with the model",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="packaged_model",
            output_type=DependencyType.MODEL_ARTIFACTS,
            property_path="properties.ProcessingOutputConfig.Outputs['packaged_model'].S3Output.S3Uri",
            data_type="S3Uri",
            description="Folder holding the deployable model.tar.gz",
            aliases=["PackagedModel"],
        ),
    ],
)
