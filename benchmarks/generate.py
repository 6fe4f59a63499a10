"""Generate a realistic synthetic step library for benchmarks.

``python benchmarks/generate.py OUT --steps N [--seed S]`` writes ``OUT/lib/`` (the library) and
``OUT/manifest.json`` (what was generated and the misalignments seeded into it). The library is laid
out by layer, in the canonical style of ``alignlint/catalog/``::

    steps/contracts/<step>_contract.py       ScriptContract / TrainingScriptContract constants
    steps/specs/<step>_spec.py               StepSpecification (job-type variants for some steps:
    steps/specs/<step>_<job_type>_spec.py    <step>_training_spec.py, <step>_calibration_spec.py)
    steps/builders/builder_<step>_step.py    StepBuilderBase subclasses
    steps/configs/config_<step>_step.py      pydantic config classes
    steps/scripts/<step>.py                  300-2,000 line pandas-style scripts
    registry/step_names.py                   STEP_NAMES
    dags/pipeline_<n>.py / .json             DAGs as add_node/add_edge code and as JSON

With ``--workspaces W`` it adds W project workspaces over that shared library, each
``development/projects/project_<nn>/src/project_<nn>_dev/`` with its own steps (same layers) and a
``registry/step_names.py`` holding ``PROJECT_STEP_NAMES`` (its steps and an override of one
shared step).

The same ``(steps, seed)`` always produces byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from itertools import pairwise
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.script_bodies import helper_functions

DOMAINS: tuple[str, ...] = (
    "Risk",
    "Fraud",
    "Churn",
    "Buyer",
    "Seller",
    "Payment",
    "Shipping",
    "Returns",
    "Catalog",
    "Search",
    "Ads",
    "Pricing",
    "Inventory",
    "Review",
    "Session",
    "Click",
    "Order",
    "Refund",
    "Account",
    "Device",
)

JOB_TYPES: tuple[str, ...] = ("training", "validation", "testing", "calibration")

PROCESSING_IN = "/opt/ml/processing/input"
PROCESSING_OUT = "/opt/ml/processing/output"


@dataclass(frozen=True)
class Operation:
    """A kind of step: its name parts and the shape of its contract."""

    camel: str
    snake: str
    kind: str  # "processing" | "training"
    inputs: tuple[tuple[str, str], ...]
    outputs: tuple[tuple[str, str], ...]
    required_env: tuple[str, ...]
    optional_env: tuple[tuple[str, str], ...]
    job_type_variants: bool


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "TabularPreprocessing",
        "tabular_preprocessing",
        "processing",
        (("DATA", f"{PROCESSING_IN}/data"),),
        (("processed_data", f"{PROCESSING_OUT}/processed_data"),),
        ("LABEL_FIELD",),
        (("TRAIN_RATIO", "0.7"), ("TEST_VAL_RATIO", "0.5")),
        True,
    ),
    Operation(
        "RiskTableMapping",
        "risk_table_mapping",
        "processing",
        (("data_input", f"{PROCESSING_IN}/data"), ("risk_tables", f"{PROCESSING_IN}/risk_tables")),
        (
            ("processed_data", f"{PROCESSING_OUT}/processed_data"),
            ("risk_table_output", f"{PROCESSING_OUT}/risk_tables"),
        ),
        ("LABEL_FIELD", "CATEGORICAL_COLUMNS"),
        (("SMOOTH_FACTOR", "0.01"), ("COUNT_THRESHOLD", "5")),
        True,
    ),
    Operation(
        "MissingValueImputation",
        "missing_value_imputation",
        "processing",
        (("input_data", f"{PROCESSING_IN}/data"),),
        (
            ("imputed_data", f"{PROCESSING_OUT}/imputed_data"),
            ("imputation_params", f"{PROCESSING_OUT}/imputation_params"),
        ),
        ("LABEL_FIELD",),
        (("DEFAULT_NUMERIC_STRATEGY", "median"), ("DEFAULT_CATEGORICAL_VALUE", "unknown")),
        True,
    ),
    Operation(
        "CurrencyConversion",
        "currency_conversion",
        "processing",
        (("data_input", f"{PROCESSING_IN}/data"),),
        (("converted_data", f"{PROCESSING_OUT}/converted_data"),),
        ("CURRENCY_COLUMN", "AMOUNT_COLUMNS"),
        (("DEFAULT_CURRENCY", "USD"),),
        True,
    ),
    Operation(
        "FeatureSelection",
        "feature_selection",
        "processing",
        (("input_data", f"{PROCESSING_IN}/data"),),
        (
            ("selected_data", f"{PROCESSING_OUT}/selected_data"),
            ("selected_features", f"{PROCESSING_OUT}/selected_features"),
        ),
        ("LABEL_FIELD",),
        (("MAX_FEATURES", "50"), ("MIN_VARIANCE", "0.0")),
        False,
    ),
    Operation(
        "StratifiedSampling",
        "stratified_sampling",
        "processing",
        (("input_data", f"{PROCESSING_IN}/data"),),
        (("sampled_data", f"{PROCESSING_OUT}/sampled_data"),),
        ("LABEL_FIELD",),
        (("SAMPLE_FRACTION", "0.2"), ("RANDOM_SEED", "42")),
        True,
    ),
    Operation(
        "XGBoostTraining",
        "xgboost_training",
        "training",
        (("input_path", "/opt/ml/input/data"),),
        (("model_output", "/opt/ml/model"), ("evaluation_output", "/opt/ml/output/data")),
        ("LABEL_FIELD",),
        (("NUM_ROUND", "100"), ("MAX_DEPTH", "6"), ("ETA", "0.3")),
        False,
    ),
    Operation(
        "LightGBMTraining",
        "lightgbm_training",
        "training",
        (("input_path", "/opt/ml/input/data"),),
        (("model_output", "/opt/ml/model"),),
        ("LABEL_FIELD",),
        (("NUM_LEAVES", "31"), ("LEARNING_RATE", "0.05")),
        False,
    ),
    Operation(
        "XGBoostModelEval",
        "xgboost_model_eval",
        "processing",
        (
            ("model_input", f"{PROCESSING_IN}/model"),
            ("processed_data", f"{PROCESSING_IN}/eval_data"),
        ),
        (
            ("eval_output", f"{PROCESSING_OUT}/eval"),
            ("metrics_output", f"{PROCESSING_OUT}/metrics"),
        ),
        ("ID_FIELD", "LABEL_FIELD"),
        (),
        False,
    ),
    Operation(
        "ModelCalibration",
        "model_calibration",
        "processing",
        (("evaluation_data", f"{PROCESSING_IN}/eval_data"),),
        (
            ("calibration_output", f"{PROCESSING_OUT}/calibration"),
            ("calibrated_data", f"{PROCESSING_OUT}/calibrated_data"),
        ),
        ("LABEL_FIELD", "SCORE_FIELD"),
        (("CALIBRATION_METHOD", "isotonic"), ("MONOTONIC_CONSTRAINT", "True")),
        False,
    ),
    Operation(
        "Package",
        "package",
        "processing",
        (
            ("model_input", f"{PROCESSING_IN}/model"),
            ("calibration_model", f"{PROCESSING_IN}/calibration"),
        ),
        (("packaged_model", f"{PROCESSING_OUT}/model"),),
        (),
        (("MODEL_FILE_NAME", "model.tar.gz"),),
        False,
    ),
    Operation(
        "Payload",
        "payload",
        "processing",
        (("model_input", f"{PROCESSING_IN}/model"),),
        (("payload_sample", f"{PROCESSING_OUT}/payload"),),
        ("CONTENT_TYPES",),
        (("DEFAULT_NUMERIC_VALUE", "0.0"), ("DEFAULT_TEXT_VALUE", "DEFAULT_TEXT")),
        False,
    ),
)

MISALIGNMENT_KINDS: tuple[str, ...] = (
    "script_key_undeclared",
    "env_var_renamed_in_script",
    "builder_job_type_flag_undeclared",
    "entry_point_missing",
    "builder_reads_undefined_config_field",
    "property_path_names_wrong_output",
    "compatible_source_unregistered",
)


@dataclass(frozen=True)
class StepPlan:
    """One generated step: its names, its operation and what goes wrong in it (if anything)."""

    name: str
    snake: str
    operation: Operation
    upstream: tuple[str, ...]
    job_types: tuple[str, ...]
    script_lines: int
    misalignment: str | None = None

    @property
    def const(self) -> str:
        return self.snake.upper()

    @property
    def entry_point(self) -> str:
        return f"{self.snake}.py"

    @property
    def has_job_type(self) -> bool:
        return self.operation.kind == "processing" and self.operation.job_type_variants


@dataclass(frozen=True)
class Misalignment:
    """A deliberate mistake written into the library, and the file it is in."""

    step: str
    kind: str
    path: str
    detail: str


@dataclass
class Manifest:
    """What :func:`generate` wrote."""

    steps: int
    seed: int
    files: int = 0
    bytes: int = 0
    lines: int = 0
    misalignments: list[Misalignment] = field(default_factory=list)


def plan_steps(count: int, seed: int) -> list[StepPlan]:
    """Decide names, operations, wiring, script sizes and seeded mistakes for ``count`` steps."""
    rng = random.Random(seed)
    plans: list[StepPlan] = []
    for index in range(count):
        operation = OPERATIONS[index % len(OPERATIONS)]
        domain = DOMAINS[(index // len(OPERATIONS)) % len(DOMAINS)]
        generation = index // (len(OPERATIONS) * len(DOMAINS))
        suffix_camel = f"V{generation + 1}" if generation else ""
        suffix_snake = f"_v{generation + 1}" if generation else ""
        name = f"{domain}{operation.camel}{suffix_camel}"
        snake = f"{domain.lower()}_{operation.snake}{suffix_snake}"
        upstream = (plans[-1].name,) if index % 8 and plans else ()
        job_types: tuple[str, ...] = ()
        if operation.kind == "processing" and operation.job_type_variants:
            job_types = ("training", "calibration") if rng.random() < 0.6 else ()
        script_lines = int(rng.triangular(300, 2000, 900))
        plans.append(StepPlan(name, snake, operation, upstream, job_types, script_lines))
    seeded = max(len(MISALIGNMENT_KINDS), count // 100)
    free = set(range(count))
    for slot in range(min(seeded, count)):
        kind = MISALIGNMENT_KINDS[slot % len(MISALIGNMENT_KINDS)]
        candidates = sorted(index for index in free if _can_seed(plans[index], kind))
        if not candidates:
            continue
        index = rng.choice(candidates)
        free.discard(index)
        plans[index] = replace(plans[index], misalignment=kind)
    return plans


def _can_seed(plan: StepPlan, kind: str) -> bool:
    """Whether the mistake ``kind`` makes sense in this step."""
    if kind == "builder_job_type_flag_undeclared":
        return not plan.has_job_type
    if kind == "property_path_names_wrong_output":
        return plan.operation.kind == "processing" and len(plan.operation.outputs) > 1
    if kind == "env_var_renamed_in_script":
        return bool(plan.operation.required_env)
    return True


# --- contracts ---------------------------------------------------------------------------------


def _dict_literal(pairs: Sequence[tuple[str, str]], indent: str) -> str:
    if not pairs:
        return "{}"
    body = "".join(f'{indent}    "{key}": "{value}",\n' for key, value in pairs)
    return "{\n" + body + indent + "}"


def render_contract(plan: StepPlan) -> str:
    op = plan.operation
    kind = "TrainingScriptContract" if op.kind == "training" else "ScriptContract"
    entry_point = plan.entry_point
    if plan.misalignment == "entry_point_missing":
        entry_point = f"{plan.snake}_main.py"
    required = ", ".join(f'"{name}"' for name in op.required_env)
    arguments = '{"job_type": "training"}' if plan.has_job_type else "{}"
    framework = '{"pandas": ">=1.5", "numpy": ">=1.24"}'
    return f'''"""Contract of ``{plan.entry_point}``."""

from __future__ import annotations

from alignlint.runtime.contract import {kind}

{plan.const}_CONTRACT = {kind}(
    entry_point="{entry_point}",
    expected_input_paths={_dict_literal(op.inputs, "    ")},
    expected_output_paths={_dict_literal(op.outputs, "    ")},
    required_env_vars=[{required}],
    optional_env_vars={_dict_literal(op.optional_env, "    ")},
    expected_arguments={arguments},
    framework_requirements={framework},
    description="{plan.name}: reads {", ".join(k for k, _ in op.inputs)} and writes {", ".join(k for k, _ in op.outputs)}.",
)
'''


# --- specs -------------------------------------------------------------------------------------


def _property_path(plan: StepPlan, logical_name: str) -> str:
    if plan.operation.kind == "training":
        if logical_name == "model_output":
            return "properties.ModelArtifacts.S3ModelArtifacts"
        return "properties.OutputDataConfig.S3OutputPath"
    return f"properties.ProcessingOutputConfig.Outputs['{logical_name}'].S3Output.S3Uri"


def render_spec(plan: StepPlan, job_type: str | None, registered: frozenset[str]) -> str:
    op = plan.operation
    variable = f"{plan.const}_{job_type.upper()}_SPEC" if job_type else f"{plan.const}_SPEC"
    step_type = (
        f'get_spec_step_type_with_job_type("{plan.name}", "{job_type}")'
        if job_type
        else f'get_spec_step_type("{plan.name}")'
    )
    lookup = "get_spec_step_type_with_job_type" if job_type else "get_spec_step_type"
    sources = list(plan.upstream) or ["ProcessingStep"]
    if plan.misalignment == "compatible_source_unregistered":
        unregistered = f"{plan.name}Legacy"
        assert unregistered not in registered
        sources.append(unregistered)
    source_list = ", ".join(f'"{source}"' for source in sources)
    dependency_type = "TRAINING_DATA" if op.kind == "training" else "PROCESSING_OUTPUT"
    dependencies = "".join(
        f"""        DependencySpec(
            logical_name="{logical}",
            dependency_type=DependencyType.{dependency_type},
            required={index == 0},
            compatible_sources=[{source_list}],
            semantic_keywords=["{logical.split("_")[0].lower()}", "data", "input"],
            data_type="S3Uri",
            description="{logical} of {plan.name}",
        ),
