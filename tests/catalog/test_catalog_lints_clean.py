"""The shipped catalogue is alignlint's reference clean library; the example library is not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alignlint.core.settings import Settings
from alignlint.run.analysis import analyze

ROOT = Path(__file__).resolve().parents[2]


def test_catalogue_lints_clean_and_the_run_is_not_vacuous() -> None:
    # The catalogue as a project of its own (a directory of the alignlint package named on the
    # command line would be checked with the whole repository, fixtures and examples included).
    settings = Settings(roots=("alignlint/catalog",))
    result = analyze([], settings, root=ROOT, need_project=True)
    assert [f"{d.span} {d.code} {d.message}" for d in result.diagnostics] == []
    project = result.project
    assert project is not None
    assert len(project.steps) == 9
    assert project.unlinked == []
    assert project.unresolved == []
    counters = result.statistics.counters
    assert counters["DAG edges resolved"] == counters["DAG edges"] > 0
    assert counters["spec dependencies resolvable"] == counters["spec dependencies"] > 0


def test_readme_example_reports_its_four_kinds_of_drift() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "alignlint",
            "check",
            "examples/drifted_pipeline",
            "--output-format",
            "concise",
            "--no-cache",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    codes = sorted(line.split()[1] for line in completed.stdout.splitlines() if ": ALN" in line)
    assert codes == ["ALN107", "ALN207", "ALN301", "ALN401"]
