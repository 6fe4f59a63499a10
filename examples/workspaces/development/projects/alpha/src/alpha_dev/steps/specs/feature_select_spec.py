"""Specification of the FeatureSelect step."""

from __future__ import annotations

from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from ..contracts.feature_select_contract import FEATURE_SELECT_CONTRACT

FEATURE_SELECT_SPEC = StepSpecification(
    step_type="FeatureSelect",
    node_type=NodeType.INTERNAL,
    script_contract=FEATURE_SELECT_CONTRACT,
    dependencies=[
        DependencySpec(
            logical_name="processed_data",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["Preprocess"],
            data_type="S3Uri",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="selected_features",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['selected_features'].S3Output.S3Uri",
            data_type="S3Uri",
        ),
    ],
)
