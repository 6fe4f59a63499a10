"""The real pre-commit (the documented ``repo: local`` hook) on commits to a repository with
project workspaces: a shared change is rejected with the findings it causes in a workspace (the
workspace named), a change inside a workspace is checked in that workspace."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workspaces.conftest import EXAMPLE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HOOK = """repos:
  - repo: local
    hooks:
      - id: alignlint
        name: alignlint
        entry: alignlint check --force-exclude
        language: system
        types_or: [python, json, yaml, toml]
        require_serial: true
"""
SHARED_SPEC = "src/mlpipe/steps/specs/preprocess_spec.py"
ALPHA_SPEC = "development/projects/alpha/src/alpha_dev/steps/specs/feature_select_spec.py"


def run(cwd: Path, env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The example without its drifted workspace, committed through the hook."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[user]\n\tname = alignlint tests\n\temail = tests@alignlint.invalid\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "PRE_COMMIT", "ALIGNLINT_"))
    }
    env.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        NO_COLOR="1",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    env.pop("PYTHONPATH", None)
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(project / "workspaces")
    (project / ".pre-commit-config.yaml").write_text(HOOK)
    assert run(project, env, "git", "init", "--quiet").returncode == 0
    installed = run(project, env, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stderr
    assert commit(project, env, "library and workspace alpha").returncode == 0
    return project, env


def commit(project: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    assert run(project, env, "git", "add", "--all").returncode == 0
    return run(project, env, "git", "commit", "--quiet", "--message", message)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_shared_change_is_rejected_with_what_it_breaks_in_a_workspace(
    repository: tuple[Path, dict[str, str]],
) -> None:
    project, env = repository
    replace(
        project / SHARED_SPEC,
        "output_type=DependencyType.PROCESSING_OUTPUT",
        "output_type=DependencyType.MODEL_ARTIFACTS",
    )
    rejected = commit(project, env, "retype the shared output")
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    assert re.search(r"^alignlint\.+Failed$", output, re.MULTILINE), output
    assert f"{ALPHA_SPEC}:" in output and "ALN303" in output, output
    assert "= workspace: alpha" in output, output


def test_a_change_inside_a_workspace_is_checked_in_that_workspace(
    repository: tuple[Path, dict[str, str]],
) -> None:
    project, env = repository
    replace(
        project / ALPHA_SPEC,
        'compatible_sources=["Preprocess"]',
        'compatible_sources=["Preprocesss"]',
    )
    rejected = commit(project, env, "misspell a source")
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    assert "ALN301" in output and "= workspace: alpha" in output, output
    replace(
        project / ALPHA_SPEC,
        'compatible_sources=["Preprocesss"]',
        'compatible_sources=["Preprocess"]',
    )
    spec = project / ALPHA_SPEC
    spec.write_text(spec.read_text() + "# reviewed\n")
    passed = commit(project, env, "document the spec")
    assert passed.returncode == 0, passed.stdout + passed.stderr
