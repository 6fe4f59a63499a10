"""What a rule could not check is recorded, never reported: ``--statistics`` lists it per rule."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Unchecked
from alignlint.model import Project
from alignlint.render.statistics import render_statistics, render_statistics_json
from alignlint.rules.base import Rule
from alignlint.run.analysis import analyze

SELECT_TST = Settings(select=("TST",))


class SkipsEveryFile(Rule):
    """A rule that can check nothing: every file depends on a value it cannot resolve."""

    code: ClassVar[str] = "TST901"
    name: ClassVar[str] = "skips-every-file"
    summary: ClassVar[str] = "Checks nothing"

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for path in sorted(project.files):
            self.could_not_check(f"file {path}", "the registry is not fully known")
            self.could_not_check(f"file {path}", "the registry is not fully known")  # once
        self.could_not_check("DAG d", "its nodes are built in a loop over a computed list")
        return iter(())


def test_unchecked_subjects_are_collected_sorted_and_deduplicated(tmp_path: Path) -> None:
    (tmp_path / "b.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "a.py").write_text("Y = 2\n", encoding="utf-8")
    result = analyze([], SELECT_TST, root=tmp_path, rules=[SkipsEveryFile])
    assert result.diagnostics == ()
    assert result.statistics.unchecked == [
        Unchecked("TST901", "DAG d", "its nodes are built in a loop over a computed list"),
        Unchecked("TST901", "file a.py", "the registry is not fully known"),
        Unchecked("TST901", "file b.py", "the registry is not fully known"),
    ]


def test_statistics_list_what_each_rule_could_not_check(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("Y = 2\n", encoding="utf-8")
    result = analyze([], SELECT_TST, root=tmp_path, rules=[SkipsEveryFile])
    text = render_statistics(result.diagnostics, result.statistics)
    assert text.endswith(
        "Could not check (a value they depend on is unknown; nothing is reported there):\n"
        "  TST901: 2 not checked\n"
        "    its nodes are built in a loop over a computed list: DAG d\n"
        "    the registry is not fully known: file a.py\n"
    )
    payload = json.loads(render_statistics_json(result.diagnostics, result.statistics))
    assert payload["unchecked"] == [
        {
            "code": "TST901",
            "subject": "DAG d",
            "reason": "its nodes are built in a loop over a computed list",
        },
        {"code": "TST901", "subject": "file a.py", "reason": "the registry is not fully known"},
    ]


def test_a_run_that_skipped_nothing_says_nothing_about_it(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("Y = 2\n", encoding="utf-8")
    result = analyze([], Settings(), root=tmp_path, rules=[])
    assert result.statistics.unchecked == []
    assert "Could not check" not in render_statistics(result.diagnostics, result.statistics)
    assert json.loads(render_statistics_json((), result.statistics))["unchecked"] == []
