"""A run after changes to how some dependencies are matched (their semantic keywords), from the
last complete run: the dependency rules (ALN3xx) are run again on the *neighbourhood* of the
changed files, once as it was and once as it is, and their findings, unchecked records and
counters move by the difference.

A change that keeps a file's facts but for the semantic keywords of its ``DependencySpec``
calls (:func:`alignlint.model.interfaces.without_hints`) changes nothing any other rule, or
linking, reads: only the resolutions of the dependencies declaring those keywords, against the
library (every producer of the project) and, in each DAG binding a node to their
specification, against the outputs of that node's predecessors. The neighbourhood is a project
linked from the files of the units holding the changed files, and from the files the
specifications of every unit with a specification bound to such a predecessor read (the
record keeps them). Each of the changed files' units must link there as it did in the whole
project (:func:`alignlint.run.incremental.unit_as_recorded`), each of those specifications must
hold what the rules read of a producer as it did, every DAG must have the edges it had and bind
its nodes as it did (or to nothing, when the step it bound is not in the neighbourhood), and its
library is the whole project's
(:mod:`alignlint.rules.spec_dependency.record`). Then every finding whose computation reads a
changed dependency is computed there exactly as in the whole project, before and after; what the
neighbourhood computes of anything else (a DAG with nodes outside it, a dependency's other
DAGs) is the same before and after, so it cancels. ``tests/perf/test_incremental.py`` compares
the result with a full run after random keyword edits of the fixtures, a generated library and
the corpus.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections import Counter
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from alignlint.core.records import record
from alignlint.rules.base import Rule

if TYPE_CHECKING:
    from alignlint.core.settings import Settings
    from alignlint.extract.deferred import DeferredFile
    from alignlint.extract.facts import FileFacts
    from alignlint.model import Project
    from alignlint.model.units import Unit, UnitDigests
    from alignlint.rules.spec_dependency.record import DependencyRecord, SpecKey
    from alignlint.run.fact_cache import FactsOnce
    from alignlint.run.last_run import LastRunStore, LinkIndex, RuleResult
    from alignlint.run.sources import Sources

T = TypeVar("T", bound=Hashable)

#: A neighbourhood of more than this share of the project's units is checked the usual way:
#: linking it twice costs about what linking the whole project once does.
MOST_NEIGHBOURHOOD_SHARE = 0.25


def dependency_rules(selected: Sequence[Rule]) -> list[Rule]:
    """The selected rules of the dependency family (the only readers of semantic keywords)."""
    from alignlint.rules.spec_dependency import RULES

    family = tuple(RULES)
    return [rule for rule in selected if isinstance(rule, family)]


def only_hints_differ(before: FileFacts, now: FileFacts, bodies_read: bool) -> bool:
    """Whether two versions of a file hold the same facts but for semantic keywords
    (:func:`~alignlint.model.interfaces.without_hints`). Deferred bodies compare by where
    they are when the last run read none of the file's (``bodies_read``): linking then reads
    none of them either, and the neighbourhood must not (:func:`_checked`)."""
    from alignlint.extract.deferred import deferred_file
    from alignlint.model.interfaces import without_hints
    from alignlint.run.last_run import without_deferred_bodies

    if deferred_file(before) is not None or deferred_file(now) is not None:
        if bodies_read:
            return False
        before, now = without_deferred_bodies(before), without_deferred_bodies(now)
    return without_hints(before) == without_hints(now)


def record_of(
    project: Project, units: Sequence[Unit], digests: UnitDigests, selected: Sequence[Rule]
) -> bytes | None:
    """The dependency record of a whole project's run, pickled (None when no dependency rule
    ran)."""
    if not dependency_rules(selected):
        return None
    from alignlint.model import Spec
    from alignlint.model.units import UNLINKED
    from alignlint.rules.spec_dependency.record import dependency_record, spec_key

    unit_of: dict[SpecKey, int] = {}
    reads: dict[SpecKey, tuple[str, ...]] = {}
    for number, unit in enumerate(units):
        if unit.name == UNLINKED:
            continue
        for piece in unit.pieces:
            if isinstance(piece, Spec):
                key = spec_key(piece)
                unit_of[key] = number
                reads[key] = tuple(sorted(digests.files_read([piece.path])))
    record = dependency_record(project, unit_of, reads)
    return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


def after_hint_changes(
    index: LinkIndex,
    store: LastRunStore,
    hinted: Mapping[str, tuple[FileFacts, FileFacts]],
    cache: FactsOnce,
    sources: Sources,
    settings: Settings,
    texts: Mapping[str, str],
    selected: Sequence[Rule],
) -> tuple[LinkIndex, Neighbourhood | None] | None:
    """``index`` with the dependency rules' results and the counters of a whole-project run
    after the changes ``hinted`` (path -> facts then and now, the same but for semantic
    keywords), and the neighbourhood as it is; None when that cannot be shown from a
    neighbourhood (see the module doc)."""
    rules = dependency_rules(selected)
    if not rules:
        return index, None  # nothing else reads semantic keywords
    data = index.dependencies
    if data is None:
        return None
    record_digest = data if isinstance(data, str) else hashlib.sha256(data).hexdigest()
    if isinstance(data, str):
        data = store.dependency_record(data)
        if data is None:
            return None
    record: DependencyRecord = pickle.loads(data)  # from an authenticated entry
    found_units = _neighbourhood(index, record, hinted)
    if found_units is None:
        return None
    own, predecessors = found_units
    paths = sorted(
        {index.paths[file] for number in own for file in index.units[number].files}.union(
            *(
                record.reads.get(key, ())
                for key, number in record.units.items()
                if number in predecessors
            )
        )
    )
    unchanged = {
        path: cache.get(path, sources.hashes[path]) for path in paths if path not in hinted
    }
    if any(facts is None for facts in unchanged.values()):
        return None
    keys = [
        _neighbourhood_key(record_digest, rules, paths, sources, hinted, side) for side in (0, 1)
    ]
    found: list[_Checked] = []
    for side in (0, 1):
        if side == 0:
            # What the last keyword change found here as it is now, if this is that state.
            stored = store.neighbourhood(keys[0])
            if isinstance(stored, tuple) and len(stored) == 3:
                found.append((*stored, None))
                continue
        files = [unchanged.get(path) or hinted[path][side] for path in paths]
        checked = _checked(
            [item for item in files if item is not None],
            index,
            record,
            own,
            predecessors,
            sources,
            settings,
            texts,
            rules,
            hinted.keys(),
        )
        if checked is None:
            return None
        found.append(checked)
    store.put_neighbourhood(keys[1], found[1][:3])
    (before, counters_before, left_before, _), (after, counters_after, left_after, now) = found
    assert now is not None
    if left_before != left_after:
        return None  # a keyword that does not resolve: the whole project's run counts it
    results = dict(index.project_results)
    for rule in rules:
        stored = index.project_results.get(rule.code)
        if stored is None:
            return None
        moved = _moved(stored[0], before[rule.code][0], after[rule.code][0])
        unchecked = _moved(stored[1], before[rule.code][1], after[rule.code][1])
        if moved is None or unchecked is None or _ambiguous(moved):
            return None
        results[rule.code] = (moved, unchecked)
    counters = _moved_counters(index.counters, counters_before, counters_after)
    if counters is None:
        return None
    return dataclasses.replace(index, project_results=results, counters=counters), now


def _neighbourhood_key(
    record_digest: str,
    rules: Sequence[Rule],
    paths: Sequence[str],
    sources: Sources,
    hinted: Mapping[str, tuple[FileFacts, FileFacts]],
    side: int,
) -> str:
    """What a neighbourhood's results depend on: the record (by its sha256), the rules (options,
    severity) and the content of its files, as they were (``side`` 0) or are (1)."""
    from alignlint.run.unit_results import rule_identity

    digest = hashlib.sha256(f"{record_digest}\n".encode())
    for rule in rules:
        digest.update(f"{rule_identity(rule)}\n".encode())
    for path in paths:
        content = hinted[path][side].content_hash if path in hinted else sources.hashes[path]
        digest.update(f"{path}\0{content}\n".encode())
    return digest.hexdigest()


def _neighbourhood(
    index: LinkIndex,
    record: DependencyRecord,
    hinted: Mapping[str, tuple[FileFacts, FileFacts]],
) -> tuple[list[int], list[int]] | None:
    """The numbers of the units of the neighbourhood of the changed files, in order: their own
    units, and the units of the specifications bound to a predecessor of one of their nodes in
    any DAG (a node's dependencies are matched against its predecessors' outputs only)."""
    from alignlint.model.units import UNLINKED

    position = {path: number for number, path in enumerate(index.paths)}
    changed = {position[path] for path in hinted}
    own = {n for n, unit in enumerate(index.units) if changed.intersection(unit.files)}
    if not own or any(index.units[n].name == UNLINKED for n in own):
        return None
    # The specifications of the changed units: a changed file may declare any of them.
    own_specs = {key for key, number in record.units.items() if number in own}
    predecessors: set[int] = set()
    for dag in record.dags:
        bound = dict(dag.bindings)
        for node, key in dag.bindings:
            if key not in own_specs:
                continue
            for predecessor in dag.predecessors(node):
                source = bound.get(predecessor)
                if source is None:
                    continue  # bound to nothing in the whole project too
                number = record.units.get(source)
                if number is None:
                    return None  # a node bound to a specification of no step
                predecessors.add(number)
    predecessors -= own
    if len(own) + len(predecessors) > MOST_NEIGHBOURHOOD_SHARE * len(index.units):
        return None
    return sorted(own), sorted(predecessors)


@record
class Neighbourhood:
    """A neighbourhood linked from the files as they are: its project, units and their digests,
    the files whose bodies are deferred, and the numbers (in the link index) of the units it
    holds as the whole project did. The units reading a changed file are checked there too."""

    project: Project
    units: Sequence[Unit]
    digests: UnitDigests
    deferred: Sequence[DeferredFile]
    numbers: frozenset[int]


#: What the dependency rules found on a neighbourhood (by rule code), its counters, how many
#: values it could not resolve and pieces it could not link, and the neighbourhood.
_Checked = tuple[dict[str, "RuleResult"], dict[str, int], tuple[int, int], Neighbourhood | None]


def _checked(
    facts: list[FileFacts],
    index: LinkIndex,
    record: DependencyRecord,
    own: Sequence[int],
    predecessors: Sequence[int],
    sources: Sources,
    settings: Settings,
    texts: Mapping[str, str],
    rules: Sequence[Rule],
    changed: Collection[str],
) -> _Checked | None:
    """The dependency rules' results on the neighbourhood linked from ``facts``, when it links
    as the whole project did (None otherwise, or when a rule fails there): the units ``own``
    whole, and of the units ``predecessors`` the specifications, each holding what the rules
    read of a producer as the whole project's did."""
    from alignlint.extract.deferred import bodies_read
    from alignlint.model import build_project
    from alignlint.model.units import UnitDigests, project_units
    from alignlint.rules.spec_dependency.record import use_library
    from alignlint.run.incremental import unit_as_recorded
    from alignlint.run.sources import install_deferred_sources

    deferred = install_deferred_sources(facts, sources, settings)
    project = build_project(facts, settings, texts, all_paths=frozenset(index.paths))
    units = project_units(project)
    digests = UnitDigests(project)
    for number in own:
        unit = index.units[number]
        paths = [index.paths[file] for file in unit.files]
        if unit_as_recorded(units, unit, paths, digests, {}) is None:
            return None
    if not _producers_as_recorded(project, record, predecessors):
        return None
    if not use_library(project, record.library):
        return None
    if not _bound_as_recorded(project, record, [*own, *predecessors]):
        return None
    results: dict[str, RuleResult] = {}
    for rule in rules:
        before = len(rule.unchecked)
        try:
            found = tuple(rule.check(project))
        except Exception:
            return None  # the whole project's run says what went wrong
        finally:
            records = tuple(rule.unchecked[before:])
            del rule.unchecked[before:]
        results[rule.code] = (found, records)
    if bodies_read(deferred).intersection(changed):
        return None  # read from the file as it is now, whichever side this is
    left = (len(project.unresolved), len(project.unlinked))
    linked = Neighbourhood(project, units, digests, deferred, frozenset(own))
    return results, dict(project.counters), left, linked


