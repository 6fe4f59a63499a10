"""What the dependency analysis of a whole project leaves for a later run to check part of it.

A dependency is resolved against every producer of the library (every specification of the
project) and, in each DAG its step is a node of, against the node's predecessors. A run that
changed only how some dependencies are matched (their semantic keywords:
:func:`alignlint.model.interfaces.without_hints`) re-runs this family on the *neighbourhood* of
their steps (:mod:`alignlint.run.dependency_delta`): a project linked from the files of those
steps and of the steps bound to their nodes' predecessors in a DAG, whose library is the whole
project's, kept here (:class:`LibraryRecord`: each producer's view and the few parts of its
specification the rules name), and whose DAGs have the edges and bind their nodes as the whole
project's did (:class:`DagRecord`).
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Mapping
from typing import cast

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.model import Project, Spec
from alignlint.model.components import StepTypeRef
from alignlint.model.values import Unknown
from alignlint.rules.spec_dependency.analysis import DependencyAnalysis, dependency_analysis
from alignlint.rules.spec_dependency.dag_resolution import DagAnalysis
from alignlint.rules.spec_dependency.library import (
    LIBRARY_RECORD,
    Library,
    registered_names,
)
from alignlint.rules.spec_dependency.views import Producer, producer
from alignlint.sagemaker.matching import ProducerView

#: Where a specification is: its file, variable name and the start of its call.
SpecKey = tuple[str, str, int, int]
#: Where a DAG is: its file, name and the start of where it is built.
DagKey = tuple[str, str, int, int]


def spec_key(spec: Spec) -> SpecKey:
    return (spec.path, spec.name, spec.span.line, spec.span.column)


@record
class ProducerRecord:
    """One producer of the library: its specification's key, the specification cut down to what
    the rules read of a producer (names, step type, outputs), pickled on its own (a run reads a
    few of them: :class:`_Unpickled`), its view and completeness."""

    key: SpecKey
    spec: bytes
    view: ProducerView
    complete: bool


class _Unpickled:
    """A recorded producer's specification, unpickled when first read: a run after a keyword
    change scores every producer's view but names the specification of a few (its identity, which
    no specification of the neighbourhood shares, is the placeholder's)."""

    __slots__ = ("_data", "_spec")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._spec: Spec | None = None

    def __getattr__(self, name: str) -> object:
        spec = self._spec
        if spec is None:
            spec = self._spec = pickle.loads(self._data)  # from the authenticated record
        return getattr(spec, name)


@record
class LibraryRecord:
    """The library of a whole project (:class:`~alignlint.rules.spec_dependency.library.Library`)
    without its project: registered names, producers in order, completeness, and the positions of
    each step's specifications among the producers (by step name, as ``Project.step`` finds it)."""

    registered: frozenset[str]
    registry_closed: bool
    complete: bool
    unknown: tuple[str, ...]
    producers: tuple[ProducerRecord, ...]
    step_specs: Mapping[str, tuple[int, ...]]


@record
class DagRecord:
    """One DAG of the whole project: its key, for each node the key of the specification it
    binds to (None: none), and its shape (:func:`dag_shape`: its edges, and whether part of it
    is unknown)."""

    key: DagKey
    bindings: tuple[tuple[str, SpecKey | None], ...]
    shape: DagShape

    def predecessors(self, node: str) -> tuple[str, ...]:
        """The sources of the edges into ``node``."""
        return tuple(source for source, target in self.shape[0] if target == node)


#: What the wiring of a DAG's nodes reads of it besides their bindings: its edges (source and
#: target nodes, in order) and whether part of it is unknown or an edge names an undeclared node.
DagShape = tuple[tuple[tuple[str, str], ...], bool]


def dag_shape(analysis: DagAnalysis) -> DagShape:
    return (
        tuple((edge.source, edge.target) for edge in analysis.edges),
        bool(analysis.dag.unknown or analysis.undeclared),
    )


@record
class DependencyRecord:
    """The library and DAGs of a whole project, the unit (by its number in the link index) of
    each specification that belongs to a step's unit, and the files linking each of those
    specifications reads (its module and the project modules it imports, transitively, with
    the registries' files)."""

    library: LibraryRecord
    dags: tuple[DagRecord, ...]
    units: Mapping[SpecKey, int]
    reads: Mapping[SpecKey, tuple[str, ...]]


def dag_key(path: str, name: str, line: int, column: int) -> DagKey:
    return (path, name, line, column)


def dependency_record(
    project: Project, units: Mapping[SpecKey, int], reads: Mapping[SpecKey, tuple[str, ...]]
) -> DependencyRecord:
    """The record of ``project``'s dependency analysis (computed once per project), with the
    unit of each specification of a step's unit (``units``) and the files it reads
    (``reads``)."""
    analysis = dependency_analysis(project)
    return DependencyRecord(
        _library_record(project, analysis.library), _dag_records(analysis), units, reads
    )


