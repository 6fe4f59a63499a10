"""ALN310 type-only-match."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.library import describe_spec, source_entries
from alignlint.rules.spec_dependency.wiring import wirings

if TYPE_CHECKING:
    from alignlint.model import Project


class TypeOnlyMatch(Rule):
    """## What it does
    Reports a dependency that a DAG wires to a producer output although no output name or alias
    is the dependency's logical name and its (non-empty) `compatible_sources` do not list the
    producer: the resolver accepted the output on its type and data type (and semantic keywords)
    alone. A dependency with no compatible sources declares none to contradict and is not
    reported. The
    finding is at the dependency, once per producer output, with the score breakdown and the DAG
    edges where it happens.

    ## Why is this bad?
    An exact type match already reaches the resolver's threshold, so any output of the right
    type is wired when nothing better is offered. A producer-side rename lands here silently,
    and so does an optional input that no predecessor was meant to fill: the step receives data
    it was never meant to read.

    ## Severity
    `info`: the wiring may be intended. Give the output an alias with the dependency's name, or
    list the producer in `compatible_sources`, to say so.

    ## Example
    ```python
    DependencySpec(logical_name="pretrained_model", dependency_type=PROCESSING_OUTPUT,
                   compatible_sources=["ModelTraining"], required=False)
    # In a DAG where only a preprocessing step precedes it, its "processed_data" is wired here.
    ```
    """

    code: ClassVar[str] = "ALN310"
    name: ClassVar[str] = "type-only-match"
    summary: ClassVar[str] = "A DAG wires a dependency to an output on its type alone"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.INFO

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for wiring in wirings(project):
            declared = list(source_entries(wiring.dependency))
            if wiring.name_matches or wiring.listed or not declared:
                continue
            dependency, chosen = wiring.dependency, wiring.chosen
            where = wiring.where()
            step = project.step_of(wiring.spec)
            yield self.diagnostic(
                f"dependency '{dependency.logical_name}' of {describe_spec(wiring.spec)} is wired "
                f"to {wiring.producer}.{chosen.output.logical_name} {where} on type alone: no "
                "output name or alias matches it and the producer is not a compatible source "
                f"({chosen.score.breakdown()})",
                dependency.name_span,
                related=wiring.related(),
                step=step.name if step else None,
                subject=(
                    f"{describe_spec(wiring.spec)}:{dependency.logical_name}:"
                    f"{wiring.producer}.{chosen.output.logical_name}"
                ),
            )
