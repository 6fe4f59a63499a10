"""The kind of job a step runs (Processing, Training, ...) and where that is declared.

The registry row's ``sagemaker_step_type`` says it; without one, the SageMaker step class the
builder creates (``ProcessingStep``, ``TrainingStep``, ...) does. Custom kinds with no SageMaker
API model (``Lambda``, a team's own step types) have no kind here: rules skip them.
"""

from __future__ import annotations

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.model import Contract, Project, Step
from alignlint.model.values import Located
from alignlint.sagemaker.property_paths import step_kind_for


@record
class JobKind:
    """A step's job kind (a :func:`~alignlint.sagemaker.property_paths.step_kind_for` kind),
    where it is declared, and how that declaration reads (for messages)."""

    kind: str
    span: Span
    declared_by: str


def job_kind(step: Step) -> JobKind | None:
    """The job kind of ``step``: registry ``sagemaker_step_type`` first, else the builder's step
    class. None when neither names a kind SageMaker models."""
    row = step.registry_row
    if row is not None:
        value = row.sagemaker_step_type
        if isinstance(value, Located) and isinstance(value.value, str):
            kind = step_kind_for(value.value)
            if kind is None:
                return None
            return JobKind(kind, value.span, f'registry sagemaker_step_type="{value.value}"')
    if step.builder is not None:
        kinds = {
            kind: use
            for use in step.builder.step_classes
            if (kind := step_kind_for(use.name)) is not None
        }
        if len(kinds) == 1:
            ((kind, use),) = kinds.items()
            return JobKind(kind, use.span, f"{step.builder.name} creates a {use.name}")
    return None


def contracts_by_kind(project: Project) -> list[tuple[Contract, Step, JobKind]]:
    """Every linked contract with the one step kind its steps agree on (sorted by contract).

    A contract shared by steps of different kinds is left out: its kind is ambiguous.
    """
    found: dict[int, tuple[Contract, list[tuple[Step, JobKind | None]]]] = {}
    for step in project.steps:
        if step.contract is not None:
            entry = found.setdefault(id(step.contract), (step.contract, []))
            entry[1].append((step, job_kind(step)))
    result: list[tuple[Contract, Step, JobKind]] = []
    for contract, steps in found.values():
        kinds = {kind.kind for _, kind in steps if kind is not None}
        if len(kinds) != 1 or any(kind is None for _, kind in steps):
            continue
        step, kind = steps[0]
        assert kind is not None
        result.append((contract, step, kind))
    return sorted(result, key=lambda item: (item[0].path, item[0].span.start))
