"""The single entry point of fixing: :func:`run_fixes`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from alignlint.core.types import Diagnostic
from alignlint.fix.apply import apply_pass
from alignlint.fix.gate import identities, identity
from alignlint.fix.ignore import plan_ignores
from alignlint.fix.loop import (
    DEFAULT_MAX_PASSES,
    Analyze,
    AppliedFix,
    LoopResult,
    fix_until_stable,
)
from alignlint.fix.report import AppliedChange, DiscardedFix, FileProblem, FixReport
from alignlint.fix.snapshot import Snapshot
from alignlint.fix.store import SourceStore
from alignlint.fix.write import WriteRefused, refusal, write_atomically
from alignlint.infra.atomic_write import remove_stale_temp_files
from alignlint.run.fix_policy import FixPolicy

#: Findings that mean a file must never be rewritten (syntax error, undecodable file).
BROKEN_FILE_CODES = ("ALN001", "ALN002")
#: How often the run starts over after files changed on disk before it could write them.
MAX_ATTEMPTS = 3


def run_fixes(
    root: Path,
    analyze: Analyze,
    policy: FixPolicy | None,
    *,
    write: bool = True,
    add_ignore: str | None = None,
    max_passes: int = DEFAULT_MAX_PASSES,
    gate: bool = True,
    analysed_hashes: Callable[[], Mapping[str, str]] | None = None,
) -> FixReport:
    """Fix the project under ``root`` and (unless ``write`` is false) write the result.

    ``analyze(overlay)`` must return every finding (after suppressions) of the project with the
    content of the files in ``overlay`` (path relative to ``root`` → bytes) instead of what is on
    disk; it is called with an empty overlay first. ``policy`` says which fixes apply (``None``:
    apply none, e.g. for ``--add-ignore`` alone). ``add_ignore`` (the reason, possibly ``""``)
    adds suppression comments for every finding left after fixing. With ``write=False``
    (``--diff``) nothing is written and ``FixReport.changes`` holds what would change.

    ``analysed_hashes()`` returns the content hash of each file as the latest ``analyze`` call
    read it (path -> sha256 hex): a file whose bytes differ when the fixer reads it was saved in
    between, and is left alone rather than edited at offsets of another text.

    Files with syntax errors, undecodable, read-only, or changed on disk while fixing are never
    written; they are reported in ``FixReport.left_alone`` (and the fixes that needed them in
    ``FixReport.discarded``). Writes are atomic per file, and a file is only replaced while it
    still holds the bytes the fixes were computed from (:func:`~alignlint.fix.write.write_atomically`).
    Every fix goes through the gate (:mod:`alignlint.fix.gate`), also with ``write=False``:
    ``gate=False`` only serves to measure what the gate costs.
    """
    locked: dict[str, str] = {}
    for attempt in range(1, MAX_ATTEMPTS + 1):
        store = SourceStore(root, locked, analysed_hashes)
        first = Snapshot.of(analyze({}))
        for diagnostic in first.everything:
            if diagnostic.code in BROKEN_FILE_CODES:
                store.lock(diagnostic.span.path, f"has errors ({diagnostic.code})")
        if write:
            remove_stale_temp_files(_directories(root, [d.span.path for d in first.everything]))
        report, applied = _fix_in_memory(
            analyze, store, policy, first, add_ignore, max_passes, gate
        )
        if not write:
            return report
        stale = {
            change.path: reason
            for change in report.changes
            if (reason := refusal(root / change.path, store.original(change.path).digest))
        }
        if stale and attempt < MAX_ATTEMPTS:
            locked.update({path: f"{reason}; left alone" for path, reason in stale.items()})
            continue
        return _write(root, analyze, store, report, *applied)
    raise AssertionError("unreachable: the last attempt always returns")


def _fix_in_memory(
    analyze: Analyze,
    store: SourceStore,
    policy: FixPolicy | None,
    first: Snapshot,
    add_ignore: str | None,
    max_passes: int,
    gate: bool,
) -> tuple[FixReport, tuple[tuple[AppliedFix, ...], tuple[Diagnostic, ...]]]:
    if policy is None:
        loop = LoopResult((), (), 0, True, (), first.reported)
    else:
        loop = fix_until_stable(
            analyze, store, policy, max_passes=max_passes, diagnostics=first, gate=gate
        )
    remaining = loop.remaining
    discarded: list[DiscardedFix] = list(loop.discarded)
    suppressions = 0
    if add_ignore is not None and remaining:
        plan = plan_ignores(remaining, store, add_ignore)
        outcome = apply_pass([candidate for candidate, _ in plan.candidates], store)
        applied = {candidate.order for candidate in outcome.applied}
        suppressions = sum(count for c, count in plan.candidates if c.order in applied)
        discarded.extend(plan.skipped)
        discarded.extend(outcome.discarded)
        if outcome.applied:
            remaining = Snapshot.of(analyze(store.overlay())).reported
    report = FixReport(
        changes=store.changes(),
        applied=_counts(loop.fixed),
        applied_per_file=_counts_per_file(loop.fixed),
        suppressions_added=suppressions,
        discarded=tuple(sorted(set(discarded))),
        refused=loop.refused,
        resolved=loop.resolved,
        changes_made=_changes_made(loop.applied),
        revealed=loop.revealed,
        revealed_fixed=len(loop.fixed_revealed),
        left_alone=store.problems(),
        passes=loop.passes,
        converged=loop.converged,
        non_converging_codes=loop.non_converging_codes,
        remaining=remaining,
    )
    return report, (loop.applied, loop.fixed)


def _write(
    root: Path,
    analyze: Analyze,
    store: SourceStore,
    report: FixReport,
    applied: tuple[AppliedFix, ...],
    fixed_before: tuple[Diagnostic, ...],
) -> FixReport:
    written: list[str] = []
    failed: list[FileProblem] = []
    for change in report.changes:
        try:
            write_atomically(root / change.path, change.new, store.original(change.path).digest)
        except WriteRefused as refused:
            failed.append(FileProblem(change.path, f"{refused}; left alone"))
        else:
            written.append(change.path)
    if not failed:
        return replace(report, written=tuple(written))
    failed_paths = {problem.path for problem in failed}
    kept = [fix for fix in applied if failed_paths.isdisjoint(fix.paths)]
    after = Snapshot.of(analyze({}))
    left = identities(after.everything)
    fixed = [d for d in fixed_before if left[identity(d)] == 0]
    return replace(
        report,
        changes=tuple(c for c in report.changes if c.path not in failed_paths),
        written=tuple(written),
        left_alone=tuple(sorted(set(report.left_alone) | set(failed))),
        applied=_counts(fixed),
        applied_per_file=_counts_per_file(fixed),
        changes_made=_changes_made(kept),
        remaining=after.reported,
    )


def _counts(fixed: Iterable[Diagnostic]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(Counter(d.code for d in fixed).items()))


def _counts_per_file(fixed: Iterable[Diagnostic]) -> tuple[tuple[str, str, int], ...]:
    counts = Counter((d.span.path, d.code) for d in fixed)
    return tuple((path, code, count) for (path, code), count in sorted(counts.items()))


def _changes_made(applied: Iterable[AppliedFix]) -> tuple[AppliedChange, ...]:
    return tuple(
        sorted(
            AppliedChange(fix.origin, fix.line, fix.code, fix.message, fix.revealed)
            for fix in applied
        )
    )


def _directories(root: Path, paths: Sequence[str]) -> list[Path]:
    return [root.joinpath(*PurePosixPath(path).parent.parts) for path in sorted(set(paths))]
