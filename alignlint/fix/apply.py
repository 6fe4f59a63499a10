"""One pass of fixing: choose non-overlapping fixes and apply them to the files' text.

Fixes are taken in a deterministic order (the finding's file, position and code). A fix whose edit
overlaps an edit already chosen in this pass — in any of its files — is deferred to the next pass;
a fix that touches a file that must not be edited is discarded and reported. Insertions
(structural edits) claim their whole container, except that several insertions into the same
container go together: they are written in one go, in order (:mod:`alignlint.fix.structural`).

Edits replace character spans of the original text, so everything outside them stays
byte-identical; inserted text gets the file's newline style. A fix whose result would not load
is discarded: the files that do not load are found first, then the fixes that touch them are
split in halves until the culprits are isolated, so one bad fix among ``n`` costs ``O(log n)``
builds of its file instead of ``n`` (the pass stays linear in the number of fixes).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import field, replace
from itertools import pairwise

from alignlint.core.records import record
from alignlint.core.types import Diagnostic, Fix, Insertion
from alignlint.fix.report import DiscardedFix
from alignlint.fix.store import SourceStore
from alignlint.fix.structural import InsertionError, insertion_edits
from alignlint.fix.text import PositionError, SourceText, convert_newlines
from alignlint.fix.verify import load_error
from alignlint.run.fix_policy import FixPolicy


@record(order=True)
class FixCandidate:
    """A fix the policy allows, with the finding it repairs (``path``/``order``: where it is)."""

    order: tuple[str, int, int, str, str]
    code: str
    fix: Fix = field(compare=False)
    finding: Diagnostic | None = field(default=None, compare=False)

    @property
    def path(self) -> str:
        return self.order[0]

    @property
    def line(self) -> int:
        return self.order[1]


@record(order=True)
class ResolvedEdit:
    """An edit as character offsets into the current text of ``path``."""

    path: str
    start: int
    end: int
    content: str

    def conflicts_with(self, other: ResolvedEdit) -> bool:
        if self.path != other.path:
            return False
        if self.start == other.start:
            return True
        return self.start < other.end and other.start < self.end


@record(order=True)
class _Claim:
    """A region a chosen fix writes: an edit's span, or the whole container of an insertion."""

    path: str
    start: int
    end: int
    container: bool

    def conflicts_with(self, other: _Claim) -> bool:
        if self.path != other.path:
            return False
        if (
            self.container
            and other.container
            and (self.start, self.end) == (other.start, other.end)
        ):
            return False  # insertions into the same container are written together
        if self.start == other.start:
            return True
        return self.start < other.end and other.start < self.end


@record
class PlannedFix:
    """A chosen fix: its plain edits resolved against the current text, and its insertions;
    ``twins`` are later candidates whose fix is exactly the same (applied with it)."""

    candidate: FixCandidate
    edits: tuple[ResolvedEdit, ...]
    insertions: tuple[Insertion, ...]
    twins: tuple[FixCandidate, ...] = ()

    @property
    def candidates(self) -> tuple[FixCandidate, ...]:
        return (self.candidate, *self.twins)

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(e.path for e in self.edits) | {i.span.path for i in self.insertions}


@record(frozen=False)
class PassResult:
    """What one pass did."""

    applied: list[FixCandidate] = field(default_factory=list)
    deferred: list[FixCandidate] = field(default_factory=list)
    discarded: list[DiscardedFix] = field(default_factory=list)
    #: The candidates behind :attr:`discarded`.
    rejected: list[FixCandidate] = field(default_factory=list)


def fix_candidates(diagnostics: Iterable[Diagnostic], policy: FixPolicy) -> list[FixCandidate]:
    """The fixes ``policy`` allows, in the order they are tried."""
    candidates = [
        FixCandidate(d.sort_key, d.code, d.fix, d)
        for d in diagnostics
        if d.fix is not None and d.fix.changes_something and policy.allows(d.fix, d.code, d.name)
    ]
    return sorted(candidates, key=lambda c: (c.order, c.fix.edits))