"""
        for index, (logical, _) in enumerate(op.inputs)
    )
    outputs = []
    names = [logical for logical, _ in op.outputs]
    for position, logical in enumerate(names):
        path_name = logical
        if plan.misalignment == "property_path_names_wrong_output" and position == 0:
            path_name = names[1]
        output_type = (
            "MODEL_ARTIFACTS"
            if logical == "model_output" and op.kind == "training"
            else "PROCESSING_OUTPUT"
        )
        outputs.append(
            f"""        OutputSpec(
            logical_name="{logical}",
            output_type=DependencyType.{output_type},
            property_path="{_property_path(plan, path_name)}",
            data_type="S3Uri",
            description="{logical} of {plan.name}",
        ),
"""
        )
    title = f"{plan.name} for the {job_type} job type" if job_type else plan.name
    return f'''"""Specification of {title}."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract
from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from ..registry.step_names import {lookup}


def _get_{plan.snake}_contract() -> ScriptContract:
    from ..contracts.{plan.snake}_contract import {plan.const}_CONTRACT

    return {plan.const}_CONTRACT


{variable} = StepSpecification(
    step_type={step_type},
    node_type=NodeType.{"SOURCE" if not op.inputs else "INTERNAL"},
    script_contract=_get_{plan.snake}_contract(),
    dependencies=[
{dependencies}    ],
    outputs=[
{"".join(outputs)}    ],
)
'''


def spec_files(plan: StepPlan) -> list[tuple[str | None, str]]:
    """``(job_type, file stem)`` of each spec of the step."""
    if plan.job_types:
        return [(job_type, f"{plan.snake}_{job_type}_spec") for job_type in plan.job_types]
    return [(None, f"{plan.snake}_spec")]


# --- configs -----------------------------------------------------------------------------------


def render_config(plan: StepPlan) -> str:
    op = plan.operation
    base = "BasePipelineConfig" if op.kind == "training" else "ProcessingStepConfigBase"
    entry_field = "training_entry_point" if op.kind == "training" else "processing_entry_point"
    fields = [
        f"""    {entry_field}: str = Field(
        default="{plan.entry_point}",
        description="Script path relative to the source directory.",
    )
"""
    ]
    for name in op.required_env:
        fields.append(
            f'    {name.lower()}: str = Field(description="Value of {name}.", min_length=1)\n'
        )
    for name, default in op.optional_env:
        fields.append(
            f'    {name.lower()}: str = Field(default="{default}", description="Value of {name}.")\n'
        )
    fields.append(
        '    instance_type: str = Field(default="ml.m5.4xlarge", description="Instance type.")\n'
    )
    fields.append('    volume_size: int = Field(default=30, ge=1, description="EBS size in GB.")\n')
    if plan.has_job_type:
        fields.append(
            '    job_type: str = Field(default="training", description="Which data set this step handles.")\n'
        )
    return f'''"""Config of the {plan.name} step."""

