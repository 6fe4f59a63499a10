"""Builder of the Scoring processing step."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_scoring_step import ScoringConfig
from ..specs.scoring_spec import SCORING_SPEC


class ScoringStepBuilder(ProcessingStepBuilder):
    """Builds the Scoring step."""

    config: ScoringConfig

    def __init__(
        self, config: BasePipelineConfig, sagemaker_session: Any = None, role: str | None = None
    ) -> None:
        if not isinstance(config, ScoringConfig):
            raise StepBuilderError(
                f"ScoringStepBuilder requires a ScoringConfig, got {type(config).__name__}"
            )
        super().__init__(config, SCORING_SPEC, sagemaker_session, role)

    def _get_environment_variables(self) -> dict[str, str]:
        env = super()._get_environment_variables()
        env["LABEL_FIELD"] = self.config.label_field
        return env
