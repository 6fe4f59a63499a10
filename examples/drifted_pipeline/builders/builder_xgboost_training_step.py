"""Builder of the XGBoostTraining step (a SageMaker training job)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alignlint.runtime.builder import StepBuilderError, TrainingStepBuilder, job_name_prefix
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_xgboost_training_step import XGBoostTrainingConfig
from ..specs.xgboost_training_spec import XGBOOST_TRAINING_SPEC


class XGBoostTrainingStepBuilder(TrainingStepBuilder):
    """Trains with the SageMaker XGBoost framework container in script mode."""

    config: XGBoostTrainingConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, XGBoostTrainingConfig):
            raise StepBuilderError(
                f"XGBoostTrainingStepBuilder requires a XGBoostTrainingConfig, "
                f"got {type(config).__name__}"
            )
        super().__init__(config, XGBOOST_TRAINING_SPEC, sagemaker_session, role)

    def validate_configuration(self) -> None:
        """The training script is uploaded from ``config.source_dir``, so it must be set."""
        super().validate_configuration()
        if self.config.source_dir is None:
            raise self._error(
                "config XGBoostTrainingConfig gives no source_dir holding "
                f"'{self.config.training_entry_point}'"
            )

    def _create_estimator(self, output_path: str) -> Any:
        """An XGBoost framework estimator; hyperparameters travel as environment variables.

        A local ``source_dir`` ships only the training script (so unrelated files there do not
        change the uploaded code); an ``s3://`` ``source_dir`` must be a ``sourcedir.tar.gz``
        holding it, as the SDK requires.
        """
        from sagemaker.xgboost.estimator import XGBoost

        source_dir = self.config.source_dir or ""
        if source_dir.startswith("s3://"):
            entry_point, code_dir = self.config.training_entry_point, source_dir
        else:
            entry_point = str(Path(source_dir) / self.config.training_entry_point)
            code_dir = None
        return XGBoost(
            entry_point=entry_point,
            source_dir=code_dir,
            framework_version=self.config.framework_version,
            py_version=self.config.py_version,
            role=self.role,
            instance_type=self.config.training_instance_type,
            instance_count=self.config.training_instance_count,
            volume_size=self.config.training_volume_size_gb,
            output_path=output_path,
            base_job_name=job_name_prefix(self._get_step_name()),
            sagemaker_session=self.session,
            environment=self._get_environment_variables(),
            disable_profiler=True,
        )
