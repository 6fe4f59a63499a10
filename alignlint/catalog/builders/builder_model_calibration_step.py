"""Builder of the ModelCalibration processing step."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_model_calibration_step import ModelCalibrationConfig
from ..specs.model_calibration_spec import MODEL_CALIBRATION_SPEC


class ModelCalibrationStepBuilder(ProcessingStepBuilder):
    """Fits a probability calibration on the evaluation predictions."""

    config: ModelCalibrationConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, ModelCalibrationConfig):
            raise StepBuilderError(
                f"ModelCalibrationStepBuilder requires a ModelCalibrationConfig, got {type(config).__name__}"
            )
        super().__init__(config, MODEL_CALIBRATION_SPEC, sagemaker_session, role)