def _library_record(project: Project, library: Library) -> LibraryRecord:
    positions = {id(item.spec): index for index, item in enumerate(library.producers)}
    step_specs: dict[str, tuple[int, ...]] = {}
    for step in project.steps:
        found = project.step(step.name)
        if found is None:
            continue
        step_specs[step.name] = tuple(
            positions[id(spec)] for spec in found.all_specs() if id(spec) in positions
        )
    return LibraryRecord(
        registered=library.registered,
        registry_closed=library.registry_closed,
        complete=library.complete,
        unknown=tuple(library.unknown),
        producers=tuple(
            ProducerRecord(
                spec_key(item.spec),
                pickle.dumps(_as_producer(item.spec), protocol=pickle.HIGHEST_PROTOCOL),
                item.view,
                item.complete,
            )
            for item in library.producers
        ),
        step_specs=step_specs,
    )


#: What a recorded producer holds in place of what no rule reads of a producer (its view
#: holds the output types and property paths the matching scores).
NOT_KEPT = Unknown(Span("", 0, 0, 0, 0), "not kept in the record of a producer")


def _as_producer(spec: Spec) -> Spec:
    """``spec`` with what the rules read of a producer: its names, where it is, its step type
    and of each output its name, where it and its name are, and its data type."""
    return dataclasses.replace(
        spec,
        step_type=StepTypeRef(spec.step_type.value),
        node_type=NOT_KEPT,
        contract=None,
        contract_span=None,
        dependencies=(),
        outputs=tuple(
            dataclasses.replace(
                output,
                output_type=NOT_KEPT,
                property_path=NOT_KEPT,
                aliases=(),
                description=None,
            )
            for output in spec.outputs
        ),
        unknown_parts=(),
        contract_expression="",
    )


def _dag_records(analysis: DependencyAnalysis) -> tuple[DagRecord, ...]:
    return tuple(
        DagRecord(
            dag_key(item.dag.path, item.dag.name, item.dag.span.line, item.dag.span.column),
            tuple(
                (node, spec_key(binding.spec) if binding.spec is not None else None)
                for node, binding in item.bindings.items()
            ),
            dag_shape(item),
        )
        for item in analysis.dags
    )


def is_recorded_producer(spec: Spec, item: ProducerRecord) -> bool:
    """Whether ``spec`` holds what the rules read of a producer (:func:`_as_producer`) as the
    whole project's copy ``item`` does, value by value."""
    return _same(_as_producer(spec), pickle.loads(item.spec))  # from the authenticated record


def _same(one: object, other: object) -> bool:
    """Equal values, comparing dataclasses field by field (specifications compare by
    identity)."""
    if type(one) is not type(other):
        return False
    if dataclasses.is_dataclass(one) and not isinstance(one, type):
        return all(
            _same(getattr(one, item.name), getattr(other, item.name))
            for item in dataclasses.fields(one)
        )
    if isinstance(one, (tuple, list)):
        assert isinstance(other, (tuple, list))
        return len(one) == len(other) and all(map(_same, one, other))
    if isinstance(one, dict):
        assert isinstance(other, dict)
        return one.keys() == other.keys() and all(_same(one[key], other[key]) for key in one)
    return one == other


def dag_records(project: Project) -> tuple[DagRecord, ...]:
    """How ``project``'s DAGs bind their nodes and what shape they have, as the record holds
    it."""
    return _dag_records(dependency_analysis(project))


def use_library(project: Project, record: LibraryRecord) -> bool:
    """Make ``project``'s dependency analysis use the whole project's library ``record``, with
    ``project``'s own specifications in place of the record's copies; False (and nothing is
    done) when one of them is not the producer it was (its view, completeness or registered
    names differ), or the analysis already ran."""
    own = {spec_key(spec): spec for spec in project.specs}
    recorded = {item.key for item in record.producers}
    if any(spec.step_type.text is not None and key not in recorded for key, spec in own.items()):
        return False  # a producer here that the whole project's library does not hold
    producers: list[Producer] = []
    for item in record.producers:
        spec = own.get(item.key)
        if spec is None:
            producers.append(Producer(cast(Spec, _Unpickled(item.spec)), item.view, item.complete))
            continue
        found = producer(spec.step_type.text or "", spec, project)
        if found is None or found.view != item.view or found.complete != item.complete:
            return False
        producers.append(found)
    # Whether the registries are closed is the whole project's (a computed registry may be
    # known only from files outside this part); their rows must be the same.
    if frozenset(registered_names(project)) != record.registered:
        return False
    library = Library(
        project,
        record.registered,
        record.registry_closed,
        producers,
        record.complete,
        list(record.unknown),
        step_specs=record.step_specs,
    )
    return project.derived(LIBRARY_RECORD, lambda: library) is library
