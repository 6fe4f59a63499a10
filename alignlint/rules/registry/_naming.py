"""Patterns of the opt-in naming conventions (ALN510-ALN514), from the style guide of the
spec-driven pipeline design."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase

PASCAL_CASE = re.compile(r"^[A-Z][a-zA-Z0-9]*$")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def to_snake_case(name: str) -> str:
    """``ModelCalibration`` / ``modelCalibration`` / ``Model-Calibration`` -> ``model_calibration``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", spaced)
    return re.sub(r"[^a-zA-Z0-9]+", "_", spaced).strip("_").lower()


def to_pascal_case(name: str) -> str:
    """``model_calibration`` -> ``ModelCalibration`` (inner capitals kept)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^a-zA-Z0-9]+", name) if part)


def file_name(path: str) -> str:
    return path.rpartition("/")[2]


def matches_any(name: str, patterns: tuple[str, ...] | list[str]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in patterns)
