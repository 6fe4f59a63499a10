"""Run every fixture case under ``fixtures/`` (see ``tests/fixture_harness.py``), and test the case
file format itself (``tests/fixture_cases.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_cases import FIXTURES, load_case, parse_case, project_files, render_case
from fixture_harness import Case, check_case, collect_cases, mismatch

CASES = collect_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture(case: Case, tmp_path: Path) -> None:
    problems = check_case(case, tmp_path / "project")
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_file_is_written_as_the_writer_writes_it(case: Case) -> None:
    """Every case file is in canonical form, so an update rewrites only what changed."""
    text = case.path.read_text(encoding="utf-8")
    assert render_case(parse_case(text, case.path)) == text


def test_every_case_has_findings_and_a_project() -> None:
    assert len(CASES) > 100
    for case in CASES:
        parsed = load_case(case.path)
        assert parsed.generated("expected") is not None, case.name
        assert project_files(case.path, parsed), case.name


# -- the harness -----------------------------------------------------------------------------------
def _write(path: Path, text: str) -> Case:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Case(path, path.stem)


def test_harness_collects_only_case_files(tmp_path: Path) -> None:
    _write(tmp_path / "family" / "fires.case", "[expected]\n")
    (tmp_path / "family" / "helpers").mkdir()
    (tmp_path / "family" / "helpers" / "notes.txt").write_text("", encoding="utf-8")
    assert [case.name for case in collect_cases(tmp_path)] == ["family/fires"]


def test_harness_reports_a_readable_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALIGNLINT_UPDATE_FIXTURES", raising=False)
    case = _write(tmp_path / "case.case", "[expected]\na.py:1:1: ALN001 old\n")
    report = mismatch(case, "expected", "a.py:1:1: ALN001 new\n")
    assert report is not None
    assert "-a.py:1:1: ALN001 old\n+a.py:1:1: ALN001 new\n" in report
    assert mismatch(case, "expected", "a.py:1:1: ALN001 old\n") is None
    stale = mismatch(case, "fix", "--- a/a.py\n")
    assert stale is not None and "no [fix] section" in stale


def test_harness_runs_a_case_end_to_end(tmp_path: Path) -> None:
    case = _write(
        tmp_path / "fixtures" / "engine" / "syntax.case",
        '[config]\nselect = ["ALN001"]\n\n[file bad.py]\ndef f(:\n    pass\n\n'
        "[expected]\nbad.py:1:7: ALN001 syntax error: invalid syntax\n",
    )
    (found,) = collect_cases(tmp_path / "fixtures")
    assert found == Case(case.path, "engine/syntax")
    assert check_case(found, tmp_path / "project") == []
    assert (tmp_path / "project" / "alignlint.toml").read_text() == 'select = ["ALN001"]\n'


def test_update_rewrites_only_the_generated_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "A case with a description.\n\n[file a.py]\nX = 1\n\n"
        "[expected]\nold\n\n[fix]\n--- a/a.py\n+++ b/a.py\n"
    )
    case = _write(tmp_path / "case.case", text)
    monkeypatch.setenv("ALIGNLINT_UPDATE_FIXTURES", "1")
    assert mismatch(case, "expected", "new\n") is None
    assert case.path.read_text() == text.replace("old", "new")
    assert mismatch(case, "fix", None) is None
    assert (
        case.path.read_text()
        == "A case with a description.\n\n[file a.py]\nX = 1\n\n[expected]\nnew\n"
    )
    assert mismatch(case, "links", "step A\n") is None
    assert case.path.read_text().endswith("[expected]\nnew\n\n[links]\nstep A\n")


def test_the_realistic_library_is_kept_once() -> None:
    """Both realistic cases materialise the one library directory; only seed_mistakes' changed
    files are in its case file."""
    library = FIXTURES / "realistic" / "legacy_library"
    legacy = load_case(FIXTURES / "realistic" / "legacy_library.case")
    seeded = load_case(FIXTURES / "realistic" / "seed_mistakes.case")
    assert legacy.options["base"] == seeded.options["base"] == "legacy_library"
    assert not [s for s in legacy.sections if s.kind == "file"]
    changed = [s.path for s in seeded.sections if s.kind == "file"]
    assert 0 < len(changed) < len(list(library.rglob("*.py"))) / 3
