"""Before/after snapshots of every fixable fixture case.

Every fixture case (``fixtures/**/expected.txt``) is copied to a temporary directory and fixed with
``--fix --unsafe-fixes``. When anything changes, the unified diff must equal the case's golden
``fixtures/fix_snapshots/<family>/<case>.diff``; a case that changes nothing must have no golden.
New fixable fixtures are picked up automatically (their missing golden fails the test until it is
generated): ``ALIGNLINT_UPDATE_FIXTURES=1 pytest tests/fix_cli/test_snapshots.py`` rewrites the
goldens — read each regenerated diff before committing it.

After fixing, every fixed finding is gone (no finding with its code and fingerprint remains), every
changed file still parses, nothing was discarded, and the loop converged.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alignlint.fix import render_diffs

from .support import (
    EXPECTED,
    FIXTURES,
    SNAPSHOTS,
    UPDATE_VARIABLE,
    case_id,
    fix_copy,
    fixture_cases,
    load_problem,
    offered_fixes,
)

CASES = fixture_cases()


def golden_path(case: Path) -> Path:
    return SNAPSHOTS / f"{case_id(case)}.diff"


def _compare_with_golden(case: Path, diff: str) -> None:
    golden = golden_path(case)
    if os.environ.get(UPDATE_VARIABLE):
        if diff:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(diff.encode("utf-8"))
        elif golden.exists():
            golden.unlink()
        return
    hint = f"if the new output is right: {UPDATE_VARIABLE}=1 pytest tests/fix_cli/test_snapshots.py"
    if not diff:
        assert not golden.exists(), f"{case_id(case)} no longer changes anything; {hint}"
        return
    assert golden.exists(), f"{case_id(case)} is fixable but has no snapshot; {hint}"
    assert diff == golden.read_bytes().decode("utf-8"), hint


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_fix_snapshot(case: Path, tmp_path: Path) -> None:
    fixed = fix_copy(case, tmp_path / "project")
    report = fixed.report
    _compare_with_golden(case, render_diffs(report.changes))

    assert report.discarded == ()
    assert report.left_alone == ()
    assert report.converged
    for change in report.changes:
        assert (fixed.root / change.path).read_bytes() == change.new
        assert load_problem(change.path, change.new) is None, change.path
    _, first_findings = fixed.analysis.calls[0]
    remaining = {(d.code, d.fingerprint) for d in report.remaining}
    for finding in offered_fixes(first_findings, fixed.policy):
        assert (finding.code, finding.fingerprint) not in remaining, (
            f"{finding.code} still fires after its fix: {finding.message}"
        )


def test_every_snapshot_belongs_to_a_fixture_case() -> None:
    stale = [
        golden.relative_to(SNAPSHOTS).as_posix()
        for golden in sorted(SNAPSHOTS.rglob("*.diff"))
        if not (FIXTURES / golden.relative_to(SNAPSHOTS).with_suffix("") / EXPECTED).is_file()
    ]
    assert stale == []
