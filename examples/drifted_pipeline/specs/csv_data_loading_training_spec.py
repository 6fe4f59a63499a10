"""Specification of CsvDataLoading for the training job type (a source step)."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract
from alignlint.runtime.specification import (
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from ..registry.step_names import get_spec_step_type_with_job_type


def _get_csv_data_loading_contract() -> ScriptContract:
    from ..contracts.csv_data_loading_contract import CSV_DATA_LOADING_CONTRACT

    return CSV_DATA_LOADING_CONTRACT


CSV_DATA_LOADING_TRAINING_SPEC = StepSpecification(
    step_type=get_spec_step_type_with_job_type("CsvDataLoading", "training"),
    node_type=NodeType.SOURCE,
    script_contract=_get_csv_data_loading_contract(),
    outputs=[
        OutputSpec(
            logical_name="DATA",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['DATA'].S3Output.S3Uri",
            data_type="S3Uri",
            description="CSV rows loaded for the training job type",
        ),
        OutputSpec(
            logical_name="METADATA",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['METADATA'].S3Output.S3Uri",
            data_type="S3Uri",
            description="metadata.json: source, row count and column dtypes",
        ),
    ],
)
