"""The last complete run of a request, and reusing it when the files changed since leave every
file's facts equal.

A change that leaves a file's phase 1 facts as they were (a comment, blank lines after the last
statement, formatting that moves no position) cannot change what the rules find, unless a rule
read the file's text (:attr:`alignlint.model.Project.texts`: fixes match the layout of the code
they edit). So the last complete run of each request (the slot of
:mod:`alignlint.run.result_cache`: root, paths asked for, settings, installed rules) is kept
with the content hash of every file it analysed and the files whose text its rules read; a run
whose changed files (same set of files, other content) all have the facts they had then, and
none of whose text was read, reports the same findings, statistics and suppressions (from the
result cache, under the last run's key) without linking the project or running a rule.

Facts are compared in full (:func:`equal_facts`) except the content hash, the line count and
the text of the ``description="..."`` literals of specification calls, which no built-in rule
or model code reads; a run
selecting a rule of another distribution (a plugin may read them) never takes this path. The previous facts come from the fact cache (by the
old content hash), the new ones from it or from extracting the file. Why this is exact: the rules
are deterministic functions of the facts and of the texts they read; with equal facts and equal
read texts they read the same texts again and find the same. By the same argument the set of
texts read carries over to the run that reused the findings, so runs chain.

Layout: ``<cache dir>/lastrun-<version>/<request hash>``, one authenticated entry per slot
(:mod:`alignlint.infra.cache`), overwritten by every complete run; its identity holds the code
fingerprint (:func:`alignlint.run.result_cache.code_fingerprint_of`), so an edited rule never
sees findings its old code computed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from alignlint import __version__
from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Unchecked
from alignlint.extract.deferred import DeferredBody, deferred_file
from alignlint.extract.directives import Directive
from alignlint.extract.facts import BodyFacts, FileFacts
from alignlint.infra.atomic_write import write_atomically
from alignlint.infra.cache import encode_entry, load_entry, prepare_directory, store_entry
from alignlint.model.interfaces import without_descriptions
from alignlint.model.line_shift import LineShift
from alignlint.rules.base import Rule

#: What a rule found and could not check.
RuleResult = tuple[tuple[Diagnostic, ...], tuple[Unchecked, ...]]


@record
class UnitRecord:
    """One unit of the last run's project (:mod:`alignlint.model.units`): its name, digest,
    structure (:func:`~alignlint.model.units.unit_structure`), the files it reads (indices
    into :attr:`LinkIndex.paths`) and, for the pieces of no step, which they are."""

    name: str
    digest: str
    structure: str
    files: tuple[int, ...]
    #: The identities of the pieces of the unit of the pieces of no step
    #: (:func:`~alignlint.model.units.piece_identities`; empty for a step's unit).
    pieces: tuple[str, ...] = ()
    #: The moves of lines of its files since it was linked, oldest first: its structure and
    #: pieces are where they were then (:mod:`alignlint.model.line_shift`).
    moves: tuple[LineShift, ...] = ()


@record
class LinkIndex:
    """What a run after a change to scripts or contracts needs of the last run's linked project
    (one without workspaces, every selected rule declaring what it reads): every file's path (in
    order), the scripts, the contract modules, the units, the findings and unchecked records of each rule declared
    :attr:`~alignlint.rules.base.Scope.INTERFACES` (by code, as the rule yielded them), every
    suppression comment, and what the statistics count."""

    paths: tuple[str, ...]
    scripts: frozenset[str]
    #: The modules that build a script contract.
    contracts: frozenset[str]
    units: tuple[UnitRecord, ...]
    project_results: Mapping[str, RuleResult]
    directives: tuple[Directive, ...]
    files_parsed: int
    steps: int
    counters: Mapping[str, int]
    unlinked: int
    unresolved: int
    #: The dependency analysis's record, when a dependency rule ran
    #: (:mod:`alignlint.rules.spec_dependency.record`, :mod:`alignlint.run.dependency_delta`),
    #: pickled: the bytes as a complete run made them, or their sha256 once stored (the store
    #: keeps them in an entry of their own, :meth:`LastRunStore.dependency_record`: only a run
    #: after a change to semantic keywords reads them, and none rewrites them).
    dependencies: bytes | str | None = None


@record
class LastRun:
    """A complete run: the content hash of every file it analysed (path -> sha256 hex), the
    files whose text a rule read, the result cache's key of what it saw (its findings are
    there: :mod:`alignlint.run.result_cache`), its link index when it has one, and the files
    whose deferred bodies (:mod:`alignlint.extract.deferred`) linking or a rule read."""

    hashes: Mapping[str, str]
    texts_read: frozenset[str]
    inputs: str
    index: LinkIndex | None = None
    bodies_read: frozenset[str] = frozenset()


def built_in(rules: Iterable[Rule]) -> bool:
    """Whether every one of ``rules`` is alignlint's own: its rules (and model) are known to
    read neither a file's content hash nor its line count."""
    return all(type(rule).__module__.partition(".")[0] == "alignlint" for rule in rules)


