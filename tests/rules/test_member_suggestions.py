"""The builder/config rules' rename-aware "did you mean" (``_common.closest``) ranks as its
definition: every candidate's keys and similarity, sorted."""

from __future__ import annotations

from collections.abc import Collection

from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.rules.builder_config._common import (
    MIN_CONTAINED,
    SUGGESTION_CUTOFF,
    _has_run,
    closest,
)
from alignlint.sagemaker.suggestions import similarity

# Short parts joined by "_", so that containment, whole parts and prefixes all occur.
_PARTS = st.sampled_from(["num", "round", "rounds", "eta", "v2", "label", "lab", "x", "Num", ""])
NAMES = st.lists(_PARTS, min_size=1, max_size=4).map("_".join)


def _definition(word: str, candidates: list[str], in_use: Collection[str]) -> str | None:
    """Every candidate ranked by the documented keys (the implementation before the search
    was pruned)."""
    lowered = word.lower()
    word_parts = lowered.split("_")

    def contains(candidate: str) -> bool:
        other = candidate.lower()
        if min(len(other), len(lowered)) >= MIN_CONTAINED and (
            lowered in other or other in lowered
        ):
            return True
        other_parts = other.split("_")
        return _has_run(other_parts, word_parts) or _has_run(word_parts, other_parts)

    def prefix(candidate: str) -> bool:
        other = candidate.lower()
        return other.startswith(lowered) or lowered.startswith(other)

    ranked = sorted(
        (
            (contains(c), c in in_use, prefix(c), similarity(word, c), c)
            for c in set(candidates)
            if c != word
        ),
        key=lambda item: (not item[0], item[0] and item[1], not item[2], -item[3], item[4]),
    )
    if not ranked:
        return None
    whole, _, _, ratio, best = ranked[0]
    return best if whole or ratio >= SUGGESTION_CUTOFF else None


@settings(max_examples=500, deadline=None)
@given(
    word=NAMES,
    candidates=st.lists(NAMES, max_size=25),
    used=st.lists(NAMES, max_size=5),
)
def test_closest_ranks_as_its_definition(word: str, candidates: list[str], used: list[str]) -> None:
    in_use = set(used)
    assert closest(word, candidates, in_use) == _definition(word, candidates, in_use)
    assert closest(word, [*candidates, word], in_use) == _definition(word, candidates, in_use)


def test_a_renamed_member_is_suggested_however_far() -> None:
    # Contained whole: suggested although the similarity is below the cutoff.
    assert similarity("eta", "eta_v2_learning") < SUGGESTION_CUTOFF
    assert closest("eta", ["eta_v2_learning", "beta"]) == "eta_v2_learning"
    assert closest("zzz", ["eta"]) is None
