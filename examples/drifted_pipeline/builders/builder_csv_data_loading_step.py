"""Builder of the CsvDataLoading processing step (one specification per job type)."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig
from alignlint.runtime.specification import StepSpecification

from ..configs.config_csv_data_loading_step import CsvDataLoadingConfig
from ..specs.csv_data_loading_calibration_spec import CSV_DATA_LOADING_CALIBRATION_SPEC
from ..specs.csv_data_loading_testing_spec import CSV_DATA_LOADING_TESTING_SPEC
from ..specs.csv_data_loading_training_spec import CSV_DATA_LOADING_TRAINING_SPEC
from ..specs.csv_data_loading_validation_spec import CSV_DATA_LOADING_VALIDATION_SPEC

SPECS_BY_JOB_TYPE: dict[str, StepSpecification] = {
    "training": CSV_DATA_LOADING_TRAINING_SPEC,
    "validation": CSV_DATA_LOADING_VALIDATION_SPEC,
    "testing": CSV_DATA_LOADING_TESTING_SPEC,
    "calibration": CSV_DATA_LOADING_CALIBRATION_SPEC,
}
"""The specification variant for each ``job_type``."""


class CsvDataLoadingStepBuilder(ProcessingStepBuilder):
    """Loads the CSV location ``config.data_source_uri`` (passed as ``DATA_SOURCE_URI``)."""

    config: CsvDataLoadingConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, CsvDataLoadingConfig):
            raise StepBuilderError(
                f"CsvDataLoadingStepBuilder requires a CsvDataLoadingConfig, got {type(config).__name__}"
            )
        super().__init__(config, SPECS_BY_JOB_TYPE[config.job_type], sagemaker_session, role)

    def _get_job_arguments(self) -> list[str]:
        """The script's ``--job_type`` flag."""
        return ["--job_type", self.config.job_type]
