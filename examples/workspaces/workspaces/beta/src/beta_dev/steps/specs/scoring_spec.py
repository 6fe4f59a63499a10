"""Specification of the Scoring step."""

from __future__ import annotations

from alpha_dev.steps.specs.feature_select_spec import FEATURE_SELECT_SPEC  # noqa: F401

from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from ..contracts.scoring_contract import SCORING_CONTRACT

SCORING_SPEC = StepSpecification(
    step_type="Scoring",
    node_type=NodeType.INTERNAL,
    script_contract=SCORING_CONTRACT,
    dependencies=[
        DependencySpec(
            logical_name="processed_data",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["Preprocess"],
            data_type="S3Uri",
        ),
        DependencySpec(
            logical_name="selected_features",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["FeatureSelect"],
            data_type="S3Uri",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="scores",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['scores'].S3Output.S3Uri",
            data_type="S3Uri",
        ),
    ],
)
