"""A run after changes, from the last complete run of the same request
(:mod:`alignlint.run.last_run`), without linking the whole project when it can.

When every changed file holds the facts it held then (for a module whose deferred bodies no run
read, all of them but those bodies), the last run's findings stand; when the facts are the same
but for lines moved in one place, they stand at their new lines. When the other changed files
are scripts or contract modules that kept their interface
(:mod:`alignlint.model.interfaces`), or kept it up to lines moved in one place
(:mod:`alignlint.model.line_shift`), the units reading them are linked again from the files
they read and their ``Scope.STEP`` rules run again; every other finding is the last run's, at
its new lines. Anything else returns None: :func:`alignlint.run.analysis.analyze` links the
whole project. ``docs/performance.md`` (Incremental checks) describes what each path relies
on and the tests that hold it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Unchecked
from alignlint.extract.directives import Directive
from alignlint.rules.base import Rule, Scope
from alignlint.run.fingerprints import with_fingerprints
from alignlint.run.result_cache import cache_inputs
from alignlint.run.rule_checks import Capture, check_rule, distinct, guard
from alignlint.run.sources import TextsOnDemand, install_deferred_sources
from alignlint.run.statistics import Counts, counted
from alignlint.run.suppress import apply_suppressions
from alignlint.run.unit_results import open_unit_results

if TYPE_CHECKING:
    from alignlint.extract.deferred import DeferredFile
    from alignlint.extract.facts import FileFacts
    from alignlint.model import Project
    from alignlint.model.line_shift import LineShift
    from alignlint.run.cached_result import Discovered
    from alignlint.run.changed import WiringIndex
    from alignlint.run.discover import SourceFile
    from alignlint.run.fact_cache import FactCache
    from alignlint.run.last_run import LastRun, LastRunStore, LinkIndex
    from alignlint.run.result_cache import ResultCache, RunRecord
    from alignlint.run.sources import Sources
    from alignlint.run.unit_results import UnitResults

#: More changed files than this are checked the usual way (each is compared on its own).
MOST_COMPARED_FILES = 64
#: A unit keeps at most this many moves of lines since it was linked (the link index stays
#: small); after more, the next run that links it again links the whole project.
MOST_MOVES = 32


def last_run_store(
    root: Path, paths: Sequence[str | Path], settings: Settings, available: Sequence[type[Rule]]
) -> LastRunStore | None:
    """The last run of this request, when the cache directory is usable."""
    from alignlint.run.fact_cache import FactCache
    from alignlint.run.last_run import LastRunStore
    from alignlint.run.result_cache import code_fingerprint_of, request_key

    if not FactCache.available(root, settings):
        return None
    request = request_key(root, paths, settings, available)
    return LastRunStore(root, settings, request, code_fingerprint_of(available))


def from_last_run(
    store: LastRunStore,
    discovered: Discovered,
    settings: Settings,
    root: Path,
    selected: Sequence[Rule],
    available: Sequence[type[Rule]],
    results: ResultCache,
) -> RunRecord | None:
    """This run's findings from the last one, when the same files are analysed and each
    changed one (whose text no rule read) holds the facts it held then (for a module whose
    deferred bodies no run read, all but those bodies; the last run's findings stand), or the
    same facts with the lines after one place moved (they stand at their new
    lines), or is a script or a contract module that kept its interface (the units reading it
    are linked and checked again); None otherwise."""
    from alignlint.run.fact_cache import FactCache
    from alignlint.run.last_run import built_in, equal_but_unread_bodies, equal_facts, reusable

    if not built_in(selected):
        return None
    sources, files = discovered.sources, discovered.files
    last = store.get()
    if last is None:
        return None
    changed = reusable(last, sources.hashes)
    if changed is None or not changed or len(changed) > MOST_COMPARED_FILES:
        return None
    cache = FactCache(root, settings)
    compared: dict[str, tuple[FileFacts, FileFacts]] = {}
    for path in changed:
        before = cache.get(path, last.hashes[path])
        now = _facts_now(path, sources, settings, cache)
        if before is None or now is None:
            return None
        compared[path] = (before, now)
    # Reading a changed file may have found other bytes than its status promised.
    if reusable(last, sources.hashes) != changed:
        return None
    previous = results.get(last.inputs)
    if previous is None:
        return None
    # The files holding the facts they held, or all of them the last run read (a module
    # whose deferred bodies it never read): compared once, here (large scripts take a while).
    unchanged = frozenset(
        path
        for path, pair in compared.items()
        if equal_facts(*pair) or (path not in last.bodies_read and equal_but_unread_bodies(*pair))
    )
    bodies = last.bodies_read
    if len(unchanged) == len(compared):
        record, texts_read, index = previous, last.texts_read, last.index
    elif (
        moved_run := _lines_moved(last, previous, compared, unchanged, root, settings, available)
    ) is not None:
        record, index = moved_run
        texts_read = last.texts_read
    else:
        # The wiring index stands (the project's links are what they were), at its new lines.
        rerun = _after_local_changes(
            last,
            compared,
            cache,
            sources,
            settings,
            root,
            selected,
            available,
            files,
            previous.wiring,
            unchanged,
        )
        if rerun is None:
            return None
        record, texts_read, index, read_now = rerun
        bodies = bodies | read_now
    inputs = cache_inputs(sources, available)
    results.put(inputs, record)
    store_last_run(store, sources, texts_read, inputs, selected, index, bodies)
    return record


def _lines_moved(
    last: LastRun,
    previous: RunRecord,
    compared: Mapping[str, tuple[FileFacts, FileFacts]],
    unchanged: frozenset[str],
    root: Path,
    settings: Settings,
    available: Sequence[type[Rule]],
) -> tuple[RunRecord, LinkIndex | None] | None:
    """The last run's findings at their new lines, and its link index carried there too, when
    every changed file holds the facts it held then or the same facts with every line after one
    place moved (blank or comment lines added or removed: :mod:`alignlint.model.line_shift`;
    the text of descriptions aside, as :func:`~alignlint.run.last_run.equal_facts` compares);
    nothing is linked or checked again. None when a file changed otherwise, or a position lies
    where an edit happened.

    Rules report positions but never compare lines across files, and a move keeps the order of
    a file's positions, so every finding moves with its lines. The units reading a moved file
    keep their results, moved, under a new digest, and the moves since they were linked (a run
    that links one again compares its structure where it was)."""
    from alignlint.extract.deferred import deferred_file
    from alignlint.model.line_shift import line_shift, moved
    from alignlint.run.last_run import comparable_facts, without_deferred_bodies
    from alignlint.run.result_cache import RunRecord
    from alignlint.run.unit_results import NOTHING

    shifts: dict[str, LineShift] = {}
    for path, (before, now) in compared.items():
        if path in unchanged:
            continue
        # A module whose deferred bodies no run read is compared without them; a scanned
        # module with a deferred one never (comparing them would read the deferred bodies),
        # nor one whose read bodies may have changed.
        deferred = (deferred_file(before) is not None, deferred_file(now) is not None)
        if deferred == (False, False):
            comparable = comparable_facts
        elif deferred == (True, True) and path not in last.bodies_read:
            comparable = without_deferred_bodies
        else:
            return None
        shift = line_shift(
            comparable(before), comparable(now), path, now.line_count - before.line_count
        )
        if shift is None:
            return None
        shifts[path] = shift
    diagnostics = moved(previous.diagnostics, shifts)
    wiring = moved(previous.wiring, shifts)
    if diagnostics is None or (previous.wiring is not None and wiring is None):
        return None
    record = RunRecord(diagnostics, previous.statistics, previous.suppressed, wiring)
    index = last.index
    if index is None:
        return record, None
    if index.paths != tuple(sorted(last.hashes)):
        return None
    moved_index = _index_moved(index, shifts)
    unit_results = open_unit_results(root, settings, available)
    if moved_index is None or unit_results is None:
        return None
    position = {path: number for number, path in enumerate(index.paths)}
    shifted = {position[path] for path in shifts}
    units = []
    for unit in index.units:
        stored = unit_results.unit(unit.digest)
        if stored is None:
            return None
        if shifted.isdisjoint(unit.files):
            units.append(unit)
            continue
        digest = hashlib.sha256(f"{unit.digest}\0{sorted(shifts.items())!r}".encode()).hexdigest()
        for identity in stored[0]:
            result = moved(stored[1].get(identity, NOTHING), shifts)
            if result is None:
                return None
            unit_results.put(digest, identity, result)
        moves = unit.moves + tuple(
            shifts[path] for path in sorted(shifts) if position[path] in unit.files
        )
        if len(moves) > MOST_MOVES:
            # Forget where it was: the next run that links it again links the whole project.
            units.append(dataclasses.replace(unit, digest=digest, structure="", moves=()))
        else:
            units.append(dataclasses.replace(unit, digest=digest, moves=moves))
    unit_results.save()
    return record, dataclasses.replace(moved_index, units=tuple(units))


def _after_local_changes(
    last: LastRun,
    compared: Mapping[str, tuple[FileFacts, FileFacts]],
    cache: FactCache,
    sources: Sources,
    settings: Settings,
    root: Path,
    selected: Sequence[Rule],
    available: Sequence[type[Rule]],
    files: Sequence[SourceFile],
    wiring: WiringIndex | None,
    unchanged: frozenset[str],
) -> tuple[RunRecord, frozenset[str], LinkIndex, frozenset[str]] | None:
    """What the whole project's run finds after changes that keep every changed script's and
    contract module's interface (:mod:`alignlint.model.interfaces`), or move it by lines added
    or removed in one place (:mod:`alignlint.model.line_shift`), and every other changed file's
    facts: the units reading a changed file are linked again from the files they read and their
    ``Scope.STEP`` rules run again; everything else is the last run's (``wiring``, the last
    record's, included), at its new lines; ``unchanged`` are the changed files that hold the
    facts they held. Also returns the files whose deferred bodies linking the units read. None
    when the last run has no link index or a change is of another kind."""
    from alignlint.extract.deferred import bodies_read, deferred_file
    from alignlint.model.interfaces import contract_interface, script_interface
    from alignlint.model.line_shift import line_shift, moved
    from alignlint.run.result_cache import RunRecord

    index = last.index
    if index is None or not interfaces_declared(selected):
        return None
    if index.paths != tuple(sorted(sources.hashes)):
        return None
    shifts: dict[str, LineShift] = {}
    for path, (before, now) in compared.items():
        if path in unchanged:
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
        moved_index = _index_moved(index, shifts)
        if moved_index is None:
            return None
        index = moved_index
        if wiring is not None:
            wiring = moved(wiring, shifts)
            if wiring is None:
                return None
    unit_results = open_unit_results(root, settings, available)
    if unit_results is None:
        return None
    texts = TextsOnDemand(files, {}, settings.max_file_size)
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


def _index_moved(index: LinkIndex, shifts: Mapping[str, LineShift]) -> LinkIndex | None:
    """``index`` with what its whole-project rules found and its suppression comments carried
    to the new lines of the shifted files; None when one lies where an edit happened."""
    from alignlint.model.line_shift import moved

    results = moved(dict(index.project_results), shifts)
    directives = moved(index.directives, shifts)
    if results is None or directives is None:
        return None
    return dataclasses.replace(index, project_results=results, directives=directives)


def _facts_now(
    path: str, sources: Sources, settings: Settings, cache: FactCache
) -> FileFacts | None:
    """The facts of the readable file ``path`` as it is now: cached, else extracted (and
    cached); None when it cannot be read or its facts cannot be cached."""
    from alignlint.extract import extract_deferring

    if path not in sources.readable:
        return None
    facts = cache.get(path, sources.hashes[path])
    if facts is not None:
        return facts
    data = sources.data_of(path)
    if data is None:
        return None
    facts = extract_deferring(path, data, settings)
    if not facts.cacheable:
        return None
    cache.put(path, sources.hashes[path], facts)
    return facts


def store_last_run(
    store: LastRunStore,
    sources: Sources,
    texts_read: Iterable[str],
    inputs: str,
    selected: Sequence[Rule],
    index: LinkIndex | None,
    bodies_read: frozenset[str],
) -> None:
    from alignlint.run.last_run import LastRun, built_in

    if built_in(selected):
        run = LastRun(dict(sources.hashes), frozenset(texts_read), inputs, index, bodies_read)
        store.put(run)


def interfaces_declared(selected: Sequence[Rule]) -> bool:
    """Whether every rule says what it reads: one step, or the project's interfaces."""
    return all(rule.reads in (Scope.STEP, Scope.INTERFACES) for rule in selected)


def link_index(
    capture: Capture, project: Project, facts: Sequence[FileFacts], directives: Sequence[Directive]
) -> LinkIndex | None:
    """The link index of a complete run of the whole project (None without units)."""
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
        files_parsed=sum(1 for f in facts if not f.errors),
        steps=len(project.steps),
        counters=dict(project.counters),
        unlinked=len(project.unlinked),
        unresolved=len(project.unresolved),
    )


