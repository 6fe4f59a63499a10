"""Config of the DummyTraining step (pretrained model pass-through)."""

from __future__ import annotations

from pydantic import Field, field_validator

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract


class DummyTrainingConfig(ProcessingStepConfigBase):
    """Parameters of the DummyTraining step (pretrained model pass-through)."""

    processing_entry_point: str | None = Field(
        default="dummy_training.py",
        description="Script path relative to the processing source directory.",
    )
    pretrained_model_uri: str = Field(
        description="s3:// location of the pretrained model.tar.gz (or of a folder holding it).",
    )

    @field_validator("pretrained_model_uri")
    @classmethod
    def _uri_is_s3(cls, value: str) -> str:
        if not value.startswith("s3://") or len(value) <= len("s3://"):
            raise ValueError(f"pretrained_model_uri must be an s3:// location, got '{value}'")
        return value

    def get_script_contract(self) -> ScriptContract:
        """The contract of ``dummy_training.py``."""
        from ..contracts.dummy_training_contract import DUMMY_TRAINING_CONTRACT

        return DUMMY_TRAINING_CONTRACT
