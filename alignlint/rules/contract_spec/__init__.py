"""Contract ↔ specification rules (ALN2xx): a step's spec against its script contract."""

from __future__ import annotations

from alignlint.rules.base import Rule
from alignlint.rules.contract_spec.contract_input_without_dependency import (
    ContractInputWithoutDependency,
)
from alignlint.rules.contract_spec.contract_object_mismatch import ContractObjectMismatch
from alignlint.rules.contract_spec.contract_output_without_spec_output import (
    ContractOutputWithoutSpecOutput,
)
from alignlint.rules.contract_spec.dependency_not_in_contract import DependencyNotInContract
from alignlint.rules.contract_spec.invalid_property_path import InvalidPropertyPath
from alignlint.rules.contract_spec.node_type_shape import NodeTypeShape
from alignlint.rules.contract_spec.output_not_in_contract import OutputNotInContract
from alignlint.rules.contract_spec.property_path_wrong_output import PropertyPathWrongOutput
from alignlint.rules.contract_spec.variant_drift import VariantDrift

RULES: list[type[Rule]] = [
    DependencyNotInContract,
    ContractInputWithoutDependency,
    OutputNotInContract,
    ContractOutputWithoutSpecOutput,
    VariantDrift,
    PropertyPathWrongOutput,
    InvalidPropertyPath,
    ContractObjectMismatch,
    NodeTypeShape,
]

__all__ = [
    "RULES",
    "ContractInputWithoutDependency",
    "ContractObjectMismatch",
    "ContractOutputWithoutSpecOutput",
    "DependencyNotInContract",
    "InvalidPropertyPath",
    "NodeTypeShape",
    "OutputNotInContract",
    "PropertyPathWrongOutput",
    "VariantDrift",
]
