"""Builders: spec-driven inputs, outputs, env vars, job arguments and step creation."""

from __future__ import annotations

from typing import Any

import pytest

from alignlint.runtime.builder import (
    ProcessingStepBuilder,
    StepBuilderError,
    env_value,
    job_name_prefix,
)
from alignlint.runtime.contract import ScriptContract
from alignlint.runtime.offline import offline_pipeline_session
from alignlint.runtime.specification import DependencyType, NodeType, OutputSpec, StepSpecification

from .steps import (
    BASE_FIELDS,
    LOAD_SPEC,
    PREP_SPEC,
    LoadBuilder,
    LoadConfig,
    PrepBuilder,
    PrepConfig,
    TrainBuilder,
    TrainConfig,
    TrainHyperparameters,
    processing_output,
)

pytest.importorskip("sagemaker")


@pytest.fixture(scope="module")
def session() -> Any:
    return offline_pipeline_session("us-east-1", "my-bucket")


def prep(session: Any, **fields: Any) -> PrepBuilder:
    fields.setdefault("source_dir", "s3://my-bucket/code")
    return PrepBuilder(PrepConfig(**BASE_FIELDS, **fields), sagemaker_session=session)


def test_environment_variables_follow_the_naming_convention(session: Any) -> None:
    builder = prep(session, label_field="is_fraud", train_ratio=0.8)
    assert builder._get_environment_variables() == {
        "LABEL_FIELD": "is_fraud",
        "TRAIN_RATIO": "0.8",
        "SEPARATOR": ",",
    }


def test_required_env_var_without_source() -> None:
    class NoLabelConfig(LoadConfig):
        def get_script_contract(self) -> ScriptContract:
            return PREP_SPEC.script_contract  # type: ignore[return-value]

    with pytest.raises(StepBuilderError) as caught:
        PrepBuilder(NoLabelConfig(**BASE_FIELDS))  # type: ignore[arg-type]
    assert str(caught.value) == (
        "step 'Prep_Training': required environment variable 'LABEL_FIELD' has no value: config "
        "NoLabelConfig has no field 'label_field' (nor hyperparameters.label_field) with a value"
    )


def test_env_var_from_hyperparameters() -> None:
    contract = ScriptContract(entry_point="t.py", required_env_vars=["MAX_DEPTH"])

    class HyperConfig(TrainConfig):
        def get_script_contract(self) -> ScriptContract:
            return contract

    spec = StepSpecification(
        step_type="Tune", node_type=NodeType.SINGULAR, script_contract=contract
    )
    config = HyperConfig(**BASE_FIELDS, hyperparameters=TrainHyperparameters(max_depth=3))
    builder = ProcessingStepBuilder(config, spec)
    assert builder._get_environment_variables() == {"MAX_DEPTH": "3"}


def test_job_arguments_from_config_or_contract_default(session: Any) -> None:
    assert prep(session, job_type="calibration")._get_job_arguments() == [
        "--job_type",
        "calibration",
    ]
    load = LoadBuilder(LoadConfig(**BASE_FIELDS), sagemaker_session=session)
    assert load._get_job_arguments() is None


def test_processing_inputs_use_logical_names_and_contract_paths(session: Any) -> None:
    (processing_input,) = prep(session)._get_inputs({"raw_data": "s3://in/data"})
    assert processing_input.input_name == "raw_data"
    assert processing_input.source == "s3://in/data"
    assert processing_input.destination == "/opt/ml/processing/input/data"


def test_missing_required_input(session: Any) -> None:
    with pytest.raises(StepBuilderError) as caught:
        prep(session)._get_inputs({})
    assert str(caught.value) == (
        "step 'Prep_Training': required input 'raw_data' was not provided (expected a source "
        "for container path '/opt/ml/processing/input/data')"
    )


def test_unknown_input(session: Any) -> None:
    with pytest.raises(StepBuilderError) as caught:
        prep(session)._get_inputs({"raw_data": "s3://x", "labels": "s3://y"})
    assert str(caught.value) == (
        "step 'Prep_Training': inputs ['labels'] are not dependencies of specification "
        "'Prep_Training' (dependencies: raw_data)"
    )


def test_processing_outputs_default_under_pipeline_location(session: Any) -> None:
    builder = prep(session)
    builder.step_name = "PrepNode"
    (output,) = builder._get_outputs({})
    assert (output.output_name, output.source, output.destination) == (
        "processed_data",
        "/opt/ml/processing/output/data",
        "s3://my-bucket/alice-fraud-xgboost-NA_1.0/PrepNode/processed_data",
    )
    (override,) = builder._get_outputs({"processed_data": "s3://elsewhere/x"})
    assert override.destination == "s3://elsewhere/x"


def test_unknown_output(session: Any) -> None:
    with pytest.raises(StepBuilderError) as caught:
        prep(session)._get_outputs({"model": "s3://x"})
    assert str(caught.value) == (
        "step 'Prep_Training': outputs ['model'] are not outputs of specification "
        "'Prep_Training' (outputs: processed_data)"
    )


