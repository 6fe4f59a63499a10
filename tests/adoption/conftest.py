"""Fixtures: a copy of the step library as the current directory, and the real command in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_cases import materialize

from adoption.library import LIBRARY, REPOSITORY, Run


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the library as the current directory (it is the project root)."""
    project = tmp_path / "project"
    materialize(LIBRARY, project)
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def cli(library: Path) -> Run:
    """Run ``python -m alignlint ARGS`` in the library (concise output unless told otherwise)."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "NO_COLOR": "1"}
        environment["ALIGNLINT_OUTPUT_FORMAT"] = "concise"
        return subprocess.run(
            [sys.executable, "-m", "alignlint", *args],
            cwd=library,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    return run
