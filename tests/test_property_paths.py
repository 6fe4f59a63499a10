"""Tests for alignlint.sagemaker.property_paths and the SageMaker shapes extract it reads."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from alignlint.sagemaker.property_paths import (
    ParseError,
    PathStatus,
    Segment,
    known_step_kinds,
    output_name_in_path,
    parse_property_path,
    shapes_botocore_version,
    step_kind_for,
    validate_property_path,
)

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")

from sagemaker.workflow import _utils as workflow_utils
from sagemaker.workflow import (
    automl_step,
    clarify_check_step,
    endpoint_step,
    inference_component_step,
    quality_check_step,
    steps,
)
from sagemaker.workflow.properties import Properties, PropertiesList, PropertiesMap

REPO = Path(__file__).resolve().parent.parent
GENERATOR_PATH = REPO / "scripts" / "generate_sagemaker_shapes.py"
SHIPPED_JSON = REPO / "alignlint" / "sagemaker" / "sagemaker_shapes.json"


def pinned_test_version(distribution: str) -> str:
    """The exact version the ``test`` extra of ``pyproject.toml`` pins ``distribution`` to."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    found = re.findall(rf'^\s*"{re.escape(distribution)}==([^"]+)",', text, flags=re.MULTILINE)
    assert len(found) == 1, f"the test extra must pin {distribution} exactly once"
    return found[0]


def _installed(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


#: The comparisons with the SDK run against the releases the test extra pins (what ``.ci/run``
#: and the README's test command install), never against whatever happens to be installed.
#: Elsewhere they skip, with the reason; under ``ALIGNLINT_CI=1`` (set by ``.ci/run``) they run.
sdk_pinned = pytest.mark.skipif(
    not os.environ.get("ALIGNLINT_CI")
    and (_installed("botocore"), _installed("sagemaker"))
    != (pinned_test_version("botocore"), pinned_test_version("sagemaker")),
    reason=(
        f"compares with botocore {pinned_test_version('botocore')} and sagemaker "
        f"{pinned_test_version('sagemaker')} (the test extra's pins); installed: botocore "
        f"{_installed('botocore')}, sagemaker {_installed('sagemaker')}"
    ),
)


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_sagemaker_shapes", GENERATOR_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _load_generator()


# --- SDK property objects -------------------------------------------------------------------

SDK_ROOTS: dict[str, list[list[str]]] = {
    # The shape lists the SDK steps pass to ``Properties`` (checked against the SDK source below).
    "Processing": [["DescribeProcessingJobResponse"]],
    "Training": [["DescribeTrainingJobResponse"]],
    "Transform": [["DescribeTransformJobResponse"]],
    "CreateModel": [["DescribeModelOutput"]],
    "RegisterModel": [["DescribeModelPackageOutput"]],
    "ModelStep": [["DescribeModelOutput"], ["DescribeModelPackageOutput"]],
    "Tuning": [
        [
            "DescribeHyperParameterTuningJobResponse",
            "ListTrainingJobsForHyperParameterTuningJobResponse",
        ]
    ],
    "EndpointConfig": [["DescribeEndpointConfigOutput"]],
    "Endpoint": [["DescribeEndpointOutput"]],
    "InferenceComponent": [["DescribeInferenceComponentOutput"]],
    "AutoML": [["DescribeAutoMLJobResponse"]],
}


def _walk_sdk(node: Properties, depth: int) -> Iterator[Properties]:
    """Yield ``node`` and the SDK property objects below it, ``depth`` levels deep."""
    yield node
    if depth == 0:
        return
    if isinstance(node, PropertiesList):
        yield from _walk_sdk(node[0], depth - 1)
        yield from _walk_sdk(node["some-name"], depth - 1)
        return
    if isinstance(node, PropertiesMap):
        yield from _walk_sdk(node["some-key"], depth - 1)
        return
    for name, child in sorted(vars(node).items()):
        if isinstance(child, Properties) and not name.startswith("_"):
            yield from _walk_sdk(child, depth - 1)


def _property_path(node: Properties) -> str:
    """The spec-style path of an SDK property, from its ``expr`` (``Steps.s.<path>``)."""
    get = node.expr["Get"]
    assert isinstance(get, str)
    return "properties" + get.removeprefix("Steps.s")


def sdk_paths(kind: str, depth: int = 7) -> list[str]:
    """Every property path the SDK's objects for ``kind`` offer, up to ``depth`` segments."""
    paths: set[str] = set()
    for shape_names in SDK_ROOTS[kind]:
        root = Properties(step_name="s", shape_names=shape_names)
        paths.update(_property_path(node) for node in _walk_sdk(root, depth))
    paths.discard("properties")
    return sorted(paths)


def _last_attribute(path: str) -> Segment:
    segments = parse_property_path(path)
    assert not isinstance(segments, ParseError)
    return [segment for segment in segments if segment.kind == "attribute"][-1]


# --- valid paths ----------------------------------------------------------------------------


@sdk_pinned
@pytest.mark.parametrize("kind", sorted(SDK_ROOTS))
def test_every_sdk_property_path_is_valid(kind: str) -> None:
    paths = sdk_paths(kind)
    assert len(paths) > 20
    invalid = {path: validate_property_path(kind, path).message for path in paths}
    assert {path: msg for path, msg in invalid.items() if msg is not None} == {}
    assert all(validate_property_path(kind, path).ok for path in paths)


@sdk_pinned
def test_sdk_paths_reach_the_documented_outputs() -> None:
    processing = sdk_paths("Processing")
    assert "properties.ProcessingOutputConfig.Outputs['some-name'].S3Output.S3Uri" in processing
    assert "properties.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri" in processing
    assert "properties.FinalMetricDataList['some-name'].Value" in sdk_paths("Training")
    assert "properties.TrainingJobSummaries[0].TrainingJobName" in sdk_paths("Tuning")


@pytest.mark.parametrize(
    ("kind", "path", "shape", "shape_type"),
    [
        (
            "Processing",
            "properties.ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri",
            "S3Uri",
            "string",
        ),
        (
            "Processing",
            'properties.ProcessingOutputConfig.Outputs["model"].S3Output.S3Uri',
            "S3Uri",
            "string",
        ),
        ("Processing", "ProcessingInputs['data'].S3Input.S3Uri", "S3Uri", "string"),
        ("Training", "properties.ModelArtifacts.S3ModelArtifacts", "S3Uri", "string"),
        ("Training", "properties.FinalMetricDataList['val:auc'].Value", "Float", "float"),
        ("Training", "properties.HyperParameters['eta']", "HyperParameterValue", "string"),
        ("Transform", "properties.TransformOutput.S3OutputPath", "S3Uri", "string"),
        ("CreateModel", "properties.ModelName", "ModelName", "string"),
        ("RegisterModel", "properties.ModelPackageArn", "ModelPackageArn", "string"),
        ("ModelStep", "properties.ModelName", "ModelName", "string"),
        ("ModelStep", "properties.ModelPackageArn", "ModelPackageArn", "string"),
        (
            "Tuning",
            "properties.TrainingJobSummaries[0].TrainingJobName",
            "TrainingJobName",
            "string",
        ),
        ("Tuning", "properties.BestTrainingJob.TrainingJobName", "TrainingJobName", "string"),
        (
            "AutoML",
            "properties.BestCandidateProperties.ModelInsightsJsonReportPath",
            "sdk:String",
            "string",
        ),
        ("QualityCheck", "properties.CalculatedBaselineStatistics", "sdk:String", "string"),
        ("ClarifyCheck", "properties.CalculatedBaselineConstraints", "sdk:String", "string"),
        ("Processing", "properties.ProcessingOutputConfig", "ProcessingOutputConfig", "structure"),
    ],
)
def test_valid_path_reports_the_shape_it_reads(
    kind: str, path: str, shape: str, shape_type: str
) -> None:
    check = validate_property_path(kind, path)
    assert check.status is PathStatus.OK
    assert (check.step_kind, check.shape, check.shape_type) == (kind, shape, shape_type)


# --- mutated paths --------------------------------------------------------------------------


@sdk_pinned
@pytest.mark.parametrize("kind", ["Processing", "Training", "Tuning", "RegisterModel"])
def test_a_renamed_member_fails_at_that_member_and_suggests_the_original(kind: str) -> None:
    valid = set(sdk_paths(kind, depth=5))
    for path in sorted(p for p in valid if not p.endswith("]")):
        segment = _last_attribute(path)
        name = str(segment.value)
        for wrong in sorted({name.lower(), name[:-1]} if len(name) >= 8 else {name.lower()}):
            mutated = path[: segment.name_start] + wrong + path[segment.end :]
            if mutated in valid:  # e.g. TrainingJobDefinitions -> TrainingJobDefinition
                continue
            check = validate_property_path(kind, mutated)
            assert check.status is PathStatus.INVALID, mutated
            assert (check.start, check.end) == (segment.name_start, segment.name_start + len(wrong))
            assert check.suggestion == name, mutated
            assert check.corrected_path == path
            assert check.message is not None
            assert check.message.endswith(f"has no member '{wrong}'; did you mean '{name}'?")


@sdk_pinned
@pytest.mark.parametrize("kind", ["Processing", "Training", "Transform"])
def test_an_extra_segment_after_a_scalar_fails(kind: str) -> None:
    scalars = [
        p
        for p in sdk_paths(kind, depth=5)
        if validate_property_path(kind, p).shape_type in ("string", "integer")
    ]
    assert len(scalars) > 10
    for path in scalars:
        check = validate_property_path(kind, path + ".Extra")
        assert check.status is PathStatus.INVALID
        assert (check.start, check.end) == (len(path) + 1, len(path) + 6)
        assert check.suggestion is None
        assert check.message is not None and check.message.endswith("has no member 'Extra'")


@sdk_pinned
@pytest.mark.parametrize("kind", ["Processing", "Training", "RegisterModel"])
def test_a_member_read_on_an_unindexed_list_fails(kind: str) -> None:
    indexed = [p for p in sdk_paths(kind, depth=5) if re.search(r"\[0\]\.", p)]
    assert indexed
    for path in indexed:
        position = path.index("[0].")
        check = validate_property_path(kind, path[:position] + path[position + 3 :])
        assert check.status is PathStatus.INVALID
        assert check.start == position + 1
        assert check.shape_type == "list"
        assert check.message is not None and check.message.endswith("(index it first)")


@pytest.mark.parametrize(
    ("kind", "path", "message", "start", "suggestion"),
    [
        (
            "Processing",
            "properties.ProcessingOutputConfig.Output['model'].S3Output.S3Uri",
            "'ProcessingOutputConfig' (structure ProcessingOutputConfig) has no member 'Output'; "
            "did you mean 'Outputs'?",
            34,
            "Outputs",
        ),
        (
            "Training",
            "properties.ModelArtifacts.S3ModelArtifact",
            "'ModelArtifacts' (structure ModelArtifacts) has no member 'S3ModelArtifact'; "
            "did you mean 'S3ModelArtifacts'?",
            26,
            "S3ModelArtifacts",
        ),
        (
            "Training",
            "properties.ProcessingJobOutput.Metrics.S3Uri",
            "'properties' (structure DescribeTrainingJobResponse) has no member "
            "'ProcessingJobOutput'",
            11,
            None,
        ),
        (
            "Processing",
            "properties.ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri.Bucket",
            "'ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri' (string S3Uri) has no "
            "member 'Bucket'",
            66,
            None,
        ),
        (
            "Training",
            "properties.HyperParameters[0]",
            "'HyperParameters' (map HyperParameters) is a map: index it by key ['key'], "
            "not by position",
            26,
            None,
        ),
        (
            "Training",
            "properties.ModelArtifacts['model']",
            "'ModelArtifacts' (structure ModelArtifacts) cannot be indexed",
            25,
            None,
        ),
        (
            "Processing",
            "properties.ProcessingOutputConfig.Outputs.S3Output",
            "'ProcessingOutputConfig.Outputs' (list ProcessingOutputs) has no member 'S3Output' "
            "(index it first)",
            42,
            None,
        ),
        (
            "Tuning",
            "properties.TrainingJobSummarie[0].TrainingJobName",
            "'properties' (structure DescribeHyperParameterTuningJobResponse + "
            "ListTrainingJobsForHyperParameterTuningJobResponse) has no member "
            "'TrainingJobSummarie'; did you mean 'TrainingJobSummaries'?",
            11,
            "TrainingJobSummaries",
        ),
        (
            "ModelStep",
            "properties.ModelPackageAr",
            "'properties' (structure DescribeModelOutput or DescribeModelPackageOutput) has no "
            "member 'ModelPackageAr'; did you mean 'ModelPackageArn'?",
            11,
            "ModelPackageArn",
        ),
        (
            "AutoML",
            "properties.BestCandidateProperties.ModelInsightJsonReportPath",
            "'BestCandidateProperties' (structure sdk:AutoMLBestCandidateProperties) has no "
            "member 'ModelInsightJsonReportPath'; did you mean 'ModelInsightsJsonReportPath'?",
            35,
            "ModelInsightsJsonReportPath",
        ),
    ],
)
def test_invalid_path_message(
    kind: str, path: str, message: str, start: int, suggestion: str | None
) -> None:
    check = validate_property_path(kind, path)
    assert check.status is PathStatus.INVALID
    assert check.message == message
    assert check.start == start
    assert check.suggestion == suggestion


@sdk_pinned
def test_an_indexed_list_or_map_cannot_be_indexed_again_as_in_the_sdk() -> None:
    path = "properties.BestCandidate.InferenceContainerDefinitions['x']"
    node = Properties(step_name="s", shape_name="DescribeAutoMLJobResponse")
    element = vars(vars(node)["BestCandidate"])["InferenceContainerDefinitions"]["x"]
    assert not isinstance(element, (PropertiesList, PropertiesMap))
    assert validate_property_path("AutoML", path).shape_type == "list"
    check = validate_property_path("AutoML", path + "[0]")
    assert check.message == (
        "'BestCandidate.InferenceContainerDefinitions['x']' (list AutoMLContainerDefinitions) "
        "is a list element, which the SDK cannot index"
    )
    assert check.start == len(path)


# --- unknown kinds and malformed paths -------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["Lambda", "Callback", "EMR", "Condition", "CradleDataLoading", ""]
)
def test_kinds_without_a_model_are_skipped(kind: str) -> None:
    for path in ("properties.Anything.Goes", "not a path["):
        check = validate_property_path(kind, path)
        assert check.status is PathStatus.UNKNOWN_KIND
        assert check.message is None and not check.ok


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("", "empty property path", 0),
        (".ModelName", "expected a name at the start, found '.'", 0),
        ("properties.", "expected a name after '.', found end of path", 11),
        ("properties..ModelName", "expected a name after '.', found '.'", 11),
        ("properties.Outputs[x]", "expected an index [n] or a quoted name ['name'] after '['", 18),
        (
            "properties.Outputs['x\"]",
            "expected an index [n] or a quoted name ['name'] after '['",
            18,
        ),
        ("properties.Outputs[-1]", "expected an index [n] or a quoted name ['name'] after '['", 18),
        ("properties.Outputs['x'", "expected an index [n] or a quoted name ['name'] after '['", 18),
        ("properties.Model Name", "expected '.' or '[', found ' '", 16),
        ("properties.ModelName)", "expected '.' or '[', found ')'", 20),
    ],
)
def test_malformed_paths_are_parse_errors_with_a_position(
    text: str, message: str, offset: int
) -> None:
    assert parse_property_path(text) == ParseError(message, offset)
    check = validate_property_path("Processing", text)
    assert check.status is PathStatus.PARSE_ERROR
    assert (check.message, check.start) == (message, offset)


