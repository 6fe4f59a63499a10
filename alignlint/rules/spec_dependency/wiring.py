"""How each DAG dependency is wired, grouped by what was wired to what.

ALN310 and ALN311 look at the same thing from two sides: a DAG node's dependency that the
resolver wires to a producer output. Each wiring is one (consumer spec, dependency, producer
step type, output) pair, which usually repeats across the DAGs of a catalogue; a finding is
about the pair (the fix is in the specs), with the DAG edges where it happens as related
locations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field

from alignlint.core.records import record
from alignlint.core.types import Related, Span
from alignlint.model import Project, Spec
from alignlint.model.components import Dependency
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.dag_resolution import DagAnalysis, DagResolution
from alignlint.rules.spec_dependency.explain import dag_label, names
from alignlint.sagemaker.matching import SOURCE_LISTED_WEIGHT, Candidate, strip_job_type

MAX_RELATED_DAGS = 5
"""How many DAG edges a finding about a wiring names as related locations."""


@record(frozen=False)
class Wiring:
    """One dependency wired to one producer output, and every DAG edge where that happens."""

    spec: Spec
    dependency: Dependency
    chosen: Candidate
    places: list[tuple[DagAnalysis, DagResolution]] = field(default_factory=list)

    @property
    def producer(self) -> str:
        """The producer's step type without a job-type suffix (``TabularPreprocessing``)."""
        return strip_job_type(self.chosen.producer_step_type)

    @property
    def listed(self) -> bool:
        """Whether the producer gets the compatible-source bonus (it is listed)."""
        return self.chosen.score.source_score >= SOURCE_LISTED_WEIGHT

    @property
    def name_matches(self) -> bool:
        """Whether the output's name or one of its aliases is the dependency's logical name."""
        return self.chosen.score.exact_bonus > 0

    def dag_names(self) -> list[str]:
        return sorted({analysis.dag.name for analysis, _ in self.places})

    def where(self) -> str:
        """Where the wiring happens, for a message: ``in DAG a`` or ``in 2 DAGs (a, b)``."""
        dags = self.dag_names()
        return f"in {len(dags)} DAGs ({names(dags)})" if len(dags) > 1 else f"in DAG {dags[0]}"

    def related(self) -> list[Related]:
        """The edges from the producer to the consumer in the first DAGs (by path and name)."""
        found: list[Related] = []
        for analysis, resolution in sorted(
            self.places, key=lambda item: (item[0].dag.path, item[0].dag.name, item[1].node)
        ):
            span = _edge_span(analysis, self.chosen.producer_step, resolution.node)
            if span is not None:
                found.append(Related(span, f"edge in {dag_label(analysis.dag)}"))
            if len(found) == MAX_RELATED_DAGS:
                break
        return found


def _edge_span(analysis: DagAnalysis, source: str, target: str) -> Span | None:
    return next(
        (edge.span for edge in analysis.edges if edge.source == source and edge.target == target),
        None,
    )


def wirings(project: Project) -> list[Wiring]:
    """Every DAG wiring of a dependency the pipeline must provide (not external, not taken from
    the configuration) to a registered producer, among fully known predecessors, grouped by
    pair, in spec and dependency order."""
    return project.derived("dag-wirings", lambda: list(_wirings(project)))


def _wirings(project: Project) -> Iterator[Wiring]:
    analysis_of_project = dependency_analysis(project)
    library = analysis_of_project.library
    grouped: dict[tuple[int, str, str, str], Wiring] = {}
    for analysis in analysis_of_project.dags:
        for resolution in analysis.resolutions:
            chosen = resolution.chosen
            if (
                chosen is None
                or not resolution.complete
                or resolution.external
                or resolution.config_supplied
                or not library.is_registered(strip_job_type(chosen.producer_step_type))
            ):
                continue  # an unregistered producer step type is ALN503's
            key = (
                id(resolution.dependency),
                resolution.dependency.logical_name,
                strip_job_type(chosen.producer_step_type),
                chosen.output.logical_name,
            )
            wiring = grouped.get(key)
            if wiring is None:
                wiring = grouped[key] = Wiring(resolution.spec, resolution.dependency, chosen)
            wiring.places.append((analysis, resolution))
    yield from sorted(
        grouped.values(),
        key=lambda w: (
            w.spec.path,
            w.dependency.span.start,
            w.producer,
            w.chosen.output.logical_name,
        ),
    )
