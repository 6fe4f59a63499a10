"""Config of the XGBoostTraining step (a SageMaker training job)."""

from __future__ import annotations

from pydantic import Field

from alignlint.runtime.config import BasePipelineConfig
from alignlint.runtime.contract import ScriptContract


class XGBoostTrainingConfig(BasePipelineConfig):
    """Training instance settings and the hyperparameters passed as environment variables."""

    training_entry_point: str = Field(
        default="xgboost_training.py",
        description="Training script, relative to source_dir.",
    )
    training_instance_type: str = Field(default="ml.m5.xlarge")
    training_instance_count: int = Field(default=1, ge=1, le=10)
    training_volume_size: int = Field(default=30, ge=1, le=1000)
    label_field: str = Field(description="Name of the label column (LABEL_FIELD).", min_length=1)
    num_round: int = Field(default=50, ge=1, description="Boosting rounds (NUM_ROUND).")
    max_depth: int = Field(default=6, ge=1, description="Maximum tree depth (MAX_DEPTH).")
    eta: float = Field(default=0.3, gt=0.0, le=1.0, description="Learning rate (ETA).")

    def get_script_contract(self) -> ScriptContract:
        """The contract of ``xgboost_training.py``."""
        from ..contracts.xgboost_training_contract import XGBOOST_TRAINING_CONTRACT

        return XGBOOST_TRAINING_CONTRACT
