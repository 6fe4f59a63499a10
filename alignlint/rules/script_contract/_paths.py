"""Container paths: the script's literals and ``__main__`` mappings against the contract's
declared paths (shared by ALN105 and ALN106)."""

from __future__ import annotations

from collections.abc import Iterator

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.model import Entry, EntryMap, EnvAccess, Project, Script, text_of
from alignlint.model.values import Located, Value
from alignlint.rules._support.env_sources import sent_env
from alignlint.rules.script_contract._common import Pairing, is_platform_env_var
from alignlint.sagemaker.container_paths import (
    CHANNEL_ENV_PREFIX,
    SAGEMAKER_ENV_DIRECTORIES,
    is_channel_folder_of,
    normalise,
)

#: How a script reads the job's environment (``EnvAccess.via``), not its ``environ_vars`` dict.
_ENVIRONMENT_READS = frozenset(
    {"os.environ.get", "os.getenv", "os.environ[]", "os.environ[] if present"}
)


@record
class DeclaredPath:
    """One known path of the contract: ``noun`` is ``input`` or ``output``."""

    noun: str
    key: str
    path: str
    entry: Entry


def declared_paths(pairing: Pairing) -> list[DeclaredPath]:
    """Every known contract path, inputs first, in declaration order."""
    contract = pairing.contract
    found: list[DeclaredPath] = []
    for noun, mapping in (("input", contract.inputs), ("output", contract.outputs)):
        for key, entry in mapping.items():
            path = text_of(entry.value)
            if path is not None:
                found.append(DeclaredPath(noun, key, path, entry))
    return found


@record
class MainBlockPath:
    """A key -> path entry of a dict the script's ``__main__`` block passes to ``main``, with the
    contract mapping of the same direction. ``env`` is the variable the path is read from
    (``os.environ.get("SM_MODEL_DIR", "/opt/ml/model")``), when it is not written as a path."""

    noun: str
    entry: Entry
    path: str
    declared: EntryMap
    env: str | None = None
    #: The default literal of that read (ALN105 leaves it to ALN106, as it does a path literal).
    default_span: Span | None = None


@record
class UncheckedPath:
    """A ``__main__`` entry read from the environment whose path alignlint cannot tell."""

    noun: str
    key: str
    reason: str


@record
class Why:
    """Why a value is not known."""

    reason: str


def main_block_paths(project: Project, pairing: Pairing) -> Iterator[MainBlockPath]:
    """The known string paths the ``__main__`` block maps to keys, inputs then outputs: written
    as paths, or read from env vars whose value is known (:func:`_environment_path`)."""
    for _, _, found in _main_block_entries(project, pairing):
        if isinstance(found, MainBlockPath):
            yield found


def unchecked_main_block_paths(project: Project, pairing: Pairing) -> Iterator[UncheckedPath]:
    """The ``__main__`` entries read from env vars whose value alignlint cannot tell, with why."""
    for noun, entry, found in _main_block_entries(project, pairing):
        if isinstance(found, Why):
            yield UncheckedPath(noun, entry.key, found.reason)


def _main_block_entries(
    project: Project, pairing: Pairing
) -> Iterator[tuple[str, Entry, MainBlockPath | Why | None]]:
    """Each entry of the ``__main__`` path dicts, with its :class:`MainBlockPath`, or why the
    path of an entry read from the environment is not known, or None (another value that is
    not known: a fallback written twice, a call)."""
    script, contract = pairing.script, pairing.contract
    for noun, mapping, declared in (
        ("input", script.main_block_inputs, contract.inputs),
        ("output", script.main_block_outputs, contract.outputs),
    ):
        if mapping is None:
            continue
        for entry in mapping.values():
            path = text_of(entry.value)
            if path is not None:
                yield noun, entry, MainBlockPath(noun, entry, path, declared)
                continue
            reads = _environment_reads(script, entry.value)
            if not reads:
                yield noun, entry, None
            elif len(reads) > 1:
                yield noun, entry, Why("it is read from one of several env vars")
            else:
                (read,) = reads
                found = _environment_path(project, pairing, read)
                if isinstance(found, Why):
                    yield noun, entry, found
                else:
                    default = read.default.span if isinstance(read.default, Located) else None
                    env = text_of(read.name)
                    item = MainBlockPath(noun, entry, found, declared, env, default)
                    yield noun, entry, item


