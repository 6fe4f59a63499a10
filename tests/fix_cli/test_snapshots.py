"""Before/after snapshots of every fixable fixture case.

Every fixture case (``fixtures/**/*.case``) is materialised in a temporary directory and fixed with
``--fix --unsafe-fixes``. When anything changes, the unified diff must equal the case's ``[fix]``
section; a case that changes nothing must have no ``[fix]`` section. New fixable fixtures are picked
up automatically (their missing section fails the test until it is generated):
``ALIGNLINT_UPDATE_FIXTURES=1 pytest tests/test_fixtures.py tests/fix_cli/test_snapshots.py``
rewrites the generated sections — read each regenerated diff before committing it.

After fixing, every fixed finding is gone (no finding with its code and fingerprint remains), every
changed file still parses, nothing was discarded, and the loop converged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_harness import Case, collect_cases, mismatch

from alignlint.fix import render_diffs

from .support import fix_copy, load_problem, offered_fixes

CASES = collect_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fix_snapshot(case: Case, tmp_path: Path) -> None:
    fixed = fix_copy(case, tmp_path / "project")
    report = fixed.report
    problem = mismatch(case, "fix", render_diffs(report.changes) or None)
    if problem is not None:
        pytest.fail(problem, pytrace=False)

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
