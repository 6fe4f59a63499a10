"""Config of the Package step."""

from __future__ import annotations

from pydantic import Field

from alignlint.runtime.config import ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract


class PackageConfig(ProcessingStepConfigBase):
    """Parameters of the Package step."""

    processing_entry_point: str | None = Field(
        default="package.py",
        description="Script path relative to the processing source directory.",
    )

    def get_script_contract(self) -> ScriptContract:
        """The contract of ``package.py``."""
        from ..contracts.package_contract import PACKAGE_CONTRACT

        return PACKAGE_CONTRACT
