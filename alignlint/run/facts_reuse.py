"""A run after changes that leave every changed file's facts as they were, from the last
complete run of the same request (:mod:`alignlint.run.last_run`): no rule is imported or run.

When every changed file holds the facts it held then (for a module whose deferred bodies no run
read, all of them but those bodies), the last run's findings stand; when the facts are the same
but for lines moved in one place, they stand at their new lines. Such runs need of the installed
rules only what the cache keys hold (:class:`~alignlint.run.result_cache.InstalledRules`), so a
warm run that found no cached result (:mod:`alignlint.run.cached_result`) answers them from the
rule catalogue, as it answers an unchanged project. Other changes are
:mod:`alignlint.run.incremental`'s, which starts from the same :class:`Comparison`.
``docs/performance.md`` (Incremental checks) describes what each path relies on and the tests
that hold it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.run.result_cache import InstalledRules, cache_inputs
from alignlint.run.unit_results import open_unit_results

if TYPE_CHECKING:
    from alignlint.extract.facts import FileFacts
    from alignlint.model.line_shift import LineShift
    from alignlint.run.fact_cache import FactCache
    from alignlint.run.last_run import LastRun, LastRunStore, LinkIndex
    from alignlint.run.result_cache import ResultCache, RunRecord
    from alignlint.run.sources import Sources

#: More changed files than this are checked the usual way (each is compared on its own).
MOST_COMPARED_FILES = 64
#: A unit keeps at most this many moves of lines since it was linked (the link index stays
#: small); after more, the next run that links it again links the whole project.
MOST_MOVES = 32


def last_run_store(
    root: Path, paths: Iterable[str | Path], settings: Settings, rules: InstalledRules
) -> LastRunStore | None:
    """The last run of this request, when the cache directory is usable."""
    from alignlint.run.fact_cache import FactCache
    from alignlint.run.last_run import LastRunStore

    if not FactCache.available(root, settings):
        return None
    return LastRunStore(
        root, settings, rules.request(root, list(paths), settings), rules.fingerprint
    )


@record
class Comparison:
    """The last run of a request and this run's files: the changed files' facts then and now,
    those holding the facts they held (``unchanged``), and the last run's findings."""

    last: LastRun
    previous: RunRecord
    compared: Mapping[str, tuple[FileFacts, FileFacts]]
    unchanged: frozenset[str]
    #: :func:`~alignlint.run.last_run.comparable_facts` of the compared facts, made once.
    comparable: ComparableFacts


def compare_with_last_run(
    store: LastRunStore, sources: Sources, settings: Settings, root: Path, results: ResultCache
) -> Comparison | None:
    """The changed files of this run compared with the last one, when the same files are
    analysed, at most :data:`MOST_COMPARED_FILES` changed, none of whose text a rule read, and
    their facts (then and now) and the last run's findings are known; else None."""
    from alignlint.run.fact_cache import FactCache
    from alignlint.run.last_run import equal_but_unread_bodies, equal_facts, reusable

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
    comparable = ComparableFacts()
    unchanged = frozenset(
        path
        for path, pair in compared.items()
        if equal_facts(*pair, comparable)
        or (path not in last.bodies_read and equal_but_unread_bodies(*pair))
    )
    return Comparison(last, previous, compared, unchanged, comparable)


class ComparableFacts:
    """:func:`~alignlint.run.last_run.comparable_facts`, remembered for the facts it was asked
    for (they are kept alive with the answer)."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[FileFacts, FileFacts]] = {}

    def __call__(self, facts: FileFacts) -> FileFacts:
        from alignlint.run.last_run import comparable_facts

        found = self._made.get(id(facts))
        if found is None:
            found = self._made[id(facts)] = (facts, comparable_facts(facts))
        return found[1]


def reuse_facts(
    comparison: Comparison,
    store: LastRunStore,
    sources: Sources,
    settings: Settings,
    root: Path,
    rules: InstalledRules,
    results: ResultCache,
) -> RunRecord | None:
    """This run's findings when every changed file holds the facts it held (the last run's
    findings stand) or the same facts with the lines after one place moved (they stand at
    their new lines); stored as the request's result and last run. None otherwise."""
    last, previous = comparison.last, comparison.previous
    if len(comparison.unchanged) == len(comparison.compared):
        record, index = previous, last.index
    else:
        moved_run = _lines_moved(comparison, root, settings, rules)
        if moved_run is None:
            return None
        record, index = moved_run
    store_run(store, sources, last.texts_read, rules, record, results, index, last.bodies_read)
    return record


def store_run(
    store: LastRunStore,
    sources: Sources,
    texts_read: Iterable[str],
    rules: InstalledRules,
    record: RunRecord,
    results: ResultCache,
    index: LinkIndex | None,
    bodies_read: frozenset[str],
) -> None:
    """Store ``record`` as the result of this run's files, and the run as the request's last."""
    from alignlint.run.last_run import LastRun

    inputs = cache_inputs(sources, rules)
    results.put(inputs, record)
    store.put(LastRun(dict(sources.hashes), frozenset(texts_read), inputs, index, bodies_read))


def _lines_moved(
    comparison: Comparison, root: Path, settings: Settings, rules: InstalledRules
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
    from alignlint.run.last_run import without_deferred_bodies
    from alignlint.run.result_cache import RunRecord
    from alignlint.run.unit_results import NOTHING

    last, previous = comparison.last, comparison.previous
    shifts: dict[str, LineShift] = {}
    for path, (before, now) in comparison.compared.items():
        if path in comparison.unchanged:
            continue
        # A module whose deferred bodies no run read is compared without them; a scanned
        # module with a deferred one never (comparing them would read the deferred bodies),
        # nor one whose read bodies may have changed.
        deferred = (deferred_file(before) is not None, deferred_file(now) is not None)
        comparable: Callable[[FileFacts], FileFacts]
        if deferred == (False, False):
            comparable = comparison.comparable
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
    wiring = previous.wiring.moved(shifts) if previous.wiring is not None else None
    if diagnostics is None or (previous.wiring is not None and wiring is None):
        return None
    record = RunRecord(diagnostics, previous.statistics, previous.suppressed, wiring)
    index = last.index
    if index is None:
        return record, None
    if index.paths != tuple(sorted(last.hashes)):
        return None
    moved_index = index_moved(index, shifts)
    unit_results = open_unit_results(root, settings, rules)
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


def index_moved(index: LinkIndex, shifts: Mapping[str, LineShift]) -> LinkIndex | None:
    """``index`` with what its whole-project rules found and its suppression comments carried
    to the new lines of the shifted files; None when one lies where an edit happened. The
    dependency record (stored apart, with positions in specifications and DAGs) is not carried:
    the index no longer has one, and the next run that needs it links the whole project."""
    from alignlint.model.line_shift import moved

    results = moved(dict(index.project_results), shifts)
    directives = moved(index.directives, shifts)
    if results is None or directives is None:
        return None
    return dataclasses.replace(
        index, project_results=results, directives=directives, dependencies=None
    )


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
