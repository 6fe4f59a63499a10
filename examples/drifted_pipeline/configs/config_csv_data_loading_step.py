"""Config of the CsvDataLoading step (source: a local or S3 CSV location)."""

from __future__ import annotations

from pydantic import Field, field_validator

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract

from ..registry.job_types import JOB_TYPES


class CsvDataLoadingConfig(ProcessingStepConfigBase):
    """Parameters of the CsvDataLoading step (source: a local or S3 CSV location)."""

    processing_entry_point: str | None = Field(
        default="csv_data_loading.py",
        description="Script path relative to the processing source directory.",
    )
    data_source_uri: str = Field(
        description="CSV file, directory of CSV files or s3:// prefix to load (DATA_SOURCE_URI).",
        min_length=1,
    )

    job_type: str = Field(
        default="training",
        description="Which data set this step handles: training, validation, testing or calibration.",
    )

    @field_validator("job_type")
    @classmethod
    def _job_type_is_known(cls, value: str) -> str:
        if value not in JOB_TYPES:
            raise ValueError(f"job_type '{value}' is not one of {', '.join(JOB_TYPES)}")
        return value

    def get_script_contract(self) -> ScriptContract:
        """The contract of ``csv_data_loading.py``."""
        from ..contracts.csv_data_loading_contract import CSV_DATA_LOADING_CONTRACT

        return CSV_DATA_LOADING_CONTRACT
