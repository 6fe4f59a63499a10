"""The gate: a fix stays only if it helps.

After a pass, the project is analysed again and every fix applied in the pass is judged against
the findings before it:

* the finding it repairs must be gone (findings are compared by identity: rule, step, files and
  subject, never line numbers; see :func:`identity`); when another fix of the pass shares its
  scope, that one may have undone it, so it is tried again alone;
* no new finding may appear that the fix can have caused: one in a step the fix's files belong
  to, or in a file it edited (its *scope*).

A new finding in the scope of a fix that repaired a link (the fix's step gained a piece: an entry
point that now names the step's script links the script) is *revealed*, not introduced: the link
makes that check possible for the first time, and the fix stays. A new finding in the scope of
several fixes of the pass cannot be blamed on one of them: those fixes are rolled back and tried
again alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import field

from alignlint.core.records import record
from alignlint.core.types import Diagnostic
from alignlint.fix.apply import FixCandidate
from alignlint.fix.snapshot import Snapshot, finding_step
from alignlint.run.fingerprints import fingerprint

#: How many introduced findings a refusal names.
NAMED = 3


def identity(diagnostic: Diagnostic) -> str:
    """A finding's identity across edits: its fingerprint without the occurrence suffix (the
    suffix numbers identical findings, so it moves when an earlier twin is fixed)."""
    return fingerprint(diagnostic)


def identities(diagnostics: Iterable[Diagnostic]) -> Counter[str]:
    return Counter(identity(d) for d in diagnostics)


@record
class Scope:
    """The steps and files a fix (or a finding) concerns."""

    steps: frozenset[str]
    files: frozenset[str]

    def meets(self, other: Scope) -> bool:
        return bool(self.steps & other.steps or self.files & other.files)


def fix_scope(candidate: FixCandidate, snapshots: Sequence[Snapshot]) -> Scope:
    """The scope of a fix: the files it edits and the file of its finding, the finding's step and
    every step those files belong to (before or after the fix)."""
    files = {*candidate.fix.paths, candidate.path}
    steps = {step for snapshot in snapshots for path in files for step in snapshot.steps_of(path)}
    if candidate.finding is not None and (step := finding_step(candidate.finding)) is not None:
        steps.add(step)
    return Scope(frozenset(steps), frozenset(files))


def finding_scope(diagnostic: Diagnostic, snapshot: Snapshot) -> Scope:
    """The scope of a finding: its step (else the steps of its file) and the files it names."""
    step = finding_step(diagnostic)
    steps = {step} if step is not None else set(snapshot.steps_of(diagnostic.span.path))
    return Scope(frozenset(steps), frozenset(diagnostic.paths))


@record(frozen=False)
class Verdict:
    """The judgement of one pass.

    ``refused`` maps each fix to roll back for good to why (its finding remains, or the findings
    it would introduce); ``retry_alone`` are fixes to roll back and try again alone (a new finding
    could come from any of them); ``revealed`` the new findings a repaired link made possible.
    """

    refused: dict[FixCandidate, tuple[str, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    retry_alone: set[FixCandidate] = field(default_factory=set)
    revealed: list[Diagnostic] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.refused and not self.retry_alone


def judge(before: Snapshot, after: Snapshot, applied: Sequence[FixCandidate]) -> Verdict:
    """Judge the fixes ``applied`` between the analyses ``before`` and ``after``."""
    verdict = Verdict()
    old, new = identities(before.everything), identities(after.everything)
    scopes = {candidate: fix_scope(candidate, (before, after)) for candidate in applied}
    for candidate in _still_there(applied, old, new):
        if any(scopes[other].meets(scopes[candidate]) for other in applied if other != candidate):
            verdict.retry_alone.add(candidate)  # another fix of the pass may have undone it
        else:
            verdict.refused[candidate] = ("its finding remains after the fix", ())
    repaired = {
        candidate: _repaired_steps(scopes[candidate], before, after) for candidate in applied
    }
    introduced: dict[FixCandidate, list[Diagnostic]] = {}
    for diagnostic in _new_findings(after, new - old):
        scope = finding_scope(diagnostic, after)
        suspects = [c for c in applied if scopes[c].meets(scope)] or list(applied)
        step = finding_step(diagnostic)
        if step is not None and any(step in repaired[c] for c in suspects):
            verdict.revealed.append(diagnostic)
        elif len(suspects) == 1:
            introduced.setdefault(suspects[0], []).append(diagnostic)
        else:
            verdict.retry_alone.update(suspects)
    for candidate, found in introduced.items():
        if candidate not in verdict.refused:
            verdict.refused[candidate] = (_introduces(found), tuple(found))
    verdict.retry_alone -= verdict.refused.keys()
    return verdict


def _still_there(
    applied: Sequence[FixCandidate], old: Counter[str], new: Counter[str]
) -> list[FixCandidate]:
    """The fixes whose finding is still there (of ``k`` fixes of identical findings, as many as
    the findings that went are not)."""
    gone_left: dict[str, int] = {}
    found = []
    for candidate in applied:
        if candidate.finding is None:
            continue
        key = identity(candidate.finding)
        left = gone_left.setdefault(key, old[key] - new[key])
        if left > 0:
            gone_left[key] = left - 1
        else:
            found.append(candidate)
    return found


def _repaired_steps(scope: Scope, before: Snapshot, after: Snapshot) -> frozenset[str]:
    """The steps of ``scope`` that gained a linked piece."""
    return frozenset(
        step
        for step in scope.steps
        if after.pieces.get(step, frozenset()) - before.pieces.get(step, frozenset())
    )


def _new_findings(after: Snapshot, added: Counter[str]) -> list[Diagnostic]:
    """The findings of ``after`` whose identity was added (the last occurrences of each)."""
    found: list[Diagnostic] = []
    remaining = Counter(added)
    for diagnostic in reversed(after.everything):
        key = identity(diagnostic)
        if remaining[key] > 0:
            remaining[key] -= 1
            found.append(diagnostic)
    return sorted(found, key=lambda d: d.sort_key)


def _introduces(found: Sequence[Diagnostic]) -> str:
    named = "; ".join(describe(d) for d in found[:NAMED])
    more = f" and {len(found) - NAMED} more" if len(found) > NAMED else ""
    return f"it would introduce {named}{more}"


def describe(diagnostic: Diagnostic) -> str:
    """``CODE path:line: message`` of a finding."""
    return f"{diagnostic.code} {diagnostic.span.path}:{diagnostic.span.line}: {diagnostic.message}"
