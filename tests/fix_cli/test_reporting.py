"""What the fix options print: the summary after fixing, the ``--show-fixes`` block, the stderr
lines about fixes that could not be applied, and the fix policy applied to displayed findings."""

from __future__ import annotations

from pathlib import Path

from alignlint.cli.fix_command import displayed, problem_lines
from alignlint.core.settings import Settings
from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Severity, Span
from alignlint.fix import DiscardedFix, FileProblem, FixReport
from alignlint.render.summary import fix_listing, summary

SPAN = Span.of("specs/x_spec.py", 3, 5, 3, 9)


def finding(code: str, applicability: Applicability | None) -> Diagnostic:
    fix = None
    if applicability is not None:
        fix = Fix("Rename it", applicability, (Edit(SPAN, "data"),))
    return Diagnostic(code, f"rule-{code.lower()}", Severity.ERROR, "message", SPAN, fix=fix)


def test_summary_after_fixing() -> None:
    assert summary([], fixed=2) == "Found 2 problems (2 fixed, 0 remaining).\n"
    assert summary([finding("ALN201", None)], fixed=1) == (
        "Found 2 problems (1 fixed, 1 remaining: 1 error, 0 warnings).\n"
    )
    assert summary([]) == "All checks passed!\n"
    remaining = [finding("ALN201", Applicability.UNSAFE), finding("ALN206", Applicability.SAFE)]
    assert summary(remaining, fixed=1) == (
        "Found 3 problems (1 fixed, 2 remaining: 2 errors, 0 warnings).\n"
        "[*] 1 fixable with the `--fix` option "
        "(1 hidden fix can be enabled with the `--unsafe-fixes` option).\n"
    )


def test_fix_listing_groups_by_file_and_sorts_by_count() -> None:
    rows = [("b.py", "ALN004", 1), ("a.py", "ALN206", 1), ("a.py", "ALN004", 12)]
    assert fix_listing(rows, {"ALN004": "unused-suppression"}) == (
        "Fixed 14 problems:\n"
        "- a.py:\n"
        "    12 × ALN004 (unused-suppression)\n"
        "     1 × ALN206\n"
        "- b.py:\n"
        "     1 × ALN004 (unused-suppression)\n"
        "\n"
    )
    assert fix_listing([], {}) == ""


def test_problem_lines(tmp_path: Path) -> None:
    report = FixReport(
        discarded=(DiscardedFix("a.py", "ALN206", "Use it", "the result would not parse: x"),),
        left_alone=(FileProblem("b.py", "changed on disk since it was read; left alone"),),
        passes=10,
        converged=False,
        non_converging_codes=("ALN201", "ALN204"),
    )
    assert problem_lines(report, tmp_path, tmp_path / "sub") == [
        "warning: discarded the ALN206 fix in ../a.py (Use it): the result would not parse: x",
        "warning: ../b.py changed on disk since it was read; it was left unchanged",
        "warning: fixing did not converge after 10 passes: the fixes for ALN201, ALN204 kept "
        "changing the files; they hold the result of the last pass",
    ]
    assert problem_lines(FixReport(), tmp_path, tmp_path) == []


def test_displayed_applies_the_fix_settings() -> None:
    findings = [
        finding("ALN201", Applicability.UNSAFE),
        finding("ALN206", Applicability.SAFE),
        finding("ALN004", Applicability.SAFE),
        finding("ALN101", None),
    ]
    settings = Settings(
        unfixable=("ALN004",), extend_safe_fixes=("ALN2",), extend_unsafe_fixes=("ALN206",)
    )
    shown = displayed(findings, settings, lambda path: None)
    assert [d.fix.applicability if d.fix else None for d in shown] == [
        Applicability.SAFE,
        Applicability.UNSAFE,
        Applicability.DISPLAY_ONLY,
        None,
    ]
    assert [d.fix.message if d.fix else None for d in shown] == [
        "Rename it",
        "Rename it",
        "Rename it",
        None,
    ]
    assert displayed(findings, Settings(), lambda path: None) == findings
