"""The fix loop: several files per fix, overlaps over passes, convergence, safety nets."""

from __future__ import annotations

from pathlib import Path

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Span
from alignlint.fix import DiscardedFix, FileProblem, FixPolicy, run_fixes

from .toy_project import ToyProject, finding, replace_rule, span


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def read(root: Path, name: str) -> str:
    return (root / name).read_text(encoding="utf-8")


def test_one_fix_edits_two_files(tmp_path: Path) -> None:
    write(tmp_path, {"contracts/a.py": "KEY = 'inptu'\n", "specs/a.py": "NAME = 'input'\n"})

    def rename_key(path: str, text: str) -> list[Diagnostic]:
        if path != "contracts/a.py" or "inptu" not in text:
            return []
        start = text.index("inptu")
        spec_side = Span.of("specs/a.py", 1, 1, 1, 1)
        edits = (
            Edit(span(path, text, start, start + 5), "input"),
            Edit(spec_side, "# renamed in contracts/a.py\n"),
        )
        fix = Fix("Rename", Applicability.UNSAFE, edits)
        return [finding("TST010", path, text, start, start + 5, fix)]

    project = ToyProject(tmp_path, [rename_key])
    assert run_fixes(tmp_path, project, FixPolicy()).changes == ()
    report = run_fixes(tmp_path, project, FixPolicy(unsafe_fixes=True))
    assert report.written == ("contracts/a.py", "specs/a.py")
    assert report.applied == (("TST010", 1),)
    assert read(tmp_path, "contracts/a.py") == "KEY = 'input'\n"
    assert read(tmp_path, "specs/a.py") == "# renamed in contracts/a.py\nNAME = 'input'\n"


def test_overlapping_fixes_are_applied_over_successive_passes(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "value = abc\n"})
    rules = [replace_rule("TST011", "abc", "xyz"), replace_rule("TST012", "bc", "BC")]
    report = run_fixes(tmp_path, ToyProject(tmp_path, rules), FixPolicy())
    # "abc" (TST011, column 9) comes first; "bc" overlaps it and is deferred, then gone: both
    # findings are fixed, by one fix.
    assert read(tmp_path, "m.py") == "value = xyz\n"
    assert report.applied == (("TST011", 1), ("TST012", 1))
    assert [change.code for change in report.changes_made] == ["TST011"]
    assert report.passes == 1
    assert report.converged


def test_deferred_fix_applies_in_the_next_pass(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "value = abcd\n"})
    rules = [replace_rule("TST013", "abc", "aBc"), replace_rule("TST014", "cd", "cD")]
    report = run_fixes(tmp_path, ToyProject(tmp_path, rules), FixPolicy())
    assert read(tmp_path, "m.py") == "value = aBcD\n"
    assert report.applied == (("TST013", 1), ("TST014", 1))
    assert report.passes == 2
    assert report.remaining == ()


def test_a_fix_that_introduces_a_finding_is_rolled_back_and_named(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "x = 'ping'\n"})
    rules = [replace_rule("TST020", "ping", "pong"), replace_rule("TST021", "pong", "ping")]
    report = run_fixes(tmp_path, ToyProject(tmp_path, rules), FixPolicy())
    assert read(tmp_path, "m.py") == "x = 'ping'\n"
    assert report.changes == ()
    assert report.applied == ()
    assert report.converged
    (refused,) = report.refused
    assert (refused.path, refused.line, refused.code, refused.introduced) == (
        "m.py",
        1,
        "TST020",
        ("TST021",),
    )
    assert refused.reason == "it would introduce TST021 m.py:1: toy"


def test_a_fix_that_leaves_its_finding_is_rolled_back(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "x = 'a'\n"})
    project = ToyProject(tmp_path, [replace_rule("TST022", "'a", "'aa")])
    report = run_fixes(tmp_path, project, FixPolicy())
    assert read(tmp_path, "m.py") == "x = 'a'\n"
    assert report.converged
    assert [(r.code, r.reason) for r in report.refused] == [
        ("TST022", "its finding remains after the fix")
    ]
    # The first analysis, the one after the pass; nothing is tried again after the refusal.
    assert project.calls == 2


