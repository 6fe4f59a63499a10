"""The real-code corpus as a mutation library: a private copy, linted where the package lives.

The corpus (``../shared/corpus/<name>`` from the repository root) is read-only data, absent on a
user's clone. It is copied into a temporary directory before anything reads it, every mutant is
linted as an overlay on that copy (:mod:`.verdict`), and the fact cache lives beside the copy, so
the corpus itself is never written and only the mutated file is extracted again per mutant.

On real code, operators are measured on a deterministic sample of their sites
(:func:`.report.seeded_sample`) against :data:`OVERALL_GOAL` and :data:`OPERATOR_GOAL`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from realworld.verdicts import CORPORA

from .operators import OPERATORS, Operator
from .report import Row, overall, run, survivors, table
from .verdict import Scope


@dataclass(frozen=True)
class Corpus:
    """A real library under :data:`CORPORA`: its directory name and its package directory."""

    name: str
    package_dir: str

    @property
    def source(self) -> Path:
        return CORPORA / self.name

    @property
    def present(self) -> bool:
        return (self.source / self.package_dir).is_dir()


CURSUS = Corpus("cursus-a9d18ccc", "src/cursus")
"""The step library the real-code figures are measured on."""

OVERALL_GOAL = 0.95
"""The kill rate all sampled corpus mutants together must reach."""
OPERATOR_GOAL = 0.80
"""The kill rate each operator's sampled corpus mutants must reach."""

_NOT_COPIED = shutil.ignore_patterns("__pycache__", ".alignlint_cache", "*.pyc")


@dataclass(frozen=True)
class Copy:
    """A private copy of a corpus: the library root to mutate and how to lint it."""

    root: Path
    scope: Scope


@contextmanager
def copied(corpus: Corpus) -> Iterator[Copy]:
    """A copy of ``corpus`` in a temporary directory (removed afterwards), linted at its package
    directory with a fact cache of its own."""
    with tempfile.TemporaryDirectory(prefix="alignlint-corpus-") as work:
        root = Path(work) / corpus.name
        shutil.copytree(corpus.source, root, ignore=_NOT_COPIED, symlinks=True)
        yield Copy(root, Scope((root / corpus.package_dir,), Path(work) / "cache"))


def rate(killed: int, total: int) -> float:
    """``killed / total``; 1.0 for no mutants (nothing survived)."""
    return killed / total if total else 1.0


def shortfalls(rows: Sequence[Row]) -> list[str]:
    """The goals the rows miss: each operator with sites below :data:`OPERATOR_GOAL`, and all of
    them together below :data:`OVERALL_GOAL` (empty when both are met)."""
    found = [
        f"{row.operator.name}: {row.killed}/{row.total} killed, below {OPERATOR_GOAL:.0%}"
        for row in rows
        if row.total and rate(row.killed, row.total) < OPERATOR_GOAL
    ]
    killed, total = sum(row.killed for row in rows), sum(row.total for row in rows)
    if rate(killed, total) < OVERALL_GOAL:
        found.append(f"overall: {killed}/{total} killed, below {OVERALL_GOAL:.0%}")
    return found


def measure(
    corpus: Corpus,
    operators: Sequence[Operator] = OPERATORS,
    limit: int | None = None,
    seed: int = 0,
) -> list[Row]:
    """The operators' mutants of a copy of ``corpus``, at most ``limit`` sites per operator drawn
    with ``seed``, judged."""
    with copied(corpus) as copy:
        return run(copy.root, corpus.name, operators, limit, seed, copy.scope)


def summary(rows: Sequence[Row]) -> str:
    """The kill-rate table, the overall line, every surviving mutant (``file:line``), and the
    goals missed (or that they are met)."""
    parts = [table(rows), overall(rows)]
    lost = survivors(rows)
    if lost:
        parts.append(f"\n{len(lost)} surviving mutant(s):\n" + "\n".join(lost))
    missed = shortfalls(rows)
    goals = f"{OVERALL_GOAL:.0%} overall, {OPERATOR_GOAL:.0%} per operator"
    parts.append(f"\ngoals ({goals}) " + ("missed:\n" + "\n".join(missed) if missed else "met"))
    return "\n".join(parts)
