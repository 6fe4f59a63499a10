"""Registry rules (ALN501-ALN505) and opt-in naming conventions (ALN510-ALN514): the step
registry against the classes, specifications and SageMaker steps it names."""

from __future__ import annotations

from alignlint.rules.base import Rule
from alignlint.rules.registry.class_name_suffix import BuilderClassSuffix, ConfigClassSuffix
from alignlint.rules.registry.file_name_pattern import FileNamePattern
from alignlint.rules.registry.logical_name_case import LogicalNameCase
from alignlint.rules.registry.registry_unknown_class import RegistryUnknownClass
from alignlint.rules.registry.sagemaker_step_type_mismatch import SagemakerStepTypeMismatch
from alignlint.rules.registry.spec_type_not_step_name import SpecTypeNotStepName
from alignlint.rules.registry.step_type_case import StepTypeCase
from alignlint.rules.registry.unregistered_component import UnregisteredComponent
from alignlint.rules.registry.unregistered_step_type import UnregisteredStepType

RULES: list[type[Rule]] = [
    RegistryUnknownClass,
    UnregisteredComponent,
    UnregisteredStepType,
    SagemakerStepTypeMismatch,
    SpecTypeNotStepName,
    StepTypeCase,
    LogicalNameCase,
    ConfigClassSuffix,
    BuilderClassSuffix,
    FileNamePattern,
]

__all__ = [
    "RULES",
    "BuilderClassSuffix",
    "ConfigClassSuffix",
    "FileNamePattern",
    "LogicalNameCase",
    "RegistryUnknownClass",
    "SagemakerStepTypeMismatch",
    "SpecTypeNotStepName",
    "StepTypeCase",
    "UnregisteredComponent",
    "UnregisteredStepType",
]
