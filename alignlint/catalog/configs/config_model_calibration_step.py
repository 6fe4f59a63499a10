"""Config of the ModelCalibration step."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract


class ModelCalibrationConfig(ProcessingStepConfigBase):
    """Parameters of the ModelCalibration step."""

    processing_entry_point: str | None = Field(
        default="model_calibration.py",
        description="Script path relative to the processing source directory.",
    )
    label_field: str = Field(description="Name of the label column (LABEL_FIELD).", min_length=1)
    score_field: str = Field(default="prob", description="Score column to calibrate.")
    calibration_method: Literal["isotonic", "platt"] = Field(
        default="isotonic", description="Calibration mapping to fit."
    )

    def get_script_contract(self) -> ScriptContract:
        """The contract of ``model_calibration.py``."""
        from ..contracts.model_calibration_contract import MODEL_CALIBRATION_CONTRACT

        return MODEL_CALIBRATION_CONTRACT
