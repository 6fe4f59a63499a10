"""Builder ↔ config rules (ALN401-ALN411, ALN420): what a step builder reads from its config,
passes to the script (env vars, job arguments, inputs and outputs) and imports, against the
config class, the script contract, the specifications and the registry; and what a training
script reads from its hyperparameter class."""

from __future__ import annotations

from alignlint.rules.base import Rule
from alignlint.rules.builder_config.builder_io_mismatch import BuilderIoMismatch
from alignlint.rules.builder_config.config_class_mismatch import ConfigClassMismatch
from alignlint.rules.builder_config.entry_point_mismatch import EntryPointMismatch
from alignlint.rules.builder_config.env_var_without_source import EnvVarWithoutSource
from alignlint.rules.builder_config.hardcoded_container_path import HardcodedContainerPath
from alignlint.rules.builder_config.job_argument_not_parsed import JobArgumentNotParsed
from alignlint.rules.builder_config.job_arguments_not_delivered import JobArgumentsNotDelivered
from alignlint.rules.builder_config.missing_import import MissingImport
from alignlint.rules.builder_config.required_argument_not_passed import RequiredArgumentNotPassed
from alignlint.rules.builder_config.training_channel_mismatch import TrainingChannelMismatch
from alignlint.rules.builder_config.unknown_config_attribute import UnknownConfigAttribute
from alignlint.rules.builder_config.unknown_hyperparameter import UnknownHyperparameter

RULES: list[type[Rule]] = [
    UnknownConfigAttribute,
    EnvVarWithoutSource,
    JobArgumentNotParsed,
    RequiredArgumentNotPassed,
    BuilderIoMismatch,
    HardcodedContainerPath,
    EntryPointMismatch,
    MissingImport,
    ConfigClassMismatch,
    TrainingChannelMismatch,
    UnknownHyperparameter,
    JobArgumentsNotDelivered,
]

__all__ = [
    "RULES",
    "BuilderIoMismatch",
    "ConfigClassMismatch",
    "EntryPointMismatch",
    "EnvVarWithoutSource",
    "HardcodedContainerPath",
    "JobArgumentNotParsed",
    "JobArgumentsNotDelivered",
    "MissingImport",
    "RequiredArgumentNotPassed",
    "TrainingChannelMismatch",
    "UnknownConfigAttribute",
    "UnknownHyperparameter",
]
