"""ALN309 data-type-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.records import record
from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import DependencyAnalysis, dependency_analysis
from alignlint.rules.spec_dependency.library import describe_spec, source_entries
from alignlint.rules.spec_dependency.views import Producer, data_type_conflict

if TYPE_CHECKING:
    from alignlint.model import Output, Project
    from alignlint.model.components import Dependency, Spec


@record
class _Pair:
    spec: Spec
    dependency: Dependency
    producer: Producer
    output: Output


class DataTypeMismatch(Rule):
    """## What it does
    Checks the pairs that are meant for each other, a dependency and an output of a listed
    compatible source or of a DAG predecessor with the dependency's name (or an alias of it) and
    a compatible type, and reports those whose data types differ. `S3Uri` and `String` are
    compatible (as are `Integer` and `Float`); other differences are not.

    A dependency whose data type (or type, or sources) is not known statically, or one of
    whose listed sources has outputs that are not, is not fully checked; `--statistics` lists it.

    ## Why is this bad?
    The resolver rejects a pair with incompatible data types outright, so the intended output is
    never wired: the dependency stays unresolved or, worse, another output wins it.

    ## Severity
    An error: the resolver rejects the intended pair, so the dependency stays unresolved (the
    assembler fails) or another output silently wins it.

    ## Example
    ```python
    OutputSpec(logical_name="threshold", data_type="Float", ...)
    DependencySpec(logical_name="threshold", data_type="S3Uri", ...)
    ```
    """

    code: ClassVar[str] = "ALN309"
    name: ClassVar[str] = "data-type-mismatch"
    summary: ClassVar[str] = "A dependency and its matching output have incompatible data types"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        analysis = dependency_analysis(project)
        self._record_unchecked(project, analysis)
        for pair in _pairs(analysis):
            dependency, output = pair.dependency, pair.output
            wanted, offered = dependency.data_type, output.data_type
            assert isinstance(wanted, Located) and isinstance(offered, Located)
            step = project.step_of(pair.spec)
            producer = describe_spec(pair.producer.spec)
            yield self.diagnostic(
                f"dependency '{dependency.logical_name}' of {describe_spec(pair.spec)} has data "
                f"type '{wanted.value}' but the matching output '{output.logical_name}' of "
                f"{producer} has data type '{offered.value}'; the resolver rejects the pair",
                wanted.span,
                related=[Related(offered.span, f"output '{output.logical_name}' of {producer}")],
                step=step.name if step else None,
                subject=f"{describe_spec(pair.spec)}:{dependency.logical_name}:{producer}:{output.logical_name}",
            )

    def _record_unchecked(self, project: Project, analysis: DependencyAnalysis) -> None:
        """The dependencies whose pairs cannot all be known: part of the dependency is unknown
        (it is in no resolution), or a listed source's outputs are not all known."""
        resolved = {id(resolution.dependency) for resolution in analysis.resolutions}
        for spec in project.specs:
            for dependency in spec.dependencies:
                if id(dependency) not in resolved:
                    self.could_not_check(
                        f"dependency '{dependency.logical_name}' of {describe_spec(spec)}",
                        "its data type, type, compatible sources or requiredness is not known",
                    )
        for resolution in analysis.resolutions:
            for source in source_entries(resolution.dependency):
                incomplete = [
                    producer
                    for producer in analysis.library.producers_for_source(source.value)
                    if not producer.complete and producer.spec is not resolution.spec
                ]
                if incomplete:
                    self.could_not_check(
                        f"dependency '{resolution.dependency.logical_name}' of "
                        f"{describe_spec(resolution.spec)}",
                        f"the outputs of {describe_spec(incomplete[0].spec)} are not all known",
                    )
                    break


def _pairs(analysis: DependencyAnalysis) -> list[_Pair]:
    """Conflicting pairs from listed sources and DAG predecessors, each once, in order."""
    found: dict[tuple[int, int], _Pair] = {}

    def add(spec: Spec, dependency: Dependency, producer: Producer, output_name: str) -> None:
        output = producer.output(output_name)
        found.setdefault((id(dependency), id(output)), _Pair(spec, dependency, producer, output))

    library = analysis.library
    for resolution in analysis.resolutions:
        for source in source_entries(resolution.dependency):
            for producer in library.producers_for_source(source.value):
                if producer.spec is resolution.spec:
                    continue
                for output in producer.view.outputs:
                    if data_type_conflict(resolution.view, output):
                        add(resolution.spec, resolution.dependency, producer, output.logical_name)
    for dag in analysis.dags:
        for item in dag.resolutions:
            for candidate in item.candidates:
                if data_type_conflict(item.view, candidate.output):
                    producer = dag.producers[candidate.producer_step]
                    add(item.spec, item.dependency, producer, candidate.output.logical_name)
    return sorted(
        found.values(),
        key=lambda p: (
            p.dependency.span.path,
            p.dependency.span.start,
            p.output.span.path,
            p.output.span.start,
        ),
    )
