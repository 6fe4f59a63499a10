from __future__ import annotations

from pathlib import Path

import pytest

from .support import make_project


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The user's cache directory (where the per-user key lives), outside the project."""
    directory = tmp_path / "user-cache"
    directory.mkdir()
    return directory


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The step library of :func:`tests.security.support.make_project`."""
    return make_project(tmp_path / "project")
