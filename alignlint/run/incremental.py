"""A run after changes to scripts or contract modules that kept their interface, from the
last complete run of the same request (:mod:`alignlint.run.last_run`), without linking the
whole project.

Changes that leave every changed file's facts as they were, or moved by lines, are
:mod:`alignlint.run.facts_reuse`'s (the last run's findings stand). When the other changed
files are scripts or contract modules that kept their interface
(:mod:`alignlint.model.interfaces`), or kept it up to lines moved in one place
(:mod:`alignlint.model.line_shift`), or files whose facts differ only in the semantic
keywords of their dependency declarations, the units reading them are linked again from the
files they read and their ``Scope.STEP`` rules run again (and for keywords, the dependency rules
on the neighbourhood of those units: :mod:`alignlint.run.dependency_delta`); every other finding
is the last run's, at its new lines. Anything else returns None: :func:`alignlint.run.analysis.analyze` links the
whole project. ``docs/performance.md`` (Incremental checks) describes what each path relies
on and the tests that hold it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Unchecked
from alignlint.extract.directives import Directive
from alignlint.rules.base import Rule, Scope
from alignlint.run.facts_reuse import (
    compare_with_last_run,
    index_moved,
    reuse_facts,
    store_run,
)
from alignlint.run.fingerprints import with_fingerprints
from alignlint.run.result_cache import InstalledRules
from alignlint.run.rule_checks import Capture, check_rule, distinct, guard
from alignlint.run.sources import TextsOnDemand, install_deferred_sources
from alignlint.run.statistics import Counts, counted, parsed_count
from alignlint.run.suppress import apply_suppressions
from alignlint.run.unit_results import open_unit_results

if TYPE_CHECKING:
    from alignlint.extract.deferred import DeferredFile
    from alignlint.extract.facts import FileFacts
    from alignlint.model import Project
    from alignlint.model.line_shift import LineShift
    from alignlint.model.units import Unit, UnitDigests
    from alignlint.run.cached_result import Discovered
    from alignlint.run.dependency_delta import Neighbourhood
    from alignlint.run.discover import SourceFile
    from alignlint.run.fact_cache import FactsOnce
    from alignlint.run.facts_reuse import Comparison
    from alignlint.run.last_run import LastRunStore, LinkIndex, UnitRecord
    from alignlint.run.result_cache import ResultCache, RunRecord
    from alignlint.run.sources import Sources
    from alignlint.run.unit_results import UnitResults


def from_last_run(
    store: LastRunStore,
    discovered: Discovered,
    settings: Settings,
    root: Path,
    selected: Sequence[Rule],
    available: Sequence[type[Rule]],
    installed: InstalledRules,
    results: ResultCache,
) -> RunRecord | None:
    """This run's findings from the last one, when the same files are analysed and each
    changed one (whose text no rule read) holds the facts it held then, or the same facts with
    the lines after one place moved (:mod:`alignlint.run.facts_reuse`: the last run's findings
    stand), or is a script or a contract module that kept its interface (the units reading it
    are linked and checked again); None otherwise. ``discovered`` may hold the comparison a
    warm run made already (:func:`alignlint.run.cached_result.look_up`); ``installed`` is
    :meth:`InstalledRules.of` ``available``."""
    from alignlint.run.last_run import built_in

    if not built_in(selected):
        return None
    if discovered.compared_with == store.request:
        # A warm run compared these files already, and found no reuse of their facts.
        comparison = discovered.comparison
        if comparison is None:
            return None
    else:
        comparison = compare_with_last_run(store, discovered.sources, settings, root, results)
        if comparison is None:
            return None
        record = reuse_facts(
            comparison, store, discovered.sources, settings, root, installed, results
        )
        if record is not None:
            return record
    # The wiring index stands (the project's links are what they were), at its new lines.
    rerun = _after_local_changes(
        store,
        comparison,
        discovered.sources,
        settings,
        root,
        selected,
        available,
        installed,
        discovered.files,
    )
    if rerun is None:
        return None
    record, texts_read, index, read_now = rerun
    store_run(
        store,
        discovered.sources,
        texts_read,
        installed,
        record,
        results,
        index,
        comparison.last.bodies_read | read_now,
    )
    return record


def _after_local_changes(
    store: LastRunStore,
    comparison: Comparison,
    sources: Sources,
    settings: Settings,
    root: Path,
    selected: Sequence[Rule],
    available: Sequence[type[Rule]],
    installed: InstalledRules,
    files: Sequence[SourceFile],
) -> tuple[RunRecord, frozenset[str], LinkIndex, frozenset[str]] | None:
    """What the whole project's run finds after changes that keep every changed script's and
    contract module's interface (:mod:`alignlint.model.interfaces`), or move it by lines added
    or removed in one place (:mod:`alignlint.model.line_shift`), and every other changed file's
    facts but for semantic keywords (:mod:`alignlint.run.dependency_delta`, whose results
    replace the dependency rules' and counters of the last run): the units reading a changed file are linked again from the files they read and their
    ``Scope.STEP`` rules run again; everything else is the last run's (``wiring``, the last
    record's, included), at its new lines. Also returns the texts read and the files whose
    deferred bodies linking the units read. None when the last run has no link index or a
    change is of another kind."""
    from alignlint.extract.deferred import bodies_read, deferred_file
    from alignlint.model.interfaces import contract_interface, script_interface
    from alignlint.model.line_shift import line_shift
    from alignlint.run.dependency_delta import after_hint_changes, only_hints_differ
    from alignlint.run.fact_cache import FactCache, FactsOnce
    from alignlint.run.result_cache import RunRecord

    last, compared, wiring = comparison.last, comparison.compared, comparison.previous.wiring
    index = last.index
    if index is None or not interfaces_declared(selected):
        return None
    if index.paths != tuple(sorted(sources.hashes)):
        return None
    shifts: dict[str, LineShift] = {}
    #: Files whose facts changed only in semantic keywords (then and now).
    hinted: dict[str, tuple[FileFacts, FileFacts]] = {}
    for path, (before, now) in compared.items():
        if path in comparison.unchanged:
            continue
        if only_hints_differ(before, now, path in last.bodies_read):
            hinted[path] = (before, now)
            continue
        interfaces = [
            interface
            for interface, holding in (
                (script_interface, index.scripts),
                (contract_interface, index.contracts),
            )
            if path in holding
        ]
        if any(interface(before) == interface(now) for interface in interfaces):
            continue
        # Lines added or removed in one place: the same interface, every later line moved (the
        # interface of a module with deferred bodies is all of its facts: never compared so).
        if deferred_file(before) is not None or deferred_file(now) is not None:
            return None
        delta = now.line_count - before.line_count
        shift = next(
            (
                shifted
                for interface in interfaces
                if (shifted := line_shift(interface(before), interface(now), path, delta))
            ),
            None,
        )
        if shift is None:
            return None
        shifts[path] = shift
    if shifts:
        # What the whole-project rules found, the suppression comments and the wiring of the
        # steps, at their new lines.
        moved_index = index_moved(index, shifts)
        if moved_index is None:
            return None
        index = moved_index
        if wiring is not None:
            wiring = wiring.moved(shifts)
            if wiring is None:
                return None
    unit_results = open_unit_results(root, settings, installed)
    if unit_results is None:
        return None
    cache = FactsOnce(FactCache(root, settings))
    texts = TextsOnDemand(files, {}, settings.max_file_size)
    linked = None
    if hinted:
        if shifts:
            return None
        # The dependency rules' findings after the keyword changes.
        moved = after_hint_changes(index, store, hinted, cache, sources, settings, texts, selected)
        if moved is None:
            return None
        index, linked = moved
    changed = {path: pair[1] for path, pair in compared.items()}
    relinked = guard(
        "linking the changed steps",
        _relink_units,
        index,
        changed,
        cache,
        sources,
        settings,
        texts,
        shifts,
        linked,
    )
    if relinked is None:
        return None
    found = _rerun(index, relinked, selected, unit_results)
    if found is None:
        return None
    unit_results.save()
    kept, suppressed = apply_suppressions(
        found, index.directives, available=available, selected=selected, settings=settings
    )
    counts = Counts(
        index.files_parsed, index.steps, index.counters, index.unlinked, index.unresolved
    )
    statistics = counted(len(files), counts, selected, suppressed)
    record = RunRecord(tuple(with_fingerprints(kept)), statistics, suppressed, wiring)
    units = tuple(
        dataclasses.replace(
            unit, digest=again.digest, structure=again.structure, pieces=again.pieces, moves=()
        )
        if (again := relinked.get(number)) is not None
        else unit
        for number, unit in enumerate(index.units)
    )
    read_now = bodies_read(file for again in relinked.values() for file in again.deferred)
    index = dataclasses.replace(index, units=units)
    return record, last.texts_read | texts.read, index, read_now


def store_last_run(
    store: LastRunStore,
    sources: Sources,
    texts_read: Iterable[str],
    inputs: str,
    selected: Sequence[Rule],
    index: LinkIndex | None,
    bodies_read: frozenset[str],
) -> None:
    """Store a complete run as the request's last (when every selected rule is built in)."""
    from alignlint.run.last_run import LastRun, built_in

    if built_in(selected):
        run = LastRun(dict(sources.hashes), frozenset(texts_read), inputs, index, bodies_read)
        store.put(run)


def interfaces_declared(selected: Sequence[Rule]) -> bool:
    """Whether every rule says what it reads: one step, or the project's interfaces."""
    return all(rule.reads in (Scope.STEP, Scope.INTERFACES) for rule in selected)


def link_index(
    capture: Capture,
    project: Project,
    facts: Sequence[FileFacts],
    directives: Sequence[Directive],
    selected: Sequence[Rule],
) -> LinkIndex | None:
    """The link index of a complete run of the whole project (None without units)."""
    from alignlint.run.dependency_delta import record_of
    from alignlint.run.last_run import LinkIndex

    by_unit = capture.by_unit
    if by_unit is None:
        return None
    return LinkIndex(
        paths=by_unit.paths,
        scripts=frozenset(project.scripts),
        contracts=frozenset(contract.path for contract in project.contracts),
        units=by_unit.records(),
        project_results=dict(capture.project_results),
        directives=tuple(directives),
        files_parsed=parsed_count(facts),
        steps=len(project.steps),
        counters=dict(project.counters),
        unlinked=len(project.unlinked),
        unresolved=len(project.unresolved),
        dependencies=record_of(project, by_unit.units, by_unit.unit_digests, selected),
    )


# -- a run after changes only their own steps read: the steps reading them are linked again --------
#: More units to link again than this are checked the usual way.
MOST_RELINKED_UNITS = 16


@record(frozen=False)
class _Relinked:
    """A unit linked again from the files it reads: its project narrowed to it, its digest,
    structure and (the unit of the pieces of no step) the identities of its pieces."""

    view: Project
    digest: str
    structure: str
    pieces: tuple[str, ...]
    #: The files it was linked from whose bodies are deferred (which were read is known after
    #: its rules ran).
    deferred: tuple[DeferredFile, ...]


def _relink_units(
    index: LinkIndex,
    changed: Mapping[str, FileFacts],
    cache: FactsOnce,
    sources: Sources,
    settings: Settings,
    texts: Mapping[str, str],
    shifts: Mapping[str, LineShift],
    linked: Neighbourhood | None = None,
) -> dict[int, _Relinked] | None:
    """The units reading a changed file, each linked again from the files it reads, or found
    in the neighbourhood ``linked`` when it holds them as the whole project did (None when
    there are too many, or one does not link as it did: other pieces, other links, other files
    read; positions in a file whose lines moved (``shifts``) are compared where they were).
    The unit of the pieces of no step keeps those the whole project had: the project linked
    from part of the files has more pieces of no step."""
    from alignlint.model import build_project
    from alignlint.model.units import (
        UNLINKED,
        Narrowing,
        UnitDigests,
        piece_identities,
        project_units,
        unit_structure,
    )

    position = {path: number for number, path in enumerate(index.paths)}
    changed_ids = {position[path] for path in changed}
    affected = [n for n, unit in enumerate(index.units) if changed_ids.intersection(unit.files)]
    if len(affected) > MOST_RELINKED_UNITS:
        return None
    every_path = frozenset(index.paths)
    relinked: dict[int, _Relinked] = {}
    for number in affected:
        record = index.units[number]
        paths = [index.paths[file] for file in record.files]
        if linked is not None and number in linked.numbers:
            # Linked as it is in the neighbourhood, with every file it reads.
            project, units, digests = linked.project, linked.units, linked.digests
            deferred: Sequence[DeferredFile] = linked.deferred
        else:
            facts = [changed.get(path) or cache.get(path, sources.hashes[path]) for path in paths]
            present = [item for item in facts if item is not None]
            if len(present) != len(paths):
                return None
            deferred = install_deferred_sources(present, sources, settings)
            project = build_project(present, settings, texts, all_paths=every_path)
            units, digests = project_units(project), UnitDigests(project)
        unit = unit_as_recorded(units, record, paths, digests, shifts)
        if unit is None:
            return None
        pieces = piece_identities(unit) if record.name == UNLINKED else ()
        relinked[number] = _Relinked(
            Narrowing(project).view(unit),
            digests.digest(unit),
            unit_structure(unit),
            pieces,
            tuple(deferred),
        )
    return relinked


def unit_as_recorded(
    units: Sequence[Unit],
    record: UnitRecord,
    paths: Sequence[str],
    digests: UnitDigests,
    shifts: Mapping[str, LineShift],
) -> Unit | None:
    """The unit of ``units`` (of a project linked from part of the files) that ``record`` is,
    when it links as it did: the same pieces and links, where they were (before this run's
    moves ``shifts`` and the moves since it was linked), reading the files ``paths`` (sorted);
    else None. The unit of the pieces of no step keeps those the whole project had."""
    from alignlint.model.line_shift import moved_back_through
    from alignlint.model.units import UNLINKED, unit_structure, with_pieces

    history = [shifts, *({move.path: move} for move in reversed(record.moves))]
    was = functools.partial(moved_back_through, moves=history)
    unit = (
        with_pieces(units[-1], frozenset(record.pieces), was)
        if record.name == UNLINKED
        else next((u for u in units if u.name == record.name), None)
    )
    if unit is None or unit_structure(unit, was) != record.structure:
        return None
    if sorted(digests.read_set(unit)) != list(paths):
        return None
    return unit


def _rerun(
    index: LinkIndex,
    relinked: Mapping[int, _Relinked],
    selected: Sequence[Rule],
    unit_results: UnitResults,
) -> list[Diagnostic] | None:
    """Every rule's findings as the analysis gives them on the whole project: a
    ``Scope.STEP`` rule's from the stored unit results, checked again on the relinked units; a
    ``Scope.INTERFACES`` rule's as the last run found them. None when a unit's results are not
    stored. The rules' unchecked records are set only when the run succeeds."""
    from alignlint.run.unit_results import NOTHING, UnitResult, rule_identity

    step_rules = [rule for rule in selected if rule.reads is Scope.STEP]
    identities = [rule_identity(rule) for rule in step_rules]
    needed = frozenset(identities)
    per_rule: dict[str, list[UnitResult]] = {identity: [] for identity in identities}
    for number, unit in enumerate(index.units):
        again = relinked.get(number)
        if again is not None:
            for rule, identity in zip(step_rules, identities, strict=True):
                result = unit_results.get(again.digest, identity)
                if result is None:
                    result = _checked_again(rule, again, identity, unit_results)
                if result != NOTHING:
                    per_rule[identity].append(result)
            continue
        stored = unit_results.unit(unit.digest)
        if stored is None or not needed <= stored[0]:
            return None
        for identity, result in stored[1].items():
            if identity in per_rule:
                per_rule[identity].append(result)
    diagnostics: list[Diagnostic] = []
    unchecked: list[tuple[Rule, list[Unchecked]]] = []
    step_identity = dict(zip(map(id, step_rules), identities, strict=True))
    for rule in selected:
        where = f"rule {rule.code} ({rule.name})"
        step_id = step_identity.get(id(rule))
        if step_id is None:
            stored_result = index.project_results.get(rule.code)
            if stored_result is None:
                return None
            diagnostics.extend(distinct(stored_result[0], where))
            unchecked.append((rule, list(stored_result[1])))
            continue
        results = per_rule[step_id]
        diagnostics.extend(distinct((d for found, _ in results for d in found), where))
        unchecked.append((rule, [item for _, records in results for item in records]))
    for rule, records in unchecked:
        rule.unchecked.extend(records)
    return diagnostics


def _checked_again(
    rule: Rule, unit: _Relinked, identity: str, unit_results: UnitResults
) -> tuple[tuple[Diagnostic, ...], tuple[Unchecked, ...]]:
    """``rule`` checked on the relinked unit (its result stored for the unit's digest)."""
    before = len(rule.unchecked)
    items = tuple(guard(f"rule {rule.code} ({rule.name})", check_rule, rule, unit.view))
    records = tuple(rule.unchecked[before:])
    del rule.unchecked[before:]
    if all(isinstance(item, Diagnostic) for item in items):
        unit_results.put(unit.digest, identity, (items, records))
    return items, records
