"""One pass of fixing: choose non-overlapping fixes and apply them to the files' text.

Fixes are taken in a deterministic order (the finding's file, position and code). A fix whose edit
overlaps an edit already chosen in this pass — in any of its files — is deferred to the next pass;
a fix that touches a file that must not be edited, or whose result would not load, is discarded and
reported. Edits replace character spans of the original text, so everything outside them stays
byte-identical; inserted text gets the file's newline style.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from alignlint.core.types import Diagnostic, Fix
from alignlint.fix.report import DiscardedFix
from alignlint.fix.store import SourceStore
from alignlint.fix.text import PositionError, SourceText, convert_newlines
from alignlint.fix.verify import load_error
from alignlint.run.fix_policy import FixPolicy


@dataclass(frozen=True, order=True)
class FixCandidate:
    """A fix the policy allows, with the finding it repairs (``path``/``order``: where it is)."""

    order: tuple[str, int, int, str, str]
    code: str
    fix: Fix = field(compare=False)

    @property
    def path(self) -> str:
        return self.order[0]


@dataclass(frozen=True, order=True)
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


@dataclass
class PassResult:
    """What one pass did."""

    applied: list[FixCandidate] = field(default_factory=list)
    deferred: list[FixCandidate] = field(default_factory=list)
    discarded: list[DiscardedFix] = field(default_factory=list)


def fix_candidates(diagnostics: Iterable[Diagnostic], policy: FixPolicy) -> list[FixCandidate]:
    """The fixes ``policy`` allows, in the order they are tried."""
    candidates = [
        FixCandidate(d.sort_key, d.code, d.fix)
        for d in diagnostics
        if d.fix is not None and d.fix.edits and policy.allows(d.fix, d.code, d.name)
    ]
    return sorted(candidates, key=lambda c: (c.order, c.fix.edits))


def apply_pass(candidates: Sequence[FixCandidate], store: SourceStore) -> PassResult:
    """Apply every candidate that does not overlap an earlier one; update ``store``."""
    result = PassResult()
    chosen: list[tuple[FixCandidate, tuple[ResolvedEdit, ...]]] = []
    taken = _TakenSpans()
    seen: set[tuple[ResolvedEdit, ...]] = set()
    for candidate in candidates:
        resolved = _resolve(candidate, store)
        if isinstance(resolved, DiscardedFix):
            result.discarded.append(resolved)
            continue
        if resolved in seen:
            continue
        if any(taken.conflicts_with(edit) for edit in resolved):
            result.deferred.append(candidate)
            continue
        seen.add(resolved)
        taken.add(resolved)
        chosen.append((candidate, resolved))
    built = _build(store, [edits for _, edits in chosen])
    if all(_load_error(path, source) is None for path, source in built.items()):
        accepted = chosen
    else:
        accepted = _accept_one_by_one(store, chosen, result)
    for path, source in _build(store, [edits for _, edits in accepted]).items():
        store.update(path, source)
    result.applied.extend(candidate for candidate, _ in accepted)
    return result


class _TakenSpans:
    """The edits chosen so far in a pass, per file, sorted (they never overlap each other)."""

    def __init__(self) -> None:
        self._by_path: dict[str, list[ResolvedEdit]] = {}

    def add(self, edits: Iterable[ResolvedEdit]) -> None:
        for edit in edits:
            insort(self._by_path.setdefault(edit.path, []), edit)

    def conflicts_with(self, edit: ResolvedEdit) -> bool:
        """Whether ``edit`` overlaps a chosen edit (only the neighbours by start can)."""
        taken = self._by_path.get(edit.path, [])
        index = bisect_left(taken, edit)
        neighbours = taken[max(index - 1, 0) : index + 1]
        return any(edit.conflicts_with(other) for other in neighbours)


def _resolve(
    candidate: FixCandidate, store: SourceStore
) -> tuple[ResolvedEdit, ...] | DiscardedFix:
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
    ordered = tuple(sorted(edits))
    for first, second in pairwise(ordered):
        if first.conflicts_with(second):
            return discard(f"{first.path}: the fix's own edits overlap")
    return ordered


def _build(store: SourceStore, fixes: Iterable[tuple[ResolvedEdit, ...]]) -> dict[str, SourceText]:
    """The new text of every file the given (non-overlapping) fixes edit."""
    by_path: dict[str, list[ResolvedEdit]] = {}
    for edits in fixes:
        for edit in edits:
            by_path.setdefault(edit.path, []).append(edit)
    built = {}
    for path, path_edits in sorted(by_path.items()):
        source = store.current(path)
        text = source.text
        for edit in sorted(path_edits, reverse=True):
            text = text[: edit.start] + edit.content + text[edit.end :]
        built[path] = source.with_text(text)
    return built


def _load_error(path: str, source: SourceText) -> str | None:
    return load_error(path, source.encode(), source.text)


def _accept_one_by_one(
    store: SourceStore,
    chosen: list[tuple[FixCandidate, tuple[ResolvedEdit, ...]]],
    result: PassResult,
) -> list[tuple[FixCandidate, tuple[ResolvedEdit, ...]]]:
    """Keep each fix only if the files it edits still load with it and every fix kept before."""
    accepted: list[tuple[FixCandidate, tuple[ResolvedEdit, ...]]] = []
    for candidate, edits in chosen:
        paths = {edit.path for edit in edits}
        trial = _build(store, [e for _, e in accepted] + [edits])
        errors = [
            f"{path}: {error}"
            for path in sorted(paths)
            if (error := _load_error(path, trial[path])) is not None
        ]
        if errors:
            reason = "the result would not parse: " + "; ".join(errors)
            result.discarded.append(
                DiscardedFix(candidate.path, candidate.code, candidate.fix.message, reason)
            )
        else:
            accepted.append((candidate, edits))
    return accepted
