"""ALN505 spec-type-not-step-name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.model import Project, Step
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.sagemaker.matching import strip_job_type


class SpecTypeNotStepName(Rule):
    """## What it does
    Reports a registry row whose `spec_type` differs from its step name (the row's key) when
    the step's specifications take that spec type as their step type (through
    `get_spec_step_type`) and `compatible_sources` entries name the step, while none names its
    spec type. The finding sits on the `spec_type` value and shows the first entries.

    ## Why is this bad?
    The dependency resolver compares a `compatible_sources` entry with the producer's step type
    (its job-type suffix removed). The step's specifications carry the spec type, so no entry
    naming the step matches them: the step loses the listed-source score everywhere it is
    listed, and the pipeline may wire another producer, or none. Usually the `spec_type` has a
    typo, or was renamed without its consumers.

    ## Severity
    A warning: the pipeline still builds, but dependencies that list the step are resolved
    without it counting as a listed source.

    ## Example
    ```python
    STEP_NAMES = {"TabularPreprocessing": {"spec_type": "TabularPreprocesing", ...}}
    # another spec: compatible_sources=["TabularPreprocessing"]
    ```

    Use instead:
    ```python
    STEP_NAMES = {"TabularPreprocessing": {"spec_type": "TabularPreprocessing", ...}}
    ```
    """

    code: ClassVar[str] = "ALN505"
    name: ClassVar[str] = "spec-type-not-step-name"
    summary: ClassVar[str] = "Registry spec_type differs from the step name its consumers list"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        listing = _entries_by_source(project)
        for step in project.steps:
            row = step.registry_row
            spec_type = row.field("spec_type") if row is not None else None
            if row is None or not (
                isinstance(spec_type, Located) and isinstance(spec_type.value, str)
            ):
                continue
            if spec_type.value == step.name or not _specs_carry(step, spec_type.value):
                continue
            if listing.get(spec_type.value):
                continue  # consumers list the spec type: the library uses it knowingly
            entries = listing.get(step.name, [])
            if not entries:
                continue
            listed = (
                "a compatible_sources entry names"
                if len(entries) == 1
                else f"{len(entries)} compatible_sources entries name"
            )
            message = (
                f"registry row `{step.name}` has spec_type `{spec_type.value}`, which its "
                f"specifications take as their step type, but {listed} the step `{step.name}`: "
                "the resolver compares an entry with the producer's step type, so "
                + ("it never matches" if len(entries) == 1 else "none of them matches")
            )
            # The entries only illustrate: the finding is the row's (its identity stays when
            # consumers come and go).
            related = [Related(span, label, context=True) for span, label in entries[:3]]
            yield self.diagnostic(
                message,
                spec_type.span,
                related=related,
                step=step.name,
                subject=f"spec-type:{step.name}",
            )


def _specs_carry(step: Step, spec_type: str) -> bool:
    """Whether a specification of ``step`` has ``spec_type`` (job-type suffix removed) as its
    step type, written as a registry call for the step."""
    for spec in step.all_specs():
        text = spec.step_type.text
        if spec.step_type.function is not None and text is not None:
            if strip_job_type(text) == spec_type or text == spec_type:
                return True
    return False


def _entries_by_source(project: Project) -> dict[str, list[tuple[Span, str]]]:
    """Every known ``compatible_sources`` entry (job-type suffix removed), with its span and a
    label naming the dependency, in project order."""
    found: dict[str, list[tuple[Span, str]]] = {}
    for spec in project.specs:
        for dependency in spec.dependencies:
            for value in dependency.compatible_sources:
                if isinstance(value, Located) and isinstance(value.value, str):
                    label = f"compatible source of `{dependency.logical_name}` in `{spec.name}`"
                    found.setdefault(strip_job_type(value.value), []).append((value.span, label))
    return found