def _producers_as_recorded(
    project: Project, record: DependencyRecord, numbers: Sequence[int]
) -> bool:
    """Whether every specification of the units ``numbers`` is in ``project`` and holds what
    the rules read of a producer as the whole project's did."""
    from alignlint.rules.spec_dependency.record import is_recorded_producer, spec_key

    linked = {spec_key(spec): spec for spec in project.specs}
    producers = {item.key: item for item in record.library.producers}
    inside = set(numbers)
    for key, number in record.units.items():
        if number not in inside:
            continue
        spec, item = linked.get(key), producers.get(key)
        if spec is None or item is None or not is_recorded_producer(spec, item):
            return False
    return True


def _bound_as_recorded(project: Project, record: DependencyRecord, numbers: Sequence[int]) -> bool:
    """Whether every DAG of the neighbourhood has the shape the whole project saw and binds
    each node to the specification the whole project bound it to, or (when that
    specification's unit is not in the neighbourhood) to it or nothing."""
    from alignlint.rules.spec_dependency.record import dag_records

    recorded = {dag.key: dag for dag in record.dags}
    inside = set(numbers)
    for dag in dag_records(project):
        whole = recorded.get(dag.key)
        if whole is None or whole.shape != dag.shape:
            return False
        was_bound = dict(whole.bindings)
        if was_bound.keys() != dict(dag.bindings).keys():
            return False
        for node, bound in dag.bindings:
            was = was_bound[node]
            if bound == was:
                continue
            if bound is not None or was is None or record.units.get(was) in inside:
                return False
    return True


