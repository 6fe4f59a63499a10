"""PipelineAssembler: a real SageMaker pipeline definition, built offline."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from alignlint.runtime.assembler import AssemblyError, PipelineAssembler
from alignlint.runtime.builder import StepBuilderBase
from alignlint.runtime.dag import PipelineDAG
from alignlint.runtime.offline import OfflineRequestError, UploadLog, offline_boto_session
from alignlint.runtime.registry import StepRegistry

from .steps import (
    BASE_FIELDS,
    LoadBuilder,
    LoadConfig,
    PrepBuilder,
    PrepConfig,
    TrainBuilder,
    TrainConfig,
)

pytest.importorskip("sagemaker")

REGISTRY = StepRegistry(
    {
        name: {
            "config_class": f"{name}Config",
            "builder_step_name": f"{name}Builder",
            "spec_type": name,
            "sagemaker_step_type": kind,
            "description": f"{name} step",
        }
        for name, kind in [("Load", "Processing"), ("Prep", "Processing"), ("Train", "Training")]
    }
)
BUILDERS: dict[str, type[StepBuilderBase]] = {
    "Load": LoadBuilder,
    "Prep": PrepBuilder,
    "Train": TrainBuilder,
}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Fail on any socket connection or name lookup, recording the attempts."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    yield attempts
    assert attempts == []


def dag() -> PipelineDAG:
    dag = PipelineDAG()
    dag.add_edge("Prep", "Train")
    dag.add_edge("Load", "Prep")
    return dag


def configs(tmp_code_dir: str) -> dict[str, Any]:
    return {
        "Load": LoadConfig(**BASE_FIELDS, source_dir=tmp_code_dir),
        "Prep": PrepConfig(**BASE_FIELDS, source_dir=tmp_code_dir, label_field="is_fraud"),
        "Train": TrainConfig(**BASE_FIELDS),
    }


def test_builds_a_real_pipeline_offline(no_network: list[Any], tmp_path: Any) -> None:
    (tmp_path / "load.py").write_text("print('load')\n", encoding="utf-8")
    (tmp_path / "prep.py").write_text("print('prep')\n", encoding="utf-8")
    assembler = PipelineAssembler(dag(), configs(str(tmp_path)), BUILDERS, REGISTRY)
    pipeline = assembler.generate_pipeline()
    definition = json.loads(pipeline.definition())
    assert pipeline.name == "alice-fraud-xgboost-NA"
    steps = {step["Name"]: step for step in definition["Steps"]}
    assert list(steps) == ["Load", "Prep", "Train"]
    assert steps["Train"]["Arguments"]["InputDataConfig"][0]["ChannelName"] == "train"
    declared = {
        "Load": {"data"},
        "Prep": {"processed_data"},
    }
    references = re.findall(
        r"Steps\.(\w+)\.ProcessingOutputConfig\.Outputs\['(\w+)'\]", json.dumps(definition)
    )
    assert sorted(set(references)) == [("Load", "data"), ("Prep", "processed_data")]
    for step_name, output in references:
        assert output in declared[step_name]
    code_input = steps["Load"]["Arguments"]["ProcessingInputs"][-1]
    assert code_input["InputName"] == "code"
    assert code_input["S3Input"]["S3Uri"].startswith("s3://my-bucket/alice-fraud-xgboost-NA/code/")


def test_definition_is_deterministic(no_network: list[Any], tmp_path: Any) -> None:
    (tmp_path / "load.py").write_text("print('load')\n", encoding="utf-8")
    (tmp_path / "prep.py").write_text("print('prep')\n", encoding="utf-8")

    def build() -> str:
        return str(
            PipelineAssembler(dag(), configs(str(tmp_path)), BUILDERS, REGISTRY)
            .generate_pipeline()
            .definition()
        )

    assert build() == build()


def test_missing_config_and_extra_config() -> None:
    with pytest.raises(AssemblyError) as caught:
        PipelineAssembler(dag(), {}, BUILDERS, REGISTRY)
    assert str(caught.value) == "no config for DAG nodes ['Prep', 'Train', 'Load']"
    extra = {**configs("s3://b/code"), "Eval": TrainConfig(**BASE_FIELDS)}
    with pytest.raises(AssemblyError) as caught:
        PipelineAssembler(dag(), extra, BUILDERS, REGISTRY)
    assert str(caught.value) == "configs for nodes ['Eval'] that are not in the DAG"


def test_missing_builder(no_network: list[Any]) -> None:
    builders: dict[str, type[StepBuilderBase]] = {"Load": LoadBuilder, "Prep": PrepBuilder}
    assembler = PipelineAssembler(dag(), configs("s3://b/code"), builders, REGISTRY)
    with pytest.raises(AssemblyError) as caught:
        assembler.generate_pipeline()
    assert str(caught.value) == (
        "node 'Train': no builder for step 'Train' (config TrainConfig); builders: Load, Prep"
    )


def test_offline_session_refuses_other_requests(no_network: list[Any]) -> None:
    log = UploadLog()
    client = offline_boto_session("us-east-1", log).client("sts")
    with pytest.raises(OfflineRequestError) as caught:
        client.get_caller_identity()
    assert str(caught.value) == (
        "offline pipeline build attempted the AWS request 'sts.GetCallerIdentity' "
        "(https://sts.us-east-1.amazonaws.com/)"
    )
    s3 = offline_boto_session("us-east-1", log).client("s3")
    s3.put_object(Bucket="my-bucket", Key="k", Body=b"x")
    assert log.urls == ["https://my-bucket.s3.amazonaws.com/k"]
