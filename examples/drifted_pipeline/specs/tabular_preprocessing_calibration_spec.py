"""Specification of TabularPreprocessing for the calibration job type."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract
from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from ..registry.step_names import get_spec_step_type_with_job_type


def _get_tabular_preprocessing_contract() -> ScriptContract:
    from ..contracts.tabular_preprocessing_contract import TABULAR_PREPROCESSING_CONTRACT

    return TABULAR_PREPROCESSING_CONTRACT


TABULAR_PREPROCESSING_CALIBRATION_SPEC = StepSpecification(
    step_type=get_spec_step_type_with_job_type("TabularPreprocessing", "calibration"),
    node_type=NodeType.INTERNAL,
    script_contract=_get_tabular_preprocessing_contract(),
    dependencies=[
        DependencySpec(
            logical_name="DATA",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["CsvDataLoading"],
            semantic_keywords=["data", "raw", "dataset", "input"],
            data_type="S3Uri",
            description="Raw CSV data for the calibration job type",
        ),
    ],
    outputs=[
        OutputSpec(
            logical_name="processed_data",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri",
            data_type="S3Uri",
            description="Cleaned data in a single calibration/ split",
            aliases=["calibration_data", "eval_data"],
        ),
    ],
)
