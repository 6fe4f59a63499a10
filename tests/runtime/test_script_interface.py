"""The script-side helper building main()'s four arguments from a contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignlint.runtime.script_interface import (
    ScriptInterface,
    ScriptInterfaceError,
    argument_parser,
)

from .steps import PREP_CONTRACT


def test_builds_rooted_paths_env_and_args(tmp_path: Path) -> None:
    interface = ScriptInterface.from_contract(
        PREP_CONTRACT,
        root=tmp_path,
        environ={"LABEL_FIELD": "y", "SEPARATOR": "|", "PATH": "/bin"},
        argv=["--job-type", "validation"],
    )
    assert interface.input_paths == {"raw_data": str(tmp_path / "opt/ml/processing/input/data")}
    assert interface.output_paths == {
        "processed_data": str(tmp_path / "opt/ml/processing/output/data")
    }
    assert (tmp_path / "opt/ml/processing/output/data").is_dir()
    assert interface.environ_vars == {"LABEL_FIELD": "y", "TRAIN_RATIO": "0.7", "SEPARATOR": "|"}
    assert interface.job_args.job_type == "validation"


def test_container_paths_without_root_and_argument_default() -> None:
    interface = ScriptInterface.from_contract(
        PREP_CONTRACT, environ={"LABEL_FIELD": "y"}, argv=[], create_output_dirs=False
    )
    assert interface.input_paths == {"raw_data": "/opt/ml/processing/input/data"}
    assert interface.job_args.job_type == "training"


def test_missing_required_env_var(tmp_path: Path) -> None:
    with pytest.raises(ScriptInterfaceError) as caught:
        ScriptInterface.from_contract(PREP_CONTRACT, root=tmp_path, environ={}, argv=[])
    assert str(caught.value) == "prep.py: required environment variables not set: LABEL_FIELD"


def test_undeclared_argument(tmp_path: Path) -> None:
    with pytest.raises(ScriptInterfaceError) as caught:
        ScriptInterface.from_contract(
            PREP_CONTRACT, root=tmp_path, environ={"LABEL_FIELD": "y"}, argv=["--mode", "x"]
        )
    assert str(caught.value) == "prep.py: arguments not declared in the contract: --mode x"


def test_parser_accepts_both_spellings() -> None:
    parser = argument_parser(PREP_CONTRACT)
    assert parser.parse_args(["--job_type", "testing"]).job_type == "testing"
    assert parser.parse_args(["--job-type", "testing"]).job_type == "testing"
