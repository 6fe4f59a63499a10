"""The one "did you mean" ranking (:mod:`alignlint.sagemaker.suggestions`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.sagemaker.suggestions import (
    CommonLetters,
    close_names,
    did_you_mean,
    most_similar,
    similarity,
)

# "İ" lower-cases to two letters: the length bound is of the lower-cased names.
NAMES = st.text(alphabet="abcdeXYZ_İ", min_size=1, max_size=14)


def _reference(word: str, candidates: list[str], limit: int, cutoff: float) -> list[str]:
    """The ranking by definition: every candidate's ratio, best first, ties by name."""
    ranked = sorted(
        (-ratio, candidate)
        for candidate in set(candidates)
        if candidate != word and (ratio := similarity(word, candidate)) >= cutoff
    )
    return [candidate for _, candidate in ranked[:limit]]


@settings(max_examples=400, deadline=None)
@given(
    word=NAMES,
    candidates=st.lists(NAMES, max_size=12),
    limit=st.integers(1, 5),
    cutoff=st.sampled_from([0.5, 0.6, 0.8]),
)
def test_close_names_ranks_as_the_definition(
    word: str, candidates: list[str], limit: int, cutoff: float
) -> None:
    # The quick upper bounds only skip candidates: the answer is the definition's.
    assert close_names(word, candidates, limit=limit, cutoff=cutoff) == _reference(
        word, candidates, limit, cutoff
    )
    assert close_names(word, [*candidates, word], limit=limit, cutoff=cutoff) == _reference(
        word, candidates, limit, cutoff
    )


def test_did_you_mean_names_the_closest_other_name() -> None:
    assert did_you_mean("job_typ", ["job_type", "jobs", "label"]) == " (did you mean `job_type`?)"
    assert did_you_mean("job_type", ["job_type"]) == ""
    assert did_you_mean("zzz", ["job_type"]) == ""


def test_the_length_bound_is_of_the_lower_cased_names() -> None:
    # "İ" lower-cases to two letters: "İİa" reads as five letters, 0.89 similar to "İİ" (four).
    # Bounded by its three letters as written, it would be ruled out below the cutoff.
    assert close_names("İİ", ["İİa"], cutoff=0.88) == ["İİa"]


def _longest_common_subsequence(first: str, second: str) -> int:
    """The textbook dynamic programme."""
    previous = [0] * (len(second) + 1)
    for letter in first:
        current = [0]
        for index, other in enumerate(second):
            current.append(
                previous[index] + 1 if letter == other else max(previous[index + 1], current[-1])
            )
        previous = current
    return previous[-1]


@settings(max_examples=400, deadline=None)
@given(
    first=st.text(alphabet="abcdeXY_İ", max_size=40),
    second=st.text(alphabet="abcdeXY_İ", max_size=40),
)
def test_common_letters_count_the_longest_common_subsequence(first: str, second: str) -> None:
    common = CommonLetters(first)
    assert common.count(second) == _longest_common_subsequence(first, second)
    assert CommonLetters(second).count(first) == common.count(second)


@settings(max_examples=400, deadline=None)
@given(first=NAMES, second=NAMES)
def test_common_letters_bound_difflib_ratio_both_ways(first: str, second: str) -> None:
    # difflib's matching blocks are a common subsequence: the bound is never below the ratio,
    # whichever string is indexed.
    bound = CommonLetters(first.lower()).bound(second.lower())
    assert similarity(first, second) <= bound
    assert similarity(second, first) <= bound


def test_common_letters_bound_is_reached_by_contiguous_matches() -> None:
    # One block of nine letters: the bound is the ratio itself.
    assert CommonLetters("abcdefghij").bound("abcdefghix") == similarity("abcdefghij", "abcdefghix")
    assert CommonLetters("").bound("") == 1.0
    assert CommonLetters("abc").count("") == 0


@settings(max_examples=400, deadline=None)
@given(
    word=NAMES,
    candidates=st.lists(NAMES, max_size=40),
    cutoff=st.sampled_from([0.0, 0.5, 0.6, 0.9]),
)
def test_most_similar_is_the_best_of_every_candidate_compared(
    word: str, candidates: list[str], cutoff: float
) -> None:
    ranked = sorted((-similarity(word, candidate), candidate) for candidate in set(candidates))
    expected = (-ranked[0][0], ranked[0][1]) if ranked and -ranked[0][0] >= cutoff else None
    assert most_similar(word, candidates, cutoff=cutoff) == expected
