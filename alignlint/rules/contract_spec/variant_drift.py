"""ALN205 variant-drift."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.model.values import Located, Value
from alignlint.rules.base import Rule, Scope
from alignlint.rules.contract_spec.variants import describe

if TYPE_CHECKING:
    from alignlint.model import Project, Spec, Step


class VariantDrift(Rule):
    """## What it does
    Compares the job-type variants of one step (`X_SPEC`, `X_TRAINING_SPEC`,
    `X_CALIBRATION_SPEC`, ...): they must declare the same outputs with the same output types,
    and a dependency that several variants declare must have the same dependency type in each.
    The variant that differs from the majority is reported (on a tie, the variant lacking an
    output, or the later variant).

    Variants may legitimately differ in which dependencies they declare; that is not reported.

    ## Why is this bad?
    Variants are usually copies. A fix applied to one copy and not the others (the classic
    "fixed in the training spec, not in the generic spec") makes the pipeline behave differently
    per job type, and only the job type that is run shows it.

    ## Severity
    A warning: every variant builds and runs; the drift shows only as different behaviour of the
    job type that is run.

    ## Example
    ```python
    X_TRAINING_SPEC = StepSpecification(..., outputs=[OutputSpec(logical_name="data", ...)])
    X_CALIBRATION_SPEC = StepSpecification(..., outputs=[OutputSpec(logical_name="dat", ...)])
    ```

    Use instead: the same outputs in every variant.
    """

    code: ClassVar[str] = "ALN205"
    name: ClassVar[str] = "variant-drift"
    summary: ClassVar[str] = "Job-type variants of a step disagree on outputs or dependency types"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            specs = step.all_specs()
            if len(specs) < 2 or any(spec.unknown_parts for spec in specs):
                continue
            yield from self._output_presence(step, specs)
            yield from self._types(step, specs, "output", _output_types)
            yield from self._types(step, specs, "dependency", _dependency_types)

    def _output_presence(self, step: Step, specs: Sequence[Spec]) -> Iterator[Diagnostic]:
        names = sorted({o.logical_name for spec in specs for o in spec.outputs})
        for name in names:
            holders = [spec for spec in specs if spec.output(name) is not None]
            lacking = [spec for spec in specs if spec.output(name) is None]
            if not lacking:
                continue
            if len(holders) >= len(lacking):
                holder = holders[0]
                held = holder.output(name)
                assert held is not None
                for spec in lacking:
                    yield self.diagnostic(
                        f"{describe(spec)} has no output '{name}', which "
                        f"{_describe_all(holders)} declare"
                        if len(holders) > 1
                        else f"{describe(spec)} has no output '{name}', which "
                        f"{describe(holder)} declares",
                        spec.name_span,
                        related=[Related(held.name_span, f"output '{name}' of {holder.name}")],
                        step=step.name,
                        subject=f"{spec.name}:output:{name}",
                    )
                continue
            for spec in holders:
                output = spec.output(name)
                assert output is not None
                yield self.diagnostic(
                    f"output '{name}' of {describe(spec)} is not declared by "
                    f"{_describe_all(lacking)}",
                    output.name_span,
                    related=[Related(other.name_span, f"spec {other.name}") for other in lacking],
                    step=step.name,
                    subject=f"{spec.name}:output:{name}",
                )

    def _types(
        self,
        step: Step,
        specs: Sequence[Spec],
        what: str,
        types_of: Callable[[Spec], Iterable[tuple[str, Value]]],
    ) -> Iterator[Diagnostic]:
        label = f"{what} type"
        by_name: dict[str, list[tuple[Spec, str, Span]]] = {}
        for spec in specs:
            for name, value in types_of(spec):
                if isinstance(value, Located) and isinstance(value.value, str):
                    by_name.setdefault(name, []).append((spec, value.value, value.span))
        for name in sorted(by_name):
            entries = by_name[name]
            counts = Counter(kind for _, kind, _ in entries)
            if len(counts) < 2:
                continue
            order: dict[str, int] = {}
            for _, kind, _ in entries:
                order.setdefault(kind, len(order))
            reference = max(counts, key=lambda kind: (counts[kind], -order[kind]))
            agreeing = next(entry for entry in entries if entry[1] == reference)
            for spec, kind, span in entries:
                if kind == reference:
                    continue
                yield self.diagnostic(
                    f"{what} '{name}' of {describe(spec)} has {label} {kind}, but "
                    f"{describe(agreeing[0])} declares {reference}",
                    span,
                    related=[Related(agreeing[2], f"{label} in {agreeing[0].name}")],
                    step=step.name,
                    subject=f"{spec.name}:{what}:{name}",
                )


def _output_types(spec: Spec) -> Iterator[tuple[str, Value]]:
    for output in spec.outputs:
        yield output.logical_name, output.output_type


def _dependency_types(spec: Spec) -> Iterator[tuple[str, Value]]:
    for dependency in spec.dependencies:
        yield dependency.logical_name, dependency.dependency_type


def _describe_all(specs: Sequence[Spec]) -> str:
    return ", ".join(describe(spec) for spec in specs)
