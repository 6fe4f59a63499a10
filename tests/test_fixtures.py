"""Run every fixture case under ``fixtures/`` (see ``tests/fixture_harness.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_harness import Case, check_case, collect_cases, mismatch

CASES = collect_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture(case: Case) -> None:
    problems = check_case(case)
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def test_harness_collects_only_directories_with_expectations(tmp_path: Path) -> None:
    (tmp_path / "family" / "fires").mkdir(parents=True)
    (tmp_path / "family" / "fires" / "expected.txt").write_text("", encoding="utf-8")
    (tmp_path / "family" / "helpers").mkdir()
    assert [case.name for case in collect_cases(tmp_path)] == ["family/fires"]


def test_harness_reports_a_readable_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALIGNLINT_UPDATE_FIXTURES", raising=False)
    (tmp_path / "expected.txt").write_text("a.py:1:1: ALN001 old\n", encoding="utf-8")
    case = Case(tmp_path, "family/case")
    report = mismatch(case, "expected.txt", "a.py:1:1: ALN001 new\n")
    assert report is not None
    assert "-a.py:1:1: ALN001 old\n+a.py:1:1: ALN001 new\n" in report
    assert mismatch(case, "expected.txt", "a.py:1:1: ALN001 old\n") is None


def test_harness_runs_a_case_end_to_end(tmp_path: Path) -> None:
    case_dir = tmp_path / "engine" / "syntax"
    case_dir.mkdir(parents=True)
    (case_dir / "bad.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    (case_dir / "alignlint.toml").write_text('select = ["ALN001"]\n', encoding="utf-8")
    (case_dir / "expected.txt").write_text(
        "bad.py:1:7: ALN001 syntax error: invalid syntax\n", encoding="utf-8"
    )
    (case,) = collect_cases(tmp_path)
    assert check_case(case) == []
