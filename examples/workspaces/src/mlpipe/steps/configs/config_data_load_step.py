"""Config of the DataLoad step."""

from __future__ import annotations

from pydantic import Field

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract

from ..contracts.data_load_contract import DATA_LOAD_CONTRACT


class DataLoadConfig(ProcessingStepConfigBase):
    """Parameters of the DataLoad step."""

    processing_entry_point: str | None = Field(default="data_load.py")
    label_field: str = Field(default="label", description="The label column (LABEL_FIELD).")

    def get_script_contract(self) -> ScriptContract:
        return DATA_LOAD_CONTRACT
