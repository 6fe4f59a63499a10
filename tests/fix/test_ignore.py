"""``--add-ignore``: suppression comments for remaining findings, merged and never duplicated."""

from __future__ import annotations

from pathlib import Path

from alignlint.core.types import Applicability, Diagnostic
from alignlint.fix import FixPolicy, run_fixes
from alignlint.fix.ignore import plan_ignores
from alignlint.fix.store import SourceStore

from .toy_project import ToyProject, finding, replace_rule

BAD = replace_rule("TST101", "bad_key", "good_key")
WORSE = replace_rule("TST102", "worse", "better")
WORSE_UNSAFE = Applicability.UNSAFE


def add_ignores(root: Path, text: str, reason: str = "legacy") -> tuple[str, int]:
    (root / "m.py").write_bytes(text.encode())
    report = run_fixes(root, ToyProject(root, [BAD, WORSE]), None, add_ignore=reason)
    assert report.remaining == ()
    return (root / "m.py").read_bytes().decode(), report.suppressions_added


def test_comment_goes_at_the_end_of_the_line(tmp_path: Path) -> None:
    text, added = add_ignores(tmp_path, "x = bad_key   \ny = worse + worse\n")
    assert text == (
        "x = bad_key  # alignlint: ignore[TST101] -- legacy\n"
        "y = worse + worse  # alignlint: ignore[TST102] -- legacy\n"
    )
    assert added == 3


def test_several_codes_on_one_line_share_one_comment_and_no_reason_is_allowed(
    tmp_path: Path,
) -> None:
    text, _ = add_ignores(tmp_path, "x = worse(bad_key)\r\n", reason="")
    assert text == "x = worse(bad_key)  # alignlint: ignore[TST101, TST102]\r\n"


def test_codes_are_merged_into_an_existing_comment(tmp_path: Path) -> None:
    text, _ = add_ignores(tmp_path, "x = worse(bad_key)  # noqa: E1  # alignlint: ignore[TST102]\n")
    assert text == "x = worse(bad_key)  # noqa: E1  # alignlint: ignore[TST102, TST101]\n"


def test_running_twice_adds_nothing(tmp_path: Path) -> None:
    first, _ = add_ignores(tmp_path, "x = bad_key\ndef f():\n    return worse\n")
    report = run_fixes(tmp_path, ToyProject(tmp_path, [BAD, WORSE]), None, add_ignore="legacy")
    assert report.changes == ()
    assert report.suppressions_added == 0
    assert (tmp_path / "m.py").read_text() == first


def test_planning_against_already_suppressed_lines_adds_nothing(tmp_path: Path) -> None:
    text = "x = bad_key  # alignlint: ignore[toy-tst101]\n"
    (tmp_path / "m.py").write_text(text)
    found = BAD("m.py", text)
    plan = plan_ignores(found, SourceStore(tmp_path), "legacy")
    assert plan.candidates == ()
    assert plan.skipped == ()


def test_finding_on_a_multi_line_string_gets_a_comment_line_above(tmp_path: Path) -> None:
    text, _ = add_ignores(tmp_path, 'def f():\n    s = """bad_key\n    more"""\n')
    assert text == (
        'def f():\n    # alignlint: ignore[TST101] -- legacy\n    s = """bad_key\n    more"""\n'
    )
    again, _ = add_ignores(tmp_path, text)
    assert again == text


def test_finding_deep_inside_a_multi_line_string_is_skipped(tmp_path: Path) -> None:
    source = 's = """first\nbad_key\n"""\n'
    (tmp_path / "m.py").write_text(source)
    report = run_fixes(tmp_path, ToyProject(tmp_path, [BAD]), None, add_ignore="legacy")
    assert (tmp_path / "m.py").read_text() == source
    assert [d.reason for d in report.discarded] == ["the finding starts inside a multi-line string"]
    assert len(report.remaining) == 1


def test_line_continued_with_a_backslash_gets_a_comment_line_above(tmp_path: Path) -> None:
    text, _ = add_ignores(tmp_path, "x = bad_key + \\\n    1\n")
    assert text == "# alignlint: ignore[TST101] -- legacy\nx = bad_key + \\\n    1\n"


def test_non_python_files_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "dag.json").write_text('{"nodes": ["bad_key"]}\n')
    report = run_fixes(tmp_path, ToyProject(tmp_path, [BAD]), None, add_ignore="")
    assert report.changes == ()
    assert [d.reason for d in report.discarded] == [
        "suppression comments can only be added to Python files"
    ]


def test_fixes_first_then_ignores_for_what_remains(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("x = bad_key\ny = worse\n")
    unsafe_worse = replace_rule("TST102", "worse", "better", applicability=WORSE_UNSAFE)
    report = run_fixes(
        tmp_path, ToyProject(tmp_path, [BAD, unsafe_worse]), FixPolicy(), add_ignore="todo"
    )
    assert (tmp_path / "m.py").read_text() == (
        "x = good_key\ny = worse  # alignlint: ignore[TST102] -- todo\n"
    )
    assert report.applied == (("TST101", 1),)
    assert report.suppressions_added == 1


def diagnostic_on_line(path: str, text: str, line: int) -> Diagnostic:
    start = sum(len(row) + 1 for row in text.split("\n")[: line - 1])
    return finding("TST103", path, text, start, start, None)


def test_findings_on_the_shebang_line_are_skipped(tmp_path: Path) -> None:
    text = "#!/usr/bin/env python\nx = 1\n"
    (tmp_path / "m.py").write_text(text)
    plan = plan_ignores([diagnostic_on_line("m.py", text, 1)], SourceStore(tmp_path), "")
    assert plan.candidates == ()
    assert [d.reason for d in plan.skipped] == ["the finding is on the shebang line"]
