"""Contract ↔ platform rules (ALN12x): contract paths against where SageMaker mounts data."""

from __future__ import annotations

from alignlint.rules.base import Rule
from alignlint.rules.contract_platform.file_as_directory import FileAsDirectory
from alignlint.rules.contract_platform.overlapping_container_paths import (
    OverlappingContainerPaths,
)
from alignlint.rules.contract_platform.wrong_container_root import WrongContainerRoot

RULES: list[type[Rule]] = [WrongContainerRoot, FileAsDirectory, OverlappingContainerPaths]

__all__ = ["RULES", "FileAsDirectory", "OverlappingContainerPaths", "WrongContainerRoot"]
