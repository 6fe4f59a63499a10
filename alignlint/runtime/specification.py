"""Step specifications: a step's logical dependencies and outputs, and how outputs are read.

A specification is the pipeline's side of the agreement. Dependencies and outputs are given as
lists and stored by logical name. ``validate_contract_alignment`` checks that a specification and
its script contract describe the same inputs and outputs, and that each output's property path is
one the SageMaker Describe* API offers for the step's kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from alignlint.runtime.contract import (
    ScriptContract,
    TrainingScriptContract,
    ValidationResult,
)
from alignlint.runtime.property_paths import (
    PropertyPathProblem,
    PropertyPathShape,
    classify_property_path,
)
from alignlint.sagemaker.container_paths import (
    PROCESSING,
    TRAINING,
    TRAINING_HYPERPARAMETERS_FILE,
    TRAINING_MODEL_DIR,
    TRAINING_OUTPUT_DATA_ROOT,
    is_under,
    normalise,
)
from alignlint.sagemaker.matching import DependencyView, OutputView
from alignlint.sagemaker.property_paths import step_kind_for


class DependencyType(str, Enum):
    """Kind of artefact a dependency consumes or an output produces."""

    MODEL_ARTIFACTS = "model_artifacts"
    PROCESSING_OUTPUT = "processing_output"
    TRAINING_DATA = "training_data"
    HYPERPARAMETERS = "hyperparameters"
    PAYLOAD_SAMPLES = "payload_samples"
    CUSTOM_PROPERTY = "custom_property"


class NodeType(str, Enum):
    """Position of a step in the DAG, which fixes whether it has dependencies and outputs."""

    SOURCE = "source"
    INTERNAL = "internal"
    SINK = "sink"
    SINGULAR = "singular"


DATA_TYPES: tuple[str, ...] = ("S3Uri", "String", "Integer", "Float", "Boolean")
"""Data types a dependency or output may declare (SageMaker pipeline parameter types)."""

_LOGICAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _check_logical_name(value: str) -> str:
    if not _LOGICAL_NAME.match(value):
        raise ValueError(
            f"logical_name '{value}' must be an identifier (letters, digits and '_', "
            "not starting with a digit)"
        )
    return value


def _check_data_type(value: str) -> str:
    if value not in DATA_TYPES:
        raise ValueError(f"data_type '{value}' is not one of {', '.join(DATA_TYPES)}")
    return value


class DependencySpec(BaseModel):
    """One input a step needs, matched against upstream outputs by the resolver."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    logical_name: str
    dependency_type: DependencyType
    required: bool = True
    compatible_sources: list[str] = Field(default_factory=list)
    semantic_keywords: list[str] = Field(default_factory=list)
    data_type: str = "S3Uri"
    description: str = ""

    @field_validator("logical_name")
    @classmethod
    def _name_is_identifier(cls, value: str) -> str:
        return _check_logical_name(value)

    @field_validator("data_type")
    @classmethod
    def _data_type_is_known(cls, value: str) -> str:
        return _check_data_type(value)

    def to_view(self) -> DependencyView:
        """The plain-value view the matching core works on."""
        return DependencyView(
            logical_name=self.logical_name,
            dependency_type=self.dependency_type.value,
            data_type=self.data_type,
            required=self.required,
            compatible_sources=tuple(self.compatible_sources),
            semantic_keywords=tuple(self.semantic_keywords),
        )


