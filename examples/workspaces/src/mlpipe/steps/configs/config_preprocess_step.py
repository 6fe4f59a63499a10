"""Config of the Preprocess step."""

from __future__ import annotations

from pydantic import Field

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract

from ..contracts.preprocess_contract import PREPROCESS_CONTRACT


class PreprocessConfig(ProcessingStepConfigBase):
    """Parameters of the Preprocess step."""

    processing_entry_point: str | None = Field(default="preprocess.py")
    label_field: str = Field(default="label", description="The label column (LABEL_FIELD).")

    def get_script_contract(self) -> ScriptContract:
        return PREPROCESS_CONTRACT
