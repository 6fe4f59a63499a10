"""Specification of the DataLoad step."""

from __future__ import annotations

from alignlint.runtime.specification import (
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from ..contracts.data_load_contract import DATA_LOAD_CONTRACT

DATA_LOAD_SPEC = StepSpecification(
    step_type="DataLoad",
    node_type=NodeType.SOURCE,
    script_contract=DATA_LOAD_CONTRACT,
    dependencies=[],
    outputs=[
        OutputSpec(
            logical_name="raw_data",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['raw_data'].S3Output.S3Uri",
            data_type="S3Uri",
        ),
    ],
)
