"""Container paths: the script's literals and ``__main__`` mappings against the contract's
declared paths (shared by ALN105 and ALN106)."""

from __future__ import annotations

from collections.abc import Iterator

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.model import Entry, EntryMap, text_of
from alignlint.model.values import Located
from alignlint.rules.script_contract._common import Pairing
from alignlint.sagemaker.container_paths import normalise


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
    contract mapping of the same direction."""

    noun: str
    entry: Entry
    path: str
    declared: EntryMap


def main_block_paths(pairing: Pairing) -> Iterator[MainBlockPath]:
    """The known string paths the ``__main__`` block maps to keys, inputs then outputs."""
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
                yield MainBlockPath(noun, entry, path, declared)


def contract_path_of(item: MainBlockPath) -> str | None:
    """The contract's known path for the key of a ``__main__`` entry, if it declares one."""
    declared = item.declared.get(item.entry.key)
    return text_of(declared.value) if declared is not None else None


def compared_spans(pairing: Pairing) -> set[Span]:
    """Spans of ``__main__`` path values whose key the contract maps to a known path: ALN106
    compares those, so ALN105 leaves them alone."""
    return {
        item.entry.value.span
        for item in main_block_paths(pairing)
        if isinstance(item.entry.value, Located) and contract_path_of(item) is not None
    }


def path_owner(declared: EntryMap, path: str) -> tuple[str, Entry] | None:
    """The contract key (first in order) whose known path is ``path``, with its entry."""
    owners = sorted(
        (key, entry)
        for key, entry in declared.items()
        if (known := text_of(entry.value)) is not None and normalise(known) == normalise(path)
    )
    return owners[0] if owners else None
