"""Config of the TabularPreprocessing step."""

from __future__ import annotations

from pydantic import Field, field_validator

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract

from ..registry.job_types import JOB_TYPES


class TabularPreprocessingConfig(ProcessingStepConfigBase):
    """Parameters of the TabularPreprocessing step."""

    processing_entry_point: str | None = Field(
        default="tabular_preprocessing.py",
        description="Script path relative to the processing source directory.",
    )
    label_field: str = Field(description="Name of the label column (LABEL_FIELD).", min_length=1)
    train_ratio: float = Field(default=0.7, gt=0.0, lt=1.0, description="Training share.")
    test_val_ratio: float = Field(
        default=0.5, gt=0.0, lt=1.0, description="Test share of the held-out rows."
    )
    random_seed: int = Field(default=42, ge=0, description="Seed of the split.")

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
        """The contract of ``tabular_preprocessing.py``."""
        from ..contracts.tabular_preprocessing_contract import TABULAR_PREPROCESSING_CONTRACT

        return TABULAR_PREPROCESSING_CONTRACT
