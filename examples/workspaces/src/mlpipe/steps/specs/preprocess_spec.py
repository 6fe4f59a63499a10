"""Specification of the Preprocess step."""

from __future__ import annotations

from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from ..contracts.preprocess_contract import PREPROCESS_CONTRACT

PREPROCESS_SPEC = StepSpecification(
    step_type="Preprocess",
    node_type=NodeType.INTERNAL,
    script_contract=PREPROCESS_CONTRACT,
    dependencies=[
        DependencySpec(
            logical_name="raw_data",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["DataLoad"],
            data_type="S3Uri",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="processed_data",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri",
            data_type="S3Uri",
        ),
    ],
)
