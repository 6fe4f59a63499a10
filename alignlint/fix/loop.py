"""The fix loop: apply, re-analyse, judge, repeat until nothing more applies.

Everything happens in memory: ``analyze`` receives the new bytes of every file changed so far
(path → bytes, an *overlay* over the disk) and returns the findings of the project as it would be
(a :class:`~alignlint.fix.snapshot.Snapshot`, or the findings alone).

The loop repairs the findings reported at the start (its *targets*). Each pass applies the
targets' fixes that do not overlap, analyses the result and lets the gate
(:mod:`alignlint.fix.gate`) judge every fix: a fix whose finding remains, or that introduces a
finding, is rolled back and reported as not applied; a fix that could have introduced a finding
together with another one is rolled back and tried again alone in a later pass. Findings a
repaired link reveals become targets too (reported apart). The loop ends when no target has a fix
left to try; since every pass settles at least one target, it ends after at most one pass per
target, and ``max_passes`` bounds it further (the targets left are then reported as not
converging).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from alignlint.core.records import record
from alignlint.core.types import Diagnostic
from alignlint.fix.apply import FixCandidate, PassResult, apply_planned, choose, fix_candidates
from alignlint.fix.gate import Verdict, identities, identity, judge
from alignlint.fix.report import DiscardedFix, RefusedFix
from alignlint.fix.snapshot import Snapshot
from alignlint.fix.store import SourceStore
from alignlint.run.fix_policy import FixPolicy

#: Analyse the project with the given files' content replaced (path → bytes).
Analyze = Callable[[Mapping[str, bytes]], "Snapshot | Sequence[Diagnostic]"]

DEFAULT_MAX_PASSES = 100


@record
class AppliedFix:
    """A fix applied in some pass: the rule it belongs to, the files it edited, the file and
    line of the finding it repaired (``origin``, ``line``), what it changed (``message``), and
    whether that finding was revealed by another fix."""

    code: str
    paths: tuple[str, ...]
    origin: str = ""
    line: int = 0
    message: str = ""
    revealed: bool = False


@record
class LoopResult:
    """The outcome of :func:`fix_until_stable` (the new file contents are in the store).

    ``fixed`` are the findings reported at the start with a fix the policy allows that are gone,
    ``resolved`` how many other findings reported at the start went with them, ``revealed`` every
    finding a repaired link revealed and ``fixed_revealed`` those of them that are gone.
    """

    applied: tuple[AppliedFix, ...]
    discarded: tuple[DiscardedFix, ...]
    passes: int
    converged: bool
    non_converging_codes: tuple[str, ...]
    remaining: tuple[Diagnostic, ...]
    refused: tuple[RefusedFix, ...] = ()
    fixed: tuple[Diagnostic, ...] = ()
    resolved: int = 0
    revealed: tuple[Diagnostic, ...] = ()
    fixed_revealed: tuple[Diagnostic, ...] = ()
    analyses: int = 0


class _Loop:
    """The state of one fix loop (see :func:`fix_until_stable`)."""

    def __init__(
        self, analyze: Analyze, store: SourceStore, policy: FixPolicy, *, gate: bool
    ) -> None:
        self.analyze = analyze
        self.store = store
        self.policy = policy
        self.gate = gate
        self.analyses = 0
        self.targets: Counter[str] = Counter()
        self.initial: Counter[str] = Counter()
        self.applied: list[AppliedFix] = []
        self.discarded: dict[DiscardedFix, None] = {}
        self.refused: dict[RefusedFix, None] = {}
        self.revealed: list[Diagnostic] = []
        #: Targets whose fix stayed, was refused or discarded (never tried again), by identity.
        self.settled: Counter[str] = Counter()
        #: Targets whose fix is tried alone, in a pass of its own.
        self.alone: set[str] = set()

    def snapshot(self) -> Snapshot:
        self.analyses += 1
        return Snapshot.of(self.analyze(self.store.overlay()))

    def candidates(self, current: Snapshot) -> list[FixCandidate]:
        """The fixes still to try: of targets not settled, allowed by the policy."""
        return [
            candidate
            for candidate in fix_candidates(current.reported, self.policy)
            if candidate.finding is not None
            and self.settled[key := identity(candidate.finding)] < self.targets[key]
        ]

    def run_pass(self, current: Snapshot, candidates: list[FixCandidate]) -> Snapshot | None:
        """One pass: apply, analyse, judge, roll back what the gate refuses. Returns the
        snapshot after the pass, or None when no fix stayed."""
        base = self.store.texts()
        outcome = PassResult()
        planned = choose(self._this_pass(candidates), self.store, outcome)
        fixes = [c for fix in apply_planned(planned, self.store, outcome) for c in fix.candidates]
        self._discard(outcome)
        after = self.snapshot() if fixes else None
        while self.gate and after is not None:
            verdict = judge(current, after, fixes)
            if verdict.clean:
                self.revealed.extend(verdict.revealed)
                break
            self._refuse(verdict)
            fixes = [c for c in fixes if c not in verdict.refused and c not in verdict.retry_alone]
            self.store.restore(base)
            again = PassResult()
            kept = apply_planned([p for p in planned if p.candidate in fixes], self.store, again)
            self._discard(again)
            fixes = [c for fix in kept for c in fix.candidates if c in fixes]
            after = self.snapshot() if fixes else None
        if after is None:
            self.store.restore(base)
            return None
        for candidate in fixes:
            self._record(candidate)
        return after

    def _this_pass(self, candidates: list[FixCandidate]) -> list[FixCandidate]:
        """The candidates of one pass: a fix to try alone goes in a pass of its own."""
        for candidate in candidates:
            if candidate.finding is not None and identity(candidate.finding) in self.alone:
                return [candidate]
        return candidates

    def _record(self, candidate: FixCandidate) -> None:
        assert candidate.finding is not None
        key = identity(candidate.finding)
        self.settled[key] += 1
        self.applied.append(
            AppliedFix(
                candidate.code,
                candidate.fix.paths,
                candidate.path,
                candidate.line,
                candidate.fix.message,
                revealed=key not in self.initial,
            )
        )

    def _refuse(self, verdict: Verdict) -> None:
        for candidate, (reason, introduced) in verdict.refused.items():
            assert candidate.finding is not None
            self.settled[identity(candidate.finding)] += 1
            refused = RefusedFix(
                candidate.path,
                candidate.line,
                candidate.code,
                candidate.fix.message,
                reason,
                tuple(d.code for d in introduced),
            )
            self.refused[refused] = None
        for candidate in verdict.retry_alone:
            assert candidate.finding is not None
            key = identity(candidate.finding)
            if key in self.alone:  # tried alone already: it cannot be ambiguous again
                self.settled[key] += 1
            self.alone.add(key)

    def _discard(self, outcome: PassResult) -> None:
        self.discarded.update(dict.fromkeys(outcome.discarded))
        for candidate in outcome.rejected:
            if candidate.finding is not None:
                self.settled[identity(candidate.finding)] += 1

    def add_targets(self, snapshot: Snapshot, only: set[str] | None = None) -> None:
        """The findings of ``snapshot`` with an allowed fix become targets (``only``: those of
        these identities)."""
        for candidate in fix_candidates(snapshot.reported, self.policy):
            if candidate.finding is None:
                continue
            key = identity(candidate.finding)
            if only is None or key in only:
                self.targets[key] += 1


def fix_until_stable(
    analyze: Analyze,
    store: SourceStore,
    policy: FixPolicy,
    *,
    max_passes: int = DEFAULT_MAX_PASSES,
    diagnostics: Snapshot | Sequence[Diagnostic] | None = None,
    gate: bool = True,
) -> LoopResult:
    """Repair the findings of the project with the fixes ``policy`` allows, pass after pass.

    ``diagnostics`` are the findings of the unchanged project if already known (else ``analyze``
    is called first). ``gate=False`` keeps every fix that applies (for measuring the gate's cost).
    """
    loop = _Loop(analyze, store, policy, gate=gate)
    first = loop.snapshot() if diagnostics is None else Snapshot.of(diagnostics)
    loop.initial = identities(first.reported)
    loop.add_targets(first)
    current = first
    passes = 0
    last_codes: tuple[str, ...] = ()
    while True:
        candidates = loop.candidates(current)
        if not candidates:
            return _result(loop, first, current, passes, ())
        if passes == max_passes:
            codes = last_codes or tuple(sorted({c.code for c in candidates}))
            return _result(loop, first, current, passes, codes)
        revealed_before = len(loop.revealed)
        applied_before = len(loop.applied)
        after = loop.run_pass(current, candidates)
        if after is None:
            continue  # every fix tried was refused, discarded or set apart to be tried alone
        passes += 1
        last_codes = tuple(sorted({fix.code for fix in loop.applied[applied_before:]}))
        # Findings revealed by a repaired link are repaired too, when they offer a fix.
        loop.add_targets(after, {identity(d) for d in loop.revealed[revealed_before:]})
        current = after


def _result(
    loop: _Loop,
    first: Snapshot,
    current: Snapshot,
    passes: int,
    non_converging: tuple[str, ...],
) -> LoopResult:
    left = identities(current.everything)
    targets = [c.finding for c in fix_candidates(first.reported, loop.policy) if c.finding]
    fixed = _gone(targets, left)
    revealed = tuple(sorted(set(loop.revealed), key=lambda d: d.sort_key))
    return LoopResult(
        applied=tuple(loop.applied),
        discarded=tuple(sorted(loop.discarded)),
        passes=passes,
        converged=not non_converging,
        non_converging_codes=non_converging,
        remaining=current.reported,
        refused=tuple(sorted(loop.refused)),
        fixed=fixed,
        resolved=len(_gone(first.reported, left)) - len(fixed),
        revealed=revealed,
        fixed_revealed=_gone(revealed, left),
        analyses=loop.analyses,
    )


def _gone(findings: Sequence[Diagnostic], left: Counter[str]) -> tuple[Diagnostic, ...]:
    """The findings of ``findings`` that are no longer there (of identical ones, the first)."""
    counts = identities(findings)
    missing = {key: counts[key] - left[key] for key in counts if counts[key] > left[key]}
    gone = []
    for diagnostic in findings:
        key = identity(diagnostic)
        if missing.get(key, 0) > 0:
            missing[key] -= 1
            gone.append(diagnostic)
    return tuple(gone)
