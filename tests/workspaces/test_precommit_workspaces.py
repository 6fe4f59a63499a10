"""The real pre-commit (the documented ``repo: local`` hook) on commits to a repository with
project workspaces: a shared change is rejected with the findings it causes in a workspace (the
workspace named), a change inside a workspace is checked in that workspace."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from precommit.test_precommit import (
    checked_git,
    commit,
    documented_configs,
    environment,
    pre_commit,
)

from workspaces.conftest import EXAMPLE

__all__ = ["environment"]  # the fixture: a git and pre-commit environment of its own

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SHARED_SPEC = "src/mlpipe/steps/specs/preprocess_spec.py"
ALPHA_SPEC = "development/projects/alpha/src/alpha_dev/steps/specs/feature_select_spec.py"


@pytest.fixture
def repository(tmp_path: Path, environment: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """The example without its drifted workspace, committed through the hook."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(project / "workspaces")
    # The documented `repo: local` snippet, as written.
    (project / ".pre-commit-config.yaml").write_text(documented_configs(local=True)["alignlint"])
    checked_git(project, "init", "--quiet", env=environment)
    installed = pre_commit(project, "install", env=environment)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    first = commit(project, "library and workspace alpha", environment)
    assert first.returncode == 0, first.stdout + first.stderr
    return project, environment


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
    rejected = commit(project, "retype the shared output", env)
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
    rejected = commit(project, "misspell a source", env)
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
    passed = commit(project, "document the spec", env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