def test_parse_splits_segments_with_offsets() -> None:
    text = "properties.ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri"
    assert parse_property_path(text) == [
        Segment("attribute", "properties", 0, 10),
        Segment("attribute", "ProcessingOutputConfig", 10, 33),
        Segment("attribute", "Outputs", 33, 41),
        Segment("key", "model", 41, 50),
        Segment("attribute", "S3Output", 50, 59),
        Segment("attribute", "S3Uri", 59, 65),
    ]
    assert parse_property_path("TrainingJobSummaries[12]") == [
        Segment("attribute", "TrainingJobSummaries", 0, 20),
        Segment("index", 12, 20, 24),
    ]
    assert parse_property_path('FinalMetricDataList["val:auc"]') == [
        Segment("attribute", "FinalMetricDataList", 0, 19),
        Segment("key", "val:auc", 19, 30),
    ]


# --- helpers used by other rules -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("properties.ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri", "model"),
        ('properties.ProcessingOutputConfig.Outputs["data out"].S3Output.S3Uri', "data out"),
        ("properties.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri", None),
        ("properties.ModelArtifacts.S3ModelArtifacts", None),
        ("properties.Outputs[", None),
    ],
)
def test_output_name_in_path(path: str, name: str | None) -> None:
    assert output_name_in_path(path) == name


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("Processing", "Processing"),
        ("processing", "Processing"),
        ("ProcessingStep", "Processing"),
        ("TRAINING", "Training"),
        ("Transform", "Transform"),
        ("CreateModel", "CreateModel"),
        ("Model", "CreateModel"),
        ("create_model", "CreateModel"),
        ("RegisterModel", "RegisterModel"),
        ("ModelPackage", "RegisterModel"),
        ("ModelStep", "ModelStep"),
        ("Tuning", "Tuning"),
        ("HyperParameterTuning", "Tuning"),
        ("AutoML", "AutoML"),
        ("Lambda", None),
        ("MimsModelRegistrationProcessing", None),
        ("", None),
    ],
)
def test_step_kind_for(value: str, kind: str | None) -> None:
    assert step_kind_for(value) == kind


