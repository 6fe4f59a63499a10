"""Builder of the DummyTraining processing step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_dummy_training_step import DummyTrainingConfig
from ..specs.dummy_training_spec import DUMMY_TRAINING_SPEC


class DummyTrainingStepBuilder(ProcessingStepBuilder):
    """Passes the pretrained archive at ``config.pretrained_model_uri`` through as model output."""

    config: DummyTrainingConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, DummyTrainingConfig):
            raise StepBuilderError(
                f"DummyTrainingStepBuilder requires a DummyTrainingConfig, got {type(config).__name__}"
            )
        super().__init__(config, DUMMY_TRAINING_SPEC, sagemaker_session, role)

    def _get_inputs(self, inputs: Mapping[str, Any]) -> list[Any]:
        """Processing inputs; ``pretrained_model_path`` defaults to the configured S3 location.

        SageMaker downloads that object into the input *directory* the contract names.
        """
        sources = {"pretrained_model_path": self.config.pretrained_model_uri, **inputs}
        return super()._get_inputs(sources)
