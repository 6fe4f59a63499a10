"""Environment variables: the script's reads against the contract's required and optional env
vars (shared by ALN107-ALN110)."""

from __future__ import annotations

from alignlint.core.records import record
from alignlint.core.types import Related
from alignlint.model import Contract, EnvAccess, Project, Script, text_of
from alignlint.model.components import reported_at
from alignlint.model.values import Located
from alignlint.rules.base import Rule
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


def imported_read(read: EnvAccess) -> list[Related]:
    """The related location of a read in another module the script runs (reported at the
    script's import of it: :func:`reported_at`): the read itself."""
    if read.imported_by is None:
        return []
    return [Related(read.span, f"the read, in `{read.where}`, which the script runs")]


def read_name(read: EnvAccess) -> str | None:
    """The env var a read names, when known."""
    return text_of(read.name)


def environment_reads(script: Script) -> list[EnvAccess]:
    """The script's reads that reach the process environment, in source order (a read in
    another module the script runs at the script's import of it): every read but
    ``main``'s reads of an ``environ_vars`` key that the ``__main__`` block fills from a
    constant or literal (the container's environment is never consulted for those). A key
    ``__main__`` fills from ``os.environ``, or does not fill, is an environment read."""
    environ = script.main_environ
    found: list[EnvAccess] = []
    for read in sorted(script.env_reads, key=lambda r: (reported_at(r), r.span)):
        if environ is not None and read.via.startswith("environ_vars"):
            name = read_name(read)
            entry = environ.entries.get(name) if name is not None else None
            if entry is not None and not entry.from_env and isinstance(entry.value, Located):
                continue
        found.append(read)
    return found


def never_fails(read: EnvAccess) -> bool:
    """Whether ``read`` cannot fail when the variable (or ``environ_vars`` key) is absent: it has
    a default, it only tests whether the variable is set (``"X" in os.environ``), or it runs only
    under such a test (``if "X" in os.environ: os.environ["X"]``, the same for
    ``environ_vars``)."""
    return read.has_default or read.via == "in os.environ" or read.via.endswith(" if present")


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


@record
class EnvReads:
    """The env vars a script reads by name, the prefixes of those it reads by a loop over the
    environment that keeps only names with that prefix, and whether that is all it may read
    (not when a name cannot be evaluated, the environment is used whole otherwise, or
    ``environ_vars`` is handed to code defined elsewhere: see :data:`UNKNOWN_READS`)."""

    names: frozenset[str]
    complete: bool
    prefixes: frozenset[str] = frozenset()
    #: Why the reads may not be all (when not :attr:`complete`).
    reason: str = UNKNOWN_READS

    def unread(self, name: str) -> bool | None:
        """Whether ``name`` is never read: False when read by name or by prefix, None when it
        may be read where alignlint cannot see (Unknown, scoped to the names not read)."""
        if name in self.names or any(name.startswith(prefix) for prefix in self.prefixes):
            return False
        return True if self.complete else None


def never_read(rule: Rule, reads: EnvReads, name: str, step: str) -> bool:
    """Whether the script never reads env var ``name`` (of ``step``); when it may read it where
    alignlint cannot see, ``rule`` lists it as not checked and the answer is False."""
    unread = reads.unread(name)
    if unread is None:
        rule.could_not_check(f"env var {name} of step {step}", reads.reason)
    return bool(unread)


def env_reads(project: Project, script: Script) -> EnvReads:
    """What :class:`EnvReads` says of ``script``."""
    names: set[str] = set()
    prefixes: set[str] = set()
    complete = not hands_off(project, script, "environ_vars")
    for read in environment_reads(script):
        name = read_name(read)
        prefix = text_of(read.prefix) if read.prefix is not None else None
        if name is not None:
            names.add(name)
        elif prefix is not None:
            prefixes.add(prefix)
        else:
            complete = False
    if script.main_unknown is not None:
        return EnvReads(frozenset(names), False, frozenset(prefixes), script.main_unknown)
    return EnvReads(frozenset(names), complete, frozenset(prefixes))


@record
class MissingKeys:
    """``environ_vars`` keys ``main`` (or ``__main__`` itself, before calling ``main``) reads
    that the ``__main__`` block never puts into the dict it passes; ``unknown`` says why the
    script could not be checked (the dict is not fully known), None when it was."""

    reads: tuple[EnvAccess, ...]
    unknown: str | None


def keys_missing_from_main_dict(project: Project, script: Script) -> MissingKeys:
    """What :class:`MissingKeys` says of ``script``: only a dict display whose keys are all
    known, bound once, never merged into, written into or passed on before ``main`` runs (by
    ``__main__`` or by any function of the script) is compared with the reads."""
    environ = script.main_environ
    main = script.main
    if environ is None or main is None:
        return MissingKeys((), None)
    reads = [
        read
        for read in environment_reads_of_main(script, main.name)
        if read_name(read) not in environ.entries
    ]
    if not reads:
        return MissingKeys((), None)
    if not environ.complete:
        return MissingKeys((), "the environ_vars dict __main__ passes to main is not fully known")
    modules = [project.module_by_path(path) for path in script.paths]
    if any(module is None for module in modules) or any(
        used == "environ_vars"
        for module in modules
        if module is not None
        for function in module.facts.functions
        for used, _ in function.body.dict_other_uses
    ):
        return MissingKeys((), "the script writes keys into environ_vars")
    if hands_off(project, script, "environ_vars"):
        return MissingKeys((), UNKNOWN_READS)
    return MissingKeys(tuple(reads), None)


def environment_reads_of_main(script: Script, main_name: str) -> list[EnvAccess]:
    """``main``'s reads of an ``environ_vars`` key and ``__main__``'s reads of the dict it
    builds, each of a known name, in source order."""
    environ = script.main_environ
    found = [
        read
        for read in script.env_reads
        if read.where == main_name and read.via.startswith("environ_vars")
    ]
    if environ is not None:
        found.extend(environ.read_backs)
    return sorted((read for read in found if read_name(read) is not None), key=lambda r: r.span)
