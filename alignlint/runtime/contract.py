"""Script contracts: the container paths, env vars and arguments a step script expects.

A contract is the script's side of the agreement. SageMaker mounts processing inputs and collects
processing outputs as *directories* under ``/opt/ml/processing/``; training jobs see channels under
``/opt/ml/input/data/<channel>``, write the model to ``/opt/ml/model`` and other output under
``/opt/ml/output/data``. The validators below reject contracts that would fail at run time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from alignlint.sagemaker.container_paths import (
    PROCESSING_INPUT_EXCEPTIONS,
    PROCESSING_INPUT_ROOT,
    PROCESSING_OUTPUT_EXCEPTIONS,
    PROCESSING_OUTPUT_ROOT,
    TRAINING_CHANNEL_ROOT,
    TRAINING_HYPERPARAMETERS_FILE,
    TRAINING_MODEL_DIR,
    TRAINING_OUTPUT_DATA_ROOT,
    file_extension,
    is_under,
    normalise,
    training_channel,
)

_CHANNEL_NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_ENV_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ValidationResult(BaseModel):
    """Outcome of a validation: errors make it invalid, warnings do not."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    errors: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_valid(self) -> bool:
        """True when there are no errors."""
        return not self.errors


class ScriptContract(BaseModel):
    """What a processing script expects from its container (paths by logical name, env, args)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entry_point: str
    expected_input_paths: dict[str, str] = Field(default_factory=dict)
    expected_output_paths: dict[str, str] = Field(default_factory=dict)
    required_env_vars: list[str] = Field(default_factory=list)
    optional_env_vars: dict[str, str] = Field(default_factory=dict)
    expected_arguments: dict[str, str] = Field(default_factory=dict)
    framework_requirements: dict[str, str] = Field(default_factory=dict)
    description: str = ""

    @field_validator("entry_point")
    @classmethod
    def _entry_point_is_python(cls, value: str) -> str:
        if not value.endswith(".py"):
            raise ValueError(f"entry_point must be a Python file ending in '.py', got '{value}'")
        return value

    @field_validator("expected_input_paths")
    @classmethod
    def _inputs_are_container_directories(cls, value: dict[str, str]) -> dict[str, str]:
        cls._check_paths(value, "input")
        return value

    @field_validator("expected_output_paths")
    @classmethod
    def _outputs_are_container_directories(cls, value: dict[str, str]) -> dict[str, str]:
        cls._check_paths(value, "output")
        return value

    @field_validator("required_env_vars")
    @classmethod
    def _required_env_vars_are_names(cls, value: list[str]) -> list[str]:
        _check_env_var_names(value, "required_env_vars")
        seen: set[str] = set()
        for name in value:
            if name in seen:
                raise ValueError(f"required_env_vars lists '{name}' more than once")
            seen.add(name)
        return value

    @field_validator("optional_env_vars")
    @classmethod
    def _optional_env_vars_are_names(cls, value: dict[str, str]) -> dict[str, str]:
        _check_env_var_names(list(value), "optional_env_vars")
        return value

    @field_validator("expected_arguments")
    @classmethod
    def _argument_names_are_plain(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if not name.strip("-"):
                raise ValueError(f"expected_arguments has an empty argument name: '{name}'")
        return value

    @model_validator(mode="after")
    def _env_vars_are_either_required_or_optional(self) -> ScriptContract:
        both = sorted(set(self.required_env_vars) & set(self.optional_env_vars))
        if both:
            raise ValueError(
                f"env vars {both} are both required and optional; declare each in one place"
            )
        return self

    @classmethod
    def _check_paths(cls, paths: Mapping[str, str], direction: str) -> None:
        """Validate each container path of one direction (``input``/``output``)."""
        by_path: dict[str, str] = {}
        for logical_name, path in paths.items():
            if not logical_name:
                raise ValueError(f"{direction} paths have an empty logical name (path '{path}')")
            problem = cls._path_problem(direction, path)
            if problem is not None:
                raise ValueError(f"{direction} '{logical_name}': {problem}")
            extension = file_extension(path)
            if extension is not None and not cls._is_allowed_file(direction, path):
                raise ValueError(
                    f"{direction} '{logical_name}': container path '{path}' names a file "
                    f"('{extension}'); SageMaker mounts a directory there, so use the "
                    "directory and let the script read or write files inside it"
                )
            key = normalise(path)
            if key in by_path:
                raise ValueError(
                    f"{direction}s '{by_path[key]}' and '{logical_name}' share the container "
                    f"path '{path}'"
                )
            by_path[key] = logical_name

    @classmethod
    def _path_problem(cls, direction: str, path: str) -> str | None:
        """Return why ``path`` is not a valid processing path, or None when it is."""
        root = PROCESSING_INPUT_ROOT if direction == "input" else PROCESSING_OUTPUT_ROOT
        exceptions = (
            PROCESSING_INPUT_EXCEPTIONS if direction == "input" else PROCESSING_OUTPUT_EXCEPTIONS
        )
        if is_under(path, root) or any(is_under(path, extra) for extra in exceptions):
            return None
        allowed = ", ".join([root, *sorted(exceptions)])
        return f"container path '{path}' must be under {allowed}"

    @classmethod
    def _is_allowed_file(cls, direction: str, path: str) -> bool:
        """Whether a file path is acceptable here (never, for processing contracts)."""
        return False


class TrainingScriptContract(ScriptContract):
    """Contract of a training script: channels in, model and output data out."""

    @classmethod
    def _path_problem(cls, direction: str, path: str) -> str | None:
        if direction == "input":
            if path == TRAINING_HYPERPARAMETERS_FILE:
                return None
            if not is_under(path, TRAINING_CHANNEL_ROOT):
                return (
                    f"container path '{path}' must be a channel directory "
                    f"{TRAINING_CHANNEL_ROOT}/<channel> or the hyperparameters file "
                    f"{TRAINING_HYPERPARAMETERS_FILE}"
                )
            channel = _channel_of(path)
            if channel is None:
                return (
                    f"container path '{path}' must name exactly one channel directory: "
                    f"{TRAINING_CHANNEL_ROOT}/<channel>"
                )
            if not _CHANNEL_NAME.match(channel):
                return (
                    f"channel '{channel}' in '{path}' is not a valid SageMaker channel name "
                    "(letters, digits, '.', '-', '_'; at most 64 characters)"
                )
            return None
        if normalise(path) == TRAINING_MODEL_DIR or is_under(path, TRAINING_OUTPUT_DATA_ROOT):
            return None
        return (
            f"container path '{path}' must be {TRAINING_MODEL_DIR} or under "
            f"{TRAINING_OUTPUT_DATA_ROOT}"
        )

    @classmethod
    def _is_allowed_file(cls, direction: str, path: str) -> bool:
        return direction == "input" and path == TRAINING_HYPERPARAMETERS_FILE

    def channel_for(self, logical_name: str) -> str:
        """Return the training channel name an input's container path mounts.

        Raises:
            KeyError: the logical name is not an input of this contract.
            ValueError: the input is the hyperparameters file, which has no channel.
        """
        if logical_name not in self.expected_input_paths:
            known = ", ".join(sorted(self.expected_input_paths)) or "none"
            raise KeyError(
                f"'{logical_name}' is not an input of contract '{self.entry_point}' "
                f"(inputs: {known})"
            )
        path = self.expected_input_paths[logical_name]
        channel = _channel_of(path)
        if channel is None:
            raise ValueError(
                f"input '{logical_name}' of contract '{self.entry_point}' is the hyperparameters "
                f"file {TRAINING_HYPERPARAMETERS_FILE}, which SageMaker writes from the "
                "estimator's hyperparameters; it has no input channel"
            )
        return channel


def _channel_of(path: str) -> str | None:
    """Return ``<channel>`` for ``/opt/ml/input/data/<channel>``; None for other paths (a path
    below a channel folder too: a training input is the whole channel)."""
    channel = training_channel(path)
    if channel is None or normalise(path) != f"{TRAINING_CHANNEL_ROOT}/{channel}":
        return None
    return channel


def _check_env_var_names(names: list[str], field: str) -> None:
    for name in names:
        if not _ENV_VAR_NAME.match(name):
            raise ValueError(f"{field} has an invalid environment variable name '{name}'")
