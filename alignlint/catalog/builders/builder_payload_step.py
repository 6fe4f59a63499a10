"""Builder of the Payload processing step."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_payload_step import PayloadConfig
from ..specs.payload_spec import PAYLOAD_SPEC


class PayloadStepBuilder(ProcessingStepBuilder):
    """Writes sample inference payloads for the model registry."""

    config: PayloadConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, PayloadConfig):
            raise StepBuilderError(
                f"PayloadStepBuilder requires a PayloadConfig, got {type(config).__name__}"
            )
        super().__init__(config, PAYLOAD_SPEC, sagemaker_session, role)

    def _get_environment_variables(self) -> dict[str, str]:
        """Contract env vars, with ``CONTENT_TYPES`` as the comma-separated list the script reads."""
        env = super()._get_environment_variables()
        env["CONTENT_TYPES"] = ",".join(self.config.content_types)
        return env
