"""Run operators over libraries and tabulate kill rates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .library import Library, Mutant
from .operators import OPERATORS, Operator
from .verdict import Judge, Outcome


def sample(mutants: Sequence[Mutant], limit: int | None) -> list[Mutant]:
    """At most ``limit`` mutants, spread evenly over the list (deterministic; all when None)."""
    if limit is None or len(mutants) <= limit:
        return list(mutants)
    step = len(mutants) / limit
    return [mutants[int(index * step)] for index in range(limit)]


@dataclass(frozen=True)
class Row:
    """The outcomes of one operator on one library."""

    library: str
    operator: Operator
    outcomes: tuple[Outcome, ...]

    @property
    def killed(self) -> int:
        return sum(outcome.killed for outcome in self.outcomes)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def codes(self) -> str:
        found = {d.code for outcome in self.outcomes for d in outcome.killers}
        return ",".join(sorted(found)) or "-"


def run(
    root: Path,
    label: str,
    operators: Sequence[Operator] = OPERATORS,
    limit: int | None = None,
) -> list[Row]:
    """Every (or a sample of every) operator's mutants of the library at ``root``, judged."""
    library = Library.load(root)
    judge = Judge(root)
    rows = []
    for operator in operators:
        mutants = sample(operator.mutants(library), limit)
        rows.append(Row(label, operator, tuple(judge.judge_all(mutants))))
    return rows


def table(rows: Sequence[Row]) -> str:
    """A fixed-width table: library, operator, killed/total, rate, killing rules."""
    header = ("library", "operator", "killed", "rate", "killed by")
    lines = [header]
    for row in rows:
        rate = f"{100 * row.killed / row.total:.0f}%" if row.total else "n/a"
        lines.append((row.library, row.operator.name, f"{row.killed}/{row.total}", rate, row.codes))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    rendered = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    ]
    rendered.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in rendered)


def survivors(rows: Sequence[Row]) -> list[str]:
    """One line per surviving mutant, naming the rules its operator expects to catch it."""
    lines = []
    for row in rows:
        expected = "/".join(row.operator.expected)
        for outcome in row.outcomes:
            if not outcome.killed:
                lines.append(f"[{row.library}] {outcome.explain()} (expected {expected})")
    return lines
