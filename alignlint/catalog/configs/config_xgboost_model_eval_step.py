"""Config of the XGBoostModelEval step."""

from __future__ import annotations

from pydantic import Field, field_validator

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract

from ..registry.job_types import JOB_TYPES


class XGBoostModelEvalConfig(ProcessingStepConfigBase):
    """Parameters of the XGBoostModelEval step."""

    processing_entry_point: str | None = Field(
        default="xgboost_model_eval.py",
        description="Script path relative to the processing source directory.",
    )
    label_field: str = Field(description="Name of the label column (LABEL_FIELD).", min_length=1)

    job_type: str = Field(
        default="calibration",
        description="Which data set this step handles: training, validation, testing or calibration.",
    )

    @field_validator("job_type")
    @classmethod
    def _job_type_is_known(cls, value: str) -> str:
        if value not in JOB_TYPES:
            raise ValueError(f"job_type '{value}' is not one of {', '.join(JOB_TYPES)}")
        return value

    def get_script_contract(self) -> ScriptContract:
        """The contract of ``xgboost_model_eval.py``."""
        from ..contracts.xgboost_model_eval_contract import XGBOOST_MODEL_EVAL_CONTRACT

        return XGBOOST_MODEL_EVAL_CONTRACT
