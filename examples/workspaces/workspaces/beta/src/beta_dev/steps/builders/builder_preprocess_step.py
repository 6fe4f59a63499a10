"""Builder of the Preprocess processing step."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_preprocess_step import PreprocessConfig
from ..specs.preprocess_spec import PREPROCESS_SPEC


class PreprocessStepBuilder(ProcessingStepBuilder):
    """Builds the Preprocess step."""

    config: PreprocessConfig

    def __init__(
        self, config: BasePipelineConfig, sagemaker_session: Any = None, role: str | None = None
    ) -> None:
        if not isinstance(config, PreprocessConfig):
            raise StepBuilderError(
                f"PreprocessStepBuilder requires a PreprocessConfig, got {type(config).__name__}"
            )
        super().__init__(config, PREPROCESS_SPEC, sagemaker_session, role)

    def _get_environment_variables(self) -> dict[str, str]:
        env = super()._get_environment_variables()
        env["LABEL_FIELD"] = self.config.label_field
        return env
