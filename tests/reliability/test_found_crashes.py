"""Every reproducer in ``crashers/`` is checked like the robustness run checks a file: no internal
error, crash, hang or exit status 2, and an ALN001/ALN002 finding exactly when the file holds an
error alignlint promises to report (see ``crashers/README.md`` and ``robustness.file_state``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from robustness_harness import robustness

CRASHERS = Path(__file__).resolve().parent / "crashers"
TIMEOUT = 60.0


@pytest.mark.parametrize("source", sorted(CRASHERS.glob("*.pysrc")), ids=lambda path: path.stem)
def test_reproducer(source: Path, tmp_path: Path) -> None:
    project = tmp_path / source.stem
    project.mkdir()
    shutil.copyfile(source, project / f"{source.stem}.py")
    job = robustness.Job(source.stem, project, (".",), "special", "crashers", TIMEOUT)
    (outcome,) = robustness.run_jobs([job], workers=1)
    assert outcome.problems == []
