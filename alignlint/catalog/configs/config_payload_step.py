"""Config of the Payload step."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract

ContentType = Literal["text/csv", "application/json"]
DEFAULT_CONTENT_TYPES: tuple[ContentType, ...] = ("text/csv", "application/json")
"""Content types sample payloads are written for unless configured otherwise."""


class PayloadConfig(ProcessingStepConfigBase):
    """Parameters of the Payload step."""

    processing_entry_point: str | None = Field(
        default="payload.py",
        description="Script path relative to the processing source directory.",
    )
    content_types: list[ContentType] = Field(
        default_factory=lambda: list(DEFAULT_CONTENT_TYPES),
        min_length=1,
        description="Content types to write sample payloads for (CONTENT_TYPES).",
    )
    default_numeric_value: float = Field(
        default=0.0, description="Value every feature takes in the samples."
    )

    def get_script_contract(self) -> ScriptContract:
        """The contract of ``payload.py``."""
        from ..contracts.payload_contract import PAYLOAD_CONTRACT

        return PAYLOAD_CONTRACT
