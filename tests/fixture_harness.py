"""The fixture harness: run alignlint over each fixture case and compare with its expectations.

A fixture case is one file ``fixtures/<family>/<case>.case`` (the format: ``fixtures/README.md``,
``tests/fixture_cases.py``) holding a small multi-file project and generated sections: ``[expected]``
holds the concise lines (``path:line:col: CODE message``, paths relative to the project root) of
every finding, in alignlint's order; ``[links]``, where present, the link table
(``alignlint check --show-links``); ``[fix]`` the diff of fixing (``tests/fix_cli/test_snapshots.py``).
The project is materialised into a temporary directory and checked with its own ``[config]``
(``alignlint.toml``), else with the default settings.

Every ``*.case`` file is collected, so adding a case means adding a file.
``ALIGNLINT_UPDATE_FIXTURES=1 pytest tests/test_fixtures.py tests/fix_cli/test_snapshots.py``
rewrites the generated sections from the current output (review the diff before committing).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from fixture_cases import (
    CONFIG_FILE,
    FIXTURES,
    UPDATE_VARIABLE,
    case_name,
    case_paths,
    load_case,
    materialize,
    update_generated,
    updating,
)

from alignlint.model import describe_links
from alignlint.render.concise import format_line
from alignlint.run.analysis import analyze
from alignlint.run.prepare import Prepared, prepare

UPDATE_COMMAND = (
    f"{UPDATE_VARIABLE}=1 pytest tests/test_fixtures.py tests/fix_cli/test_snapshots.py"
)


@dataclass(frozen=True)
class Case:
    """One fixture case: its case file and its id (the path below ``fixtures/``, no suffix)."""

    path: Path
    name: str

    def materialize(self, directory: Path) -> Path:
        """Write the case's project into ``directory`` (absent or empty) and return it."""
        return materialize(self.path, directory)


@dataclass(frozen=True)
class Outcome:
    """What alignlint reported for a case: the concise lines and the link table."""

    findings: str
    links: str


def collect_cases(root: Path = FIXTURES) -> list[Case]:
    """Every case file below ``root``, sorted by id."""
    return [Case(path, case_name(path, root)) for path in case_paths(root)]


def prepared_case(directory: Path) -> Prepared:
    """The project's own ``alignlint.toml`` settings, else the defaults, loaded and validated as
    the command line does (:func:`alignlint.run.prepare.prepare`), and the installed rules."""
    config = directory / CONFIG_FILE
    if config.is_file():
        return prepare(config_file=config)
    return prepare(isolated=True)


def run_project(directory: Path) -> Outcome:
    """Check a materialised project with its own configuration (or the defaults)."""
    prepared = prepared_case(directory)
    result = analyze([], prepared.settings, root=directory, rules=prepared.rules)
    findings = "".join(format_line(d) + "\n" for d in result.diagnostics)
    links = describe_links(result.project) if result.project is not None else ""
    return Outcome(findings, links)


def run_case(case: Case, directory: Path) -> Outcome:
    """Materialise the case into ``directory`` (absent or empty) and check it."""
    return run_project(case.materialize(directory))


def mismatch(case: Case, kind: str, actual: str | None) -> str | None:
    """Compare ``actual`` with the case's generated section ``kind`` (``None``: the case must have
    no such section); a readable report when they differ, else ``None``.

    With ``ALIGNLINT_UPDATE_FIXTURES=1`` the section is rewritten instead and ``None`` returned.
    """
    expected = load_case(case.path).generated(kind)
    if actual == expected:
        return None
    if updating():
        update_generated(case.path, kind, actual)
        return None
    hint = f"\nIf the new output is right: {UPDATE_COMMAND}"
    if expected is None:
        return f"{case.name}: no [{kind}] section, but alignlint now gives one{hint}"
    if actual is None:
        return f"{case.name}: [{kind}] is stale: alignlint now gives nothing{hint}"
    diff = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"{case.name}.case [{kind}] (expected)",
        f"{case.name}.case [{kind}] (actual)",
    )
    return "".join(diff) + hint


def check_case(case: Case, directory: Path) -> list[str]:
    """Every mismatch of a case (findings, and the link table when it has ``[links]``), checked in
    ``directory`` (absent or empty)."""
    outcome = run_case(case, directory)
    problems = [mismatch(case, "expected", outcome.findings)]
    if load_case(case.path).generated("links") is not None:
        problems.append(mismatch(case, "links", outcome.links))
    return [problem for problem in problems if problem is not None]
