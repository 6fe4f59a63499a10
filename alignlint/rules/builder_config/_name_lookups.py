"""Logical names a builder looks up (``inputs["model_input"]``, ``logical_name ==
"model_input"``, ``self.contract.expected_input_paths["model_input"]``), against the names the
step's specifications and contract declare (part of ALN405)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from alignlint.core.records import record
from alignlint.core.types import Related, Severity, Span
from alignlint.model import BuilderClass, NameLookup, Step
from alignlint.model.values import Located
from alignlint.rules.builder_config._common import builder_label, contract_label, did_you_mean


@record
class LookupFinding:
    """A lookup (or fallback chain of lookups) that names nothing the other side declares."""

    step: Step
    span: Span
    message: str
    related: tuple[Related, ...]
    subject: str
    severity: Severity | None


@record
class _Declared:
    names: frozenset[str]
    what: str
    where: Related


def _declared(step: Step, side: str) -> _Declared | None:
    """The names the other side declares for a lookup's side; None when not fully known."""
    if side in ("dependency", "output"):
        specs = step.all_specs()
        if not specs or any(spec.unknown_parts for spec in specs):
            return None
        names = frozenset(
            item.logical_name
            for spec in specs
            for item in (spec.dependencies if side == "dependency" else spec.outputs)
        )
        where = Related(specs[0].name_span, f"specification of step `{step.name}`")
        return _Declared(names, f"no specification of step `{step.name}` declares {side}", where)
    contract = step.contract
    if contract is None:
        return None
    paths = contract.inputs if side == "contract input" else contract.outputs
    if not paths.complete:
        return None
    part = "expected_input_paths" if side == "contract input" else "expected_output_paths"
    where = Related(paths.span or contract.name_span, f"{part} of the contract")
    return _Declared(frozenset(paths), f"{contract_label(contract)} {part} has no key", where)


def _written(lookup: NameLookup, name: str) -> str:
    if lookup.kind == "compare":
        return f'`{lookup.method}` compares a logical name with "{name}"'
    return f'`{lookup.method}` looks up "{name}"'


def _chains(lookups: Sequence[NameLookup]) -> Iterator[list[NameLookup]]:
    """Lookups grouped by fallback chain (a lookup outside a chain is its own group), in
    source order; a lookup written twice at one place counts once."""
    seen: set[tuple[str, Span]] = set()
    chains: dict[str, list[NameLookup]] = {}
    order: list[list[NameLookup]] = []
    for lookup in sorted(lookups, key=lambda item: item.span):
        if (lookup.side, lookup.span) in seen:
            continue
        seen.add((lookup.side, lookup.span))
        if lookup.chain is None:
            order.append([lookup])
            continue
        key = f"{lookup.side}:{lookup.chain}"
        if key not in chains:
            chains[key] = []
            order.append(chains[key])
        chains[key].append(lookup)
    yield from order


def lookup_findings(step: Step, builder: BuilderClass) -> Iterator[LookupFinding]:
    """One finding per lookup (or fallback chain) of ``builder`` whose names the step's
    specifications or contract do not declare. Unknown keys and sides are skipped."""
    for chain in _chains(builder.name_lookups):
        names = [
            (lookup, lookup.key.value)
            for lookup in chain
            if isinstance(lookup.key, Located) and isinstance(lookup.key.value, str)
        ]
        if len(names) != len(chain):
            continue
        declared = _declared(step, chain[0].side)
        if declared is None or any(name in declared.names for _, name in names):
            continue
        first, name = names[0]
        others = ", ".join(f'"{n}"' for _, n in names[1:])
        also = f" (or its fallbacks {others})" if others else ""
        listed = ", ".join(f"`{n}`" for n in sorted(declared.names)) or "none"
        message = (
            f"{builder_label(builder)}: {_written(first, name)}{also} but {declared.what} "
            f"`{name}`{did_you_mean(name, declared.names)}; declared: {listed}"
        )
        soft = first.kind in ("get", "compare") or first.has_default
        yield LookupFinding(
            step,
            first.span,
            message,
            (declared.where,),
            f"lookup:{first.side}:{name}",
            Severity.WARNING if soft else None,
        )
