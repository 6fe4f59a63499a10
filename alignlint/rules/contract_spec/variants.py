"""What contract ↔ specification rules share: specs grouped by the contract they describe,
which spec outputs the script writes, and spelling-close names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from alignlint.core.records import record
from alignlint.model import Contract, Output, Project, Spec, Step
from alignlint.model.values import Located
from alignlint.rules._support.job_kind import job_kind
from alignlint.sagemaker.container_paths import PROCESSING, TRAINING
from alignlint.sagemaker.property_paths import ParseError, parse_property_path

SCRIPT_OUTPUT_ROOTS: dict[str, tuple[str, ...]] = {
    PROCESSING: ("ProcessingOutputConfig",),
    TRAINING: ("ModelArtifacts", "OutputDataConfig"),
}
"""Property-path roots, per job kind, that read data the script wrote to a contract path."""

CLOSE_NAME_RATIO = 0.8
"""Minimum similarity of two normalised names that "differ only in spelling"."""


@record
class SpecGroup:
    """The specs of one step that describe one contract (job-type variants share it)."""

    step: Step
    contract: Contract
    specs: tuple[Spec, ...]
    kind: str | None

    @property
    def complete(self) -> bool:
        """True when every spec's dependencies and outputs were read completely."""
        return not any(spec.unknown_parts for spec in self.specs)


def spec_groups(project: Project) -> list[SpecGroup]:
    """Every (step, contract) pair with the step's specs that use that contract.

    A spec without ``script_contract=`` describes the step's contract (linked through the
    config); a spec whose contract is Unknown is left out.
    """
    groups: list[SpecGroup] = []
    for step in project.steps:
        by_contract: dict[int, tuple[Contract, list[Spec]]] = {}
        for spec in step.all_specs():
            contract = spec.contract if spec.contract is not None else step.contract
            if isinstance(contract, Contract):
                by_contract.setdefault(id(contract), (contract, []))[1].append(spec)
        found = job_kind(step)
        for contract, specs in by_contract.values():
            kind = found.kind if found is not None else contract.kind.capitalize()
            groups.append(SpecGroup(step, contract, tuple(specs), kind))
    return groups


def describe(spec: Spec) -> str:
    """``spec X_SPEC`` or ``spec X_TRAINING_SPEC (job type training)``."""
    return f"spec {spec.name}" + (f" (job type {spec.job_type})" if spec.job_type else "")


def is_script_output(output: Output, kind: str | None) -> bool | None:
    """Whether the output reads what the script wrote to a contract path (None: unknown)."""
    path = output.property_path
    roots = SCRIPT_OUTPUT_ROOTS.get(kind or "")
    if roots is None or not (isinstance(path, Located) and isinstance(path.value, str)):
        return None
    segments = parse_property_path(path.value)
    if isinstance(segments, ParseError):
        return None
    names = [str(s.value) for s in segments if s.kind == "attribute"]
    if names and names[0] == "properties":
        names = names[1:]
    return bool(names) and names[0] in roots


def names_list(names: Iterable[str]) -> str:
    """``a, b`` or ``none``."""
    listed = sorted(names)
    return ", ".join(listed) if listed else "none"


def _normalised(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def close_names(a: str, b: str) -> bool:
    """True when two names differ only in spelling (case, separators or a few letters)."""
    left, right = _normalised(a), _normalised(b)
    return left == right or difflib.SequenceMatcher(None, left, right).ratio() >= CLOSE_NAME_RATIO


def single_close_pair(contract_names: Sequence[str], spec_names: Sequence[str]) -> dict[str, str]:
    """``{contract name: spec name}`` when exactly one unmatched pair is close, else empty."""
    pairs = [(c, s) for c in sorted(set(contract_names)) for s in sorted(set(spec_names))]
    close = [(c, s) for c, s in pairs if close_names(c, s)]
    return dict(close) if len(close) == 1 else {}
