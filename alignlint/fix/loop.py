"""The ruff-style fix loop: apply, re-analyse, repeat until nothing more applies.

Everything happens in memory: ``analyze`` receives the new bytes of every file changed so far
(path → bytes, an *overlay* over the disk) and returns the findings of the project as it would be.
The loop stops when no allowed fix is left or none of them can be applied; after ``max_passes``
passes, or as soon as the files come back to a state seen before (fixes undoing each other), it stops
and reports a failure to converge with the codes of the fixes still being applied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from alignlint.core.types import Diagnostic
from alignlint.fix.apply import FixCandidate, apply_pass, fix_candidates
from alignlint.fix.report import DiscardedFix
from alignlint.fix.store import SourceStore, digest
from alignlint.run.fix_policy import FixPolicy

#: Analyse the project with the given files' content replaced (path → bytes); return all findings.
Analyze = Callable[[Mapping[str, bytes]], Sequence[Diagnostic]]

DEFAULT_MAX_PASSES = 10


@dataclass(frozen=True)
class AppliedFix:
    """A fix applied in some pass: the rule it belongs to, the files it edited, and the file of
    the finding it repaired (``origin``)."""

    code: str
    paths: tuple[str, ...]
    origin: str = ""


@dataclass(frozen=True)
class LoopResult:
    """The outcome of :func:`fix_until_stable` (the new file contents are in the store)."""

    applied: tuple[AppliedFix, ...]
    discarded: tuple[DiscardedFix, ...]
    passes: int
    converged: bool
    non_converging_codes: tuple[str, ...]
    remaining: tuple[Diagnostic, ...]


def fix_until_stable(
    analyze: Analyze,
    store: SourceStore,
    policy: FixPolicy,
    *,
    max_passes: int = DEFAULT_MAX_PASSES,
    diagnostics: Sequence[Diagnostic] | None = None,
) -> LoopResult:
    """Apply allowed fixes pass after pass until the findings stop offering applicable fixes.

    ``diagnostics`` are the findings of the unchanged project if already known (else ``analyze``
    is called first).
    """
    current = tuple(analyze(store.overlay()) if diagnostics is None else diagnostics)
    applied: list[AppliedFix] = []
    discarded: dict[DiscardedFix, None] = {}
    seen_states = {_state(store)}
    last_codes: tuple[str, ...] = ()
    passes = 0
    while True:
        candidates = fix_candidates(current, policy)
        if not candidates:
            return _result(applied, discarded, passes, (), current)
        if passes == max_passes:
            return _result(applied, discarded, passes, last_codes or _codes(candidates), current)
        outcome = apply_pass(candidates, store)
        discarded.update(dict.fromkeys(outcome.discarded))
        if not outcome.applied:
            return _result(applied, discarded, passes, (), current)
        passes += 1
        applied.extend(AppliedFix(c.code, c.fix.paths, c.path) for c in outcome.applied)
        last_codes = _codes(outcome.applied)
        current = tuple(analyze(store.overlay()))
        state = _state(store)
        if state in seen_states:
            return _result(applied, discarded, passes, last_codes, current)
        seen_states.add(state)


def _state(store: SourceStore) -> frozenset[tuple[str, str]]:
    return frozenset((change.path, digest(change.new)) for change in store.changes())


def _codes(candidates: Sequence[FixCandidate]) -> tuple[str, ...]:
    return tuple(sorted({candidate.code for candidate in candidates}))


def _result(
    applied: list[AppliedFix],
    discarded: dict[DiscardedFix, None],
    passes: int,
    non_converging: tuple[str, ...],
    remaining: tuple[Diagnostic, ...],
) -> LoopResult:
    return LoopResult(
        applied=tuple(applied),
        discarded=tuple(sorted(discarded)),
        passes=passes,
        converged=not non_converging,
        non_converging_codes=non_converging,
        remaining=remaining,
    )