def test_fixing_stops_after_max_passes(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "value = abcd\n"})
    rules = [replace_rule("TST023", "abc", "aBc"), replace_rule("TST024", "cd", "cD")]
    report = run_fixes(tmp_path, ToyProject(tmp_path, rules), FixPolicy(), max_passes=1)
    assert read(tmp_path, "m.py") == "value = aBcd\n"
    assert not report.converged
    assert report.non_converging_codes == ("TST023",)
    assert report.applied == (("TST023", 1),)


def test_a_fix_whose_result_does_not_parse_is_discarded(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "x = 1\ny = 2\n"})
    rules = [replace_rule("TST030", "x = 1", "x = ("), replace_rule("TST031", "y", "z")]
    report = run_fixes(tmp_path, ToyProject(tmp_path, rules), FixPolicy())
    assert read(tmp_path, "m.py") == "x = 1\nz = 2\n"
    assert report.applied == (("TST031", 1),)
    assert len(report.discarded) == 1
    discarded = report.discarded[0]
    assert (discarded.path, discarded.code, discarded.message) == (
        "m.py",
        "TST030",
        "Write 'x = ('",
    )
    assert discarded.reason.startswith("the result would not parse: m.py: ")


def test_broken_json_result_is_discarded(tmp_path: Path) -> None:
    write(tmp_path, {"dag.json": '{"nodes": ["a"]}\n'})
    report = run_fixes(
        tmp_path, ToyProject(tmp_path, [replace_rule("TST032", "]", "")]), FixPolicy()
    )
    assert read(tmp_path, "dag.json") == '{"nodes": ["a"]}\n'
    assert report.discarded[0].reason.startswith(
        "the result would not parse: dag.json: JSONDecodeError"
    )


def test_a_file_with_syntax_errors_is_never_rewritten(tmp_path: Path) -> None:
    write(tmp_path, {"bad.py": "old_name = (\n", "good.py": "old_name = 1\n"})
    rule = replace_rule("TST033", "old_name", "new_name")
    report = run_fixes(tmp_path, ToyProject(tmp_path, [rule]), FixPolicy())
    assert read(tmp_path, "bad.py") == "old_name = (\n"
    assert read(tmp_path, "good.py") == "new_name = 1\n"
    assert report.left_alone == (FileProblem("bad.py", "has errors (ALN001)"),)
    assert report.discarded == (
        DiscardedFix("bad.py", "TST033", "Write 'new_name'", "bad.py has errors (ALN001)"),
    )


def test_a_file_that_does_not_parse_is_never_rewritten_even_without_aln001(tmp_path: Path) -> None:
    write(tmp_path, {"bad.py": "old_name = (\n"})
    store_report = run_fixes(
        tmp_path,
        lambda overlay: replace_rule("TST034", "old_name", "new")("bad.py", "old_name = (\n"),
        FixPolicy(),
    )
    assert read(tmp_path, "bad.py") == "old_name = (\n"
    assert store_report.left_alone[0].reason.startswith("has syntax errors (SyntaxError")


def test_edits_outside_the_project_or_with_invalid_spans_are_discarded(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "x = 1\n"})

    def bad_edits(path: str, text: str) -> list[Diagnostic]:
        if path != "m.py":
            return []
        outside = Fix("Outside", Applicability.SAFE, (Edit(Span.of("../x.py", 1, 1, 1, 1), "y"),))
        too_far = Fix("Too far", Applicability.SAFE, (Edit(Span.of("m.py", 1, 7, 1, 8), "y"),))
        return [finding("TST040", path, text, 0, 1, f) for f in (outside, too_far)]

    report = run_fixes(tmp_path, ToyProject(tmp_path, [bad_edits]), FixPolicy())
    assert read(tmp_path, "m.py") == "x = 1\n"
    assert sorted(d.reason for d in report.discarded) == [
        "../x.py is outside the project root",
        "m.py: the edit's span is invalid: column 7 does not exist on line 1 (it has 5 characters)",
    ]


def test_write_false_changes_nothing_on_disk(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "old_name = 1\n"})
    rule = replace_rule("TST050", "old_name", "new_name")
    report = run_fixes(tmp_path, ToyProject(tmp_path, [rule]), FixPolicy(), write=False)
    assert read(tmp_path, "m.py") == "old_name = 1\n"
    assert report.written == ()
    assert [(c.path, c.new) for c in report.changes] == [("m.py", b"new_name = 1\n")]
    assert report.remaining == ()