class OutputSpec(BaseModel):
    """One output a step produces, and the property path that reads it at run time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    logical_name: str
    output_type: DependencyType
    property_path: str
    data_type: str = "S3Uri"
    description: str = ""
    aliases: list[str] = Field(default_factory=list)

    @field_validator("logical_name")
    @classmethod
    def _name_is_identifier(cls, value: str) -> str:
        return _check_logical_name(value)

    @field_validator("data_type")
    @classmethod
    def _data_type_is_known(cls, value: str) -> str:
        return _check_data_type(value)

    @field_validator("property_path")
    @classmethod
    def _property_path_is_rooted(cls, value: str) -> str:
        if not value.startswith("properties."):
            raise ValueError(f"property_path '{value}' must start with 'properties.'")
        return value

    @model_validator(mode="after")
    def _aliases_are_distinct(self) -> OutputSpec:
        seen: set[str] = set()
        for alias in self.aliases:
            _check_logical_name(alias)
            if alias == self.logical_name:
                raise ValueError(
                    f"output '{self.logical_name}' lists its own logical name as an alias"
                )
            if alias in seen:
                raise ValueError(f"output '{self.logical_name}' lists alias '{alias}' twice")
            seen.add(alias)
        return self

    def to_view(self) -> OutputView:
        """The plain-value view the matching core works on."""
        return OutputView(
            logical_name=self.logical_name,
            output_type=self.output_type.value,
            data_type=self.data_type,
            aliases=tuple(self.aliases),
            property_path=self.property_path,
        )


class StepSpecification(BaseModel):
    """A step's type, DAG role, script contract, dependencies and outputs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    step_type: str
    node_type: NodeType
    script_contract: ScriptContract | None = None
    dependencies: dict[str, DependencySpec] = Field(default_factory=dict)
    outputs: dict[str, OutputSpec] = Field(default_factory=dict)

    def __init__(
        self,
        *,
        step_type: str,
        node_type: NodeType,
        script_contract: ScriptContract | None = None,
        dependencies: Sequence[DependencySpec] | Mapping[str, DependencySpec] = (),
        outputs: Sequence[OutputSpec] | Mapping[str, OutputSpec] = (),
    ) -> None:
        """Dependencies and outputs may be given as lists; they are stored by logical name."""
        super().__init__(
            step_type=step_type,
            node_type=node_type,
            script_contract=script_contract,
            dependencies=dependencies,
            outputs=outputs,
        )

    @field_validator("step_type")
    @classmethod
    def _step_type_is_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("step_type must be a non-empty string")
        return value

    @field_validator("dependencies", mode="before")
    @classmethod
    def _dependencies_by_name(cls, value: Any) -> Any:
        return _by_logical_name(value, "dependency")

    @field_validator("outputs", mode="before")
    @classmethod
    def _outputs_by_name(cls, value: Any) -> Any:
        return _by_logical_name(value, "output")

    @model_validator(mode="after")
    def _aliases_do_not_collide(self) -> StepSpecification:
        owner: dict[str, str] = {name: name for name in self.outputs}
        for output in self.outputs.values():
            for alias in output.aliases:
                if alias in owner:
                    raise ValueError(
                        f"step '{self.step_type}': alias '{alias}' of output "
                        f"'{output.logical_name}' collides with "
                        + (
                            f"output '{alias}'"
                            if owner[alias] == alias
                            else f"an alias of output '{owner[alias]}'"
                        )
                    )
                owner[alias] = output.logical_name
        return self

    @model_validator(mode="after")
    def _node_type_rules(self) -> StepSpecification:
        has_deps, has_outputs = bool(self.dependencies), bool(self.outputs)
        where = f"step '{self.step_type}' is a {self.node_type.value} node"
        if self.node_type is NodeType.SOURCE:
            if has_deps:
                raise ValueError(f"{where} and must not have dependencies")
            if not has_outputs:
                raise ValueError(f"{where} and must have at least one output")
        elif self.node_type is NodeType.SINK:
            if not has_deps:
                raise ValueError(f"{where} and must have at least one dependency")
            if has_outputs:
                raise ValueError(f"{where} and must not have outputs")
        elif self.node_type is NodeType.INTERNAL:
            if not has_deps:
                raise ValueError(f"{where} and must have at least one dependency")
            if not has_outputs:
                raise ValueError(f"{where} and must have at least one output")
        return self

    def get_output_by_name_or_alias(self, name: str) -> OutputSpec | None:
        """Return the output whose logical name or one of whose aliases is ``name``."""
        if name in self.outputs:
            return self.outputs[name]
        for output in self.outputs.values():
            if name in output.aliases:
                return output
        return None

    def get_dependency(self, logical_name: str) -> DependencySpec | None:
        """Return the dependency with this logical name, if any."""
        return self.dependencies.get(logical_name)

    def list_required_dependencies(self) -> list[DependencySpec]:
        """Required dependencies in declaration order."""
        return [dep for dep in self.dependencies.values() if dep.required]

    def list_optional_dependencies(self) -> list[DependencySpec]:
        """Optional dependencies in declaration order."""
        return [dep for dep in self.dependencies.values() if not dep.required]

    def validate_contract_alignment(
        self, sagemaker_step_type: str | None = None
    ) -> ValidationResult:
        """Check this specification against its script contract and its step kind.

        ``sagemaker_step_type`` (``Processing``, ``Training``, ``CreateModel``, ...) defaults to
        ``Training`` for a :class:`TrainingScriptContract`, ``Processing`` for any other contract.
        Without a contract and a step type only the property paths' general shape is checked.
        """
        declared = sagemaker_step_type or _kind_of_contract(self.script_contract)
        # The kind as the linter reads a registry row: `processing`, `ProcessingStep` -> Processing.
        kind = None if declared is None else (step_kind_for(declared) or declared)
        errors: list[str] = []
        warnings: list[str] = []
        errors.extend(self._property_path_errors(kind))
        if self.script_contract is not None:
            errors.extend(self._contract_kind_errors(kind, self.script_contract))
            dep_errors, dep_warnings = self._dependency_alignment(kind, self.script_contract)
            errors.extend(dep_errors)
            warnings.extend(dep_warnings)
            errors.extend(self._output_alignment(kind, self.script_contract))
        elif kind in (PROCESSING, TRAINING):
            warnings.append(
                f"step '{self.step_type}' is a {kind} step without a script contract; "
                "its inputs and outputs cannot be checked against a script"
            )
        return ValidationResult(errors=errors, warnings=warnings)

    def _property_path_errors(self, kind: str | None) -> list[str]:
        errors: list[str] = []
        for output in self.outputs.values():
            shape = classify_property_path(output.property_path, kind)
            where = f"step '{self.step_type}' output '{output.logical_name}'"
            path = output.property_path
            if isinstance(shape, PropertyPathProblem):
                if shape.belongs_to:
                    errors.append(
                        f"{where}: property path '{path}' belongs to "
                        f"{_a_kind(shape.belongs_to)} step, but this is a {kind} step"
                    )
                else:
                    reason = f": {shape.reason}" if shape.reason else ""
                    errors.append(
                        f"{where}: property path '{path}' is not a known SageMaker step "
                        f"property{reason}"
                    )
            elif shape is not None and shape.output_key not in (None, output.logical_name):
                errors.append(
                    f"{where}: property path names output '{shape.output_key}'; the builder "
                    f"names processing outputs by logical name, so it must be "
                    f"Outputs['{output.logical_name}']"
                )
        return errors

    def _contract_kind_errors(self, kind: str | None, contract: ScriptContract) -> list[str]:
        is_training_contract = isinstance(contract, TrainingScriptContract)
        if kind == TRAINING and not is_training_contract:
            return [
                f"step '{self.step_type}' is a Training step but its contract "
                f"'{contract.entry_point}' is a ScriptContract; use TrainingScriptContract"
            ]
        if kind == PROCESSING and is_training_contract:
            return [
                f"step '{self.step_type}' is a Processing step but its contract "
                f"'{contract.entry_point}' is a TrainingScriptContract; use ScriptContract"
            ]
        return []

    def _dependency_alignment(
        self, kind: str | None, contract: ScriptContract
    ) -> tuple[list[str], list[str]]:
        errors: list[str] = []
        warnings: list[str] = []
        inputs = contract.expected_input_paths
        for dep in self.dependencies.values():
            where = f"step '{self.step_type}' dependency '{dep.logical_name}'"
            if dep.logical_name not in inputs:
                message = (
                    f"{where} has no input path in contract '{contract.entry_point}' "
                    f"(contract inputs: {_names(inputs)})"
                )
                (errors if dep.required else warnings).append(message)
            elif kind == TRAINING and inputs[dep.logical_name] == TRAINING_HYPERPARAMETERS_FILE:
                errors.append(
                    f"{where} maps to the hyperparameters file {TRAINING_HYPERPARAMETERS_FILE}, "
                    "which SageMaker writes from the estimator's hyperparameters; it cannot be "
                    "wired as an input channel"
                )
        for logical_name, path in inputs.items():
            if logical_name in self.dependencies:
                continue
            if kind == TRAINING and path == TRAINING_HYPERPARAMETERS_FILE:
                continue
            errors.append(
                f"contract '{contract.entry_point}' input '{logical_name}' has no dependency in "
                f"step '{self.step_type}' (dependencies: {_names(self.dependencies)})"
            )
        return errors, warnings

    def _output_alignment(self, kind: str | None, contract: ScriptContract) -> list[str]:
        errors: list[str] = []
        contract_outputs = contract.expected_output_paths
        script_outputs: list[str] = []
        for output in self.outputs.values():
            shape = classify_property_path(output.property_path, kind)
            if not isinstance(shape, PropertyPathShape) or shape.script_output is None:
                continue
            script_outputs.append(output.logical_name)
            where = f"step '{self.step_type}' output '{output.logical_name}'"
            if output.logical_name not in contract_outputs:
                errors.append(
                    f"{where} has no output path in contract '{contract.entry_point}' "
                    f"(contract outputs: {_names(contract_outputs)})"
                )
                continue
            path = contract_outputs[output.logical_name]
            if shape.script_output == "ModelArtifacts" and normalise(path) != TRAINING_MODEL_DIR:
                errors.append(
                    f"{where} reads properties.ModelArtifacts.S3ModelArtifacts, so its contract "
                    f"path must be {TRAINING_MODEL_DIR}, got '{path}'"
                )
            if shape.script_output == "OutputDataConfig" and not is_under(
                path, TRAINING_OUTPUT_DATA_ROOT
            ):
                errors.append(
                    f"{where} reads properties.OutputDataConfig.S3OutputPath, so its contract "
                    f"path must be under {TRAINING_OUTPUT_DATA_ROOT}, got '{path}'"
                )
        for logical_name in contract_outputs:
            if logical_name not in script_outputs:
                errors.append(
                    f"contract '{contract.entry_point}' output '{logical_name}' has no matching "
                    f"output in step '{self.step_type}' (outputs read from the script: "
                    f"{_names(sorted(script_outputs))})"
                )
        return errors


def _kind_of_contract(contract: ScriptContract | None) -> str | None:
    if contract is None:
        return None
    return TRAINING if isinstance(contract, TrainingScriptContract) else PROCESSING


def _a_kind(kinds: tuple[str, ...]) -> str:
    """``a Training`` / ``a CreateModel or Transform`` (the kinds that have a path)."""
    listed = " or ".join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)
    return ("an " if listed[0] in "AEIOU" else "a ") + listed


def _names(names: Iterable[str]) -> str:
    listed = list(names)
    return ", ".join(listed) if listed else "none"


def _by_logical_name(value: Any, what: str) -> Any:
    """Turn a list of specs into a dict keyed by logical name, rejecting duplicates."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            name = _logical_name_of(item)
            if name != key:
                raise ValueError(f"{what} stored under '{key}' has logical_name '{name}'")
        return dict(value)
    if not isinstance(value, (list, tuple)):
        return value
    result: dict[str, Any] = {}
    for item in value:
        name = _logical_name_of(item)
        if name in result:
            raise ValueError(f"duplicate {what} logical_name '{name}'")
        result[name] = item
    return result


def _logical_name_of(item: Any) -> Any:
    if isinstance(item, dict):
        return item.get("logical_name")
    return getattr(item, "logical_name", None)
