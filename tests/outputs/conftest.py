"""Fixtures for the output-format tests: a render context and golden-file comparison.

Set ``ALIGNLINT_UPDATE_GOLDEN=1`` to rewrite the golden files after an intended change, then review
the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from output_samples import RULES

from alignlint.core.types import Statistics
from alignlint.render import RenderContext

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render as on a developer machine, even when the tests themselves run in CI."""
    for variable in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def context(tmp_path: Path) -> RenderContext:
    """A render context rooted at an empty temporary directory, knowing the sample rules."""
    return RenderContext(
        root=tmp_path, rules=RULES, statistics=Statistics(files=7, files_parsed=7, steps=3)
    )


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare rendered text with ``golden/<name>`` (rewrite it when updating goldens)."""

    def compare(name: str, rendered: str) -> None:
        path = GOLDEN / name
        if os.environ.get("ALIGNLINT_UPDATE_GOLDEN") == "1":
            path.write_bytes(rendered.encode("utf-8"))
        expected = path.read_bytes().decode("utf-8")
        assert rendered == expected, f"{name} differs from the golden file (see the diff above)"

    return compare
