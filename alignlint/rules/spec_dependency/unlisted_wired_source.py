"""ALN311 unlisted-wired-source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import names
from alignlint.rules.spec_dependency.library import describe_spec, source_entries
from alignlint.rules.spec_dependency.wiring import wirings

if TYPE_CHECKING:
    from alignlint.model import Project


class UnlistedWiredSource(Rule):
    """## What it does
    Reports a dependency that a DAG wires, by name, to a producer its `compatible_sources` does
    not list (the list is not empty): the output's name or an alias is the dependency's
    logical name, so the wiring is intended, but the declared sources no longer say where the
    data comes from. The finding is at the dependency, once per producer, with the DAG edges
    where it happens.

    Wirings on type alone are ALN310's; an entry that means the producer but is misspelled or
    carries a job-type suffix is ALN301's.

    ## Why is this bad?
    The resolver still scores the producer, without the compatible-source bonus. The list has
    drifted from the pipelines: it documents producers that are not used, misses the ones that
    are, and a second candidate that *is* listed would win the dependency.

    ## Severity
    `info`: every DAG still builds; the fix is to list the producer.

    ## Example
    ```python
    DependencySpec(logical_name="processed_data", compatible_sources=["TabularPreprocessing"])
    # DAG: FeatureSelection_training -> XGBoostTraining (FeatureSelection outputs processed_data)
    ```
    """

    code: ClassVar[str] = "ALN311"
    name: ClassVar[str] = "unlisted-wired-source"
    summary: ClassVar[str] = "A DAG wires a dependency to a producer its compatible_sources omit"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.INFO

    def check(self, project: Project) -> Iterator[Diagnostic]:
        library = dependency_analysis(project).library
        for wiring in wirings(project):
            listed = [source.value for source in source_entries(wiring.dependency)]
            if wiring.listed or not wiring.name_matches or not listed:
                continue
            if any(
                not library.is_registered(entry)
                and wiring.producer in library.classify_source(entry).meant
                for entry in listed
            ):
                continue  # an entry means the producer but is misspelled: ALN301 reports it
            dependency, chosen = wiring.dependency, wiring.chosen
            where = wiring.where()
            step = project.step_of(wiring.spec)
            yield self.diagnostic(
                f"dependency '{dependency.logical_name}' of {describe_spec(wiring.spec)} is wired "
                f"to {wiring.producer}.{chosen.output.logical_name} {where}, but "
                f"'{wiring.producer}' is not among its compatible sources ({names(listed)})",
                dependency.name_span,
                related=wiring.related(),
                step=step.name if step else None,
                subject=f"{describe_spec(wiring.spec)}:{dependency.logical_name}:{wiring.producer}",
            )