def _moved(total: Sequence[T], before: Sequence[T], after: Sequence[T]) -> tuple[T, ...] | None:
    """``total`` without what ``before`` holds and ``after`` does not, with what ``after``
    holds and ``before`` does not (as multisets; the rest keeps its order); None when
    ``total`` does not hold what is to be taken out."""
    try:
        removed = Counter(before) - Counter(after)
        added = Counter(after) - Counter(before)
        present = Counter(total)
    except TypeError:
        return None  # an unhashable finding: compared the usual way
    if any(present[item] < count for item, count in removed.items()):
        return None
    kept: list[T] = []
    for item in total:
        if removed[item] > 0:
            removed[item] -= 1
            continue
        kept.append(item)
    for item in after:
        if added[item] > 0:
            added[item] -= 1
            kept.append(item)
    return tuple(kept)


def _ambiguous(found: Sequence[Hashable]) -> bool:
    """Whether two different findings share a place and message: which one is printed
    depends on their order, which a moved list does not keep."""
    seen: dict[tuple[object, object], Hashable] = {}
    for item in found:
        key = (getattr(item, "span", None), getattr(item, "message", None))
        if seen.setdefault(key, item) != item:
            return True
    return False


def _moved_counters(
    total: Mapping[str, int], before: Mapping[str, int], after: Mapping[str, int]
) -> dict[str, int] | None:
    """The counters of the whole project moved by the neighbourhood's difference; None when a
    counter appears or disappears there (the whole project's run decides whether it shows)."""
    if before.keys() != after.keys():
        return None
    counters = dict(total)
    for key, value in after.items():
        change = value - before[key]
        if change:
            if key not in counters:
                return None
            counters[key] += change
    return counters