from __future__ import annotations

from pydantic import Field

from alignlint.runtime.config import {base}
from alignlint.runtime.contract import ScriptContract


class {plan.name}Config({base}):
    """Parameters of the {plan.name} step."""

{"".join(fields)}
    @property
    def output_prefix(self) -> str:
        """Where this step writes below the pipeline location."""
        return f"{{self.pipeline_s3_loc}}/{plan.snake}"

    def get_script_contract(self) -> ScriptContract:
        """The contract of ``{plan.entry_point}``."""
        from ..contracts.{plan.snake}_contract import {plan.const}_CONTRACT

        return {plan.const}_CONTRACT
'''


# --- builders ----------------------------------------------------------------------------------


def render_builder(plan: StepPlan) -> str:
    op = plan.operation
    specs = spec_files(plan)
    spec_imports = "".join(
        f"from ..specs.{stem} import {plan.const}{'_' + job.upper() if job else ''}_SPEC\n"
        for job, stem in specs
    )
    if plan.job_types:
        choices = "".join(
            f'        "{job}": {plan.const}_{job.upper()}_SPEC,\n' for job in plan.job_types
        )
        spec_selection = f"""        specs = {{
{choices}        }}
        spec = specs.get(config.job_type)
        if spec is None:
            raise ValueError(f"no specification for job type {{config.job_type!r}}")
"""
    else:
        spec_selection = f"        spec = {plan.const}_SPEC\n"
    env_lines = "".join(
        f'        env["{name}"] = str(self.config.{name.lower()})\n' for name, _ in op.optional_env
    )
    extra_read = ""
    if plan.misalignment == "builder_reads_undefined_config_field":
        extra_read = '        env["EXTRA_OPTIONS"] = str(self.config.extra_options)\n'
    job_args = "        return None\n"
    if plan.has_job_type or plan.misalignment == "builder_job_type_flag_undeclared":
        value = "self.config.job_type" if plan.has_job_type else '"training"'
        job_args = f'        return ["--job_type", {value}]\n'
    if op.kind == "training":
        io_methods = '''    def _get_inputs(self, inputs: dict[str, Any]) -> dict[str, TrainingInput]:
        """One training channel per dependency, named after the contract's channel folder."""
        channels: dict[str, TrainingInput] = {}
        for logical_name, dependency in self.spec.dependencies.items():
            if logical_name not in inputs:
                if dependency.required:
                    raise ValueError(f"required input {logical_name!r} not provided")
                continue
            channels["data"] = TrainingInput(s3_data=inputs[logical_name])
        return channels

    def _get_outputs(self, outputs: dict[str, Any]) -> str:
        """The S3 prefix the estimator writes the model archive to."""
        return outputs.get("model_output") or f"{self.config.output_prefix}/model"

    def create_step(self, **kwargs: Any) -> TrainingStep:
        """Create the TrainingStep."""
        inputs = self._get_inputs(kwargs.get("inputs", {}))
        estimator = self._create_estimator(self._get_outputs(kwargs.get("outputs", {})))
        step = TrainingStep(
            name=self._get_step_name(),
            estimator=estimator,
            inputs=inputs,
            depends_on=kwargs.get("dependencies", []),
            cache_config=self._get_cache_config(kwargs.get("enable_caching", True)),
        )
        setattr(step, "_spec", self.spec)
        return step
