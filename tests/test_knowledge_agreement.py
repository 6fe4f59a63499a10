"""The runtime library and the linter judge the same inputs the same way.

Both read their SageMaker knowledge from ``alignlint/sagemaker/`` (issue 19, item 3); these tests
hold them to it at the surface a user sees: each row of a shared table is given to the runtime
(a pydantic contract or specification is built and validated) and to the linter (the same
declaration written as source in a small project, checked by ``alignlint.check``), and the two
verdicts must be the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from fixture_cases import write_files
from pydantic import ValidationError

import alignlint
from alignlint.core.types import Diagnostic
from alignlint.rules.registry._common import RUNTIME_BUILDER_KINDS
from alignlint.runtime.contract import ScriptContract, TrainingScriptContract, _channel_of
from alignlint.runtime.specification import (
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)
from alignlint.sagemaker.container_paths import normalise, training_channel
from alignlint.sagemaker.property_paths import step_kind_for
from alignlint.sagemaker.step_classes import GENERIC_SOURCE_CLASSES, STEP_CLASS_KINDS, STEP_CLASSES


@dataclass(frozen=True)
class Declared:
    """One step of a generated project: its job kind, contract paths and spec outputs."""

    kind: str
    inputs: dict[str, str]
    outputs: dict[str, str]
    spec_outputs: dict[str, str]


def _contract_source(name: str, step: Declared) -> str:
    contract_class = "TrainingScriptContract" if step.kind == "Training" else "ScriptContract"
    return (
        f"from alignlint.runtime.contract import {contract_class}\n\n"
        f"{name.upper()}_CONTRACT = {contract_class}(\n"
        f'    entry_point="{name}.py",\n'
        f"    expected_input_paths={step.inputs!r},\n"
        f"    expected_output_paths={step.outputs!r},\n"
        "    required_env_vars=[],\n"
        "    optional_env_vars={},\n"
        "    expected_arguments={},\n"
        ")\n"
    )


def _spec_source(name: str, step_type: str, step: Declared) -> str:
    outputs = "".join(
        f"        OutputSpec(logical_name={logical!r}, property_path={path!r}),\n"
        for logical, path in step.spec_outputs.items()
    )
    return (
        "from alignlint.runtime.specification import NodeType, OutputSpec, StepSpecification\n\n"
        f"from ..contracts.{name}_contract import {name.upper()}_CONTRACT\n\n"
        f"{name.upper()}_SPEC = StepSpecification(\n"
        f'    step_type="{step_type}",\n'
        "    node_type=NodeType.SOURCE,\n"
        f"    script_contract={name.upper()}_CONTRACT,\n"
        "    dependencies=[],\n"
        f"    outputs=[\n{outputs}    ],\n"
        ")\n"
    )


def _project(steps: Sequence[Declared]) -> dict[str, bytes]:
    """A project with one registry row, contract and specification per step (``Step0``...)."""
    files: dict[str, str] = {"steps/__init__.py": "", "steps/contracts/__init__.py": ""}
    files["steps/specs/__init__.py"] = ""
    rows: list[str] = []
    for index, step in enumerate(steps):
        step_type, name = f"Step{index}", f"step{index}"
        files[f"steps/contracts/{name}_contract.py"] = _contract_source(name, step)
        files[f"steps/specs/{name}_spec.py"] = _spec_source(name, step_type, step)
        rows.append(
            f'    "{step_type}": {{"config_class": "{step_type}Config", '
            f'"builder_step_name": "{step_type}StepBuilder", "spec_type": "{step_type}", '
            f'"sagemaker_step_type": "{step.kind}", "description": "step {index}"}},\n'
        )
    files["steps/registry.py"] = "STEP_NAMES = {\n" + "".join(rows) + "}\n"
    return {path: text.encode("utf-8") for path, text in files.items()}


def lint(project: dict[str, bytes], directory: Path, select: list[str]) -> list[Diagnostic]:
    """The findings of ``alignlint.check`` on ``project`` written into ``directory``."""
    root = write_files(project, directory)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        return alignlint.check(["."], select=select)


def linter_findings(tmp_path: Path, steps: Sequence[Declared], select: list[str]) -> list[set[str]]:
    """The codes the linter reports on each step (one set per step, in order)."""
    found = lint(_project(steps), tmp_path / "project", select)
    codes: list[set[str]] = [set() for _ in steps]
    for diagnostic in found:
        assert diagnostic.step is not None, diagnostic
        codes[int(diagnostic.step.removeprefix("Step"))].add(diagnostic.code)
    return codes


# -- container paths: "is this path under that directory" ------------------------------------------

#: Training output paths, and whether a training job collects them (the model directory itself, or
#: a path below the output-data directory). Trailing slashes, ``.``, ``..`` and doubled slashes
#: must not change the answer's meaning: a ``..`` that climbs out of the directory leaves it.
TRAINING_OUTPUT_PATHS: tuple[tuple[str, bool], ...] = (
    ("/opt/ml/model", True),
    ("/opt/ml/model/", True),
    ("/opt/ml/model/.", True),
    ("/opt/ml//model", True),
    ("/opt/ml/output/data/metrics", True),
    ("/opt/ml/output/data/metrics/", True),
    ("/opt/ml/output/data/a/../metrics", True),
    ("/opt/ml/output/data/../metrics", False),
    ("/opt/ml/output/data/../../model", True),
    ("/opt/ml/output/data/../../../tmp", False),
    ("/opt/ml/model/../code", False),
    ("/opt/ml/modelx", False),
    ("/opt/ml/output/datax/metrics", False),
    ("/opt/ml/output", False),
    ("/tmp/out", False),
)

#: Processing input paths: under ``/opt/ml/processing/input`` (or the documented extra roots) is
#: mounted; a path that climbs out of the processing tree is not. (The runtime's contracts also
#: hold a convention the platform does not: inputs under ``input/``, outputs under ``output/``;
#: ALN120 reports only what breaks the job, anything outside ``/opt/ml/processing/``. The table
#: leaves out paths inside the processing tree but outside ``input/``, where the two differ on
#: purpose.)
PROCESSING_INPUT_PATHS: tuple[tuple[str, bool], ...] = (
    ("/opt/ml/processing/input/data", True),
    ("/opt/ml/processing/input/data/", True),
    ("/opt/ml/processing/input//data", True),
    ("/opt/ml/processing/input/a/../data", True),
    ("/opt/ml/processing/input/../../data", False),
    ("/opt/ml/processing/input/../../../tmp", False),
    ("/opt/ml/input/data/train", False),
    ("/opt/ml/processingx/input/data", False),
    ("/tmp/data", False),
)


def _runtime_accepts(kind: str, direction: str, path: str) -> bool:
    contract_class = TrainingScriptContract if kind == "Training" else ScriptContract
    inputs = {"data": path} if direction == "input" else {}
    outputs = {"data": path} if direction == "output" else {}
    if kind == "Training" and direction == "output":
        inputs = {"train": "/opt/ml/input/data/train"}
    try:
        contract_class(
            entry_point="job.py",
            expected_input_paths=inputs,
            expected_output_paths=outputs,
        )
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    ("kind", "direction", "table"),
    [
        ("Training", "output", TRAINING_OUTPUT_PATHS),
        ("Processing", "input", PROCESSING_INPUT_PATHS),
    ],
)
def test_runtime_contracts_and_the_linter_agree_on_container_paths(
    tmp_path: Path, kind: str, direction: str, table: tuple[tuple[str, bool], ...]
) -> None:
    steps = [
        Declared(
            kind,
            {"data": path} if direction == "input" else {"train": "/opt/ml/input/data/train"},
            {"data": path} if direction == "output" else {},
            {},
        )
        for path, _ in table
    ]
    linted = linter_findings(tmp_path, steps, ["ALN120"])
    verdicts = [
        (path, expected, _runtime_accepts(kind, direction, path), "ALN120" not in codes)
        for (path, expected), codes in zip(table, linted, strict=True)
    ]
    wrong = [row for row in verdicts if not row[1] == row[2] == row[3]]
    assert not wrong, "(path, expected, runtime accepts, linter silent): " + repr(wrong)


# -- property paths: "does this step have that property" -----------------------------------------

#: (step kind, output name, property path, whether the path reads that output of that step).
PROPERTY_PATHS: tuple[tuple[str, str, str, bool], ...] = (
    (
        "Processing",
        "data",
        "properties.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri",
        True,
    ),
    ("Processing", "data", "properties.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri", True),
    (
        "Processing",
        "data",
        "properties.ProcessingOutputConfig.Outputs['data'].S3Output.LocalPath",
        True,
    ),
    ("Processing", "status", "properties.ProcessingJobStatus", True),
    ("Processing", "name", "properties.ProcessingJobName", True),
    (
        "Processing",
        "data",
        "properties.ProcessingOutputConfig.Outputs['other'].S3Output.S3Uri",
        False,
    ),
    (
        "Processing",
        "data",
        "properties.ProcessingOutputConfig.Outputs['data'].S3Output.S3uri",
        False,
    ),
    ("Processing", "data", "properties.ProcessingOutputConfig.Outputs.S3Output.S3Uri", False),
    ("Processing", "model", "properties.ModelArtifacts.S3ModelArtifacts", False),
    ("Processing", "data", "properties.ProcessingJobOutput.Metrics", False),
    ("Training", "model", "properties.ModelArtifacts.S3ModelArtifacts", True),
    ("Training", "data", "properties.OutputDataConfig.S3OutputPath", True),
    ("Training", "status", "properties.TrainingJobStatus", True),
    ("Training", "metric", "properties.FinalMetricDataList['auc'].Value", True),
    ("Training", "metric", "properties.FinalMetricDataList[0].Value", True),
    ("Training", "model", "properties.ModelArtifact.S3ModelArtifacts", False),
    ("Training", "data", "properties.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri", False),
    ("CreateModel", "model", "properties.ModelName", True),
    ("CreateModel", "model", "properties.PrimaryContainer.ModelDataUrl", True),
    ("CreateModel", "model", "properties.ModelArtifacts.S3ModelArtifacts", False),
    ("Transform", "output", "properties.TransformOutput.S3OutputPath", True),
    ("Transform", "model", "properties.ModelName", True),
    ("Transform", "model", "properties.ModelArn", False),
    ("RegisterModel", "package", "properties.ModelPackageArn", True),
    ("RegisterModel", "package", "properties.ModelApprovalStatus", True),
    ("Lambda", "out", "properties.ProcessingJobName", True),
    ("processing", "status", "properties.ProcessingJobStatus", True),
    ("TrainingStep", "data", "properties.ProcessingJobStatus", False),
)


def _runtime_accepts_path(kind: str, logical_name: str, path: str) -> bool:
    output = OutputSpec(
        logical_name=logical_name, output_type=DependencyType.CUSTOM_PROPERTY, property_path=path
    )
    specification = StepSpecification(step_type="Step", node_type=NodeType.SOURCE, outputs=[output])
    return specification.validate_contract_alignment(kind).errors == []


def test_runtime_specifications_and_the_linter_agree_on_property_paths(tmp_path: Path) -> None:
    steps = [
        Declared(kind, {}, {}, {logical_name: path})
        for kind, logical_name, path, _ in PROPERTY_PATHS
    ]
    linted = linter_findings(tmp_path, steps, ["ALN206", "ALN207"])
    verdicts = [
        (kind, path, expected, _runtime_accepts_path(kind, name, path), not codes)
        for (kind, name, path, expected), codes in zip(PROPERTY_PATHS, linted, strict=True)
    ]
    wrong = [row for row in verdicts if not row[2] == row[3] == row[4]]
    assert not wrong, "(kind, path, expected, runtime accepts, linter silent): " + repr(wrong)


# -- step classes: "which SDK class makes which kind of step" --------------------------------------


def test_the_runtime_builders_declare_the_kind_of_the_step_class_the_linter_says_they_create() -> (
    None
):
    """ALN504 reads a builder deriving from a runtime base as creating the base's step class
    (RUNTIME_BUILDER_KINDS); the base itself declares its ``sagemaker_step_type``."""
    import importlib

    for dotted, step_class in RUNTIME_BUILDER_KINDS.items():
        module, _, name = dotted.rpartition(".")
        builder = getattr(importlib.import_module(module), name)
        assert builder.sagemaker_step_type in STEP_CLASS_KINDS[step_class], dotted
        assert step_kind_for(builder.sagemaker_step_type) == step_kind_for(step_class), dotted


def test_every_step_class_is_a_class_of_the_sdk() -> None:
    import importlib
    import pkgutil
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workflow = importlib.import_module("sagemaker.workflow")
        defined: set[str] = set()
        for module in pkgutil.iter_modules(workflow.__path__, "sagemaker.workflow."):
            try:
                loaded = importlib.import_module(module.name)
            except ImportError:  # an optional dependency of one module
                continue
            defined.update(name for name, value in vars(loaded).items() if isinstance(value, type))
    assert sorted(STEP_CLASSES - defined) == []
    assert set(GENERIC_SOURCE_CLASSES) <= STEP_CLASSES


# -- suggestions: "did you mean" -------------------------------------------------------------------

REGISTERED = (
    "XGBoostTraining",
    "PyTorchTraining",
    "TabularPreprocessing",
    "ModelEval",
    "ModelEvaluation",
    "Package",
    "Payload",
    "LoadA",
    "LoadB",
)

#: A mistyped step name and the registered name both the runtime and the linter suggest (None: no
#: name is close enough; ties go to the first name).
MISTYPED_STEP_NAMES: tuple[tuple[str, str | None], ...] = (
    ("XgboostTraining", "XGBoostTraining"),
    ("xgboosttraining", "XGBoostTraining"),
    ("TabularPreprocesing", "TabularPreprocessing"),
    ("PytorchTrain", "PyTorchTraining"),
    ("ModelEvaluations", "ModelEvaluation"),
    ("ModelEvl", "ModelEval"),
    ("Packages", "Package"),
    ("Paykage", "Package"),
    ("Pa", None),
    ("Load", "LoadA"),  # a tie: the first by name
    ("Batch", None),
)


def _runtime_suggestion(word: str) -> str | None:
    from alignlint.runtime.registry import StepRegistry, UnknownStepError

    rows = {
        name: {
            "config_class": f"{name}Config",
            "builder_step_name": f"{name}StepBuilder",
            "spec_type": name,
            "sagemaker_step_type": "Processing",
            "description": name,
        }
        for name in REGISTERED
    }
    with pytest.raises(UnknownStepError) as caught:
        StepRegistry(rows).get_spec_step_type(word)
    match = re.search(r"did you mean '([^']+)'", str(caught.value))
    return match.group(1) if match else None


def test_the_runtime_registry_and_the_linter_suggest_the_same_step_name(tmp_path: Path) -> None:
    rows = "".join(
        f'    "{name}": {{"config_class": "{name}Config", "builder_step_name": '
        f'"{name}StepBuilder", "spec_type": "{name}", "sagemaker_step_type": "Processing", '
        f'"description": "{name}"}},\n'
        for name in REGISTERED
    )
    files = {
        "steps/registry.py": "STEP_NAMES = {\n"
        + rows
        + "}\n\n\ndef get_spec_step_type(step_name):\n"
        + '    return STEP_NAMES[step_name]["spec_type"]\n',
    }
    for index, (word, _) in enumerate(MISTYPED_STEP_NAMES):
        files[f"steps/specs/s{index}_spec.py"] = (
            "from alignlint.runtime.specification import NodeType, StepSpecification\n\n"
            "from ..registry import get_spec_step_type\n\n"
            f"S{index}_SPEC = StepSpecification(\n"
            f"    step_type=get_spec_step_type({word!r}),\n"
            "    node_type=NodeType.SOURCE,\n"
            "    dependencies=[],\n"
            "    outputs=[],\n"
            ")\n"
        )
    project = {path: text.encode("utf-8") for path, text in files.items()}
    found = lint(project, tmp_path / "project", ["ALN503"])
    linter: dict[str, str | None] = {}
    for diagnostic in found:
        used = re.search(r"uses step type `([^`]+)`", diagnostic.message)
        suggestion = re.search(r"did you mean `([^`]+)`", diagnostic.message)
        assert used is not None, diagnostic.message
        linter[used.group(1)] = suggestion.group(1) if suggestion else None
    verdicts = [
        (word, expected, _runtime_suggestion(word), linter.get(word, "(no finding)"))
        for word, expected in MISTYPED_STEP_NAMES
    ]
    wrong = [row for row in verdicts if not row[1] == row[2] == row[3]]
    assert not wrong, "(word, expected, runtime suggests, linter suggests): " + repr(wrong)


def test_a_step_class_and_its_registry_kinds_name_the_same_api_model() -> None:
    """The property-path model reads a builder's step class and a registry row's
    sagemaker_step_type; both spellings of one step must reach the same API model (ModelStep
    creates a model or registers one: its model is the two together)."""
    for step_class, kinds in STEP_CLASS_KINDS.items():
        models = {step_kind_for(kind) for kind in kinds}
        if step_class == "ModelStep":
            assert models == {"CreateModel", "RegisterModel"}
            assert step_kind_for(step_class) == "ModelStep"
        else:
            assert models == {step_kind_for(step_class)}, step_class


@pytest.mark.parametrize(
    ("path", "channel"),
    [
        ("/opt/ml/input/data/train", "train"),
        ("/opt/ml/input/data/train/", "train"),
        ("/opt/ml/input/data//train", "train"),
        ("/opt/ml/input/data/train/part-0.csv", "train"),
        ("/opt/ml/input/data", None),
        ("/opt/ml/input/data/../config", None),
        ("/opt/ml/input/config/hyperparameters.json", None),
    ],
)
def test_the_runtime_and_aln410_read_the_same_training_channel(
    path: str, channel: str | None
) -> None:
    """One reading of "the channel a path lies in" (sagemaker/container_paths.training_channel):
    the runtime accepts a training input that is a whole channel folder and names that channel;
    ALN410 compares the builder's channels with the same names."""
    assert training_channel(path) == channel
    whole_channel = channel is not None and normalise(path) == f"/opt/ml/input/data/{channel}"
    assert _channel_of(path) == (channel if whole_channel else None)
