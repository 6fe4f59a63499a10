"""Script ↔ contract rules (ALN101-ALN117): the logical keys, container paths, env vars and
argparse arguments a script uses against what its script contract declares."""

from __future__ import annotations

from alignlint.rules.base import Rule
from alignlint.rules.script_contract.container_path_mismatch import ContainerPathMismatch
from alignlint.rules.script_contract.env_default_drift import EnvDefaultDrift
from alignlint.rules.script_contract.missing_entry_point import MissingEntryPoint
from alignlint.rules.script_contract.non_unified_main import NonUnifiedMain
from alignlint.rules.script_contract.optional_env_var_without_default import (
    OptionalEnvVarWithoutDefault,
)
from alignlint.rules.script_contract.undeclared_argument import UndeclaredArgument
from alignlint.rules.script_contract.undeclared_container_path import UndeclaredContainerPath
from alignlint.rules.script_contract.undeclared_env_var import UndeclaredEnvVar
from alignlint.rules.script_contract.undeclared_input_key import UndeclaredInputKey
from alignlint.rules.script_contract.undeclared_output_key import UndeclaredOutputKey
from alignlint.rules.script_contract.undefined_argument import UndefinedArgument
from alignlint.rules.script_contract.unknown_job_arg_attribute import UnknownJobArgAttribute
from alignlint.rules.script_contract.unread_optional_env_var import UnreadOptionalEnvVar
from alignlint.rules.script_contract.unread_required_env_var import UnreadRequiredEnvVar
from alignlint.rules.script_contract.unread_sent_env_var import UnreadSentEnvVar
from alignlint.rules.script_contract.unused_contract_input import UnusedContractInput
from alignlint.rules.script_contract.unused_contract_output import UnusedContractOutput

RULES: list[type[Rule]] = [
    UndeclaredInputKey,
    UndeclaredOutputKey,
    UnusedContractInput,
    UnusedContractOutput,
    UndeclaredContainerPath,
    ContainerPathMismatch,
    UndeclaredEnvVar,
    UnreadRequiredEnvVar,
    OptionalEnvVarWithoutDefault,
    EnvDefaultDrift,
    UndeclaredArgument,
    UndefinedArgument,
    UnknownJobArgAttribute,
    MissingEntryPoint,
    NonUnifiedMain,
    UnreadOptionalEnvVar,
    UnreadSentEnvVar,
]

__all__ = [
    "RULES",
    "ContainerPathMismatch",
    "EnvDefaultDrift",
    "MissingEntryPoint",
    "NonUnifiedMain",
    "OptionalEnvVarWithoutDefault",
    "UndeclaredArgument",
    "UndeclaredContainerPath",
    "UndeclaredEnvVar",
    "UndeclaredInputKey",
    "UndeclaredOutputKey",
    "UndefinedArgument",
    "UnknownJobArgAttribute",
    "UnreadOptionalEnvVar",
    "UnreadRequiredEnvVar",
    "UnreadSentEnvVar",
    "UnusedContractInput",
    "UnusedContractOutput",
]
