"""The pruned closest-name search finds exactly what ranking every registered name finds."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.core.settings import Settings
from alignlint.model import build_project
from alignlint.rules.spec_dependency.library import CLOSE_NAME_RATIO, Library
from alignlint.sagemaker.suggestions import close_names

_NAMES = st.text(alphabet="abcXYZ_12İ", min_size=0, max_size=12)


def _ranked(source: str, names: frozenset[str]) -> str | None:
    stem = source.lower()
    ranked = sorted(
        names, key=lambda name: (-difflib.SequenceMatcher(None, stem, name.lower()).ratio(), name)
    )
    return ranked[0] if ranked else None


@settings(max_examples=300, deadline=None)
@given(source=_NAMES.filter(lambda s: "_" not in s), names=st.frozensets(_NAMES, max_size=30))
def test_closest_name_matches_a_full_ranking(source: str, names: frozenset[str]) -> None:
    library = Library(build_project([], Settings()), names, True)
    assert library.closest_name(source) == _ranked(source, names)


@settings(max_examples=300, deadline=None)
@given(source=_NAMES, names=st.frozensets(_NAMES, max_size=30))
def test_close_names_match_every_registered_name_compared(
    source: str, names: frozenset[str]
) -> None:
    library = Library(build_project([], Settings()), names, True)
    squashed = "".join(ch for ch in source.lower() if ch.isalnum())
    same = sorted(n for n in names if "".join(c for c in n.lower() if c.isalnum()) == squashed)
    expected = same or close_names(source, names, limit=5, cutoff=CLOSE_NAME_RATIO)
    assert library.close_names(source) == expected


def test_a_name_exactly_as_close_as_the_cutoff_is_kept() -> None:
    # Nine of ten letters in order: a ratio of 0.9 exactly, the cutoff.
    library = Library(build_project([], Settings()), frozenset({"AbcdefghiX", "Zzz"}), True)
    assert library.close_names("abcdefghij") == ["AbcdefghiX"]


@settings(max_examples=60, deadline=None)
@given(
    source=st.text(alphabet="abcdeXY_1", min_size=0, max_size=30),
    names=st.frozensets(st.text(alphabet="abcdeXY_1", min_size=1, max_size=30), max_size=200),
)
def test_closest_name_matches_a_full_ranking_over_many_long_names(
    source: str, names: frozenset[str]
) -> None:
    # Many names of many lengths: the alphabetical neighbours, the length order and the
    # common-letters bound all prune here.
    library = Library(build_project([], Settings()), names, True)
    assert library.closest_name(source) == _ranked(source, names)
    squashed = "".join(ch for ch in source.lower() if ch.isalnum())
    same = sorted(n for n in names if "".join(c for c in n.lower() if c.isalnum()) == squashed)
    expected = same or close_names(source, names, limit=5, cutoff=CLOSE_NAME_RATIO)
    assert library.close_names(source) == expected
