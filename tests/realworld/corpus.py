"""The real-code corpus a test needs: its root, or the test skips (fails under ``ALIGNLINT_CI``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from realworld.verdicts import CORPORA, REQUIRE_VARIABLE


def required_corpus(corpus: str, package_dir: str) -> Path:
    """``../shared/corpus/<corpus>``; the calling test skips when it is absent (a user's clone),
    and fails under ``ALIGNLINT_CI=1`` (``.ci/run``), where it is always present."""
    root = CORPORA / corpus
    if not (root / package_dir).is_dir():
        if os.environ.get(REQUIRE_VARIABLE):
            pytest.fail(f"the corpus {root} is missing (it is always present in CI)")
        pytest.skip(f"the real-code corpus {root} is not here (it is not part of the repository)")
    return root
