"""The pruned closest-name search finds exactly what ranking every registered name finds."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.core.settings import Settings
from alignlint.model import build_project
from alignlint.rules.spec_dependency.library import Library

_NAMES = st.text(alphabet="abcXYZ_12", min_size=0, max_size=12)


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
