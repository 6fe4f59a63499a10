"""A path that does not exist is exit status 2 in every command, with a message that names it as
the user wrote it; nothing falls back to the current directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .test_cli import REPO, alignlint


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("check", "--statistics"),
        ("config", "show"),
        ("clean",),
        ("baseline", "update"),
    ],
    ids=" ".join,
)
def test_a_missing_path_is_exit_2_naming_it(tmp_path: Path, command: tuple[str, ...]) -> None:
    (tmp_path / "good.py").write_text("X = 1\n", encoding="utf-8")
    cache = tmp_path / ".alignlint_cache"
    assert alignlint(tmp_path, "check").returncode == 0
    assert cache.is_dir()
    result = alignlint(tmp_path, *command, "no/such/dir")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: no/such/dir: No such file or directory\n"
    assert cache.is_dir(), "clean removed the current directory's cache"
    assert not (tmp_path / "alignlint-baseline.json").exists()


@pytest.mark.parametrize("paths", [(), ("good.py",)], ids=["project", "changed file"])
def test_a_missing_configured_root_is_named_as_configured(
    tmp_path: Path, paths: tuple[str, ...]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alignlint]\nroots = ["src", "steps"]\n', encoding="utf-8"
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "good.py").write_text("X = 1\n", encoding="utf-8")
    result = alignlint(tmp_path, "check", *paths)
    assert result.returncode == 2
    assert result.stderr == (
        f"error: the configured `roots` entry `steps` does not exist (in {tmp_path.resolve()})\n"
    )


def test_the_pipeline_builder_without_its_extra_names_the_extra(tmp_path: Path) -> None:
    """``python -m alignlint.catalog.pipeline`` in an interpreter where ``import sagemaker``
    fails (``sys.modules["sagemaker"] = None`` is Python's way to make an import fail)."""
    program = (
        "import runpy, sys\n"
        "sys.modules['sagemaker'] = None\n"
        "sys.argv = ['pipeline', 'xgboost_end_to_end']\n"
        "runpy.run_module('alignlint.catalog.pipeline', run_name='__main__')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("error: building a pipeline needs the SageMaker Python SDK 2.x")
    assert result.stderr.endswith(
        "install alignlint with its `sagemaker` extra: pip install 'alignlint[sagemaker]'\n"
    )
    assert "Traceback" not in result.stderr
