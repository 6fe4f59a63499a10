"""Config of the Scoring step."""

from __future__ import annotations

from pydantic import Field

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract

from ..contracts.scoring_contract import SCORING_CONTRACT


class ScoringConfig(ProcessingStepConfigBase):
    """Parameters of the Scoring step."""

    processing_entry_point: str | None = Field(default="scoring.py")
    label_field: str = Field(default="label", description="The label column (LABEL_FIELD).")

    def get_script_contract(self) -> ScriptContract:
        return SCORING_CONTRACT
