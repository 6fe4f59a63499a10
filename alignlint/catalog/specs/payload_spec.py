"""Specification of Payload."""

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


def _get_payload_contract() -> ScriptContract:
    from ..contracts.payload_contract import PAYLOAD_CONTRACT

    return PAYLOAD_CONTRACT


PAYLOAD_SPEC = StepSpecification(
    step_type=get_spec_step_type("Payload"),
    node_type=NodeType.INTERNAL,
    script_contract=_get_payload_contract(),
    dependencies=[
        DependencySpec(
            logical_name="model_input",
            dependency_type=DependencyType.MODEL_ARTIFACTS,
            required=True,
            compatible_sources=["XGBoostTraining", "DummyTraining"],
            semantic_keywords=["model", "artifacts", "trained"],
            data_type="S3Uri",
            description="Model artifacts whose model_metadata.json names the features",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="payload_sample",
            output_type=DependencyType.PAYLOAD_SAMPLES,
            property_path="properties.ProcessingOutputConfig.Outputs['payload_sample'].S3Output.S3Uri",
            data_type="S3Uri",
            description="Folder holding payload.tar.gz with one sample request per content type",
            aliases=["sample_payload"],
        ),
    ],
)
