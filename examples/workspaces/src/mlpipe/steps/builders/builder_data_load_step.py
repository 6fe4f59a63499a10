"""Builder of the DataLoad processing step."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_data_load_step import DataLoadConfig
from ..specs.data_load_spec import DATA_LOAD_SPEC


class DataLoadStepBuilder(ProcessingStepBuilder):
    """Builds the DataLoad step."""

    config: DataLoadConfig

    def __init__(
        self, config: BasePipelineConfig, sagemaker_session: Any = None, role: str | None = None
    ) -> None:
        if not isinstance(config, DataLoadConfig):
            raise StepBuilderError(
                f"DataLoadStepBuilder requires a DataLoadConfig, got {type(config).__name__}"
            )
        super().__init__(config, DATA_LOAD_SPEC, sagemaker_session, role)

    def _get_environment_variables(self) -> dict[str, str]:
        env = super()._get_environment_variables()
        env["LABEL_FIELD"] = self.config.label_field
        return env
