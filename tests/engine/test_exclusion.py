"""Exclusion patterns: the prepared matcher agrees with the pattern-by-pattern definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from alignlint.run.discover import _matches, is_excluded

NAMES = ["a", "b.py", ".venv", "__pycache__", "x_pb2.py", "build", "steps", "[x]"]
PATTERNS = [
    ".venv",
    "__pycache__",
    "*_pb2.py",
    "b.*",
    "?.py",
    "[ab]",
    "build/",
    "./steps",
    "steps/a",
    "steps/*.py",
    "**/b.py",
    "a/**/x_pb2.py",
    "[x]",
]


@given(
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=5),
    st.lists(st.sampled_from(PATTERNS), max_size=4),
)
def test_prepared_exclusion_equals_matching_each_pattern(
    parts: list[str], patterns: list[str]
) -> None:
    relative = "/".join(parts)
    expected = any(_matches(pattern, relative) for pattern in patterns)
    assert is_excluded(relative, patterns) is expected


def test_examples() -> None:
    assert is_excluded("lib/.venv/x.py", [".venv"])
    assert is_excluded("proto/api_pb2.py", ["*_pb2.py"])
    assert not is_excluded("steps/api.py", ["*_pb2.py", ".venv"])
    assert is_excluded("steps/legacy/old.py", ["steps/legacy"])
    assert not is_excluded("other/steps/legacy/old.py", ["steps/legacy"])
    assert is_excluded("build/x.py", ["build/"])
