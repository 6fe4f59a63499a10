"""Environment variables: the script's reads against the contract's required and optional env
vars (shared by ALN107-ALN110)."""

from __future__ import annotations

from alignlint.model import Contract, EnvAccess, text_of
from alignlint.model.values import Located


def env_declarations_complete(contract: Contract) -> bool:
    """Whether every required and optional env var of the contract is known."""
    return contract.required_env_vars.complete and contract.optional_env_vars.complete


def declared_env_vars(contract: Contract) -> set[str]:
    """Required ∪ optional env var names of the contract."""
    return set(contract.required_env_vars) | set(contract.optional_env_vars)


def default_text(read: EnvAccess) -> str | None:
    """The default a read falls back to, as the env string it stands for (``.get("X", 5)`` ->
    ``"5"``); None without a default or when the default is not a known string or number."""
    default = read.default
    if not isinstance(default, Located):
        return None
    value = default.value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def read_name(read: EnvAccess) -> str | None:
    """The env var a read names, when known."""
    return text_of(read.name)
