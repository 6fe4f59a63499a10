"""Environment variables: the script's reads against the contract's required and optional env
vars (shared by ALN107-ALN110)."""

from __future__ import annotations

from dataclasses import dataclass

from alignlint.model import Contract, EnvAccess, Project, Script, text_of
from alignlint.model.values import Located
from alignlint.rules.script_contract._common import hands_off


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


def environment_reads(script: Script) -> list[EnvAccess]:
    """The script's reads that reach the process environment, in source order: every read but
    ``main``'s reads of an ``environ_vars`` key that the ``__main__`` block fills from a
    constant or literal (the container's environment is never consulted for those). A key
    ``__main__`` fills from ``os.environ``, or does not fill, is an environment read."""
    environ = script.main_environ
    found: list[EnvAccess] = []
    for read in sorted(script.env_reads, key=lambda r: r.span):
        if environ is not None and read.via.startswith("environ_vars"):
            name = read_name(read)
            entry = environ.entries.get(name) if name is not None else None
            if entry is not None and not entry.from_env and isinstance(entry.value, Located):
                continue
        found.append(read)
    return found


def supplied_by_main_block(script: Script, read: EnvAccess) -> bool:
    """Whether ``read`` is ``main``'s read of an ``environ_vars`` key the ``__main__`` block
    always puts into the dict: its default (a ``main()`` fallback) never applies."""
    environ = script.main_environ
    if environ is None or not read.via.startswith("environ_vars"):
        return False
    name = read_name(read)
    return name is not None and name in environ.entries


#: Why :func:`read_env_names` cannot say what a script reads.
UNKNOWN_READS = (
    "the script reads an env var whose name is not known, uses the environment whole, or hands "
    "environ_vars to code alignlint does not see"
)


@dataclass(frozen=True)
class EnvReads:
    """The env vars a script reads by name, and whether that is all it may read (not when a
    name cannot be evaluated, the environment is used whole, or ``environ_vars`` is handed to
    code defined elsewhere: see :data:`UNKNOWN_READS`)."""

    names: frozenset[str]
    complete: bool

    def unread(self, name: str) -> bool | None:
        """Whether ``name`` is never read: False when read by name, None when it may be read
        where alignlint cannot see (Unknown, scoped to the names not read by name)."""
        if name in self.names:
            return False
        return True if self.complete else None


def env_reads(project: Project, script: Script) -> EnvReads:
    """What :class:`EnvReads` says of ``script``."""
    names = [read_name(read) for read in environment_reads(script)]
    complete = None not in names and not hands_off(project, script, "environ_vars")
    return EnvReads(frozenset(name for name in names if name is not None), complete)
