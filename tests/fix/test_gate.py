"""The gate: a fix stays only if its finding goes and no finding appears, except the findings a
repaired link reveals; fixes that may have introduced a finding together are tried alone; and
``--diff`` (``write=False``) goes through the same gate."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Severity
from alignlint.fix import FixPolicy, run_fixes
from alignlint.fix.snapshot import Snapshot

from .toy_project import ToyProject, finding, overlay_text, replace_rule, span


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")


def read(root: Path, name: str) -> str:
    return (root / name).read_text(encoding="utf-8")


class LinkedProject:
    """A toy step ``S``: ``contract.py`` names its script (``ENTRY = "x.py"``); the script is
    linked only when that file exists. LNK001 reports an entry point naming nothing (fix: name
    ``script.py``); CHK001, a check that needs the link, reports ``BAD`` in the linked script
    (fix: ``GOOD``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, overlay: Mapping[str, bytes]) -> Snapshot:
        contract = overlay_text(self.root, overlay, "contract.py") or ""
        found: list[Diagnostic] = []
        pieces = {"contract:contract.py:"}
        match = re.search(r'ENTRY = "([^"]*)"', contract)
        assert match is not None
        entry = match.group(1)
        script = overlay_text(self.root, overlay, entry)
        if script is None:
            where = span("contract.py", contract, match.start(1), match.end(1))
            fix = Fix("Name script.py", Applicability.SAFE, (Edit(where, "script.py"),))
            found.append(self._finding("LNK001", "contract.py", contract, match, fix))
        else:
            pieces.add(f"script:{entry}:")
            for bad in re.finditer("BAD", script):
                where = span(entry, script, bad.start(), bad.end())
                fix = Fix("Write GOOD", Applicability.SAFE, (Edit(where, "GOOD"),))
                found.append(self._finding("CHK001", entry, script, bad, fix))
        steps = {path.split(":")[1]: frozenset({"S"}) for path in pieces}
        return Snapshot(tuple(found), tuple(found), steps, {"S": frozenset(pieces)})

    @staticmethod
    def _finding(code: str, path: str, text: str, match: re.Match[str], fix: Fix) -> Diagnostic:
        where = span(path, text, match.start(), match.end())
        return Diagnostic(code, code.lower(), Severity.ERROR, code, where, fix=fix, step="S")


def test_a_repaired_link_keeps_the_findings_it_reveals_and_they_are_fixed_apart(
    tmp_path: Path,
) -> None:
    write(tmp_path, {"contract.py": 'ENTRY = "missing.py"\n', "script.py": "x = BAD\n"})
    report = run_fixes(tmp_path, LinkedProject(tmp_path), FixPolicy())
    assert read(tmp_path, "contract.py") == 'ENTRY = "script.py"\n'
    assert read(tmp_path, "script.py") == "x = GOOD\n"
    assert report.applied == (("LNK001", 1),)
    assert [d.code for d in report.revealed] == ["CHK001"]
    assert report.revealed_fixed == 1
    assert [(c.code, c.revealed) for c in report.changes_made] == [
        ("LNK001", False),
        ("CHK001", True),
    ]
    assert report.refused == ()


def test_a_new_finding_outside_a_repaired_step_is_not_revealed(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "x = 'ping'\n"})
    rules = [replace_rule("TST020", "ping", "pong"), replace_rule("TST021", "pong", "ping")]
    report = run_fixes(tmp_path, ToyProject(tmp_path, rules), FixPolicy(), write=False)
    assert report.changes == ()  # --diff shows nothing the gate refuses
    assert report.revealed == ()
    assert [r.code for r in report.refused] == ["TST020"]


def test_fixes_that_introduce_a_finding_together_are_tried_alone(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "k = ab\n"})

    def together(path: str, text: str) -> list[Diagnostic]:
        return [
            finding("TST031", path, text, m.start(), m.end(), None) for m in re.finditer("AB", text)
        ]

    rules = [replace_rule("TST029", "a", "A"), replace_rule("TST030", "b", "B"), together]
    project = ToyProject(tmp_path, rules)
    report = run_fixes(tmp_path, project, FixPolicy())
    # Together they write "AB" (TST031): neither can be blamed, so each is tried alone; the
    # first stays, the second would then introduce TST031 and is refused.
    assert read(tmp_path, "m.py") == "k = Ab\n"
    assert report.applied == (("TST029", 1),)
    assert [(r.code, r.introduced) for r in report.refused] == [("TST030", ("TST031",))]


def test_only_the_findings_reported_at_the_start_are_repaired(tmp_path: Path) -> None:
    write(tmp_path, {"m.py": "value = abc\n"})
    # Fixing TST040 ("abc" -> "xbc") would bring TST041 ("x") for the first time: the gate
    # refuses it (no link was repaired), so nothing changes.
    rules = [replace_rule("TST040", "abc", "xbc"), replace_rule("TST041", "x", "y")]
    report = run_fixes(tmp_path, ToyProject(tmp_path, rules), FixPolicy())
    assert read(tmp_path, "m.py") == "value = abc\n"
    assert [(r.code, r.introduced) for r in report.refused] == [("TST040", ("TST041",))]
