"""Honest counts: what ``check`` says is fixable is what ``--fix`` then fixes.

On every fixture case, the number of findings ``check`` marks fixable (``[*] N fixable``, the
findings shown with the configuration's fix policy applied) equals the number ``--fix`` reports
fixed, and the fixable plus the hidden (``N hidden fixes``) equals what ``--fix --unsafe-fixes``
reports fixed; no fix is refused or discarded. Through the CLI, the printed numbers agree, the
findings a repaired link reveals are counted apart, and ``--fix`` under pre-commit lists each fix
it applied.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from fixture_harness import Case, collect_cases, prepared_case

from alignlint.cli.fix_command import displayed
from alignlint.fix import FixPolicy, run_fixes
from alignlint.render.summary import is_fixable
from alignlint.run.analysis import analyze

from .support import RecordingAnalysis, project_of
from .test_cli import alignlint

CASES = collect_cases()
REVEALING = "builder_config/ALN407_entry_point_mismatch_contract_names_nothing_fires"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_counts_what_fixing_then_fixes(case: Case, tmp_path: Path) -> None:
    root = case.materialize(tmp_path / "project")
    prepared = prepared_case(root)
    settings, rules = prepared.settings, prepared.rules
    findings = analyze([], settings, root=root, rules=rules).diagnostics
    shown = displayed(findings, settings, lambda path: (root / path).read_text(encoding="utf-8"))
    for unsafe in (False, True):
        fixable = sum(1 for d in shown if is_fixable(d, unsafe_fixes=unsafe))
        policy = FixPolicy.from_settings(settings, unsafe_fixes=unsafe)
        report = run_fixes(root, RecordingAnalysis(root, settings, rules), policy, write=False)
        assert (report.refused, report.discarded) == ((), ())
        assert report.fixed == fixable, (unsafe, report.applied)


def test_the_printed_counts_agree_and_revealed_findings_are_counted_apart(tmp_path: Path) -> None:
    root = project_of(REVEALING, tmp_path / "project")
    checked = alignlint(root)
    assert "Found 3 problems (1 error, 2 warnings)." in checked.stdout
    hidden = re.search(r"\((\d+) hidden fixes can be enabled", checked.stdout)
    assert hidden is not None and hidden.group(1) == "2"
    fixed = alignlint(root, "--fix", "--unsafe-fixes")
    assert "Found 3 problems (2 fixed, 1 more resolved by the fixes, 0 remaining)." in fixed.stdout
    assert "Fixing revealed 1 more (1 fixed, 0 remaining)." in fixed.stdout
    assert (
        "note: fixes repaired links between pieces and revealed 1 finding that could not be "
        "checked before (1 of them fixed too)"
    ) in fixed.stderr
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


def test_fix_under_pre_commit_lists_each_fix_it_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project_of(REVEALING, tmp_path / "project")
    monkeypatch.setitem(os.environ, "PRE_COMMIT", "1")
    fixed = alignlint(root, "--fix", "--unsafe-fixes")
    assert fixed.stdout.startswith(
        "Applied 3 fixes:\n"
        "- steps/configs/config_prep_step.py:13: ALN407 (entry-point-mismatch) Use the config's "
        "entry point `prep.py` in contract PREP_CONTRACT\n"
        "- steps/contracts/prep_contract.py:6: ALN114 (missing-entry-point) Use `prep.py`, the "
        "config's entry point\n"
        "- steps/scripts/prep.py:9: ALN107 (undeclared-env-var) Add `SEED` to `optional_env_vars` "
        "of PREP_CONTRACT with default `7` [revealed by a repaired link]\n"
        "\n"
    ), fixed.stdout
    monkeypatch.delitem(os.environ, "PRE_COMMIT")
    quiet = alignlint(project_of(REVEALING, tmp_path / "again"), "--fix", "--unsafe-fixes")
    assert "Applied" not in quiet.stdout