'''
        sagemaker_imports = (
            "from sagemaker.inputs import TrainingInput\n"
            "from sagemaker.workflow.steps import TrainingStep\n"
        )
    else:
        io_methods = '''    def _get_inputs(self, inputs: dict[str, Any]) -> list[ProcessingInput]:
        """A ProcessingInput per dependency, mounted where the contract expects it."""
        processing_inputs: list[ProcessingInput] = []
        for logical_name, dependency in self.spec.dependencies.items():
            if logical_name not in inputs:
                if dependency.required:
                    raise ValueError(f"required input {logical_name!r} not provided")
                continue
            container_path = self.contract.expected_input_paths[logical_name]
            processing_inputs.append(
                ProcessingInput(
                    input_name=logical_name,
                    source=inputs[logical_name],
                    destination=container_path,
                )
            )
        return processing_inputs

    def _get_outputs(self, outputs: dict[str, Any]) -> list[ProcessingOutput]:
        """A ProcessingOutput per output, collected from the contract's container path."""
        processing_outputs: list[ProcessingOutput] = []
        for logical_name in self.spec.outputs:
            container_path = self.contract.expected_output_paths[logical_name]
            destination = outputs.get(logical_name) or f"{self.config.output_prefix}/{logical_name}"
            processing_outputs.append(
                ProcessingOutput(
                    output_name=logical_name,
                    source=container_path,
                    destination=destination,
                )
            )
        return processing_outputs

    def create_step(self, **kwargs: Any) -> ProcessingStep:
        """Create the ProcessingStep."""
        processor = self._create_processor()
        step = ProcessingStep(
            name=self._get_step_name(),
            processor=processor,
            inputs=self._get_inputs(kwargs.get("inputs", {})),
            outputs=self._get_outputs(kwargs.get("outputs", {})),
            code=self.config.get_script_path(),
            job_arguments=self._get_job_arguments(),
            depends_on=kwargs.get("dependencies", []),
            cache_config=self._get_cache_config(kwargs.get("enable_caching", True)),
        )
        setattr(step, "_spec", self.spec)
        return step
