"""Mutation testing of alignlint on the shipped catalogue and the fixture libraries.

Every operator of ``tests/reliability/mutation/operators.py`` is applied at every site of each
library, one mutant at a time; a mutant is killed when the linter reports a new finding at the
mutated spot (see ``tests/reliability/mutation/verdict.py``). Prints the kill-rate table and every
surviving mutant; exits 1 when a catalogue mutant survives.

``--corpus`` mutates a copy of the real-code corpus (``../shared/corpus/``, see
``tests/reliability/mutation/corpus.py``) on ``--limit`` sites per operator drawn with ``--seed``,
and exits 1 when it misses the kill-rate goals (95 % overall, 80 % per operator);
``benchmarks/mutation_corpus.py`` is the full run whose figures are in docs/reliability.md.

    python scripts/mutate.py                       # catalogue and fixtures/linking/*.case
                                                   # (and the cases operators name, for them)
    python scripts/mutate.py --operator break-dag-edge --library alignlint/catalog
    python scripts/mutate.py --library fixtures/linking/by_layer.case
    python scripts/mutate.py --corpus --limit 5 --seed 1

A library is a directory or a fixture case file (materialised into a temporary directory).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "reliability"))
sys.path.insert(0, str(REPO / "tests"))

from fixture_cases import FIXTURES, SUFFIX, case_name, case_paths, materialize  # noqa: E402
from mutation.corpus import CURSUS, measure, shortfalls, summary  # noqa: E402
from mutation.operators import OPERATORS, Operator, operator_named  # noqa: E402
from mutation.report import Row, run, survivors, table  # noqa: E402

CATALOGUE = REPO / "alignlint" / "catalog"


def default_libraries() -> list[Path]:
    """The catalogue, then each fixture library ``fixtures/linking/*.case``."""
    return [CATALOGUE, *case_paths(FIXTURES / "linking")]


def operator_cases(operators: list[Operator]) -> list[tuple[Path, list[Operator]]]:
    """The fixture cases operators name for a layer the catalogue does not have, each with the
    operators that name it (only those run there: a case is not a whole library)."""
    cases: dict[Path, list[Operator]] = {}
    for operator in operators:
        for case in operator.cases:
            cases.setdefault(FIXTURES / f"{case}{SUFFIX}", []).append(operator)
    return sorted(cases.items())


def library_root(library: Path, work: Path) -> Path:
    """The directory to mutate: ``library`` itself, or a case file's project written below
    ``work``."""
    if library.suffix != SUFFIX:
        return library
    return materialize(library, work / case_name(library, library.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", action="append", type=Path, help="library root (repeatable)")
    parser.add_argument("--operator", action="append", help="operator name (repeatable)")
    parser.add_argument("--limit", type=int, help="at most this many sites per operator")
    parser.add_argument(
        "--corpus", action="store_true", help="mutate a copy of the real-code corpus instead"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus site sample")
    args = parser.parse_args(argv)
    try:
        operators = [operator_named(n) for n in args.operator] if args.operator else OPERATORS
    except KeyError as error:
        parser.error(str(error.args[0]))
    if args.corpus:
        return mutate_corpus(operators, args.limit, args.seed)
    libraries = [(path.resolve(), operators) for path in args.library or default_libraries()]
    if not args.library:
        libraries.extend(operator_cases(operators))
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="alignlint-mutate-") as work:
        for library, applied in libraries:
            label = (
                library.relative_to(REPO).as_posix()
                if library.is_relative_to(REPO)
                else str(library)
            )
            rows.extend(run(library_root(library, Path(work)), label, applied, args.limit))
    print(table(rows))
    lost = survivors(rows)
    if lost:
        print(f"\n{len(lost)} surviving mutant(s):")
        print("\n".join(lost))
    mutants = sum(row.total for row in rows)
    print(f"\n{mutants} mutants in {time.perf_counter() - started:.1f}s")
    catalogue = [row for row in rows if row.library == "alignlint/catalog"]
    return 1 if any(row.killed < row.total for row in catalogue) else 0


def mutate_corpus(operators: Sequence[Operator], limit: int | None, seed: int) -> int:
    """Mutate a copy of the corpus; 1 when the kill-rate goals are missed, 2 when it is absent."""
    if not CURSUS.present:
        print(f"the corpus {CURSUS.source / CURSUS.package_dir} is not here", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows = measure(CURSUS, operators, limit, seed)
    print(summary(rows))
    print(f"\n{sum(row.total for row in rows)} mutants in {time.perf_counter() - started:.1f}s")
    missed = shortfalls(rows)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
