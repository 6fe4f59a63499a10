"""Specification of DummyTraining (pretrained model pass-through).

``pretrained_model_path`` is optional: in a pipeline it is normally not wired from another step
but filled by the builder from the config's S3 location of the pretrained archive.
"""

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


def _get_dummy_training_contract() -> ScriptContract:
    from ..contracts.dummy_training_contract import DUMMY_TRAINING_CONTRACT

    return DUMMY_TRAINING_CONTRACT


DUMMY_TRAINING_SPEC = StepSpecification(
    step_type=get_spec_step_type("DummyTraining"),
    node_type=NodeType.INTERNAL,
    script_contract=_get_dummy_training_contract(),
    dependencies=[
        DependencySpec(
            logical_name="pretrained_model_path",
            dependency_type=DependencyType.MODEL_ARTIFACTS,
            required=False,
            compatible_sources=[],
            semantic_keywords=["pretrained", "model"],
            data_type="S3Uri",
            description="S3 location of the pretrained model.tar.gz (defaults to the config's)",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="model_output",
            output_type=DependencyType.MODEL_ARTIFACTS,
            property_path="properties.ProcessingOutputConfig.Outputs['model_output'].S3Output.S3Uri",
            data_type="S3Uri",
            description="Folder holding the pretrained model.tar.gz",
            aliases=["model_input", "ModelArtifacts"],
        ),
    ],
)