'''
        sagemaker_imports = (
            "from sagemaker.processing import ProcessingInput, ProcessingOutput\n"
            "from sagemaker.workflow.steps import ProcessingStep\n"
        )
    required_checks = "".join(
        f'        if not self.config.{name.lower()}:\n            raise ValueError("{name.lower()} must be set")\n'
        for name in op.required_env
    )
    return f'''"""Builder of the {plan.name} step."""

from __future__ import annotations

import logging
from typing import Any

{sagemaker_imports}
from alignlint.runtime.builder import StepBuilderBase

from ..configs.config_{plan.snake}_step import {plan.name}Config
{spec_imports}
logger = logging.getLogger(__name__)


class {plan.name}StepBuilder(StepBuilderBase):
    """Builds the SageMaker step of {plan.name} from its config, specification and contract."""

    def __init__(
        self,
        config: {plan.name}Config,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, {plan.name}Config):
            raise ValueError("{plan.name}StepBuilder requires a {plan.name}Config")
{spec_selection}        super().__init__(config=config, spec=spec, sagemaker_session=sagemaker_session, role=role)
        self.config: {plan.name}Config = config

    def validate_configuration(self) -> None:
        """Fail early on settings the script cannot run without."""
{required_checks}        if self.config.volume_size < 1:
            raise ValueError("volume_size must be positive")

    def _get_environment_variables(self) -> dict[str, str]:
        """Contract env vars from the config (required ones come from the base class)."""
        env = super()._get_environment_variables()
{env_lines}{extra_read}        return env

    def _get_job_arguments(self) -> list[str] | None:
        """Command-line arguments of the script."""
{job_args}
{io_methods}'''


# --- scripts -----------------------------------------------------------------------------------


def render_script(plan: StepPlan, rng: random.Random) -> str:
    op = plan.operation
    helpers, chainable = helper_functions(rng, max(80, plan.script_lines - 90))
    input_keys = [logical for logical, _ in op.inputs]
    output_keys = [logical for logical, _ in op.outputs]
    env_names = list(op.required_env) + [name for name, _ in op.optional_env]
    script_env = list(env_names)
    if plan.misalignment == "env_var_renamed_in_script" and script_env:
        script_env[0] = script_env[0].replace("FIELD", "COLUMN") + "_NAME"
    defaults = dict(op.optional_env)
    env_defaults = [(name, defaults.get(env_names[i], "")) for i, name in enumerate(script_env)]
    reads = "".join(
        f'    {name.lower()} = environ_vars.get("{name}", "{default}")\n'
        for name, default in env_defaults
    )
    if plan.has_job_type:
        reads += "    job_type = job_args.job_type\n"
    loads = "".join(
        f'    frames["{key}"] = load_input(Path(input_paths["{key}"]))\n' for key in input_keys
    )
    if plan.misalignment == "script_key_undeclared":
        loads += '    frames["extra_data"] = load_input(Path(input_paths["extra_data"]))\n'
    calls = "".join(f"    frame = {name}(frame)\n" for name in chainable)
    writes = "".join(
        f'    write_output(frame, Path(output_paths["{key}"]), "{key}")\n' for key in output_keys
    )
    main_inputs = "".join(f'                "{key}": "{path}",\n' for key, path in op.inputs)
    main_outputs = "".join(f'                "{key}": "{path}",\n' for key, path in op.outputs)
    main_env = "".join(
        f'                "{name}": os.environ.get("{name}", "{default}"),\n'
        for name, default in env_defaults
    )
    argparse_lines = ""
    if plan.has_job_type:
        argparse_lines = '    parser.add_argument("--job_type", type=str, required=True)\n'
    logged = [name.lower() for name in script_env] + (["job_type"] if plan.has_job_type else [])
    summary_env = ", ".join(f"{name}=%r" for name in logged)
    summary_args = ", ".join(logged)
    return f'''#!/usr/bin/env python
