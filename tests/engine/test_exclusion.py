"""Exclusion patterns: the prepared matcher agrees with the pattern-by-pattern definition."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from alignlint.core.patterns import matches
from alignlint.core.settings import Settings
from alignlint.run.discover import discover_files, is_excluded

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
    st.integers(min_value=0, max_value=5),
)
def test_prepared_exclusion_equals_matching_each_pattern(
    parts: list[str], patterns: list[str], skip: int
) -> None:
    relative = "/".join(parts)
    expected = any(matches(pattern, relative, skip) for pattern in patterns)
    assert is_excluded(relative, patterns, skip) is expected


def test_examples() -> None:
    assert is_excluded("lib/.venv/x.py", [".venv"])
    assert is_excluded("proto/api_pb2.py", ["*_pb2.py"])
    assert not is_excluded("steps/api.py", ["*_pb2.py", ".venv"])
    assert is_excluded("steps/legacy/old.py", ["steps/legacy"])
    assert not is_excluded("other/steps/legacy/old.py", ["steps/legacy"])
    assert is_excluded("build/x.py", ["build/"])


def test_skipped_parts_are_not_matched() -> None:
    """The parts of a directory named on the command line (and its parents) are skipped; what
    lies below them is matched as usual."""
    assert is_excluded("build/proj/x.py", ["build"])
    assert not is_excluded("build/proj/x.py", ["build"], skip=2)
    assert is_excluded("build/proj/build/x.py", ["build"], skip=2)
    assert not is_excluded("steps/legacy/old.py", ["steps/legacy"], skip=2)
    assert is_excluded("steps/legacy/old.py", ["steps/legacy"], skip=1)
    assert is_excluded("src/a/x_pb2.py", ["**/a/*_pb2.py"], skip=1)
    assert not is_excluded("src/a/x.py", ["**/src"], skip=1)


def test_installed_packages_and_tool_directories_are_not_discovered(tmp_path: Path) -> None:
    """A project with an environment inside it (a conda prefix, a ``nox`` session, PEP 582
    packages) checks its own code only: installed packages are other people's code, and
    thousands of them (seen: ALN408 on pydantic's ``from re import Pattern`` when a whole
    ``site-packages`` was checked). Nor is its test suite a part of its pipelines."""
    own = tmp_path / "steps" / "scripts" / "prep.py"
    installed = [
        "env/lib/python3.11/site-packages/pydantic/types.py",
        ".nox/tests/lib/python3.11/site-packages/x.py",
        "__pypackages__/3.11/lib/y.py",
        ".eggs/z-1.0-py3.11.egg/z.py",
        ".direnv/python-3.11/bin/activate_this.py",
        "notebooks/.ipynb_checkpoints/step-checkpoint.py",
        # The test suite: its contracts and specs are the tests' fixtures.
        "tests/steps/test_prep_spec.py",
        "test/unit/test_registry.py",
        "steps/conftest.py",
    ]
    for relative in [str(own.relative_to(tmp_path)), *installed]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("X = 1\n")
    found = [file.relative for file in discover_files([], tmp_path, Settings())]
    assert found == ["steps/scripts/prep.py"]
    # Named on the command line, such a directory is checked, as in ruff.
    site_packages = tmp_path / "env" / "lib" / "python3.11" / "site-packages"
    named = discover_files([site_packages], tmp_path, Settings())
    assert [file.relative for file in named] == [installed[0]]
