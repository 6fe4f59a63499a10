"""Builder of the XGBoostModelEval processing step."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_xgboost_model_eval_step import XGBoostModelEvalConfig
from ..specs.xgboost_model_eval_spec import XGBOOST_MODEL_EVAL_SPEC


class XGBoostModelEvalStepBuilder(ProcessingStepBuilder):
    """Scores held-out data with the trained model."""

    config: XGBoostModelEvalConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, XGBoostModelEvalConfig):
            raise StepBuilderError(
                f"XGBoostModelEvalStepBuilder requires a XGBoostModelEvalConfig, got {type(config).__name__}"
            )
        super().__init__(config, XGBOOST_MODEL_EVAL_SPEC, sagemaker_session, role)

    def _get_job_arguments(self) -> list[str]:
        """The script's ``--job_type`` flag."""
        return ["--job_type", self.config.job_type]
