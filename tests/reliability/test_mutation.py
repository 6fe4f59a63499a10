"""Mutation testing: every operator's catalogue mutants must be killed (a sampled subset in CI).

``scripts/mutate.py`` runs every site of every operator on the catalogue and the fixture
libraries and prints the kill-rate table; this test runs at most :data:`SITES_PER_OPERATOR`
evenly spread sites per operator and requires each to be killed.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fixture_cases import materialized
from mutation.library import Library, Mutant, SourceFile
from mutation.operators import OPERATORS, Operator, misspell, operator_named
from mutation.report import sample
from mutation.verdict import Judge, at_spot, span_lines

from alignlint.core.types import Diagnostic, Related, Severity, Span

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "alignlint" / "catalog"
SITES_PER_OPERATOR = 3


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(CATALOGUE)


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge(CATALOGUE)


def test_the_unmutated_catalogue_lints_clean(judge: Judge) -> None:
    assert judge.baseline == ()


def _roots(operator: Operator) -> list[Path]:
    """The catalogue, or the fixture cases an operator names for a layer the catalogue lacks."""
    return [materialized(case) for case in operator.cases] or [CATALOGUE]


@pytest.mark.parametrize("operator", OPERATORS, ids=[o.name for o in OPERATORS])
def test_every_operator_has_sites_in_the_catalogue(operator: Operator, library: Library) -> None:
    for root in _roots(operator):
        assert operator.mutants(library if root == CATALOGUE else Library.load(root))


@pytest.mark.parametrize("operator", OPERATORS, ids=[o.name for o in OPERATORS])
def test_mutants_rewrite_only_their_span_and_still_parse(
    operator: Operator, library: Library
) -> None:
    for mutant in operator.mutants(library):
        original = mutant.original.text
        assert mutant.text[: mutant.start] == original[: mutant.start]
        assert mutant.text[mutant.start + len(mutant.replacement) :] == original[mutant.end :]
        assert mutant.text != original
        if mutant.path.endswith(".py"):
            ast.parse(mutant.text)
        else:
            json.loads(mutant.text)


def test_enumeration_is_deterministic(library: Library) -> None:
    again = Library.load(CATALOGUE)
    for operator in OPERATORS:
        first = [(m.path, m.start, m.replacement) for m in operator.mutants(library)]
        assert first == [(m.path, m.start, m.replacement) for m in operator.mutants(again)]


@pytest.mark.parametrize("operator", OPERATORS, ids=[o.name for o in OPERATORS])
def test_catalogue_mutants_are_killed(operator: Operator, library: Library, judge: Judge) -> None:
    survivors: list[str] = []
    for root in _roots(operator):
        here, judged = (library, judge) if root == CATALOGUE else (Library.load(root), Judge(root))
        outcomes = judged.judge_all(sample(operator.mutants(here), SITES_PER_OPERATOR))
        survivors.extend(outcome.explain() for outcome in outcomes if not outcome.killed)
    assert survivors == [], f"expected {'/'.join(operator.expected)} to catch these"


# -- the definitions the kill verdict rests on -----------------------------------------------------

_FILE = SourceFile("c.py", 'A = 1\nB = call(\n    key="value",\n)\n')
_MUTANT = Mutant("op", _FILE, 25, 30, "value_renamed", "key")


def _finding(path: str, start: int, end: int, end_column: int = 5) -> Diagnostic:
    return Diagnostic("ALN000", "x", Severity.ERROR, "m", Span.of(path, start, 1, end, end_column))


def test_mutated_lines_are_those_of_the_replacement() -> None:
    assert _MUTANT.text == 'A = 1\nB = call(\n    key="value_renamed",\n)\n'
    assert _MUTANT.lines == (3, 3)
    deletion = Mutant("op", _FILE, 24, 31, "", "key")
    assert deletion.lines == (3, 3)


def test_a_finding_is_at_the_spot_when_a_span_overlaps_the_mutated_lines() -> None:
    assert at_spot(_finding("c.py", 3, 3), _MUTANT)
    assert at_spot(_finding("c.py", 2, 4), _MUTANT)
    assert not at_spot(_finding("c.py", 2, 2), _MUTANT)
    assert not at_spot(_finding("other.py", 3, 3), _MUTANT)
    elsewhere = _finding("other.py", 1, 1)
    related = Diagnostic(
        elsewhere.code,
        elsewhere.name,
        elsewhere.severity,
        elsewhere.message,
        elsewhere.span,
        related=(Related(Span.of("c.py", 3, 5, 3, 9), "the other side"),),
    )
    assert at_spot(related, _MUTANT)


def test_a_span_ending_at_column_one_does_not_cover_its_last_line() -> None:
    assert span_lines(Span.of("c.py", 2, 1, 3, 1)) == (2, 2)
    assert span_lines(Span.of("c.py", 2, 1, 2, 1)) == (2, 2)
    assert not at_spot(_finding("c.py", 2, 3, end_column=1), _MUTANT)


def test_misspelling_swaps_the_last_two_characters() -> None:
    assert misspell("Package") == "Packaeg"
    assert misspell("Bigg") == "Bigg_x"


# -- operators skip sites where the rewrite would change nothing ------------------------------------


def _library(**files: str) -> Library:
    return Library(Path("."), tuple(SourceFile(path, text) for path, text in sorted(files.items())))


_BUILDERS = """\
from abc import ABC
from external import DrivingBase


class LibraryBase(ABC):
    pass


class Unused(LibraryBase):
    def _get_job_arguments(self):
        return ["--a", "1"]


class CallsItself(LibraryBase):
    def _get_job_arguments(self):
        return ["--b", "1"]

    def create_step(self):
        return self._get_job_arguments()


class ExternalBase(DrivingBase):
    def _get_job_arguments(self):
        return ["--c", "1"]
"""


def test_job_arguments_are_mutated_only_where_something_calls_them() -> None:
    library = _library(**{"builders.py": _BUILDERS})
    sites = operator_named("add-unparsed-job-argument").mutants(library)
    changed = sorted(m.text.splitlines()[m.lines[0] - 1].strip() for m in sites)
    assert changed == [
        'return ["--b", "1", "--mutant_flag", "1"]',
        'return ["--c", "1", "--mutant_flag", "1"]',
    ]


def test_only_entry_points_naming_a_script_of_the_library_are_pointed_elsewhere() -> None:
    library = _library(
        **{
            "contracts.py": 'A = Contract(entry_point="here.py")\nB = Contract(entry_point="sdk.py")\n',
            "scripts/here.py": "",
        }
    )
    sites = operator_named("missing-entry-point").mutants(library)
    assert [m.replacement for m in sites] == ["here_missing.py"]
