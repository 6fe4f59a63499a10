"""The whole step library as the resolver sees it: registered names, producers, external inputs.

Library-wide rules (ALN301-ALN303, ALN309) ask "could *any* producer satisfy this dependency?"
rather than "does this DAG wire it?". Every specification of the project is a producer named by
its step type, exactly as the runtime registers specifications when no DAG node name is given.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterator, Mapping
from dataclasses import field
from functools import cached_property

from alignlint.core.records import record
from alignlint.infra import safe_regex
from alignlint.model import Project, Spec, Step
from alignlint.model.components import Dependency
from alignlint.model.values import Located
from alignlint.rules.spec_dependency.views import Producer, producer
from alignlint.sagemaker.matching import (
    JOB_TYPES,
    Candidate,
    DependencyView,
    OutputView,
    ProducerView,
    compatible_output_types,
    normalise_name,
    rank_candidates,
    satisfies,
    strip_job_type,
)
from alignlint.sagemaker.suggestions import CommonLetters, close_names, length_bound

CLOSE_NAME_RATIO = 0.9
"""Minimum similarity of a mistyped source and a registered name to suggest (and fix) it."""

#: The ``Project.derived`` key of a library given to a project instead of built from it
#: (:func:`alignlint.rules.spec_dependency.record.use_library`).
LIBRARY_RECORD = "dependency-library-record"


def describe_spec(spec: Spec) -> str:
    """``XGBoostTraining`` or ``TabularPreprocessing_Training``: the spec's step type, else its
    variable name."""
    return spec.step_type.text or spec.name


@record
class LibraryResolution:
    """A dependency scored against every other specification of the project.

    Ranking every output of the library for every dependency is quadratic in the library's size,
    so it is done only when a rule asks for the candidates (to explain a failure), and so is
    listing the other specifications (:attr:`producers`). :attr:`satisfiable` answers the
    common question from the library's index of outputs by type (:meth:`Library.satisfies`):
    exactly ``candidates[0].score.accepted``, looking only at outputs of a compatible type and
    without scoring names in the usual case.
    """

    spec: Spec
    dependency: Dependency
    view: DependencyView
    library: Library = field(repr=False, compare=False)
    complete: bool
    external: bool

    @cached_property
    def producers(self) -> tuple[ProducerView, ...]:
        """Every other specification (not the spec's own, nor a twin of its step type)."""
        return self.library.others(self.spec)

    @cached_property
    def candidates(self) -> tuple[Candidate, ...]:
        return tuple(rank_candidates(self.view, self.producers))

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @cached_property
    def satisfiable(self) -> bool:
        return self.library.satisfies(self.spec, self.view)


#: How a ``compatible_sources`` entry that names no registered step reads (see
#: :meth:`Library.classify_source`).
SUFFIXED = "suffixed"
MISSPELLED = "misspelled"
FREE_LABEL = "free label"

_SUFFIX_SEPARATORS = ("_", "-")
_STEP_WORD = "Step"


@record
class SourceReading:
    """How an unregistered ``compatible_sources`` entry reads: ``kind`` is :data:`SUFFIXED` (a
    registered name with a job-type suffix), :data:`MISSPELLED` (spelled like a registered name)
    or :data:`FREE_LABEL`; ``meant`` the registered names it most likely means (one for a fix)."""

    kind: str
    meant: tuple[str, ...]
    suffix: str = ""


def split_job_type(entry: str) -> tuple[str, str] | None:
    """``("X", "_Training")`` for ``X_Training`` or ``X-training``: a job-type suffix after ``_``
    or ``-`` (case-insensitive), else None."""
    for separator in _SUFFIX_SEPARATORS:
        base, found, suffix = entry.rpartition(separator)
        if found and base and suffix.lower() in JOB_TYPES:
            return base, separator + suffix
    return None


def _squashed(name: str) -> str:
    """Lower case without separators: ``Xgboost_Model`` and ``XGBoostModel`` read the same."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


@record(frozen=False)
class Library:
    """Registered names and every specification as a producer.

    ``registered`` are the names the registries are known to hold (row names and spec types);
    ``registry_closed`` is whether a name outside them is known not to be registered (see
    :attr:`alignlint.model.Project.registry_closed`)."""

    project: Project
    registered: frozenset[str]
    registry_closed: bool
    producers: list[Producer] = field(default_factory=list)
    complete: bool = True
    #: Why the library is not ``complete`` (a spec whose step type or outputs are unknown).
    unknown: list[str] = field(default_factory=list)
    #: What :meth:`classify_source` and :meth:`closest_name` answered (many specifications
    #: list the same entries).
    #: The positions among :attr:`producers` of each step's specifications, by step name, when
    #: the library is the whole project's and ``project`` only part of it (None: ask the
    #: project).
    step_specs: Mapping[str, tuple[int, ...]] | None = None
    _readings: dict[str, SourceReading] = field(default_factory=dict, repr=False, compare=False)
    _closest: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def is_registered(self, source: str) -> bool:
        """Whether ``source`` is exactly a registered step name or spec type."""
        return source in self.registered

    def is_generic(self, source: str) -> bool:
        return source in self.project.settings.generic_sources

    def classify_source(self, source: str) -> SourceReading:
        """How an entry that names no registered step reads: a registered name with a job-type
        suffix (the resolver compares base step names, so it never matches), a misspelling of
        a registered name (case, separators, a close spelling, or the SDK's ``<Name>Step``), or
        a free label far from every step name."""
        found = self._readings.get(source)
        if found is None:
            found = self._readings[source] = self._classified(source)
        return found

    def _classified(self, source: str) -> SourceReading:
        split = split_job_type(source)
        if split is not None:
            stem, suffix = split
            if self.is_registered(stem):
                return SourceReading(SUFFIXED, (stem,), suffix)
            close = self.close_names(stem)
            if close:
                return SourceReading(SUFFIXED, tuple(close), suffix)
        close = self.close_names(source)
        if close:
            return SourceReading(MISSPELLED, tuple(close))
        if source.endswith(_STEP_WORD) and self.is_registered(source[: -len(_STEP_WORD)]):
            return SourceReading(MISSPELLED, (source[: -len(_STEP_WORD)],))
        return SourceReading(FREE_LABEL, ())

    def close_names(self, source: str) -> list[str]:
        """Registered names spelled like ``source``: the same letters in another case or with
        other separators first, then names at least :data:`CLOSE_NAME_RATIO` similar (the one
        ranking of :mod:`alignlint.sagemaker.suggestions`)."""
        same = self._by_squashed.get(_squashed(source))
        if same:
            return list(same)
        # The names whose lengths and letters in order can reach the cutoff (close_names would
        # rule out the others by the same bounds): only the lengths the length bound keeps are
        # visited, and each of their names is asked the common-letters bound.
        stem = source.lower()
        common = CommonLetters(stem)
        kept = [
            name
            for length in self._lengths_within(len(stem), CLOSE_NAME_RATIO)
            for name, lowered in self._by_length[length]
            if common.bound(lowered) >= CLOSE_NAME_RATIO
        ]
        return close_names(source, kept, limit=5, cutoff=CLOSE_NAME_RATIO)

    def _lengths_within(self, length: int, cutoff: float) -> list[int]:
        """The lengths of lower-case registered names whose length bound of the similarity to
        a word of ``length`` letters reaches ``cutoff``."""
        return [other for other in self._by_length if length_bound(length, other) >= cutoff]

    def closest_name(self, source: str) -> str | None:
        """The registered name most similar to ``source``, however far (ties: the first name).

        Names are tried from the best bound of their similarity down, and the search stops
        once no remaining name can reach the best similarity found: the same answer as ranking
        every name, without comparing most of them.
        """
        if source not in self._closest:
            self._closest[source] = self._closest_of(source)
        return self._closest[source]

    def _closest_of(self, source: str) -> str | None:
        stem = source.lower()
        common = CommonLetters(stem)
        matcher = difflib.SequenceMatcher(None, stem)
        best: tuple[float, str] | None = None

        def compare(name: str, lowered: str) -> None:
            nonlocal best
            matcher.set_seq2(lowered)
            ratio = matcher.ratio()
            if best is None or (-ratio, name) < (-best[0], best[1]):
                best = (ratio, name)

        # A likely answer first, so that the bounds rule most names out: the names next to
        # the source in alphabetical order (a label that extends or shortens a name).
        for name, lowered in self._neighbours(stem):
            compare(name, lowered)
        # Then the lengths from the best length bound down (the bound of every later length is
        # no better), and in each the names whose common letters can reach the best found
        # (CommonLetters: an upper bound of the ratio). Comparing a name twice changes nothing.
        for length in self._lengths_by_bound(len(stem)):
            if best is not None and length_bound(len(stem), length) < best[0]:
                break
            for name, lowered in self._by_length[length]:
                if best is not None and common.bound(lowered) < best[0]:
                    continue
                compare(name, lowered)
        return best[1] if best is not None else None

    def _neighbours(self, stem: str) -> list[tuple[str, str]]:
        """(name, lower-case name) of the two registered names before and after ``stem`` in
        the order of their lower case."""
        ordered = self._alphabetical
        position = bisect.bisect_left(ordered, (stem, ""))
        return [(name, lowered) for lowered, name in ordered[max(position - 2, 0) : position + 2]]

    def _lengths_by_bound(self, length: int) -> list[int]:
        """The lengths of lower-case registered names, best length bound for a word of
        ``length`` letters first."""
        return sorted(self._by_length, key=lambda other: -length_bound(length, other))

    def producers_for_source(self, source: str) -> list[Producer]:
        """The producers a ``compatible_sources`` entry names (all job-type variants): those whose
        step type, job-type suffix stripped, is the entry's, and the specs of the step it names."""
        stem = strip_job_type(source)
        positions = set(self._positions_by_stem.get(stem, ()))
        if self.step_specs is not None:
            positions.update(self.step_specs.get(stem, ()))
            return [self.producers[position] for position in sorted(positions)]
        step = self.project.step(stem)
        if step is not None:
            for spec in step.all_specs():
                position = self._position_of_spec.get(id(spec))
                if position is not None:
                    positions.add(position)
        return [self.producers[position] for position in sorted(positions)]

    def resolve(
        self, spec: Spec, dependency: Dependency, view: DependencyView
    ) -> LibraryResolution:
        """Score ``dependency`` of ``spec`` against every other specification."""
        return LibraryResolution(
            spec,
            dependency,
            view,
            self,
            complete=self.complete,
            external=is_external(self.project, spec, dependency.logical_name),
        )

    def others(self, spec: Spec) -> tuple[ProducerView, ...]:
        """Every producer but ``spec``'s own outputs and those of a twin spec of its step type."""
        position = self._position_of_spec.get(id(spec))
        own = spec.step_type.text
        return tuple(
            view
            for index, view in enumerate(self._views)
            if index != position and (own is None or view.step_name != own)
        )

    def satisfies(self, spec: Spec, view: DependencyView) -> bool:
        """``can_satisfy(view, self.others(spec))``, asked only of the outputs whose type passes
        the type gate (:func:`~alignlint.sagemaker.matching.compatible_output_types`, from the
        index of outputs by type): every other output fails the gate, so the answer is the same."""
        position = self._position_of_spec.get(id(spec))
        own = spec.step_type.text
        for output_type in compatible_output_types(view.dependency_type):
            for index, other, output in self._by_output_type.get(output_type, ()):
                if index == position or (own is not None and other.step_name == own):
                    continue
                if satisfies(view, other.step_type, output):
                    return True
        return False

    @cached_property
    def _by_squashed(self) -> dict[str, tuple[str, ...]]:
        """The registered names by their letters without case or separators, sorted."""
        index: dict[str, list[str]] = {}
        for name in sorted(self.registered):
            index.setdefault(_squashed(name), []).append(name)
        return {key: tuple(names) for key, names in index.items()}

    @cached_property
    def _lowered(self) -> dict[str, str]:
        """Each registered name in lower case."""
        return {name: name.lower() for name in self.registered}

    @cached_property
    def _alphabetical(self) -> list[tuple[str, str]]:
        """(lower-case name, name) of every registered name, sorted."""
        return sorted((lowered, name) for name, lowered in self._lowered.items())

    @cached_property
    def _by_length(self) -> dict[int, list[tuple[str, str]]]:
        """(name, lower-case name) of the registered names by the length of the lower case."""
        index: dict[int, list[tuple[str, str]]] = {}
        for name, lowered in self._lowered.items():
            index.setdefault(len(lowered), []).append((name, lowered))
        return index

    # Indexes over ``producers`` (complete once build_library returns), so that per-dependency
    # questions cost time proportional to the answer rather than to the library.
    @cached_property
    def _views(self) -> tuple[ProducerView, ...]:
        return tuple(item.view for item in self.producers)

    @cached_property
    def _by_output_type(self) -> dict[str, list[tuple[int, ProducerView, OutputView]]]:
        """(position, producer, output) of every output, by output type, in library order."""
        index: dict[str, list[tuple[int, ProducerView, OutputView]]] = {}
        for position, view in enumerate(self._views):
            for output in view.outputs:
                index.setdefault(output.output_type, []).append((position, view, output))
        return index

    @cached_property
    def _positions_by_stem(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for position, item in enumerate(self.producers):
            index.setdefault(strip_job_type(item.view.step_type), []).append(position)
        return index

    @cached_property
    def _position_of_spec(self) -> dict[int, int]:
        return {id(item.spec): position for position, item in enumerate(self.producers)}

    def producer(self, candidate: Candidate) -> Producer:
        """The producer behind a candidate ranked by :meth:`resolve`."""
        return next(
            item
            for item in self._producers_by_step_name[candidate.producer_step]
            if item.spec.output(candidate.output.logical_name) is not None
        )

    @cached_property
    def _producers_by_step_name(self) -> dict[str, list[Producer]]:
        """The producers by their view's step name, each list in library order."""
        index: dict[str, list[Producer]] = {}
        for item in self.producers:
            index.setdefault(item.view.step_name, []).append(item)
        return index


def registered_names(project: Project) -> set[str]:
    names: set[str] = set()
    for name, row in project.registry_rows.items():
        names.add(name)
        spec_type = row.text("spec_type")
        if spec_type:
            names.add(spec_type)
    return names


def build_library(project: Project) -> Library:
    """The library of ``project``: names from its registries, producers from its specs (or
    the whole project's library, when one was given to this part of it: :data:`LIBRARY_RECORD`)."""
    given = project.derived(LIBRARY_RECORD, lambda: None)
    if isinstance(given, Library):
        return given
    library = Library(project, frozenset(registered_names(project)), project.registry_closed)
    for spec in project.specs:
        found = producer(spec.step_type.text or "", spec, project)
        if found is None:
            library.complete = False
            library.unknown.append(f"the step type of {spec.name} is not known")
            continue
        # Two specs of one step type (a generic spec beside its training variant) are both
        # producers: a dependency neither satisfies cannot be satisfied, whichever is used.
        library.producers.append(found)
        if not found.complete:
            library.complete = False
            library.unknown.append(f"the outputs of {spec.name} are not all known")
    if any(project.may_be_unparsed(name) for name in project.settings.base_classes.specs):
        library.complete = False
        library.unknown.append("a file that does not parse may declare specifications")
    return library


def step_names(project: Project, spec: Spec) -> set[str]:
    """Names a user may qualify an external input with: the step name and the step types."""
    names = {describe_spec(spec), strip_job_type(describe_spec(spec))}
    step: Step | None = project.step_of(spec)
    if step is not None:
        names.add(step.name)
    return names


def is_external(project: Project, spec: Spec, logical_name: str) -> bool:
    """Whether the dependency is declared an uploaded input (``external_inputs`` entry
    ``name`` / ``StepType.name``, or a match of ``external_input_pattern``)."""
    settings = project.settings
    for entry in settings.external_inputs:
        owner, _, name = entry.rpartition(".")
        if normalise_name(name) != normalise_name(logical_name):
            continue
        if not owner or owner in step_names(project, spec):
            return True
    pattern = settings.external_input_pattern
    if pattern:
        return safe_regex.search(pattern, logical_name)  # linear time: the pattern is configuration
    return False


def source_entries(dependency: Dependency) -> Iterator[Located[str]]:
    """Every known ``compatible_sources`` entry of ``dependency``."""
    for value in dependency.compatible_sources:
        if isinstance(value, Located) and isinstance(value.value, str):
            yield Located(value.value, value.span)
