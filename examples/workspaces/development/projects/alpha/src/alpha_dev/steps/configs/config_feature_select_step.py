"""Config of the FeatureSelect step."""

from __future__ import annotations

from pydantic import Field

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract

from ..contracts.feature_select_contract import FEATURE_SELECT_CONTRACT


class FeatureSelectConfig(ProcessingStepConfigBase):
    """Parameters of the FeatureSelect step."""

    processing_entry_point: str | None = Field(default="feature_select.py")
    label_field: str = Field(default="label", description="The label column (LABEL_FIELD).")

    def get_script_contract(self) -> ScriptContract:
        return FEATURE_SELECT_CONTRACT