# -- a run after changes only their own steps read: the steps reading them are linked again --------
#: More units to link again than this are checked the usual way.
MOST_RELINKED_UNITS = 16


@dataclass
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
    cache: FactCache,
    sources: Sources,
    settings: Settings,
    texts: Mapping[str, str],
    shifts: Mapping[str, LineShift],
) -> dict[int, _Relinked] | None:
    """The units reading a changed file, each linked again from the files it reads (None when
    there are too many, or one does not link as it did: other pieces, other links, other files
    read; positions in a file whose lines moved (``shifts``) are compared where they were).
    The unit of the pieces of no step keeps those the whole project had: the project linked
    from part of the files has more pieces of no step."""
    from alignlint.model import build_project
    from alignlint.model.line_shift import moved_back_through
    from alignlint.model.units import (
        UNLINKED,
        Narrowing,
        UnitDigests,
        piece_identities,
        project_units,
        unit_structure,
        with_pieces,
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
        facts = [changed.get(path) or cache.get(path, sources.hashes[path]) for path in paths]
        present = [item for item in facts if item is not None]
        if len(present) != len(paths):
            return None
        deferred = install_deferred_sources(present, sources, settings)
        project = build_project(present, settings, texts, all_paths=every_path)
        units = project_units(project)
        # The unit's structure is where its positions were when it was last linked: before
        # this run's moves and the moves of the runs since.
        history = [shifts, *({move.path: move} for move in reversed(record.moves))]
        was = functools.partial(moved_back_through, moves=history)

        unit = (
            with_pieces(units[-1], frozenset(record.pieces), was)
            if record.name == UNLINKED
            else next((u for u in units if u.name == record.name), None)
        )
        if unit is None or unit_structure(unit, was) != record.structure:
            return None
        digests = UnitDigests(project)
        if sorted(digests.read_set(unit)) != paths:
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
