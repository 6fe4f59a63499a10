"""The same location and message is printed once, however a rule reached it (issue 13,
"Duplicates"): two reads that resolve to one place and one message are one finding."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Span
from alignlint.model import Project
from alignlint.rules.base import Rule
from alignlint.run.analysis import analyze


class ReportsTwice(Rule):
    """Reports one place twice with the same message (under two subjects), and once more with
    another message."""

    code: ClassVar[str] = "TST902"
    name: ClassVar[str] = "reports-twice"
    summary: ClassVar[str] = "Reports a place twice"

    def check(self, project: Project) -> Iterator[Diagnostic]:
        span = Span.of("a.py", 1, 1, 1, 2)
        yield self.diagnostic("same place, same message", span, subject="first")
        yield self.diagnostic("same place, same message", span, subject="second")
        yield self.diagnostic("same place, another message", span, subject="third")


def test_a_rule_never_prints_the_same_location_and_message_twice(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("X = 1\n", encoding="utf-8")
    result = analyze([], Settings(select=("TST",)), root=tmp_path, rules=[ReportsTwice])
    assert [d.message for d in result.diagnostics] == [
        "same place, another message",
        "same place, same message",
    ]