def apply_pass(candidates: Sequence[FixCandidate], store: SourceStore) -> PassResult:
    """Apply every candidate that does not overlap an earlier one; update ``store``."""
    result = PassResult()
    planned = choose(candidates, store, result)
    accepted = apply_planned(planned, store, result)
    result.applied.extend(candidate for fix in accepted for candidate in fix.candidates)
    return result


def choose(
    candidates: Sequence[FixCandidate], store: SourceStore, result: PassResult
) -> list[PlannedFix]:
    """The candidates that can go together in one pass, in order: the others are deferred
    (they overlap one chosen earlier) or discarded (``result`` says which)."""
    chosen: list[PlannedFix] = []
    taken = _TakenClaims()
    seen: dict[tuple[tuple[ResolvedEdit, ...], tuple[Insertion, ...]], int] = {}
    for candidate in candidates:
        planned = _plan(candidate, store)
        if isinstance(planned, DiscardedFix):
            result.discarded.append(planned)
            result.rejected.append(candidate)
            continue
        identity = (planned.edits, planned.insertions)
        if identity in seen:
            twin = chosen[seen[identity]]
            chosen[seen[identity]] = replace(twin, twins=(*twin.twins, candidate))
            continue
        claims = _claims(planned, store)
        if any(taken.conflicts_with(claim) for claim in claims):
            result.deferred.append(candidate)
            continue
        seen[identity] = len(chosen)
        taken.add(claims)
        chosen.append(planned)
    return chosen


def apply_planned(
    planned: Sequence[PlannedFix], store: SourceStore, result: PassResult
) -> list[PlannedFix]:
    """Write the planned fixes into ``store``, except those whose result would not load
    (discarded into ``result``); returns the fixes written."""
    built, failures = _build_checked(store, planned)
    if not failures:
        accepted = list(planned)
    else:
        accepted = [fix for fix in planned if not fix.paths & failures.keys()]
        suspects = [fix for fix in planned if fix.paths & failures.keys()]
        _isolate(store, accepted, suspects, result)
        accepted.sort(key=lambda fix: fix.candidate)
        built, _ = _build_checked(store, accepted)
    for path, source in built.items():
        store.update(path, source)
    return accepted


def _isolate(
    store: SourceStore,
    accepted: list[PlannedFix],
    suspects: list[PlannedFix],
    result: PassResult,
) -> None:
    """Add to ``accepted`` every suspect that loads together with what is accepted: a group
    that loads goes in whole, one that does not is split in halves (in order)."""
    pending = [suspects]
    while pending:
        group = pending.pop()
        paths = frozenset().union(*(fix.paths for fix in group))
        trial = sorted([*accepted, *group], key=lambda fix: fix.candidate)
        _, failures = _build_checked(store, trial, paths)
        if not failures:
            accepted.extend(group)
        elif len(group) == 1:
            candidate = group[0].candidate
            reason = "; ".join(reason for _, reason in sorted(failures.items()))
            result.discarded.append(
                DiscardedFix(candidate.path, candidate.code, candidate.fix.message, reason)
            )
            result.rejected.append(candidate)
        else:
            middle = len(group) // 2
            pending.extend([group[middle:], group[:middle]])


class _TakenClaims:
    """The claims chosen so far in a pass, per file, sorted (they never overlap each other)."""

    def __init__(self) -> None:
        self._by_path: dict[str, list[_Claim]] = {}

    def add(self, claims: Iterable[_Claim]) -> None:
        for claim in claims:
            taken = self._by_path.setdefault(claim.path, [])
            index = bisect_left(taken, claim)
            if index < len(taken) and taken[index] == claim:
                continue
            insort(taken, claim)

    def conflicts_with(self, claim: _Claim) -> bool:
        """Whether ``claim`` overlaps a chosen claim (only the neighbours by start can)."""
        taken = self._by_path.get(claim.path, [])
        index = bisect_left(taken, claim)
        neighbours = taken[max(index - 1, 0) : index + 2]
        return any(claim.conflicts_with(other) for other in neighbours)


