"""Fixtures: a copy of examples/workspaces as the current directory, and the real command in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLE = REPOSITORY / "examples" / "workspaces"

Run = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example (a shared library, workspaces alpha and beta) as the current
    directory; it is the project root."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def cli(example: Path) -> Run:
    """Run ``python -m alignlint ARGS`` in the example (concise output unless told otherwise)."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "NO_COLOR": "1"}
        environment["ALIGNLINT_OUTPUT_FORMAT"] = "concise"
        environment.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "alignlint", *args],
            cwd=example,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    return run
