"""Hypothesis-generated modules (``hypothesmith``) in the contract, specification, builder and
script positions of a small library (one catalogue step, copied): ``alignlint check`` never fails
internally, and its JSON output is the same when the run is repeated in another interpreter with a
different hash seed.

The generated module either replaces the file or is appended to it (so the step stays linked and
the odd code sits next to the real declarations).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robustness_harness import REPO, robustness, working_directory

CATALOG = REPO / "alignlint" / "catalog"
#: One step of the catalogue (a source step, so the small library lints clean on its own) with
#: every module its pieces import; the registry keeps only that step's row.
STEP = "CsvDataLoading"
REGISTRY = "registry/step_names.py"
LIBRARY = (
    "__init__.py",
    "registry/__init__.py",
    "registry/step_names.py",
    "contracts/csv_data_loading_contract.py",
    "specs/csv_data_loading_training_spec.py",
    "specs/csv_data_loading_calibration_spec.py",
    "specs/csv_data_loading_testing_spec.py",
    "specs/csv_data_loading_validation_spec.py",
    "registry/job_types.py",
    "configs/config_csv_data_loading_step.py",
    "builders/builder_csv_data_loading_step.py",
    "scripts/csv_data_loading.py",
)
POSITIONS = {
    "contract": "contracts/csv_data_loading_contract.py",
    "spec": "specs/csv_data_loading_training_spec.py",
    "builder": "builders/builder_csv_data_loading_step.py",
    "script": "scripts/csv_data_loading.py",
}
WORKER = Path(__file__).resolve().parent / "check_worker.py"

MODULES = st.one_of(hypothesmith.from_grammar(), hypothesmith.from_node())
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Worker:
    """The worker process: ``check(directory)`` returns its JSON answer."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def check(self, directory: Path) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{directory}\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer


def _other_hash_seed() -> str:
    current = os.environ.get("PYTHONHASHSEED", "")
    return "1" if current != "1" else "2"


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    environment = {**os.environ, "PYTHONHASHSEED": _other_hash_seed()}
    process = subprocess.Popen(
        [sys.executable, str(WORKER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=REPO,
    )
    yield Worker(process)
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=60)


def registry_of_one_step(text: str, step: str) -> str:
    """The registry module ``text`` with only the ``STEP_NAMES`` row of ``step``."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)

    def offset(line: int, column: int) -> int:
        return sum(len(item.encode()) for item in lines[: line - 1]) + column

    data = text.encode()
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Dict):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "STEP_NAMES" for t in targets):
                table = node.value
                for key, value in zip(table.keys, table.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == step:
                        row = ast.get_source_segment(text, value)
                        start = offset(table.lineno, table.col_offset)
                        end = offset(table.end_lineno or 0, table.end_col_offset or 0)
                        kept = f'{{\n    "{step}": {row},\n}}'.encode()
                        return (data[:start] + kept + data[end:]).decode()
    raise AssertionError(f"no STEP_NAMES row {step!r}")


def build_library(
    root: Path, position: str | None = None, module: str = "", mode: str = ""
) -> None:
    """The small library under ``root/catalog``, with ``module`` in ``position`` (``replace``d or
    ``append``ed) when given."""
    for name in LIBRARY:
        target = root / "catalog" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (CATALOG / name).read_text(encoding="utf-8")
        if name == REGISTRY:
            text = registry_of_one_step(text, STEP)
        target.write_text(text, encoding="utf-8")
    if position is None:
        return
    target = root / "catalog" / POSITIONS[position]
    original = target.read_text(encoding="utf-8")
    text = module if mode == "replace" else f"{original}\n{module}"
    target.write_text(text, encoding="utf-8")


def test_library_lints_clean(worker: Worker) -> None:
    with tempfile.TemporaryDirectory() as directory:
        build_library(Path(directory))
        answer = worker.check(Path(directory))
    assert (answer["status"], answer["output"]) == ("ok", "[]\n")


@pytest.mark.parametrize("position", sorted(POSITIONS))
@EXAMPLES
@given(module=MODULES, mode=st.sampled_from(["replace", "append"]))
def test_generated_module(position: str, module: str, mode: str, worker: Worker) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        build_library(root, position, module, mode)
        with working_directory(root):
            first = robustness.check_command(["."])
        second = worker.check(root)
    assert first.status in ("ok", "findings"), first.message
    assert second["status"] == first.status, second["message"]
    assert second["output"] == first.output