def _environment_reads(script: Script, value: Value) -> list[EnvAccess]:
    """The reads of the job's environment in ``__main__`` that are the whole of ``value``."""
    return [
        read
        for read in script.env_reads
        if read.where == "__main__"
        and read.via in _ENVIRONMENT_READS
        and not read.display
        and read.span == value.span
    ]


def _environment_path(project: Project, pairing: Pairing, read: EnvAccess) -> str | Why:
    """The one path a ``__main__`` read of the environment gives, or why it may give another.

    The job's environment holds what the builder sends, and what SageMaker sets: its training
    toolkit sets ``SM_MODEL_DIR`` and the like to fixed directories, and ``SM_CHANNEL_<NAME>``
    to the channel's folder. A variable neither sets takes the read's default. The path is
    known when every value the variable may have is the same path: a variable the builder may
    send is not known (its value comes from the config); one SageMaker sets, only when its
    default is SageMaker's value (without the training toolkit it is not set); other variables
    SageMaker or the OS set (the `platform-env-vars` settings), not at all."""
    name = text_of(read.name)
    if name is None:
        return Why("it is read from an env var whose name is not known")
    sent = sent_env(project, pairing.step)
    sends = sent.may_send(name, pairing.contract) if sent is not None else False
    if sends is None:
        return Why(f"it is read from env var `{name}`, which the builder may send")
    if sends:
        return Why(f"it is read from env var `{name}`, which the builder sends")
    default = text_of(read.default) if read.default is not None else None
    if read.default is not None and default is None:
        return Why(f"it is read from env var `{name}`, whose default is not known")
    if name.startswith(CHANNEL_ENV_PREFIX):
        # The channel's folder is named as the channel, whose case the variable does not say:
        # the default says it when it is that folder.
        if default is None:
            return Why(
                f"it is read from env var `{name}`, which SageMaker sets to the folder of a "
                "channel whose name's case is not known, without a default"
            )
        if not is_channel_folder_of(default, name):
            return Why(
                f"it is read from env var `{name}`, which SageMaker sets to the folder of its "
                f"channel, and its default is `{default}`"
            )
        return default
    sagemaker = SAGEMAKER_ENV_DIRECTORIES.get(name)
    if sagemaker is not None:
        if default is not None and normalise(default) != normalise(sagemaker):
            return Why(
                f"it is read from env var `{name}`, which SageMaker sets to `{sagemaker}`, "
                f"and its default is `{default}`"
            )
        return default if default is not None else sagemaker
    if is_platform_env_var(name, project.settings.all_platform_env_vars):
        return Why(f"it is read from env var `{name}`, which SageMaker or the OS may set")
    if default is None:
        return Why(f"it is read from env var `{name}`, without a default")
    return default


def contract_path_of(item: MainBlockPath) -> str | None:
    """The contract's known path for the key of a ``__main__`` entry, if it declares one."""
    declared = item.declared.get(item.entry.key)
    return text_of(declared.value) if declared is not None else None


def compared_spans(project: Project, pairing: Pairing) -> set[Span]:
    """Spans of ``__main__`` path values whose key the contract maps to a known path (and of the
    default of such a value read from the environment): ALN106 compares those, so ALN105
    leaves them alone."""
    spans: set[Span] = set()
    for item in main_block_paths(project, pairing):
        if contract_path_of(item) is None:
            continue
        if isinstance(item.entry.value, Located):
            spans.add(item.entry.value.span)
        if item.default_span is not None:
            spans.add(item.default_span)
    return spans


def path_owner(declared: EntryMap, path: str) -> tuple[str, Entry] | None:
    """The contract key (first in order) whose known path is ``path``, with its entry."""
    owners = sorted(
        (key, entry)
        for key, entry in declared.items()
        if (known := text_of(entry.value)) is not None and normalise(known) == normalise(path)
    )
    return owners[0] if owners else None
