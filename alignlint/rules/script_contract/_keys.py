"""Logical keys of ``input_paths`` / ``output_paths``: the script's uses against the contract's
declarations, in both directions (shared by ALN101-ALN104)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from alignlint.core.records import record
from alignlint.core.selectors import RuleName
from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Entry, EntryMap, KeyAccess, Project, Script, text_of
from alignlint.model.values import Unknown
from alignlint.rules.base import Rule
from alignlint.rules.script_contract._common import (
    SUGGESTION_CUTOFF,
    Pairing,
    backticked,
    closest,
    contract_label,
    hands_off,
    pairings,
)
from alignlint.rules.script_contract._paths import main_block_paths, path_owner
from alignlint.sagemaker.container_paths import is_under, sagemaker_env_directory


@record
class Direction:
    """Inputs or outputs: the script's dict parameter and the contract mapping it must match."""

    role: str
    noun: str
    verb: str
    #: The rule reporting a key the script uses that the contract does not declare.
    undeclared_rule: RuleName

    def declared(self, pairing: Pairing) -> EntryMap:
        contract = pairing.contract
        return contract.inputs if self.role == "input_paths" else contract.outputs

    def main_block_map(self, script: Script) -> EntryMap | None:
        """The dict the script's ``__main__`` block passes as this parameter, when known."""
        return script.main_block_inputs if self.role == "input_paths" else script.main_block_outputs

    def accesses(self, script: Script) -> tuple[KeyAccess, ...]:
        return script.input_keys if self.role == "input_paths" else script.output_keys


INPUTS = Direction("input_paths", "input", "reads", RuleName("ALN101", "undeclared-input-key"))
OUTPUTS = Direction("output_paths", "output", "uses", RuleName("ALN102", "undeclared-output-key"))


@record
class RenamedKey:
    """A key of an undeclared chain that the ``__main__`` block maps to a path the contract
    declares under another key (``owner``): the same data, named differently."""

    key: str
    path: str
    owner: str
    owner_entry: Entry


def renamed_key(
    project: Project, pairing: Pairing, direction: Direction, keys: Sequence[str]
) -> RenamedKey | None:
    """The first key of ``keys`` that ``__main__`` maps to a path of another contract key (a
    path written as such, or read from the environment: :func:`main_block_paths`)."""
    declared = direction.declared(pairing)
    if direction.main_block_map(pairing.script) is None or not declared.complete:
        return None
    supplied = {
        item.entry.key: item.path
        for item in main_block_paths(project, pairing)
        if item.noun == direction.noun
    }
    for key in keys:
        path = supplied.get(key)
        if path is not None and (owner := path_owner(declared, path)) is not None:
            return RenamedKey(key, path, *owner)
    return None


def renamed_keys(project: Project, pairing: Pairing, direction: Direction) -> set[str]:
    """The ``__main__`` keys whose renaming :class:`UndeclaredKeyRule` (ALN101 / ALN102)
    reports, naming the contract's key: ALN106 leaves them to it when it runs."""
    declared = direction.declared(pairing)
    accesses = direction.accesses(pairing.script)
    return {
        renamed.key
        for _, keys in undeclared_chains(accesses, declared)
        if (renamed := renamed_key(project, pairing, direction, keys)) is not None
    }


def chains(accesses: Sequence[KeyAccess]) -> list[list[KeyAccess]]:
    """Accesses grouped into fallback chains (an access outside a chain is its own chain), in
    source order."""
    grouped: dict[str, list[KeyAccess]] = {}
    for index, access in enumerate(sorted(accesses, key=lambda a: a.span)):
        grouped.setdefault(access.group or f"#{index}", []).append(access)
    return sorted(grouped.values(), key=lambda chain: chain[0].span)


def undeclared_chains(
    accesses: Sequence[KeyAccess], declared: EntryMap
) -> Iterator[tuple[list[KeyAccess], list[str]]]:
    """Each fallback chain none of whose alternatives is declared, as its accesses and its
    keys. Chains with an Unknown alternative, and all chains of an incomplete mapping, are
    skipped."""
    if not declared.complete:
        return
    for chain in chains(accesses):
        keys = [text_of(access.key) for access in chain]
        known = [key for key in keys if key is not None]
        if len(known) == len(keys) and not any(key in declared for key in known):
            yield chain, list(dict.fromkeys(known))


def unread_dict(script: Script, direction: Direction) -> str | None:
    """Why the script's keys of ``direction`` are not known, when its ``main`` takes
    positional parameters but none named ``input_paths`` (``output_paths``): the dict may be
    there under another name, whose keys are not read. None otherwise (a ``main`` without
    parameters has no such dict)."""
    if script.main_unknown is not None:
        return script.main_unknown
    main = script.main
    if main is None or any(p.name == direction.role for p in main.params):
        return None
    if not any(p.kind in ("positional", "normal") for p in main.params):
        return None
    return (
        f"`main` of script `{script.file_name}` takes no `{direction.role}` parameter: the "
        f"{direction.noun} keys it uses are read only from the unified signature"
    )


@record
class KeyUses:
    """What the script uses of the declared keys of one direction: ``used``, the keys it uses
    as a key or through their path; ``unsure``, keys it may use where alignlint cannot see,
    with why (a directory above their path); ``unknown``, why none can be checked (a dynamic
    key, the dict handed to unknown code or not recognised)."""

    used: frozenset[str] = frozenset()
    unsure: tuple[tuple[str, str], ...] = ()
    unknown: str | None = None