"""{plan.name} processing script.

Reads {", ".join(input_keys) or "nothing"}, applies the {plan.operation.camel} transformations and
writes {", ".join(output_keys)}.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".csv", ".parquet", ".gz")

{"".join(helpers)}

def load_input(directory: Path) -> pd.DataFrame:
    """Concatenate every supported shard below ``directory``."""
    shards = sorted(path for path in directory.rglob("*") if path.suffix in SUPPORTED_SUFFIXES)
    if not shards:
        logger.warning("no data below %s", directory)
        return pd.DataFrame()
    return pd.concat([pd.read_csv(path) for path in shards], ignore_index=True)


def write_output(frame: pd.DataFrame, directory: Path, name: str) -> Path:
    """Write ``frame`` as CSV inside the output directory."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{{name}}.csv"
    frame.to_csv(target, index=False)
    logger.info("wrote %d rows to %s", len(frame), target)
    return target


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> None:
    """Run {plan.name}."""
{reads}    logger.info("settings: {summary_env}", {summary_args})
    frames: dict[str, pd.DataFrame] = {{}}
{loads}    frame = next(iter(frames.values()), pd.DataFrame())
{calls}{writes}

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
{argparse_lines}    args = parser.parse_args()
    try:
        main(
            input_paths={{
{main_inputs}            }},
            output_paths={{
{main_outputs}            }},
            environ_vars={{
{main_env}            }},
            job_args=args,
        )
    except Exception:
        logger.exception("{plan.name} failed")
        sys.exit(1)
