"""Builder of the TabularPreprocessing processing step (one specification per job type)."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig
from alignlint.runtime.specification import StepSpecification

from ..configs.config_tabular_preprocessing_step import TabularPreprocessingConfig
from ..specs.tabular_preprocessing_calibration_spec import TABULAR_PREPROCESSING_CALIBRATION_SPEC
from ..specs.tabular_preprocessing_testing_spec import TABULAR_PREPROCESSING_TESTING_SPEC
from ..specs.tabular_preprocessing_training_spec import TABULAR_PREPROCESSING_TRAINING_SPEC
from ..specs.tabular_preprocessing_validation_spec import TABULAR_PREPROCESSING_VALIDATION_SPEC

SPECS_BY_JOB_TYPE: dict[str, StepSpecification] = {
    "training": TABULAR_PREPROCESSING_TRAINING_SPEC,
    "validation": TABULAR_PREPROCESSING_VALIDATION_SPEC,
    "testing": TABULAR_PREPROCESSING_TESTING_SPEC,
    "calibration": TABULAR_PREPROCESSING_CALIBRATION_SPEC,
}
"""The specification variant for each ``job_type``."""


class TabularPreprocessingStepBuilder(ProcessingStepBuilder):
    """Cleans and (for the training job type) splits tabular data."""

    config: TabularPreprocessingConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, TabularPreprocessingConfig):
            raise StepBuilderError(
                f"TabularPreprocessingStepBuilder requires a TabularPreprocessingConfig, got {type(config).__name__}"
            )
        super().__init__(config, SPECS_BY_JOB_TYPE[config.job_type], sagemaker_session, role)

    def _get_job_arguments(self) -> list[str]:
        """The script's ``--job_type`` flag."""
        return ["--job_type", self.config.job_type]