def used_keys(project: Project, pairing: Pairing, direction: Direction) -> KeyUses:
    """:class:`KeyUses` of the script of ``pairing`` in ``direction``."""
    script = pairing.script
    declared = direction.declared(pairing)
    accesses = direction.accesses(script)
    for access in accesses:
        if isinstance(access.key, Unknown):
            return KeyUses(unknown=access.key.reason)
    if hands_off(project, script, direction.role):
        return KeyUses(
            unknown=f"the script hands `{direction.role}` to code alignlint does not see"
        )
    unread = unread_dict(script, direction)
    if unread is not None:
        return KeyUses(unknown=unread)
    has_dict = script.main is not None and any(p.name == direction.role for p in script.main.params)
    paths = [text_of(p.value) for p in script.container_paths]
    paths.extend(_sm_directory(text_of(read.name)) for read in script.env_reads)
    known_paths = sorted({path for path in paths if path is not None})
    if not has_dict and not known_paths:
        return KeyUses(
            unknown=f"the script has no `{direction.role}` dict and uses no known container path"
        )
    used = {key for access in accesses if (key := text_of(access.key)) is not None}
    unsure: dict[str, str] = {}
    for key, path in declared.known_strings().items():
        for literal in known_paths:
            if is_under(literal, path):
                used.add(key)
            elif is_under(path, literal) and key not in unsure:
                unsure[key] = f"the script uses `{literal}`, a directory above its path `{path}`"
    return KeyUses(
        frozenset(used), tuple((key, why) for key, why in unsure.items() if key not in used)
    )


def _sm_directory(name: str | None) -> str | None:
    return sagemaker_env_directory(name) if name is not None else None


class UndeclaredKeyRule(Rule):
    """Shared check of ALN101 / ALN102: a key the script uses that the contract does not declare."""

    direction: ClassVar[Direction]

    def check(self, project: Project) -> Iterator[Diagnostic]:
        direction = self.direction
        for pairing in pairings(project):
            declared = direction.declared(pairing)
            accesses = direction.accesses(pairing.script)
            if not declared.complete:
                self.could_not_check(
                    f"step {pairing.step.name}",
                    f"the contract's {direction.noun} paths are not all known",
                )
            unread = unread_dict(pairing.script, direction)
            if unread is not None:
                self.could_not_check(f"step {pairing.step.name}", unread)
            for chain, keys in undeclared_chains(accesses, declared):
                yield self._finding(project, pairing, declared, chain, keys)

    def _finding(
        self,
        project: Project,
        pairing: Pairing,
        declared: EntryMap,
        chain: list[KeyAccess],
        keys: list[str],
    ) -> Diagnostic:
        direction = self.direction
        first = chain[0]
        noun = direction.noun
        shown = f"`{keys[0]}`"
        if len(keys) > 1:
            shown += f" (or its fallbacks {backticked(keys[1:])})"
        renamed = renamed_key(project, pairing, direction, keys)
        suggestion = None if renamed else closest(keys[0], declared, cutoff=SUGGESTION_CUTOFF)
        message = (
            f"script {direction.verb} {noun} {shown} but {contract_label(pairing.contract)} "
            f"declares no such {noun}; declared: {backticked(declared)}"
        )
        if renamed is not None:
            message += (
                f"; `__main__` maps `{renamed.key}` to `{renamed.path}`, the contract's path of "
                f"{noun} `{renamed.owner}`"
            )
        supplied = direction.main_block_map(pairing.script)
        severity = None
        if supplied is not None and any(key in supplied for key in keys):
            # The script's own `__main__` maps the key: naming drift, the job still runs.
            severity = Severity.WARNING
        elif all(access.present for access in chain):
            # Used only where the script tested the dict holds it: the job runs and skips it.
            message += "; the script tests for it first, and the pipeline never passes it"
            severity = Severity.WARNING
        if suggestion is not None:
            message += f"; did you mean `{suggestion}`?"
        related: list[Related] = []
        if renamed is not None:
            related.append(
                Related(renamed.owner_entry.key_span, f"contract {noun} `{renamed.owner}`")
            )
        elif suggestion is not None:
            entry = declared.entries[suggestion]
            related.append(Related(entry.key_span, f"closest declared {noun} `{suggestion}`"))
        elif declared.span is not None:
            related.append(Related(declared.span, f"declared {noun}s"))
        else:
            related.append(Related(pairing.contract.name_span, f"{pairing.contract.name}"))
        return self.diagnostic(
            message,
            first.span,
            related=related,
            step=pairing.step.name,
            subject=f"{noun}:{'|'.join(keys)}",
            severity=severity,
        )


class UnusedKeyRule(Rule):
    """Shared check of ALN103 / ALN104: a declared key the script never uses."""

    direction: ClassVar[Direction]

    def check(self, project: Project) -> Iterator[Diagnostic]:
        direction = self.direction
        noun = direction.noun
        for pairing in pairings(project):
            uses = used_keys(project, pairing, direction)
            if uses.unknown is not None:
                self.could_not_check(f"step {pairing.step.name}", uses.unknown)
                continue
            unsure = dict(uses.unsure)
            script = pairing.script
            for key, entry in direction.declared(pairing).items():
                if key in uses.used:
                    continue
                if key in unsure:
                    self.could_not_check(f"{noun} `{key}` of step {pairing.step.name}", unsure[key])
                    continue
                path = text_of(entry.value)
                how = f"as a key nor through its path `{path}`" if path else "as a key"
                message = (
                    f"{contract_label(pairing.contract)} declares {noun} `{key}` but script "
                    f"`{script.file_name}` never uses it (neither {how})"
                )
                yield self.diagnostic(
                    message,
                    entry.key_span,
                    related=[Related(script.span, f"script {script.file_name}")],
                    step=pairing.step.name,
                    subject=f"{noun}:{key}",
                )
