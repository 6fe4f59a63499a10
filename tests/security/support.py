"""A small step library built in a temporary directory, and the real ``alignlint`` command run on
it the way CI runs it (a subprocess, with its own user cache and user configuration directories,
so that nothing of the machine's own alignlint state is read or written)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alignlint.infra.user_key import KEY_FILE_VARIABLE

REPO = Path(__file__).resolve().parents[2]

CONTRACT = """\
from alignlint.runtime.contract import ScriptContract

PREP_CONTRACT = ScriptContract(
    entry_point="prep.py",
    expected_input_paths={"data_input": "/opt/ml/processing/input/data"},
    expected_output_paths={},
)
"""
SPEC = """\
from alignlint.runtime.specification import NodeType, StepSpecification

from ..contracts.prep_contract import PREP_CONTRACT

PREP_SPEC = StepSpecification(
    step_type="Prep", node_type=NodeType.SOURCE, script_contract=PREP_CONTRACT
)
"""
REGISTRY = """\
STEP_NAMES = {"Prep": {"sagemaker_step_type": "Processing", "spec_type": "Prep"}}
"""
SCRIPT = """\
def main(input_paths, output_paths, environ_vars, job_args):
    return input_paths["DATA"]
"""
ALIGNED_SCRIPT = """\
def main(input_paths, output_paths, environ_vars, job_args):
    return input_paths["data_input"]
"""
SCRIPT_PATH = "steps/scripts/prep.py"
CONTRACT_PATH = "steps/contracts/prep_contract.py"


def make_project(
    root: Path,
    *,
    contract: str = CONTRACT,
    script: str = SCRIPT,
    config: str = 'select = ["ALN1"]\n',
    git: bool = False,
) -> Path:
    """One processing step (registry, contract, spec, script) whose script reads an input the
    contract does not declare (ALN101), configured by ``alignlint.toml``; with ``git``, a
    repository (a ``.git`` directory) whose top level is ``root``."""
    for directory in ("steps/scripts", "steps/contracts", "steps/specs"):
        (root / directory).mkdir(parents=True, exist_ok=True)
    (root / CONTRACT_PATH).write_text(contract, encoding="utf-8")
    (root / "steps" / "specs" / "prep_spec.py").write_text(SPEC, encoding="utf-8")
    (root / "steps" / "registry.py").write_text(REGISTRY, encoding="utf-8")
    (root / SCRIPT_PATH).write_text(script, encoding="utf-8")
    (root / "alignlint.toml").write_text(config, encoding="utf-8")
    if git:
        (root / ".git").mkdir(exist_ok=True)
    return root


#: A bound only a hang reaches (no test asserts on time): a run that hangs fails its test.
HANG = 600


def alignlint(
    cwd: Path, home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m alignlint ARGS`` in ``cwd``; ``home`` holds the user's cache directory
    (the per-user key) and configuration directory. A run that does not end within
    :data:`HANG` seconds fails the test."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    for variable in (KEY_FILE_VARIABLE, "ALIGNLINT_USER_CONFIG", "GITHUB_STEP_SUMMARY"):
        environment.pop(variable, None)
    environment["XDG_CACHE_HOME"] = str(home)
    environment["XDG_CONFIG_HOME"] = str(home / "config")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "alignlint", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        check=False,
        timeout=HANG,
    )


def findings(cwd: Path, home: Path, *args: str) -> str:
    """The concise findings of ``alignlint check ARGS`` (which must exit 0 or 1)."""
    result = alignlint(cwd, home, "check", "--output-format", "concise", *args)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout
