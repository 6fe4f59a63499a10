"""The one "did you mean" ranking (:mod:`alignlint.sagemaker.suggestions`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.sagemaker.suggestions import close_names, did_you_mean, similarity

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
