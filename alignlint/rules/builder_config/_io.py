"""``ProcessingInput``/``ProcessingOutput`` objects a builder constructs, compared with the
step's specifications (logical names) and script contract (container paths) — shared by ALN405
(disagreement) and ALN406 (hard-coded but agreeing)."""

from __future__ import annotations

from collections.abc import Iterator

from alignlint.core.records import record
from alignlint.core.types import Related, Span
from alignlint.model import BuilderClass, BuiltObject, Contract, EntryMap, Project, Step
from alignlint.model.values import Located
from alignlint.rules.builder_config._common import builder_label, contract_label, did_you_mean

CONTAINER_ROOT = "/opt/ml"


@record
class Side:
    """How one SDK class maps onto the spec and contract: the keyword holding the logical name,
    the keyword holding the container path, and which side of the spec/contract it is."""

    name_keyword: str
    path_keyword: str
    spec_part: str
    contract_part: str


SIDES = {
    "ProcessingInput": Side("input_name", "destination", "dependency", "expected_input_paths"),
    "ProcessingOutput": Side("output_name", "source", "output", "expected_output_paths"),
}


@record
class IoFinding:
    """One finding about a built SDK object; ``mismatch`` for ALN405, else ALN406."""

    mismatch: bool
    step: Step
    span: Span
    message: str
    related: tuple[Related, ...]
    subject: str


def _text(value: object) -> Located[str] | None:
    if isinstance(value, Located) and isinstance(value.value, str):
        return value
    return None


def _spec_names(step: Step, side: Side) -> tuple[set[str], Span] | None:
    specs = step.all_specs()
    if not specs or any(spec.unknown_parts for spec in specs):
        return None
    names: set[str] = set()
    for spec in specs:
        items = spec.dependencies if side.spec_part == "dependency" else spec.outputs
        names.update(item.logical_name for item in items)
    return names, specs[0].name_span


def _contract_paths(contract: Contract, side: Side) -> EntryMap:
    return contract.inputs if side.contract_part == "expected_input_paths" else contract.outputs


def _check_object(
    step: Step, builder: BuilderClass, built: BuiltObject, side: Side
) -> Iterator[IoFinding]:
    label = builder_label(builder)
    name = _text(built.arguments.get(side.name_keyword))
    path = _text(built.arguments.get(side.path_keyword))
    spec_names = _spec_names(step, side)
    if name is not None and spec_names is not None and name.value not in spec_names[0]:
        known, spec_span = spec_names
        yield IoFinding(
            True,
            step,
            name.span,
            f'{label} builds `{built.class_name}({side.name_keyword}="{name.value}")` but no '
            f"specification of step `{step.name}` declares {side.spec_part} `{name.value}`"
            f"{did_you_mean(name.value, known)}; declared: "
            + (", ".join(f"`{n}`" for n in sorted(known)) or "none"),
            (Related(spec_span, f"specification of step `{step.name}`"),),
            f"{side.name_keyword}:{name.value}",
        )
    if path is None or not path.value.startswith(CONTAINER_ROOT):
        return
    contract = step.contract
    if contract is None:
        return
    paths = _contract_paths(contract, side)
    entry = paths.get(name.value) if name is not None else None
    expected = _text(entry.value) if entry is not None else None
    where = f"{contract_label(contract)} {side.contract_part}"
    if expected is not None and entry is not None:
        if expected.value != path.value:
            yield IoFinding(
                True,
                step,
                path.span,
                f"{label} builds `{built.class_name}` `{name.value if name else '?'}` with "
                f"{side.path_keyword} `{path.value}` but {where} maps `{entry.key}` to "
                f"`{expected.value}`",
                (Related(expected.span, f"`{entry.key}` in the contract"),),
                f"{side.path_keyword}:{path.value}",
            )
            return
    elif entry is None and paths.complete and path.value not in paths.known_strings().values():
        declared = ", ".join(f"`{p}`" for p in sorted(set(paths.known_strings().values())))
        yield IoFinding(
            True,
            step,
            path.span,
            f"{label} builds `{built.class_name}` with {side.path_keyword} `{path.value}` but "
            f"{where} declares no such path; declared: {declared or 'none'}",
            (Related(paths.span or contract.name_span, f"{side.contract_part} of the contract"),),
            f"{side.path_keyword}:{path.value}",
        )
        return
    if path.span.path == builder.info.path:
        key = entry.key if entry is not None else None
        instead = (
            f'`self.contract.{side.contract_part}["{key}"]`'
            if key is not None
            else f"the contract's `{side.contract_part}`"
        )
        yield IoFinding(
            False,
            step,
            path.span,
            f"{label} hard-codes container path `{path.value}` in `{built.class_name}`; "
            f"read it from {instead} of {contract_label(contract)}",
            (Related(contract.name_span, f"contract `{contract.name}`"),),
            f"{side.path_keyword}:{path.value}",
        )


def io_findings(project: Project) -> Iterator[IoFinding]:
    """Every finding about ``ProcessingInput``/``ProcessingOutput`` objects of linked builders."""
    for step in project.steps:
        builder = step.builder
        if builder is None:
            continue
        for built in sorted(builder.built_objects, key=lambda b: b.span):
            side = SIDES.get(built.class_name)
            if side is not None:
                yield from _check_object(step, builder, built, side)
