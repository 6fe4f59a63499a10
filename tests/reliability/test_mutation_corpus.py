"""Mutation testing on real code: a small seeded sample of corpus mutants must meet the goals.

``benchmarks/mutation_corpus.py`` is the full run (20 sites of every operator; its figures are in
docs/reliability.md). Here each operator of :data:`CI_OPERATORS` contributes :data:`CI_SITES`
site drawn with :data:`CI_SEED` from a copy of the corpus, and the sample must meet the kill-rate
goals of ``mutation/corpus.py``; every operator must find sites in real code. The cost is one
cold lint of the corpus, then about a second per mutant. The corpus is absent on a user's clone:
the tests that need it skip there, with the reason; under ``ALIGNLINT_CI=1`` (``.ci/run``) its
absence is a failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutation.corpus import CURSUS, Copy, copied, rate, shortfalls, summary
from mutation.library import Library, Mutant, SourceFile
from mutation.operators import OPERATORS, operator_named
from mutation.report import Row, judged, seeded_sample
from mutation.verdict import Judge, Outcome
from realworld.verdicts import REQUIRE_VARIABLE

from alignlint.core.types import Diagnostic, Severity, Span

CI_OPERATORS = (
    "rename-contract-key",
    "property-path-output-name",
    "rename-script-env-var",
    "missing-entry-point",
    "drop-parsed-argument",
    "misspell-argument-choice",
    "misspell-sent-env-var",
    "rename-config-field",
    "rename-hyperparameter-field",
    "misspell-compatible-source",
    "misspell-registry-config-class",
    "change-spec-step-type",
)
"""One operator per rule family, the real-code operators of issue 14 item 10, the job-type
choices a builder's or config's check accepts (16 real builders check them), and the env vars a
builder sends (read by a script through a loop over a literal list or a prefix)."""
CI_SITES = 1
CI_SEED = 0
CATALOGUE = Path(__file__).resolve().parents[2] / "alignlint" / "catalog"


@pytest.fixture(scope="module")
def corpus() -> Iterator[Copy]:
    if not CURSUS.present:
        if os.environ.get(REQUIRE_VARIABLE):
            pytest.fail(f"the corpus {CURSUS.source} is missing (it is always present in CI)")
        pytest.skip(
            f"the real-code corpus {CURSUS.source} is not here (not part of the repository)"
        )
    with copied(CURSUS) as copy:
        yield copy


@pytest.fixture(scope="module")
def library(corpus: Copy) -> Library:
    return Library.load(corpus.root)


def test_the_copy_is_the_corpus_and_lives_elsewhere(corpus: Copy, library: Library) -> None:
    original = Library.load(CURSUS.source)
    assert [(f.path, f.text) for f in library.files] == [(f.path, f.text) for f in original.files]
    assert not corpus.root.is_relative_to(CURSUS.source)
    assert corpus.scope.cache is not None and not corpus.scope.cache.is_relative_to(corpus.root)


def test_every_operator_finds_sites_in_real_code(library: Library) -> None:
    assert [o.name for o in OPERATORS if next(o.sites(library), None) is None] == []


def test_a_seeded_sample_meets_the_kill_rate_goals(corpus: Copy, library: Library) -> None:
    operators = [operator_named(name) for name in CI_OPERATORS]
    judge = Judge(corpus.root, corpus.scope)
    rows = judged(library, judge, CURSUS.name, operators, CI_SITES, CI_SEED)
    assert sum(row.total for row in rows) == len(CI_OPERATORS) * CI_SITES
    assert shortfalls(rows) == [], summary(rows)


# -- the sampling and the goals the verdict rests on ------------------------------------------------


def test_a_seeded_sample_is_fixed_by_its_seed_and_keeps_the_enumeration_order() -> None:
    mutants = OPERATORS[0].mutants(Library.load(CATALOGUE))
    assert len(mutants) > 10
    order = {(m.path, m.start, m.replacement): index for index, m in enumerate(mutants)}

    def drawn(seed: int) -> list[int]:
        return [order[m.path, m.start, m.replacement] for m in seeded_sample(mutants, 5, seed, "s")]

    assert drawn(1) == drawn(1) == sorted(drawn(1))
    assert len(set(drawn(1))) == 5
    assert drawn(1) != drawn(2)
    assert seeded_sample(mutants, None, 1, "s") == mutants


_FILE = SourceFile("c.py", "A = 'x'\n")
_MUTANT = Mutant("op", _FILE, 5, 6, "y", "A")
_FINDING = Diagnostic("ALN000", "x", Severity.ERROR, "m", Span.of("c.py", 1, 1, 1, 5))


def _outcomes(killed: list[bool]) -> tuple[Outcome, ...]:
    return tuple(Outcome(_MUTANT, (_FINDING,) * k, (_FINDING,) * k) for k in map(int, killed))


def test_goals_are_missed_per_operator_and_overall() -> None:
    assert rate(0, 0) == 1.0
    assert rate(4, 5) == 0.8
    fine, poor = OPERATORS[0], OPERATORS[1]
    assert shortfalls([Row("x", fine, (), 0)]) == []
    nineteen = _outcomes([True] * 19 + [False])
    assert shortfalls([Row("x", fine, nineteen, 20)]) == []
    missed = shortfalls([Row("x", fine, nineteen, 20), Row("x", poor, _outcomes([True, False]))])
    assert missed == [
        f"{poor.name}: 1/2 killed, below 80%",
        "overall: 20/22 killed, below 95%",
    ]
