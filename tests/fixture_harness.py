"""The fixture harness: run alignlint over each fixture project and compare with expectations.

A fixture case is a directory under ``fixtures/`` (``fixtures/<family>/<case>/``) holding a small
multi-file project and ``expected.txt``: the concise lines (``path:line:col: CODE message``, paths
relative to the case directory) of every finding, in alignlint's order. A case may configure
alignlint with its own ``alignlint.toml``; without one it runs with the default settings. A case
with ``links.txt`` also compares the link table (``alignlint check --show-links``).

Every directory with an ``expected.txt`` is collected, so adding a case means adding a directory.
``ALIGNLINT_UPDATE_FIXTURES=1 pytest tests/test_fixtures.py`` rewrites the expectations from the
current output (review the diff before committing).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from alignlint.core.settings import Settings
from alignlint.model import describe_links
from alignlint.render.concise import format_line
from alignlint.rules.base import discover_rules
from alignlint.run.analysis import analyze
from alignlint.run.configuration import (
    load_configuration,
    validate_rule_options,
    validate_selectors,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECTED = "expected.txt"
LINKS = "links.txt"
CONFIG = "alignlint.toml"
UPDATE_VARIABLE = "ALIGNLINT_UPDATE_FIXTURES"


@dataclass(frozen=True)
class Case:
    """One fixture case: its directory and its id (the path below ``fixtures/``)."""

    directory: Path
    name: str


@dataclass(frozen=True)
class Outcome:
    """What alignlint reported for a case: the concise lines and the link table."""

    findings: str
    links: str


def collect_cases(root: Path = FIXTURES) -> list[Case]:
    """Every directory below ``root`` that holds an ``expected.txt``, sorted by id."""
    if not root.is_dir():
        return []
    return [
        Case(path.parent, path.parent.relative_to(root).as_posix())
        for path in sorted(root.rglob(EXPECTED))
    ]


def run_case(case: Case) -> Outcome:
    """Check the case's project with its own configuration (or the defaults)."""
    rules = discover_rules()
    config = case.directory / CONFIG
    if config.is_file():
        configuration = load_configuration(config_file=config)
        validate_selectors(configuration, [(rule.code, rule.name) for rule in rules])
        validate_rule_options(
            configuration, [(rule.code, rule.name, rule.default_options) for rule in rules]
        )
        settings = configuration.settings
    else:
        settings = Settings()
    result = analyze([], settings, root=case.directory, rules=rules)
    findings = "".join(format_line(d) + "\n" for d in result.diagnostics)
    links = describe_links(result.project) if result.project is not None else ""
    return Outcome(findings, links)


def mismatch(case: Case, file_name: str, actual: str) -> str | None:
    """Compare ``actual`` with the case's ``file_name``; a unified diff when they differ.

    With ``ALIGNLINT_UPDATE_FIXTURES=1`` the file is rewritten instead and ``None`` returned.
    """
    path = case.directory / file_name
    if os.environ.get(UPDATE_VARIABLE):
        path.write_text(actual, encoding="utf-8")
        return None
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if actual == expected:
        return None
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"{case.name}/{file_name} (expected)",
        f"{case.name}/{file_name} (actual)",
    )
    return (
        "".join(diff)
        + f"\nIf the new output is right: {UPDATE_VARIABLE}=1 pytest tests/test_fixtures.py"
    )


def check_case(case: Case) -> list[str]:
    """Every mismatch of a case (findings, and the link table when it has ``links.txt``)."""
    outcome = run_case(case)
    problems = [mismatch(case, EXPECTED, outcome.findings)]
    if (case.directory / LINKS).exists():
        problems.append(mismatch(case, LINKS, outcome.links))
    return [problem for problem in problems if problem is not None]
