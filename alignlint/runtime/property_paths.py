"""The property paths SageMaker's Describe* responses offer, per step kind.

Only paths listed here are accepted in an ``OutputSpec``: a path missing from the API model fails
when the pipeline runs, not when it is defined. The table is deliberately small and explicit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PropertyPathShape:
    """What a property path reads: the step kind, top attribute, an indexed key if any."""

    step_kind: str
    attribute: str
    key: str | None
    is_script_output: bool
    """True when the value is data the step's script wrote to a contract output path."""


@dataclass(frozen=True)
class _Pattern:
    step_kind: str
    attribute: str
    regex: re.Pattern[str]
    is_script_output: bool


_KEY = r"\[(?:'(?P<sq>[^'\]]+)'|\"(?P<dq>[^\"\]]+)\")\]"


def _pattern(step_kind: str, path: str, *, is_script_output: bool = False) -> _Pattern:
    attribute = path.split(".", 1)[0].split("[", 1)[0]
    regex = re.escape("properties." + path).replace(re.escape("[KEY]"), _KEY)
    return _Pattern(step_kind, attribute, re.compile(f"^{regex}$"), is_script_output)


PATTERNS: tuple[_Pattern, ...] = (
    _pattern(
        "Processing", "ProcessingOutputConfig.Outputs[KEY].S3Output.S3Uri", is_script_output=True
    ),
    _pattern("Processing", "ProcessingJobName"),
    _pattern("Processing", "ProcessingJobArn"),
    _pattern("Training", "ModelArtifacts.S3ModelArtifacts", is_script_output=True),
    _pattern("Training", "OutputDataConfig.S3OutputPath", is_script_output=True),
    _pattern("Training", "TrainingJobName"),
    _pattern("Training", "TrainingJobArn"),
    _pattern("Training", "FinalMetricDataList[KEY].Value"),
    _pattern("CreateModel", "ModelName"),
    _pattern("CreateModel", "ModelArn"),
    _pattern("CreateModel", "PrimaryContainer.ModelDataUrl"),
    _pattern("CreateModel", "PrimaryContainer.Image"),
    _pattern("Transform", "TransformOutput.S3OutputPath"),
    _pattern("Transform", "TransformJobName"),
    _pattern("Transform", "TransformJobArn"),
    _pattern("RegisterModel", "ModelPackageArn"),
    _pattern("RegisterModel", "ModelPackageGroupName"),
    _pattern("RegisterModel", "ModelApprovalStatus"),
)
"""Accepted property paths (``[KEY]`` is a quoted name such as ``['data']``)."""


def classify_property_path(path: str) -> PropertyPathShape | None:
    """Return what ``path`` reads, or None when it is not a known SageMaker step property."""
    for pattern in PATTERNS:
        match = pattern.regex.match(path)
        if match is not None:
            key = match.groupdict().get("sq") or match.groupdict().get("dq")
            return PropertyPathShape(
                pattern.step_kind, pattern.attribute, key, pattern.is_script_output
            )
    return None
