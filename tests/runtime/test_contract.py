"""ScriptContract / TrainingScriptContract validation, one test per error path."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from alignlint.runtime.contract import ScriptContract, TrainingScriptContract, ValidationResult

from .steps import TRAIN_CONTRACT, value_error


def contract_error(cls: type[ScriptContract] = ScriptContract, **fields: Any) -> str:
    fields.setdefault("entry_point", "x.py")
    with pytest.raises(ValidationError) as caught:
        cls(**fields)
    return value_error(caught.value)


def test_valid_processing_contract_keeps_its_fields() -> None:
    contract = ScriptContract(
        entry_point="x.py",
        expected_input_paths={"data": "/opt/ml/processing/input/data"},
        expected_output_paths={"out": "/opt/ml/processing/output"},
        optional_env_vars={"A": "1"},
    )
    assert contract.expected_input_paths == {"data": "/opt/ml/processing/input/data"}
    assert contract.optional_env_vars == {"A": "1"}


def test_entry_point_must_be_python() -> None:
    assert (
        contract_error(entry_point="run.sh")
        == "entry_point must be a Python file ending in '.py', got 'run.sh'"
    )


def test_input_outside_processing_input() -> None:
    assert contract_error(expected_input_paths={"data": "/opt/ml/input/data"}) == (
        "input 'data': container path '/opt/ml/input/data' must be under "
        "/opt/ml/processing/input, /opt/ml/processing/config"
    )


def test_input_prefix_is_compared_by_component() -> None:
    assert contract_error(expected_input_paths={"d": "/opt/ml/processing/inputs"}) == (
        "input 'd': container path '/opt/ml/processing/inputs' must be under "
        "/opt/ml/processing/input, /opt/ml/processing/config"
    )


def test_output_outside_processing_output() -> None:
    assert contract_error(expected_output_paths={"out": "/opt/ml/model"}) == (
        "output 'out': container path '/opt/ml/model' must be under "
        "/opt/ml/processing/output, /opt/ml/processing/evaluation"
    )


def test_documented_exception_roots_are_accepted() -> None:
    contract = ScriptContract(
        entry_point="x.py",
        expected_input_paths={"config": "/opt/ml/processing/config"},
        expected_output_paths={"metrics": "/opt/ml/processing/evaluation"},
    )
    assert contract.expected_output_paths["metrics"] == "/opt/ml/processing/evaluation"


@pytest.mark.parametrize(
    ("path", "extension"),
    [
        ("/opt/ml/processing/input/model/model.tar.gz", ".tar.gz"),
        ("/opt/ml/processing/input/config/hp.json", ".json"),
        ("/opt/ml/processing/input/data/train.csv", ".csv"),
        ("/opt/ml/processing/input/data/train.parquet", ".parquet"),
        ("/opt/ml/processing/input/model/model.pkl", ".pkl"),
    ],
)
def test_input_path_naming_a_file(path: str, extension: str) -> None:
    assert contract_error(expected_input_paths={"m": path}) == (
        f"input 'm': container path '{path}' names a file ('{extension}'); SageMaker mounts a "
        "directory there, so use the directory and let the script read or write files inside it"
    )


def test_two_inputs_sharing_a_path() -> None:
    paths = {"a": "/opt/ml/processing/input/data", "b": "/opt/ml/processing/input/data/"}
    assert contract_error(expected_input_paths=paths) == (
        "inputs 'a' and 'b' share the container path '/opt/ml/processing/input/data/'"
    )


def test_empty_logical_name() -> None:
    assert contract_error(expected_output_paths={"": "/opt/ml/processing/output"}) == (
        "output paths have an empty logical name (path '/opt/ml/processing/output')"
    )


def test_invalid_required_env_var_name() -> None:
    assert contract_error(required_env_vars=["LABEL-FIELD"]) == (
        "required_env_vars has an invalid environment variable name 'LABEL-FIELD'"
    )


def test_duplicate_required_env_var() -> None:
    assert contract_error(required_env_vars=["A", "A"]) == (
        "required_env_vars lists 'A' more than once"
    )


def test_invalid_optional_env_var_name() -> None:
    assert contract_error(optional_env_vars={"1X": ""}) == (
        "optional_env_vars has an invalid environment variable name '1X'"
    )


def test_env_var_both_required_and_optional() -> None:
    assert contract_error(required_env_vars=["A", "B"], optional_env_vars={"B": "", "A": ""}) == (
        "env vars ['A', 'B'] are both required and optional; declare each in one place"
    )


def test_empty_argument_name() -> None:
    assert contract_error(expected_arguments={"--": "x"}) == (
        "expected_arguments has an empty argument name: '--'"
    )


def test_training_contract_accepts_channels_model_output_and_hyperparameters() -> None:
    assert TRAIN_CONTRACT.channel_for("train_data") == "train"


def test_training_input_outside_channels() -> None:
    assert contract_error(
        TrainingScriptContract, expected_input_paths={"d": "/opt/ml/processing/input/d"}
    ) == (
        "input 'd': container path '/opt/ml/processing/input/d' must be a channel directory "
        "/opt/ml/input/data/<channel> or the hyperparameters file "
        "/opt/ml/input/config/hyperparameters.json"
    )


def test_training_input_without_channel() -> None:
    assert contract_error(
        TrainingScriptContract, expected_input_paths={"d": "/opt/ml/input/data"}
    ) == (
        "input 'd': container path '/opt/ml/input/data' must name exactly one channel "
        "directory: /opt/ml/input/data/<channel>"
    )


def test_training_input_file_inside_channel() -> None:
    assert contract_error(
        TrainingScriptContract,
        expected_input_paths={"hp": "/opt/ml/input/data/config/hyperparameters.json"},
    ) == (
        "input 'hp': container path '/opt/ml/input/data/config/hyperparameters.json' must name "
        "exactly one channel directory: /opt/ml/input/data/<channel>"
    )


def test_training_invalid_channel_name() -> None:
    assert contract_error(
        TrainingScriptContract, expected_input_paths={"d": "/opt/ml/input/data/tr ain"}
    ) == (
        "input 'd': channel 'tr ain' in '/opt/ml/input/data/tr ain' is not a valid SageMaker "
        "channel name (letters, digits, '.', '-', '_'; at most 64 characters)"
    )


def test_training_output_elsewhere() -> None:
    assert contract_error(
        TrainingScriptContract, expected_output_paths={"m": "/opt/ml/processing/output"}
    ) == (
        "output 'm': container path '/opt/ml/processing/output' must be /opt/ml/model or under "
        "/opt/ml/output/data"
    )


def test_training_output_naming_a_file() -> None:
    assert contract_error(
        TrainingScriptContract, expected_output_paths={"m": "/opt/ml/output/data/metrics.json"}
    ) == (
        "output 'm': container path '/opt/ml/output/data/metrics.json' names a file ('.json'); "
        "SageMaker mounts a directory there, so use the directory and let the script read or "
        "write files inside it"
    )


def test_channel_for_unknown_logical_name() -> None:
    with pytest.raises(KeyError) as caught:
        TRAIN_CONTRACT.channel_for("validation_data")
    assert caught.value.args[0] == (
        "'validation_data' is not an input of contract 'train.py' "
        "(inputs: hyperparameters, train_data)"
    )


def test_channel_for_hyperparameters_file() -> None:
    with pytest.raises(ValueError) as caught:
        TRAIN_CONTRACT.channel_for("hyperparameters")
    assert str(caught.value) == (
        "input 'hyperparameters' of contract 'train.py' is the hyperparameters file "
        "/opt/ml/input/config/hyperparameters.json, which SageMaker writes from the estimator's "
        "hyperparameters; it has no input channel"
    )


def test_validation_result_validity_follows_errors() -> None:
    assert ValidationResult().is_valid
    assert ValidationResult(warnings=["w"]).is_valid
    result = ValidationResult(errors=["e"])
    assert not result.is_valid
    assert result.model_dump() == {"errors": ["e"], "warnings": [], "is_valid": False}
