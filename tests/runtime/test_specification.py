"""DependencySpec / OutputSpec / StepSpecification validation and contract alignment."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from alignlint.runtime.contract import ScriptContract, TrainingScriptContract
from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from .steps import (
    LOAD_SPEC,
    PREP_CONTRACT,
    PREP_SPEC,
    TRAIN_CONTRACT,
    TRAIN_SPEC,
    processing_output,
    value_error,
)

DEP = DependencySpec(logical_name="raw_data", dependency_type=DependencyType.PROCESSING_OUTPUT)


def error_of(cls: type[Any], **fields: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        cls(**fields)
    return value_error(caught.value)


def spec(**fields: Any) -> StepSpecification:
    fields.setdefault("step_type", "Prep")
    fields.setdefault("node_type", NodeType.INTERNAL)
    fields.setdefault("dependencies", [DEP])
    fields.setdefault("outputs", [processing_output("processed_data")])
    return StepSpecification(**fields)


def spec_error(**fields: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        spec(**fields)
    return value_error(caught.value)


def test_dependency_logical_name_must_be_identifier() -> None:
    assert error_of(
        DependencySpec, logical_name="raw data", dependency_type=DependencyType.PROCESSING_OUTPUT
    ) == (
        "logical_name 'raw data' must be an identifier (letters, digits and '_', not starting "
        "with a digit)"
    )


def test_dependency_data_type_must_be_known() -> None:
    assert (
        error_of(
            DependencySpec,
            logical_name="x",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            data_type="Uri",
        )
        == "data_type 'Uri' is not one of S3Uri, String, Integer, Float, Boolean"
    )


def test_output_property_path_must_start_with_properties() -> None:
    assert error_of(
        OutputSpec,
        logical_name="x",
        output_type=DependencyType.PROCESSING_OUTPUT,
        property_path="ProcessingOutputConfig.Outputs['x'].S3Output.S3Uri",
    ) == (
        "property_path 'ProcessingOutputConfig.Outputs['x'].S3Output.S3Uri' must start with "
        "'properties.'"
    )


def test_output_alias_equal_to_own_name() -> None:
    assert (
        error_of(
            OutputSpec,
            logical_name="x",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingJobName",
            aliases=["x"],
        )
        == "output 'x' lists its own logical name as an alias"
    )


def test_output_alias_listed_twice() -> None:
    assert (
        error_of(
            OutputSpec,
            logical_name="x",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingJobName",
            aliases=["y", "y"],
        )
        == "output 'x' lists alias 'y' twice"
    )


def test_lists_are_stored_by_logical_name() -> None:
    assert list(PREP_SPEC.dependencies) == ["raw_data"]
    assert list(PREP_SPEC.outputs) == ["processed_data"]


def test_duplicate_dependency_name() -> None:
    assert spec_error(dependencies=[DEP, DEP]) == "duplicate dependency logical_name 'raw_data'"


def test_duplicate_output_name() -> None:
    out = processing_output("processed_data")
    assert spec_error(outputs=[out, out]) == "duplicate output logical_name 'processed_data'"


def test_dict_key_must_equal_logical_name() -> None:
    assert spec_error(dependencies={"data": DEP}) == (
        "dependency stored under 'data' has logical_name 'raw_data'"
    )


def test_alias_colliding_with_output_name() -> None:
    outputs = [processing_output("a"), processing_output("b", aliases=["a"])]
    assert spec_error(outputs=outputs) == (
        "step 'Prep': alias 'a' of output 'b' collides with output 'a'"
    )


def test_alias_colliding_with_other_alias() -> None:
    outputs = [processing_output("a", aliases=["data"]), processing_output("b", aliases=["data"])]
    assert spec_error(outputs=outputs) == (
        "step 'Prep': alias 'data' of output 'b' collides with an alias of output 'a'"
    )


def test_empty_step_type() -> None:
    assert spec_error(step_type=" ") == "step_type must be a non-empty string"


@pytest.mark.parametrize(
    ("node_type", "dependencies", "outputs", "message"),
    [
        (
            NodeType.SOURCE,
            [DEP],
            None,
            "step 'Prep' is a source node and must not have dependencies",
        ),
        (NodeType.SOURCE, [], [], "step 'Prep' is a source node and must have at least one output"),
        (NodeType.SINK, [], [], "step 'Prep' is a sink node and must have at least one dependency"),
        (NodeType.SINK, [DEP], None, "step 'Prep' is a sink node and must not have outputs"),
        (
            NodeType.INTERNAL,
            [],
            None,
            "step 'Prep' is a internal node and must have at least one dependency",
        ),
        (
            NodeType.INTERNAL,
            [DEP],
            [],
            "step 'Prep' is a internal node and must have at least one output",
        ),
    ],
)
def test_node_type_rules(
    node_type: NodeType, dependencies: list[Any], outputs: list[Any] | None, message: str
) -> None:
    fields: dict[str, Any] = {"node_type": node_type, "dependencies": dependencies}
    if outputs is not None:
        fields["outputs"] = outputs
    assert spec_error(**fields) == message


def test_singular_node_needs_neither() -> None:
    assert spec(node_type=NodeType.SINGULAR, dependencies=[], outputs=[]).outputs == {}


def test_get_output_by_name_or_alias() -> None:
    assert (
        PREP_SPEC.get_output_by_name_or_alias("processed_data")
        is PREP_SPEC.outputs["processed_data"]
    )
    assert (
        PREP_SPEC.get_output_by_name_or_alias("training_data")
        is PREP_SPEC.outputs["processed_data"]
    )
    assert PREP_SPEC.get_output_by_name_or_alias("model") is None


def test_required_and_optional_dependencies() -> None:
    optional = DependencySpec(
        logical_name="extra", dependency_type=DependencyType.PROCESSING_OUTPUT, required=False
    )
    s = spec(dependencies=[DEP, optional])
    assert [d.logical_name for d in s.list_required_dependencies()] == ["raw_data"]
    assert [d.logical_name for d in s.list_optional_dependencies()] == ["extra"]


@pytest.mark.parametrize("aligned", [LOAD_SPEC, PREP_SPEC, TRAIN_SPEC])
def test_aligned_specs_validate(aligned: StepSpecification) -> None:
    result = aligned.validate_contract_alignment()
    assert (result.is_valid, result.errors, result.warnings) == (True, [], [])


def alignment(**fields: Any) -> tuple[list[str], list[str]]:
    kind = fields.pop("kind", None)
    result = spec(**fields).validate_contract_alignment(kind)
    return result.errors, result.warnings


def test_required_dependency_missing_from_contract() -> None:
    extra = DependencySpec(logical_name="labels", dependency_type=DependencyType.PROCESSING_OUTPUT)
    errors, _ = alignment(script_contract=PREP_CONTRACT, dependencies=[DEP, extra])
    assert errors == [
        "step 'Prep' dependency 'labels' has no input path in contract 'prep.py' "
        "(contract inputs: raw_data)"
    ]


def test_optional_dependency_missing_from_contract_is_a_warning() -> None:
    extra = DependencySpec(
        logical_name="labels", dependency_type=DependencyType.PROCESSING_OUTPUT, required=False
    )
    errors, warnings = alignment(script_contract=PREP_CONTRACT, dependencies=[DEP, extra])
    assert errors == []
    assert warnings == [
        "step 'Prep' dependency 'labels' has no input path in contract 'prep.py' "
        "(contract inputs: raw_data)"
    ]


def test_contract_input_without_dependency() -> None:
    contract = PREP_CONTRACT.model_copy(
        update={
            "expected_input_paths": {
                "raw_data": "/opt/ml/processing/input/data",
                "labels": "/opt/ml/processing/input/labels",
            }
        }
    )
    errors, _ = alignment(script_contract=contract)
    assert errors == [
        "contract 'prep.py' input 'labels' has no dependency in step 'Prep' "
        "(dependencies: raw_data)"
    ]


def test_spec_output_missing_from_contract() -> None:
    outputs = [processing_output("processed_data"), processing_output("stats")]
    errors, _ = alignment(script_contract=PREP_CONTRACT, outputs=outputs)
    assert errors == [
        "step 'Prep' output 'stats' has no output path in contract 'prep.py' "
        "(contract outputs: processed_data)"
    ]


def test_contract_output_without_spec_output() -> None:
    contract = PREP_CONTRACT.model_copy(
        update={
            "expected_output_paths": {
                "processed_data": "/opt/ml/processing/output/data",
                "stats": "/opt/ml/processing/output/stats",
            }
        }
    )
    errors, _ = alignment(script_contract=contract)
    assert errors == [
        "contract 'prep.py' output 'stats' has no matching output in step 'Prep' "
        "(outputs read from the script: processed_data)"
    ]


def test_processing_property_path_names_another_output() -> None:
    wrong = OutputSpec(
        logical_name="processed_data",
        output_type=DependencyType.PROCESSING_OUTPUT,
        property_path="properties.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri",
    )
    errors, _ = alignment(script_contract=PREP_CONTRACT, outputs=[wrong])
    assert errors == [
        "step 'Prep' output 'processed_data': property path names output 'data'; the builder "
        "names processing outputs by logical name, so it must be Outputs['processed_data']"
    ]


def test_unknown_property_path() -> None:
    wrong = OutputSpec(
        logical_name="processed_data",
        output_type=DependencyType.PROCESSING_OUTPUT,
        property_path="properties.ProcessingJobOutput.Metrics",
    )
    errors, _ = alignment(outputs=[wrong])
    assert errors == [
        "step 'Prep' output 'processed_data': property path "
        "'properties.ProcessingJobOutput.Metrics' is not a known SageMaker step property"
    ]


def test_property_path_of_another_step_kind() -> None:
    wrong = OutputSpec(
        logical_name="processed_data",
        output_type=DependencyType.MODEL_ARTIFACTS,
        property_path="properties.ModelArtifacts.S3ModelArtifacts",
    )
    errors, _ = alignment(script_contract=PREP_CONTRACT, outputs=[wrong])
    assert errors == [
        "step 'Prep' output 'processed_data': property path "
        "'properties.ModelArtifacts.S3ModelArtifacts' belongs to a Training step, but this is "
        "a Processing step",
        "contract 'prep.py' output 'processed_data' has no matching output in step 'Prep' "
        "(outputs read from the script: none)",
    ]


def test_explicit_step_kind_checks_paths_without_contract() -> None:
    model = OutputSpec(
        logical_name="model",
        output_type=DependencyType.CUSTOM_PROPERTY,
        property_path="properties.ModelArn",
    )
    s = spec(dependencies=[DEP], outputs=[model])
    assert s.validate_contract_alignment("CreateModel").errors == []
    assert s.validate_contract_alignment("Transform").errors == [
        "step 'Prep' output 'model': property path 'properties.ModelArn' belongs to a "
        "CreateModel or ModelStep step, but this is a Transform step"
    ]


def test_property_paths_are_judged_by_the_api_model() -> None:
    """Paths the service model has are accepted whatever their form: a status, an output read by
    position, another member of the output."""
    outputs = [
        OutputSpec(
            logical_name="processed_data",
            output_type=DependencyType.PROCESSING_OUTPUT,
            property_path="properties.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri",
        ),
        OutputSpec(
            logical_name="status",
            output_type=DependencyType.CUSTOM_PROPERTY,
            property_path="properties.ProcessingJobStatus",
        ),
        OutputSpec(
            logical_name="local",
            output_type=DependencyType.CUSTOM_PROPERTY,
            property_path="properties.ProcessingOutputConfig.Outputs['local'].S3Output.LocalPath",
        ),
    ]
    assert (
        spec(dependencies=[DEP], outputs=outputs).validate_contract_alignment("Processing").errors
        == []
    )


def test_processing_kind_without_contract_warns() -> None:
    result = spec().validate_contract_alignment("Processing")
    assert result.is_valid
    assert result.warnings == [
        "step 'Prep' is a Processing step without a script contract; its inputs and outputs "
        "cannot be checked against a script"
    ]


def test_training_kind_with_processing_contract() -> None:
    errors, _ = alignment(script_contract=PREP_CONTRACT, kind="Training")
    assert errors[0] == (
        "step 'Prep' output 'processed_data': property path "
        "'properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri' belongs "
        "to a Processing step, but this is a Training step"
    )
    assert errors[1] == (
        "step 'Prep' is a Training step but its contract 'prep.py' is a ScriptContract; use "
        "TrainingScriptContract"
    )


def test_processing_kind_with_training_contract() -> None:
    result = TRAIN_SPEC.validate_contract_alignment("Processing")
    assert (
        "step 'Train' is a Processing step but its contract 'train.py' is a "
        "TrainingScriptContract; use ScriptContract"
    ) in result.errors


def training_spec(contract: TrainingScriptContract, **fields: Any) -> StepSpecification:
    return TRAIN_SPEC.model_copy(update={"script_contract": contract, **fields})


def test_model_artifacts_output_must_map_to_model_dir() -> None:
    contract = TRAIN_CONTRACT.model_copy(
        update={
            "expected_output_paths": {
                "model_output": "/opt/ml/output/data/model",
                "evaluation_output": "/opt/ml/output/data/eval",
            }
        }
    )
    assert training_spec(contract).validate_contract_alignment().errors == [
        "step 'Train' output 'model_output' reads properties.ModelArtifacts.S3ModelArtifacts, "
        "so its contract path must be /opt/ml/model, got '/opt/ml/output/data/model'"
    ]


def test_output_data_must_map_under_output_data() -> None:
    contract = TRAIN_CONTRACT.model_copy(
        update={
            "expected_output_paths": {
                "model_output": "/opt/ml/model",
                "evaluation_output": "/opt/ml/model",
            }
        }
    )
    assert training_spec(contract).validate_contract_alignment().errors == [
        "step 'Train' output 'evaluation_output' reads properties.OutputDataConfig.S3OutputPath, "
        "so its contract path must be under /opt/ml/output/data, got '/opt/ml/model'"
    ]


def test_training_dependency_on_hyperparameters_file() -> None:
    hp = DependencySpec(
        logical_name="hyperparameters", dependency_type=DependencyType.HYPERPARAMETERS
    )
    s = training_spec(
        TRAIN_CONTRACT, dependencies={**TRAIN_SPEC.dependencies, "hyperparameters": hp}
    )
    assert s.validate_contract_alignment().errors == [
        "step 'Train' dependency 'hyperparameters' maps to the hyperparameters file "
        "/opt/ml/input/config/hyperparameters.json, which SageMaker writes from the estimator's "
        "hyperparameters; it cannot be wired as an input channel"
    ]


def test_views_carry_plain_values() -> None:
    view = PREP_SPEC.dependencies["raw_data"].to_view()
    assert view.dependency_type == "processing_output"
    assert view.compatible_sources == ("Load",)
    out = PREP_SPEC.outputs["processed_data"].to_view()
    assert out.aliases == ("training_data",)


def test_contract_kind_is_inferred() -> None:
    assert isinstance(TRAIN_SPEC.script_contract, TrainingScriptContract)
    assert isinstance(PREP_SPEC.script_contract, ScriptContract)


def test_step_kinds_are_read_like_the_linter_reads_a_registry_row() -> None:
    """`training`, `TrainingStep` and `Training` are one kind (step_kind_for), as for ALN5xx."""
    for spelling in ("training", "TrainingStep", "Training"):
        errors, _ = alignment(script_contract=PREP_CONTRACT, kind=spelling)
        assert (
            "step 'Prep' is a Training step but its contract 'prep.py' is a ScriptContract; use "
            "TrainingScriptContract"
        ) in errors, spelling