'''


# --- registry and DAGs -------------------------------------------------------------------------


def render_registry(plans: Sequence[StepPlan]) -> str:
    rows = "".join(
        f'''    "{plan.name}": {{
        "config_class": "{plan.name}Config",
        "builder_step_name": "{plan.name}StepBuilder",
        "spec_type": "{plan.name}",
        "sagemaker_step_type": "{"Training" if plan.operation.kind == "training" else "Processing"}",
        "description": "{plan.operation.camel} for {plan.name}",
    }},
'''
        for plan in plans
    )
    return f'''"""Canonical step names of the library."""

from __future__ import annotations

from alignlint.runtime.registry import StepRegistry

STEP_NAMES: dict[str, dict[str, str]] = {{
{rows}}}

STEP_REGISTRY = StepRegistry(STEP_NAMES)


def get_spec_step_type(step_name: str) -> str:
    """The ``spec_type`` of a registered step."""
    return STEP_REGISTRY.get_spec_step_type(step_name)


def get_spec_step_type_with_job_type(step_name: str, job_type: str) -> str:
    """``spec_type`` with a job-type suffix."""
    return STEP_REGISTRY.get_spec_step_type_with_job_type(step_name, job_type)
'''


def dag_node(plan: StepPlan) -> str:
    return f"{plan.name}_{plan.job_types[0].capitalize()}" if plan.job_types else plan.name


def render_dag_python(number: int, group: Sequence[StepPlan]) -> str:
    nodes = "".join(f'    dag.add_node("{dag_node(plan)}")\n' for plan in group)
    edges = "".join(
        f'    dag.add_edge("{dag_node(a)}", "{dag_node(b)}")\n'
        for a, b in pairwise(group)
        if b.upstream == (a.name,)
    )
    return f'''"""Pipeline {number}."""

from __future__ import annotations

from alignlint.runtime.dag import PipelineDAG