def test_misaligned_spec_is_rejected_at_construction() -> None:
    broken = PREP_SPEC.model_copy(update={"outputs": {"stats": processing_output("stats")}})

    class BrokenBuilder(PrepBuilder):
        def __init__(self, config: PrepConfig) -> None:
            super(PrepBuilder, self).__init__(config, broken)

    with pytest.raises(StepBuilderError) as caught:
        BrokenBuilder(PrepConfig(**BASE_FIELDS))
    assert str(caught.value) == (
        "step 'Prep_Training': specification and contract are misaligned:\n"
        "  - step 'Prep_Training' output 'stats' has no output path in contract 'prep.py' "
        "(contract outputs: processed_data)\n"
        "  - contract 'prep.py' output 'processed_data' has no matching output in step "
        "'Prep_Training' (outputs read from the script: stats)"
    )


def test_config_contract_must_match_spec_contract() -> None:
    class WrongSpecBuilder(PrepBuilder):
        def __init__(self, config: PrepConfig) -> None:
            super(PrepBuilder, self).__init__(config, LOAD_SPEC)

    with pytest.raises(StepBuilderError) as caught:
        WrongSpecBuilder(PrepConfig(**BASE_FIELDS))
    assert str(caught.value) == (
        "step 'Load': config PrepConfig uses contract 'prep.py' but specification 'Load' uses "
        "'load.py'"
    )


def test_training_inputs_by_channel_and_output_path(session: Any) -> None:
    builder = TrainBuilder(TrainConfig(**BASE_FIELDS), sagemaker_session=session)
    inputs = builder._get_inputs({"train_data": "s3://in/train"})
    assert list(inputs) == ["train"]
    assert inputs["train"].config["DataSource"]["S3DataSource"]["S3Uri"] == "s3://in/train"
    assert builder._get_outputs({}) == "s3://my-bucket/alice-fraud-xgboost-NA_1.0/Train"
    assert builder._get_outputs({"model_output": "s3://m"}) == "s3://m"


def test_training_outputs_must_share_one_location(session: Any) -> None:
    builder = TrainBuilder(TrainConfig(**BASE_FIELDS), sagemaker_session=session)
    with pytest.raises(StepBuilderError) as caught:
        builder._get_outputs({"model_output": "s3://a", "evaluation_output": "s3://b"})
    assert str(caught.value) == (
        "step 'Train': a training job writes all outputs under one output_path, got "
        "['s3://a', 's3://b']"
    )


def test_create_step_wires_upstream_outputs_through_the_resolver(session: Any) -> None:
    load = LoadBuilder(LoadConfig(**BASE_FIELDS, source_dir="s3://my-bucket/code"), session)
    load.step_name = "Load"
    load_step = load.create_step()
    builder = prep(session)
    builder.dependency_resolver = load.dependency_resolver
    builder.dependency_resolver.register_specification("Load", LOAD_SPEC)
    step = builder.create_step(dependencies=[load_step], enable_caching=False)
    arguments = step.arguments
    (data_input, _code) = arguments["ProcessingInputs"]
    assert data_input["InputName"] == "raw_data"
    assert data_input["S3Input"]["S3Uri"].expr == {
        "Get": "Steps.Load.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri"
    }
    assert arguments["AppSpecification"]["ContainerArguments"] == ["--job_type", "training"]
    assert arguments["Environment"]["LABEL_FIELD"] == "label"
    assert step.cache_config.enable_caching is False
    assert step.depends_on == [load_step]


def test_create_step_explains_unresolved_required_inputs(session: Any) -> None:
    load = LoadBuilder(LoadConfig(**BASE_FIELDS, source_dir="s3://my-bucket/code"), session)
    load.step_name = "Load"
    load_step = load.create_step()
    model_only = StepSpecification(
        step_type="Model",
        node_type=NodeType.SOURCE,
        outputs=[
            OutputSpec(
                logical_name="model",
                output_type=DependencyType.MODEL_ARTIFACTS,
                property_path="properties.ModelArtifacts.S3ModelArtifacts",
            )
        ],
    )
    builder = prep(session)
    builder.dependency_resolver.register_specification("Load", model_only)
    with pytest.raises(StepBuilderError) as caught:
        builder.create_step(dependencies=[load_step])
    assert str(caught.value).splitlines() == [
        "step 'Prep_Training': required inputs ['raw_data'] were neither provided nor resolved "
        "from upstream steps ['Load']:",
        "step 'Prep_Training' dependency 'raw_data' (processing_output, S3Uri, required):",
        "  unresolved: no candidate reaches the threshold 0.5",
        "  - Load.model: rejected: output type 'model_artifacts' is not compatible with "
        "dependency type 'processing_output'",
    ]


def test_script_location_is_required(session: Any) -> None:
    builder = PrepBuilder(PrepConfig(**BASE_FIELDS), sagemaker_session=session)
    with pytest.raises(StepBuilderError) as caught:
        builder.create_step(inputs={"raw_data": "s3://in"})
    assert str(caught.value) == (
        "step 'Prep_Training': config PrepConfig gives no script location; set "
        "processing_source_dir or source_dir"
    )


def test_env_value_and_job_name_prefix() -> None:
    assert [env_value(v) for v in ("a", 3, True, [1, "x"], {"k": 1})] == [
        "a",
        "3",
        "true",
        '[1, "x"]',
        '{"k": 1}',
    ]
    assert job_name_prefix("Tabular_Preprocessing__Training") == "Tabular-Preprocessing-Training"
