"""A Python file alignlint cannot parse or decode keeps the words of its text: what it may hold
(:meth:`alignlint.model.Project.may_be_unparsed`)."""

from __future__ import annotations

from alignlint.core.settings import Settings
from alignlint.extract import extract_file

SOURCE = b'class PrepStepBuilder(StepBuilderBase):\n    def f(self)\n        return "Prep"\n'


def test_a_file_that_does_not_parse_keeps_its_words() -> None:
    facts = extract_file("b.py", SOURCE, Settings())
    assert facts.errors and facts.errors[0].kind == "syntax"
    assert {"PrepStepBuilder", "StepBuilderBase", "Prep"} <= set(facts.unparsed_words)
    assert list(facts.unparsed_words) == sorted(set(facts.unparsed_words))


def test_an_undecodable_file_keeps_its_words() -> None:
    facts = extract_file("b.py", SOURCE.replace(b'"Prep"', b'"Pr\xe9p" # caf\xe9'), Settings())
    assert facts.errors and facts.errors[0].kind == "undecodable"
    assert {"PrepStepBuilder", "StepBuilderBase"} <= set(facts.unparsed_words)


def test_a_file_that_parses_keeps_none() -> None:
    assert extract_file("b.py", b"X = 1\n", Settings()).unparsed_words == ()