def _plan(candidate: FixCandidate, store: SourceStore) -> PlannedFix | DiscardedFix:
    def discard(reason: str) -> DiscardedFix:
        return DiscardedFix(candidate.path, candidate.code, candidate.fix.message, reason)

    edits = []
    for edit in candidate.fix.edits:
        path = edit.span.path
        problem = store.problem(path)
        if problem is not None:
            return discard(f"{path} {problem}")
        source = store.current(path)
        index = source.line_index
        try:
            start, end = index.offset(edit.span.start), index.offset(edit.span.end)
        except PositionError as error:
            return discard(f"{path}: the edit's span is invalid: {error}")
        if end < start:
            return discard(f"{path}: the edit's span ends before it starts")
        content = convert_newlines(edit.content, source.newline)
        try:
            content.encode(source.encoding)
        except UnicodeEncodeError:
            return discard(f"{path}: the new text cannot be encoded as {source.encoding}")
        edits.append(ResolvedEdit(path, start, end, content))
    for insertion in candidate.fix.insertions:
        path = insertion.span.path
        problem = store.problem(path)
        if problem is not None:
            return discard(f"{path} {problem}")
        try:
            _offsets(store.current(path), insertion)
        except PositionError as error:
            return discard(f"{path}: the insertion's span is invalid: {error}")
    ordered = tuple(sorted(edits))
    for first, second in pairwise(ordered):
        if first.conflicts_with(second):
            return discard(f"{first.path}: the fix's own edits overlap")
    return PlannedFix(candidate, ordered, candidate.fix.insertions)


def _offsets(source: SourceText, insertion: Insertion) -> tuple[int, int]:
    index = source.line_index
    return index.offset(insertion.span.start), index.offset(insertion.span.end)


def _claims(planned: PlannedFix, store: SourceStore) -> list[_Claim]:
    claims = [_Claim(e.path, e.start, e.end, False) for e in planned.edits]
    for insertion in planned.insertions:
        path = insertion.span.path
        start, end = _offsets(store.current(path), insertion)
        claims.append(_Claim(path, start, end, True))
    return claims


def _build_checked(
    store: SourceStore, planned: Sequence[PlannedFix], only: frozenset[str] | None = None
) -> tuple[dict[str, SourceText], dict[str, str]]:
    """The new text of every file the given (non-overlapping) fixes edit (only the files in
    ``only``, when given), and for each file that cannot be written or would not load, why."""
    plain: dict[str, list[ResolvedEdit]] = {}
    inserted: dict[str, list[Insertion]] = {}
    for fix in planned:
        for edit in fix.edits:
            plain.setdefault(edit.path, []).append(edit)
        for insertion in fix.insertions:
            inserted.setdefault(insertion.span.path, []).append(insertion)
    built: dict[str, SourceText] = {}
    failures: dict[str, str] = {}
    for path in sorted(plain.keys() | inserted.keys()):
        if only is not None and path not in only:
            continue
        source = store.current(path)
        edits = list(plain.get(path, ()))
        try:
            edits.extend(_written(path, source, inserted.get(path, ())))
        except InsertionError as error:
            failures[path] = f"{path}: {error}"
            continue
        built[path] = new = source.with_text(_spliced(source.text, edits))
        error_text = load_error(path, new.encode(), new.text)
        if error_text is not None:
            failures[path] = f"the result would not parse: {path}: {error_text}"
    return built, failures


def _spliced(text: str, edits: Iterable[ResolvedEdit]) -> str:
    """``text`` with the (non-overlapping) edits applied, in one sweep."""
    pieces = []
    position = 0
    for edit in sorted(edits):
        pieces.append(text[position : edit.start])
        pieces.append(edit.content)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def _written(path: str, source: SourceText, insertions: Sequence[Insertion]) -> list[ResolvedEdit]:
    """The insertions into one file as edits of its current text."""
    if not insertions:
        return []
    edits = []
    for edit in insertion_edits(source.text, insertions):
        content = convert_newlines(edit.content, source.newline)
        try:
            content.encode(source.encoding)
        except UnicodeEncodeError:
            raise InsertionError(f"the new text cannot be encoded as {source.encoding}") from None
        edits.append(ResolvedEdit(path, edit.start, edit.end, content))
    return edits