def test_every_alias_names_a_shipped_kind() -> None:
    kinds = set(known_step_kinds())
    assert kinds == set(generator.STEP_KIND_ROOTS)
    for kind in kinds:
        assert step_kind_for(kind) == kind


# --- the SDK agrees with the step kind roots --------------------------------------------------


def _sdk_root_declarations(cls: type) -> tuple[list[str], list[str]]:
    """Shape names a step class passes to ``Properties`` and members it adds by hand."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    shapes: list[str] = []
    hand_members: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Properties":
            for keyword in node.keywords:
                if keyword.arg in ("shape_name", "shape_names"):
                    values = ast.literal_eval(keyword.value)
                    shapes.extend([values] if isinstance(values, str) else values)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "__dict__"
            and isinstance(node.slice, ast.Constant)
        ):
            hand_members.append(str(node.slice.value))
    return shapes, sorted(hand_members)


def _hand_members(kind: str) -> list[str]:
    names: set[str] = set()
    pending = [name for alt in generator.STEP_KIND_ROOTS[kind] for name in alt]
    while pending:
        shape: dict[str, Any] = generator.SDK_SHAPES.get(pending.pop(), {})
        for member, target in shape.get("members", {}).items():
            names.add(member)
            pending.append(target)
    return sorted(names)


@sdk_pinned
@pytest.mark.parametrize(
    ("cls", "kind"),
    [
        (steps.ProcessingStep, "Processing"),
        (steps.TrainingStep, "Training"),
        (steps.TransformStep, "Transform"),
        (steps.CreateModelStep, "CreateModel"),
        (workflow_utils._RegisterModelStep, "RegisterModel"),
        (steps.TuningStep, "Tuning"),
        (automl_step.AutoMLStep, "AutoML"),
        (endpoint_step.EndpointConfigStep, "EndpointConfig"),
        (endpoint_step.EndpointStep, "Endpoint"),
        (inference_component_step.InferenceComponentStep, "InferenceComponent"),
        (quality_check_step.QualityCheckStep, "QualityCheck"),
        (clarify_check_step.ClarifyCheckStep, "ClarifyCheck"),
    ],
)
def test_step_kind_roots_follow_the_sdk(cls: type, kind: str) -> None:
    shapes, hand_members = _sdk_root_declarations(cls)
    (roots,) = generator.STEP_KIND_ROOTS[kind]
    assert shapes == [name for name in roots if not name.startswith("sdk:")]
    assert hand_members == _hand_members(kind)


def test_model_step_is_either_a_model_or_a_model_package() -> None:
    roots = generator.STEP_KIND_ROOTS
    assert roots["ModelStep"] == roots["CreateModel"] + roots["RegisterModel"]


# --- the shipped extract ----------------------------------------------------------------------


@sdk_pinned
def test_shipped_extract_matches_the_installed_botocore() -> None:
    assert SHIPPED_JSON.read_text(encoding="utf-8") == generator.generate_from_installed_botocore()


def test_shipped_extract_was_generated_from_the_pinned_botocore() -> None:
    assert shapes_botocore_version() == pinned_test_version("botocore")


def test_extract_is_closed_and_free_of_documentation() -> None:
    data = json.loads(SHIPPED_JSON.read_text(encoding="utf-8"))
    shapes = data["shapes"]
    for shape in shapes.values():
        assert set(shape) <= {"type", "members", "member", "value"}
        for target in shape.get("members", {}).values():
            assert target in shapes
        for key in ("member", "value"):
            if key in shape:
                assert shape[key] in shapes
    for alternatives in data["step_kinds"].values():
        for alternative in alternatives:
            assert all(shapes[name]["type"] == "structure" for name in alternative)


def _run_generator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR_PATH), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


@sdk_pinned
def test_generator_check_passes_on_the_shipped_file() -> None:
    result = _run_generator("--check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("is up to date")


@sdk_pinned
def test_generator_check_fails_on_a_stale_file_and_writes_a_fresh_one(tmp_path: Path) -> None:
    target = tmp_path / "shapes.json"
    target.write_text("{}\n", encoding="utf-8")
    stale = _run_generator("--check", "--output", str(target))
    assert stale.returncode == 1
    assert "is out of date" in stale.stderr
    assert target.read_text(encoding="utf-8") == "{}\n"
    written = _run_generator("--output", str(target))
    assert written.returncode == 0, written.stderr
    assert target.read_text(encoding="utf-8") == SHIPPED_JSON.read_text(encoding="utf-8")