class LastRunStore:
    """The :class:`LastRun` of one request slot under ``root / settings.cache_dir``; no method
    raises because of what is (or is not) in the cache."""

    def __init__(self, root: Path, settings: Settings, request: str, code: str) -> None:
        self.directory = root / settings.cache_dir
        #: The request key of the slot.
        self.request = request
        self._entry = self.directory / f"lastrun-{__version__}" / request
        self._identity = f"{__version__}\0lastrun\0{request}\0{code}"
        self._read = False
        self._last: LastRun | None = None

    def get(self) -> LastRun | None:
        """The stored run (read once per store)."""
        if self._read:
            return self._last
        value = load_entry(self._entry, self._identity)
        self._read, self._last = True, value if isinstance(value, LastRun) else None
        return self._last

    def put(self, run: LastRun) -> None:
        """Store ``run`` (atomically; failures ignored); the bytes of its dependency record in
        an entry of their own, the run with their digest."""
        index = run.index
        record = index.dependencies if index is not None else None
        try:
            prepare_directory(self.directory, self._entry.parent)
            if index is not None and isinstance(record, bytes):
                digest = hashlib.sha256(record).hexdigest()
                identity = self._record_identity(digest)
                write_atomically(self._record_entry, encode_entry(identity, record))
                run = dataclasses.replace(
                    run, index=dataclasses.replace(index, dependencies=digest)
                )
            self._read, self._last = True, run
            write_atomically(self._entry, encode_entry(self._identity, run))
        except OSError:
            self._read, self._last = True, run
            return

    def dependency_record(self, digest: str) -> bytes | None:
        """The bytes of the dependency record whose sha256 is ``digest``, if stored (the digest
        is part of the entry's authenticated identity: another record is a miss)."""
        value = load_entry(self._record_entry, self._record_identity(digest))
        return value if isinstance(value, bytes) else None

    def neighbourhood(self, key: str) -> object | None:
        """What :meth:`put_neighbourhood` stored under ``key`` (the last one only)."""
        return load_entry(
            self._side_entry("neighbourhood"), f"{self._identity}\0neighbourhood\0{key}"
        )

    def put_neighbourhood(self, key: str, value: object) -> None:
        """Store what a neighbourhood's rules found under ``key`` (:mod:`alignlint.run.
        dependency_delta`: the next change to its keywords starts from it); failures ignored."""
        identity = f"{self._identity}\0neighbourhood\0{key}"
        store_entry(self.directory, self._side_entry("neighbourhood"), identity, value)

    def _side_entry(self, kind: str) -> Path:
        """An entry of the slot beside its last run (named like every entry: a hash)."""
        name = hashlib.sha256(f"{self.request}\0{kind}".encode()).hexdigest()
        return self._entry.with_name(name)

    @property
    def _record_entry(self) -> Path:
        return self._side_entry("dependencies")

    def _record_identity(self, digest: str) -> str:
        return f"{self._identity}\0dependencies\0{digest}"


def changed_paths(before: Mapping[str, str], now: Mapping[str, str]) -> list[str] | None:
    """The paths whose content hash differs between two runs, or None when the runs did not
    analyse the same files (a file added, deleted or renamed)."""
    if before.keys() != now.keys():
        return None
    return sorted(path for path, digest in now.items() if before[path] != digest)


def equal_facts(
    before: FileFacts,
    now: FileFacts,
    comparable: Callable[[FileFacts], FileFacts] | None = None,
) -> bool:
    """Whether two extractions of one file hold the same facts, but for the content hash, the
    line count and the text of descriptions
    (:func:`~alignlint.model.interfaces.without_descriptions`; see the module doc).
    ``comparable``: :func:`comparable_facts`, or a memo of it (a large script's facts take a
    while to walk)."""
    if deferred_file(before) is not None or deferred_file(now) is not None:
        return False  # deferred bodies are read from their file's bytes: never the same file
    same_hash = dataclasses.replace(
        now, content_hash=before.content_hash, line_count=before.line_count
    )
    cut = comparable or comparable_facts
    return same_hash == before or cut(now) == cut(before)


def comparable_facts(facts: FileFacts) -> FileFacts:
    """``facts`` as :func:`equal_facts` compares them: without the content hash, the line count
    and the text of descriptions (for facts whose bodies are all scanned)."""
    return without_descriptions(dataclasses.replace(facts, content_hash="", line_count=0))


def equal_but_unread_bodies(before: FileFacts, now: FileFacts) -> bool:
    """Whether two extractions of a module whose function bodies are deferred
    (:mod:`alignlint.extract.deferred`) hold the same facts but for those bodies (and the
    content hash and line count): when the last run read none of its bodies, this one reads
    none either (linking sees the same module), and its findings do not depend on them."""
    if deferred_file(before) is None or deferred_file(now) is None:
        return False
    return without_deferred_bodies(before) == without_deferred_bodies(now)


def without_deferred_bodies(facts: FileFacts) -> FileFacts:
    """``facts`` with every deferred body replaced by where it is (a placeholder that compares
    by place, not by the bytes it would be read from), without content hash and line count."""
    functions = tuple(
        dataclasses.replace(function, body=_placeholder(function.body))
        for function in facts.functions
    )
    classes = tuple(
        dataclasses.replace(
            cls,
            methods=tuple(
                dataclasses.replace(method, body=_placeholder(method.body))
                for method in cls.methods
            ),
        )
        for cls in facts.classes
    )
    return dataclasses.replace(
        facts, content_hash="", line_count=0, functions=functions, classes=classes
    )


def _placeholder(body: BodyFacts) -> Any:
    if isinstance(body, DeferredBody):
        return DeferredPlace(*body.place())
    return body


@record
class DeferredPlace:
    """Where a deferred body is in its file's facts, and which of its fields are known empty."""

    key: tuple[int, ...]
    known_empty: frozenset[str]


def reusable(last: LastRun, hashes: Mapping[str, str]) -> Sequence[str] | None:
    """The changed paths when ``last`` may be reused for files of these ``hashes`` as far as the
    file set and the texts read say (their facts remain to be compared), else None."""
    changed = changed_paths(last.hashes, hashes)
    if changed is None or any(path in last.texts_read for path in changed):
        return None
    return changed
