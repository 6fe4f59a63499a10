"""`action.yml`: the composite GitHub Action, and its run step executed as the runner would.

The run step is executed with bash, the step's ``env:`` expressions expanded from the action's
inputs, and the variables the runner sets (``GITHUB_ACTIONS``, ``GITHUB_WORKSPACE``,
``GITHUB_STEP_SUMMARY``, ...), against a small workspace with a syntax error (ALN001). The install
step is not run here (it needs the network); alignlint comes from this test's environment.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

REPOSITORY = Path(__file__).parents[2]
ACTION = REPOSITORY / "action.yml"
SCHEMA = REPOSITORY / "tests" / "data" / "sarif-schema-2.1.0.json"
EXPRESSION = re.compile(r"\$\{\{\s*(?P<expression>.*?)\s*\}\}")


def load_action() -> dict[str, Any]:
    action: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return action


def step(name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = load_action()["runs"]["steps"]
    return next(s for s in steps if s["name"] == name)


def expand(value: str, inputs: dict[str, str]) -> str:
    """Evaluate the ``${{ inputs.NAME }}`` expressions of a step (the only kind the action uses)."""

    def evaluate(match: re.Match[str]) -> str:
        expression = match["expression"]
        assert expression.startswith("inputs."), f"unsupported expression: {expression}"
        return inputs[expression.removeprefix("inputs.")]

    return EXPRESSION.sub(evaluate, value)


def test_action_shape() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in action["inputs"].items()} == {
        "version": "",
        "args": ".",
        "sarif-file": "",
    }
    assert [s["name"] for s in action["runs"]["steps"]] == ["Install alignlint", "Run alignlint"]
    assert all(s["shell"] == "bash" for s in action["runs"]["steps"])
    for s in action["runs"]["steps"]:
        # Inputs reach the shell only through environment variables (no script injection).
        assert not EXPRESSION.search(s["run"]), s["name"]


@pytest.mark.parametrize("name", ["Install alignlint", "Run alignlint"])
def test_step_scripts_are_valid_bash(name: str) -> None:
    checked = subprocess.run(
        ["bash", "-n", "-c", step(name)["run"]], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


def _alignlint_command() -> str:
    found = shutil.which("alignlint", path=os.path.dirname(sys.executable))
    assert found, f"the alignlint console script is not installed next to {sys.executable}"
    return found


def _cli_missing_reason(tmp_path: Path) -> str | None:
    """Why the run step cannot be executed yet (the CLI is written by another work item)."""
    if importlib.util.find_spec("alignlint.cli.main") is None:
        return "alignlint/cli/main.py does not exist yet"
    probe_file = tmp_path / "probe.json"
    (tmp_path / "probe").mkdir()
    arguments = ["check", "--output-format", "concise", "--output-format", f"json:{probe_file}"]
    probe = subprocess.run(
        [_alignlint_command(), *arguments, str(tmp_path / "probe")],
        capture_output=True,
        text=True,
        check=False,
    )
    if not probe_file.exists():
        return (
            "the CLI does not support repeated --output-format FORMAT[:FILE] yet "
            f"(exit {probe.returncode}: {probe.stderr.strip()[-300:]})"
        )
    return None


def test_run_step_as_the_runner_runs_it(tmp_path: Path) -> None:
    reason = _cli_missing_reason(tmp_path)
    if reason:
        pytest.skip(reason)
    workspace = tmp_path / "workspace"
    (workspace / "src").mkdir(parents=True)
    (workspace / "src" / "broken.py").write_text("def broken(:\n    pass\n", encoding="utf-8")
    summary = tmp_path / "step_summary.md"
    inputs = {"version": "", "args": "src", "sarif-file": "alignlint.sarif"}
    run = step("Run alignlint")
    environment = {
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
        "HOME": str(tmp_path),
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTION_PATH": str(REPOSITORY),
        "GITHUB_REPOSITORY": "example/pipelines",
        "GITHUB_SHA": "0" * 40,
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        **{key: expand(value, inputs) for key, value in run["env"].items()},
    }
    completed = subprocess.run(
        ["bash", "-e", "-c", run["run"]],
        cwd=workspace,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    annotations = [line for line in completed.stdout.splitlines() if line.startswith("::")]
    assert any(
        line.startswith("::error file=src/broken.py,line=1,") and "title=ALN001 " in line
        for line in annotations
    ), output
    assert "src/broken.py" in completed.stdout.replace("::error file=src/broken.py", ""), output
    sarif = json.loads((workspace / "alignlint.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["ALN001"]
    assert summary.read_text(encoding="utf-8").startswith("## alignlint\n"), output


def test_documented_workflow_uses_the_action_as_declared() -> None:
    documentation = (REPOSITORY / "docs" / "github-actions.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(?P<body>name: alignlint\n.*?)```", documentation, re.DOTALL)
    assert block, "docs/github-actions.md has no example workflow"
    workflow = yaml.safe_load(block["body"])
    (job,) = workflow["jobs"].values()
    steps = {s.get("name", s.get("uses")): s for s in job["steps"]}
    declared = set(load_action()["inputs"])
    assert set(steps["alignlint"]["with"]) <= declared
    upload = steps["Upload findings to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == steps["alignlint"]["with"]["sarif-file"]
    assert workflow["permissions"]["security-events"] == "write"
