"""The realistic cases ``fixtures/realistic/*.case``: the library ``fixtures/realistic/legacy_library/``
as it is, and with the mistakes of the design notes seeded (``seed_mistakes.case``).

``tests/test_fixtures.py`` already compares each case's output with its ``[expected]``; these tests
add what the harness cannot say: the legitimate library really is checked (its steps link and its
DAG edges resolve, so the empty expectation is not vacuous), and every mistake listed in the
description of ``seed_mistakes.case`` is reported at the file it names, with nothing left
unexplained.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from fixture_cases import case_path, load_case, materialized

from alignlint.model import describe_links
from alignlint.render.concise import format_line
from alignlint.rules.base import discover_rules
from alignlint.run.analysis import analyze
from alignlint.run.configuration import load_configuration

LEGACY = materialized("realistic/legacy_library")
SEED_MISTAKES = materialized("realistic/seed_mistakes")

STEPS = [
    "CradleDataLoading",
    "DummyTraining",
    "Package",
    "Payload",
    "Registration",
    "TabularPreprocessing",
    "XGBoostTraining",
]
"""The registered steps of both libraries."""

ROW = re.compile(
    r"^\| (?P<id>M\d+) \| (?P<seed>\d{3}) \|.*\| (?P<code>ALN\d{3}) x(?P<count>\d+) \| (?P<file>\S+) \|$"
)


def check(directory: Path) -> tuple[list[str], str]:
    """The concise finding lines and the link table of a library, with its own configuration."""
    settings = load_configuration(config_file=directory / "alignlint.toml").settings
    result = analyze([], settings, root=directory, rules=discover_rules())
    assert result.project is not None
    return [format_line(d) for d in result.diagnostics], describe_links(result.project)


def findings(directory: Path) -> list[tuple[str, str]]:
    """(file, code) of every finding alignlint reports for the library."""
    pairs = []
    for line in check(directory)[0]:
        location, code = line.split(" ")[:2]
        pairs.append((location.split(":")[0], code))
    return pairs


def listed_mistakes() -> dict[str, tuple[str, str, int]]:
    """Mistake id -> (file, code, number of findings) from the table of the case's description."""
    rows: dict[str, tuple[str, str, int]] = {}
    for line in load_case(case_path("realistic/seed_mistakes")).description.splitlines():
        match = ROW.match(line)
        if match:
            rows[match["id"]] = (match["file"], match["code"], int(match["count"]))
    return rows


def test_legacy_library_is_silent_and_fully_linked() -> None:
    lines, links = check(LEGACY)
    assert lines == []
    linked = re.findall(r"^step (\S+)$", links, flags=re.MULTILINE)
    assert linked == STEPS
    for piece in ("registry", "spec", "contract", "config", "builder", "script"):
        assert len(re.findall(rf"^  {piece}[ \[]", links, flags=re.MULTILINE)) >= len(STEPS), piece


def test_every_listed_seed_mistake_is_reported_at_its_file() -> None:
    mistakes = listed_mistakes()
    assert len(mistakes) == 13
    for file, _code, _count in mistakes.values():
        assert (SEED_MISTAKES / file).is_file(), file
    reported = Counter(findings(SEED_MISTAKES))
    expected: Counter[tuple[str, str]] = Counter()
    for file, code, count in mistakes.values():
        expected[(file, code)] += count
    assert reported == expected


def test_seed_mistakes_mirror_the_legacy_library() -> None:
    legacy = {p.relative_to(LEGACY) for p in LEGACY.rglob("*.py")}
    seeded = {p.relative_to(SEED_MISTAKES) for p in SEED_MISTAKES.rglob("*.py")}
    assert seeded == legacy