def create_pipeline_{number:04d}_dag() -> PipelineDAG:
    """Steps {group[0].name} to {group[-1].name}."""
    dag = PipelineDAG()
{nodes}
{edges}    return dag
'''


def render_dag_json(group: Sequence[StepPlan]) -> str:
    nodes = [dag_node(plan) for plan in group]
    edges = [[dag_node(a), dag_node(b)] for a, b in pairwise(group) if b.upstream == (a.name,)]
    return json.dumps({"nodes": nodes, "edges": edges}, indent=2) + "\n"


# --- writing -----------------------------------------------------------------------------------


def library_files(
    count: int, seed: int, plans: Sequence[StepPlan] | None = None
) -> tuple[dict[str, str], list[Misalignment]]:
    """Every file of the library (relative path -> text) and the seeded misalignments
    (``plans``: the steps, when planned already)."""
    plans = list(plans) if plans is not None else plan_steps(count, seed)
    registered = frozenset(plan.name for plan in plans)
    rng = random.Random(seed + 1)
    files: dict[str, str] = {"registry/__init__.py": "", "steps/__init__.py": ""}
    for layer in ("contracts", "specs", "builders", "configs", "scripts"):
        files[f"steps/{layer}/__init__.py"] = ""
    files["registry/step_names.py"] = render_registry(plans)
    misalignments: list[Misalignment] = []
    for plan in plans:
        files[f"steps/contracts/{plan.snake}_contract.py"] = render_contract(plan)
        for job_type, stem in spec_files(plan):
            files[f"steps/specs/{stem}.py"] = render_spec(plan, job_type, registered)
        files[f"steps/configs/config_{plan.snake}_step.py"] = render_config(plan)
        files[f"steps/builders/builder_{plan.snake}_step.py"] = render_builder(plan)
        files[f"steps/scripts/{plan.snake}.py"] = render_script(plan, rng)
        if plan.misalignment is not None:
            misalignments.append(_describe(plan))
    groups = [plans[start : start + 8] for start in range(0, len(plans), 8)]
    for number, group in enumerate(groups):
        if number % 2:
            files[f"dags/pipeline_{number:04d}.json"] = render_dag_json(group)
        else:
            files[f"dags/pipeline_{number:04d}.py"] = render_dag_python(number, group)
    files["dags/__init__.py"] = ""
    return files, misalignments


def workspace_root(number: int) -> str:
    """The directory of generated workspace ``number`` (the ``development/projects`` layout)."""
    return f"development/projects/project_{number:02d}/src/project_{number:02d}_dev"


def workspace_library_files(
    count: int, workspaces: int, per_workspace: int, seed: int
) -> tuple[dict[str, str], list[Misalignment]]:
    """A ``count``-step shared library plus ``workspaces`` project workspaces, each with
    ``per_workspace`` steps of its own (the first consumes a shared step's output) and an override
    of one shared step, registered in its ``PROJECT_STEP_NAMES``."""
    plans = plan_steps(count + workspaces * per_workspace, seed)
    shared = plans[:count]
    files, misalignments = library_files(count, seed, shared)
    registered = frozenset(plan.name for plan in plans)
    rng = random.Random(seed + 2)
    for number in range(workspaces):
        own = plans[count + number * per_workspace : count + (number + 1) * per_workspace]
        # The first step consumes a shared step's output (never another workspace's).
        own[0] = replace(own[0], upstream=(shared[(number * 13 + 5) % count].name,))
        override = shared[(number * 7) % count]
        root = workspace_root(number)
        files[f"{root}/__init__.py"] = ""
        files[f"{root}/registry/__init__.py"] = ""
        files[f"{root}/steps/__init__.py"] = ""
        for layer in ("contracts", "specs", "builders", "configs", "scripts"):
            files[f"{root}/steps/{layer}/__init__.py"] = ""
        registry = render_registry([*own, override]).replace("STEP_NAMES", "PROJECT_STEP_NAMES")
        files[f"{root}/registry/step_names.py"] = registry
        for plan in (*own, override):
            files[f"{root}/steps/contracts/{plan.snake}_contract.py"] = render_contract(plan)
            for job_type, stem in spec_files(plan):
                files[f"{root}/steps/specs/{stem}.py"] = render_spec(plan, job_type, registered)
            files[f"{root}/steps/configs/config_{plan.snake}_step.py"] = render_config(plan)
            files[f"{root}/steps/builders/builder_{plan.snake}_step.py"] = render_builder(plan)
            files[f"{root}/steps/scripts/{plan.snake}.py"] = render_script(plan, rng)
    return files, misalignments


def _describe(plan: StepPlan) -> Misalignment:
    kind = plan.misalignment or ""
    where = {
        "script_key_undeclared": (
            f"steps/scripts/{plan.snake}.py",
            'script reads input_paths["extra_data"], which the contract does not declare',
        ),
        "env_var_renamed_in_script": (
            f"steps/scripts/{plan.snake}.py",
            f"script reads a renamed version of {(plan.operation.required_env or ('',))[0]}",
        ),
        "builder_job_type_flag_undeclared": (
            f"steps/builders/builder_{plan.snake}_step.py",
            "builder passes --job_type, which neither the contract nor the script declares",
        ),
        "entry_point_missing": (
            f"steps/contracts/{plan.snake}_contract.py",
            f"entry_point {plan.snake}_main.py names no file",
        ),
        "builder_reads_undefined_config_field": (
            f"steps/builders/builder_{plan.snake}_step.py",
            "builder reads config.extra_options, which the config class does not define",
        ),
        "property_path_names_wrong_output": (
            f"steps/specs/{spec_files(plan)[0][1]}.py",
            "first output's property path names the second output",
        ),
        "compatible_source_unregistered": (
            f"steps/specs/{spec_files(plan)[0][1]}.py",
            f"compatible_sources names {plan.name}Legacy, which is not registered",
        ),
    }[kind]
    return Misalignment(plan.name, kind, where[0], where[1])


def generate(
    out: Path, count: int, seed: int = 0, workspaces: int = 0, per_workspace: int = 3
) -> Manifest:
    """Write a ``count``-step library to ``out/lib`` and its manifest to ``out/manifest.json``
    (with ``workspaces`` project workspaces of ``per_workspace`` steps each under
    ``out/lib/development/projects/``)."""
    files, misalignments = (
        workspace_library_files(count, workspaces, per_workspace, seed)
        if workspaces
        else library_files(count, seed)
    )
    library = out / "lib"
    manifest = Manifest(steps=count, seed=seed, misalignments=misalignments)
    for relative, text in sorted(files.items()):
        target = library / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        target.write_bytes(data)
        manifest.files += 1
        manifest.bytes += len(data)
        manifest.lines += text.count("\n")
    (out / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output directory (lib/ and manifest.json)")
    parser.add_argument("--steps", type=int, default=50, help="number of steps (default 50)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--workspaces", type=int, default=0, help="project workspaces over the library (default 0)"
    )
    parser.add_argument(
        "--workspace-steps", type=int, default=3, help="own steps per workspace (default 3)"
    )
    args = parser.parse_args(argv)
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    if args.workspaces < 0 or args.workspace_steps < 1:
        parser.error("--workspaces must be >= 0 and --workspace-steps >= 1")
    manifest = generate(args.out, args.steps, args.seed, args.workspaces, args.workspace_steps)
    print(
        f"{manifest.steps} steps: {manifest.files} files, {manifest.lines} lines, "
        f"{manifest.bytes / 1e6:.1f} MB, {len(manifest.misalignments)} seeded misalignments "
        f"-> {args.out / 'lib'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
