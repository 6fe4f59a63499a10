"""Run operators over libraries and tabulate kill rates."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .library import Library, Mutant
from .operators import OPERATORS, Operator
from .verdict import WHOLE, Judge, Outcome, Scope


def sample(mutants: Sequence[Mutant], limit: int | None) -> list[Mutant]:
    """At most ``limit`` mutants, spread evenly over the list (deterministic; all when None)."""
    if limit is None or len(mutants) <= limit:
        return list(mutants)
    step = len(mutants) / limit
    return [mutants[int(index * step)] for index in range(limit)]


def seeded_sample(
    mutants: Sequence[Mutant], limit: int | None, seed: int, salt: str
) -> list[Mutant]:
    """At most ``limit`` mutants drawn at random with ``seed`` (and ``salt``, so operators draw
    independently), in their enumeration order: the same seed always draws the same mutants."""
    if limit is None or len(mutants) <= limit:
        return list(mutants)
    chosen = random.Random(f"{seed}:{salt}").sample(range(len(mutants)), limit)
    return [mutants[index] for index in sorted(chosen)]


@dataclass(frozen=True)
class Row:
    """The outcomes of one operator on one library (``sites``: how many mutants it had before
    sampling)."""

    library: str
    operator: Operator
    outcomes: tuple[Outcome, ...]
    sites: int = 0

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
    seed: int | None = None,
    scope: Scope = WHOLE,
) -> list[Row]:
    """Every (or a sample of every) operator's mutants of the library at ``root``, judged."""
    return judged(Library.load(root), Judge(root, scope), label, operators, limit, seed)


def judged(
    library: Library,
    judge: Judge,
    label: str,
    operators: Sequence[Operator],
    limit: int | None = None,
    seed: int | None = None,
) -> list[Row]:
    """Each operator's mutants of ``library`` (at most ``limit``: spread evenly over its sites,
    or drawn with ``seed`` when given), judged by ``judge``."""
    rows = []
    for operator in operators:
        every = operator.mutants(library)
        if seed is None:
            mutants = sample(every, limit)
        else:
            mutants = seeded_sample(every, limit, seed, operator.name)
        rows.append(Row(label, operator, tuple(judge.judge_all(mutants)), len(every)))
    return rows


def table(rows: Sequence[Row]) -> str:
    """A fixed-width table: library, operator, sites, killed/sampled, rate, killing rules."""
    header = ("library", "operator", "sites", "killed", "rate", "killed by")
    lines = [header]
    for row in rows:
        rate = f"{100 * row.killed / row.total:.0f}%" if row.total else "n/a"
        killed = f"{row.killed}/{row.total}"
        lines.append((row.library, row.operator.name, str(row.sites), killed, rate, row.codes))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    rendered = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        for line in lines
    ]
    rendered.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in rendered)


def overall(rows: Sequence[Row]) -> str:
    """One line: mutants killed of all rows, and the rate."""
    killed, total = sum(row.killed for row in rows), sum(row.total for row in rows)
    rate = f"{100 * killed / total:.1f}%" if total else "n/a"
    return f"overall: {killed}/{total} killed ({rate})"


def survivors(rows: Sequence[Row]) -> list[str]:
    """One line per surviving mutant, naming the rules its operator expects to catch it."""
    lines = []
    for row in rows:
        expected = "/".join(row.operator.expected)
        for outcome in row.outcomes:
            if not outcome.killed:
                lines.append(f"[{row.library}] {outcome.explain()} (expected {expected})")
    return lines
