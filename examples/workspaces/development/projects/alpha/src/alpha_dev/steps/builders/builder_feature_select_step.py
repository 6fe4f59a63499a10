"""Builder of the FeatureSelect processing step."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_feature_select_step import FeatureSelectConfig
from ..specs.feature_select_spec import FEATURE_SELECT_SPEC


class FeatureSelectStepBuilder(ProcessingStepBuilder):
    """Builds the FeatureSelect step."""

    config: FeatureSelectConfig

    def __init__(
        self, config: BasePipelineConfig, sagemaker_session: Any = None, role: str | None = None
    ) -> None:
        if not isinstance(config, FeatureSelectConfig):
            raise StepBuilderError(
                f"FeatureSelectStepBuilder requires a FeatureSelectConfig, got {type(config).__name__}"
            )
        super().__init__(config, FEATURE_SELECT_SPEC, sagemaker_session, role)

    def _get_environment_variables(self) -> dict[str, str]:
        env = super()._get_environment_variables()
        env["LABEL_FIELD"] = self.config.label_field
        return env
