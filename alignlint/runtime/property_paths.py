"""What a step specification's property path reads, judged by SageMaker's API model.

A path missing from the API model fails when the pipeline runs, not when it is defined. The model
and the rules over it live in :mod:`alignlint.sagemaker.property_paths`, which the linter reads
too (ALN206, ALN207): the runtime library accepts exactly the paths the linter accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from alignlint.sagemaker.container_paths import PROCESSING
from alignlint.sagemaker.property_paths import (
    kinds_with_property,
    processing_output_key,
    script_output_attribute,
    step_kind_for,
    validate_property_path,
)


@dataclass(frozen=True)
class PropertyPathShape:
    """What a property path reads on a step of ``step_kind``."""

    step_kind: str
    script_output: str | None
    """The top attribute when the value is where SageMaker uploaded what the script wrote to a
    contract output path (``ProcessingOutputConfig``, ``ModelArtifacts``, ``OutputDataConfig``),
    else None."""
    output_key: str | None
    """The processing output the path names (``Outputs['name']``), if it names one."""


@dataclass(frozen=True)
class PropertyPathProblem:
    """Why a path is not a property of the step: ``belongs_to`` lists the step kinds that have
    it (empty when none does), ``reason`` what the API model says for this step's kind."""

    belongs_to: tuple[str, ...]
    reason: str | None


def classify_property_path(
    path: str, step_kind: str | None
) -> PropertyPathShape | PropertyPathProblem | None:
    """What ``path`` reads on a ``step_kind`` step, or why it is not a property of one.

    None when the step's kind has no API model (no kind, ``Lambda``, a custom kind) and some
    modelled kind has the path: nothing is known to be wrong.
    """
    kind = step_kind_for(step_kind) if step_kind is not None else None
    check = validate_property_path(kind, path) if kind is not None else None
    if check is not None and check.step_kind is not None and check.ok:
        key = processing_output_key(path) if check.step_kind == PROCESSING else None
        return PropertyPathShape(
            check.step_kind,
            script_output_attribute(check.step_kind, path),
            None if key is None else str(key.value),
        )
    belongs_to = kinds_with_property(path)
    if check is None or check.step_kind is None:
        return None if belongs_to else PropertyPathProblem((), None)
    return PropertyPathProblem(belongs_to, check.message)
