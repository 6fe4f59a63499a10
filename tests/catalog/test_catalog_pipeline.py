"""The shipped pipelines build offline and every cross-step reference in them is sound."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alignlint.catalog.pipeline import PIPELINES, main

REPO_ROOT = Path(__file__).resolve().parents[2]
GET_STEP_OUTPUT = re.compile(
    r"^Steps\.(?P<step>[A-Za-z0-9_-]+)\."
    r"(?:ProcessingOutputConfig\.Outputs\['(?P<output>[^']+)'\]\.S3Output\.S3Uri"
    r"|(?P<model>ModelArtifacts\.S3ModelArtifacts))$"
)


class SocketOpened(AssertionError):
    """Raised by the guard when code under test tries to reach the network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything opens a network connection."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise SocketOpened(f"network connection attempted: {args[1:] or args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def definitions() -> dict[str, dict[str, Any]]:
    """Each shipped pipeline's definition, printed by the CLI entry point (built once)."""
    return {}


def build_definition(
    name: str, capsys: pytest.CaptureFixture[str], cache: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    if name not in cache:
        assert main([name]) == 0
        cache[name] = json.loads(capsys.readouterr().out)
    return cache[name]


def gets(node: Any) -> Iterator[str]:
    """Every ``{"Get": ...}`` expression anywhere in a JSON document."""
    if isinstance(node, dict):
        if set(node) == {"Get"} and isinstance(node["Get"], str):
            yield node["Get"]
        for value in node.values():
            yield from gets(value)
    elif isinstance(node, list):
        for item in node:
            yield from gets(item)


def test_list_names_the_shipped_pipelines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "xgboost_end_to_end",
        "pretrained_model_registration",
    ]


def test_unknown_pipeline_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nope"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "error: unknown pipeline 'nope'; shipped pipelines: "
        "xgboost_end_to_end, pretrained_model_registration\n"
    )


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_pipeline_builds_offline_without_opening_a_socket(
    name: str,
    no_network: None,
    capsys: pytest.CaptureFixture[str],
    definitions: dict[str, dict[str, Any]],
) -> None:
    definition = build_definition(name, capsys, definitions)
    assert definition["Version"] == "2020-12-01"
    assert [step["Name"] for step in definition["Steps"]]


@pytest.mark.parametrize(
    ("name", "steps"),
    [
        (
            "xgboost_end_to_end",
            [
                ("CsvDataLoading_Training", "Processing"),
                ("TabularPreprocessing_Training", "Processing"),
                ("XGBoostTraining", "Training"),
                ("CsvDataLoading_Calibration", "Processing"),
                ("TabularPreprocessing_Calibration", "Processing"),
                ("XGBoostModelEval", "Processing"),
                ("ModelCalibration", "Processing"),
                ("Package", "Processing"),
                ("Payload", "Processing"),
                ("ModelRegistration-RegisterModel", "RegisterModel"),
            ],
        ),
        (
            "pretrained_model_registration",
            [
                ("DummyTraining", "Processing"),
                ("Package", "Processing"),
                ("Payload", "Processing"),
                ("ModelRegistration-RegisterModel", "RegisterModel"),
            ],
        ),
    ],
)
def test_pipeline_has_the_dag_steps(
    name: str,
    steps: list[tuple[str, str]],
    no_network: None,
    capsys: pytest.CaptureFixture[str],
    definitions: dict[str, dict[str, Any]],
) -> None:
    definition = build_definition(name, capsys, definitions)
    assert [(step["Name"], step["Type"]) for step in definition["Steps"]] == steps


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_every_get_names_a_step_and_an_output_it_declares(
    name: str,
    no_network: None,
    capsys: pytest.CaptureFixture[str],
    definitions: dict[str, dict[str, Any]],
) -> None:
    definition = build_definition(name, capsys, definitions)
    steps = {step["Name"]: step for step in definition["Steps"]}
    step_gets = [expression for expression in gets(definition) if expression.startswith("Steps.")]
    assert step_gets, "the pipeline wires no step outputs at all"
    for expression in step_gets:
        match = GET_STEP_OUTPUT.match(expression)
        assert match is not None, f"unexpected property reference {expression}"
        producer = steps.get(match["step"])
        assert producer is not None, f"{expression} names no step of the pipeline"
        if match["model"]:
            assert producer["Type"] == "Training", expression
        else:
            declared = [
                output["OutputName"]
                for output in producer["Arguments"]["ProcessingOutputConfig"]["Outputs"]
            ]
            assert match["output"] in declared, f"{expression}: step declares {declared}"


def test_training_step_reads_the_preprocessed_channel(
    no_network: None,
    capsys: pytest.CaptureFixture[str],
    definitions: dict[str, dict[str, Any]],
) -> None:
    definition = build_definition("xgboost_end_to_end", capsys, definitions)
    training = next(step for step in definition["Steps"] if step["Name"] == "XGBoostTraining")
    (channel,) = training["Arguments"]["InputDataConfig"]
    assert channel["ChannelName"] == "training_data"
    assert channel["DataSource"]["S3DataSource"]["S3Uri"] == {
        "Get": "Steps.TabularPreprocessing_Training.ProcessingOutputConfig."
        "Outputs['processed_data'].S3Output.S3Uri"
    }
    assert training["Arguments"]["Environment"] == {
        "ETA": "0.3",
        "LABEL_FIELD": "label",
        "MAX_DEPTH": "6",
        "NUM_ROUND": "50",
    }


def test_registration_uses_files_inside_the_upstream_folders(
    no_network: None,
    capsys: pytest.CaptureFixture[str],
    definitions: dict[str, dict[str, Any]],
) -> None:
    definition = build_definition("xgboost_end_to_end", capsys, definitions)
    register = definition["Steps"][-1]["Arguments"]
    container = register["InferenceSpecification"]["Containers"][0]
    assert container["ModelDataUrl"]["Std:Join"]["Values"][1] == "model.tar.gz"
    assert register["SamplePayloadUrl"]["Std:Join"]["Values"][1] == "payload.tar.gz"
    statistics = register["ModelMetrics"]["ModelQuality"]["Statistics"]
    assert statistics["S3Uri"]["Std:Join"]["Values"][1] == "metrics.json"
    assert register["ModelPackageGroupName"] == "alignlint-catalog-xgboost"


def test_module_entry_point_prints_json() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "alignlint.catalog.pipeline", "pretrained_model_registration"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stderr
    definition = json.loads(result.stdout)
    assert definition["Steps"][0]["Name"] == "DummyTraining"
