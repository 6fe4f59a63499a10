"""A repository cannot make a run hang, exhaust memory or poison the cache: configuration
patterns run in linear time, large files are reported instead of read, pipes and devices are never
read (as cache entries or a baseline), and transient failures are never cached."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.core.settings import Settings
from alignlint.infra.safe_regex import compile_pattern
from alignlint.infra.safe_regex import search as safe_search
from alignlint.run.fact_cache import entry_key, namespace_name

from .support import CONTRACT, HANG, REPO, alignlint, findings, make_project


# -- regular expressions from configuration -------------------------------------------------------
def test_a_catastrophic_external_input_pattern_does_not_hang(tmp_path: Path, home: Path) -> None:
    key = "a" * 64 + "!"
    root = make_project(
        tmp_path / "repo",
        contract=CONTRACT.replace("data_input", key),
        config='select = ["ALN2"]\nexternal-input-pattern = "^(a+)+$"\n',
    )
    result = alignlint(root, home, "check", "--no-cache", "--output-format", "concise")
    assert result.returncode == 1, result.stderr
    assert f"input '{key}' has no dependency" in result.stdout


def test_the_pattern_still_exempts_what_it_matches(tmp_path: Path, home: Path) -> None:
    root = make_project(
        tmp_path / "repo",
        contract=CONTRACT.replace("data_input", "external_data"),
        config='select = ["ALN202"]\n',
    )
    assert "ALN202" in findings(root, home, "--no-cache")
    (root / "alignlint.toml").write_text(
        'select = ["ALN202"]\nexternal-input-pattern = "^EXTERNAL_(?:data|model)$|^x{2,3}"\n'
        "rules = {}\n",
        encoding="utf-8",
    )
    assert "ALN202" in findings(root, home, "--no-cache")  # case matters
    (root / "alignlint.toml").write_text(
        'select = ["ALN202"]\nexternal-input-pattern = "(?i)^EXTERNAL_(?:data|model)$"\n',
        encoding="utf-8",
    )
    assert findings(root, home, "--no-cache") == "All checks passed!\n"


@pytest.mark.parametrize(
    ("pattern", "construct"),
    [
        (r"(a)\\1", "backreferences"),
        ("(?=a)b", "lookahead and lookbehind assertions"),
        ("(?<!a)b", "lookahead and lookbehind assertions"),
        ("(?:a{100}){200}", "too large"),
    ],
)
def test_patterns_that_need_backtracking_are_configuration_errors(
    tmp_path: Path, home: Path, pattern: str, construct: str
) -> None:
    root = make_project(
        tmp_path / "repo", config=f'select = ["ALN2"]\nexternal-input-pattern = "{pattern}"\n'
    )
    result = alignlint(root, home, "check")
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: alignlint.toml:2: external-input-pattern: invalid value: invalid regular "
    )
    assert construct in result.stderr


ATOMS = st.sampled_from(["a", "b", ".", "[ab]", "[^a]", r"\d", r"\w", r"\s", "x", "(?:a|b)", "()"])
ANCHORS = st.sampled_from(["", "^", "$", r"\b", r"\B", r"\A", r"\Z"])
QUANTIFIERS = st.sampled_from(["", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "*?", "+?", "{2,}"])


@st.composite
def patterns(draw: st.DrawFn) -> str:
    flags = draw(st.sampled_from(["", "(?i)", "(?m)", "(?s)", "(?a)"]))
    return flags + draw(bodies())


@st.composite
def bodies(draw: st.DrawFn, depth: int = 2) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        if depth and draw(st.booleans()):
            inner = draw(bodies(depth - 1))
            alternative = draw(bodies(depth - 1)) if draw(st.booleans()) else None
            group = f"({inner}|{alternative})" if alternative is not None else f"({inner})"
            pieces.append(group + draw(QUANTIFIERS))
        else:
            pieces.append(draw(ANCHORS) + draw(ATOMS) + draw(QUANTIFIERS))
    return "".join(pieces)


@settings(max_examples=400, deadline=None)
@given(patterns(), st.text(alphabet="abAB1 _\n.é٣", max_size=8))
def test_the_linear_engine_agrees_with_re(pattern: str, text: str) -> None:
    assert safe_search(pattern, text) == (re.search(pattern, text) is not None)


def test_the_linear_engine_handles_what_re_cannot() -> None:
    assert compile_pattern("^(a+)+$").search("a" * 100_000 + "b") is False
    assert compile_pattern("^(a|aa)+$").search("a" * 100_000) is True


# -- large files ----------------------------------------------------------------------------------
def test_a_file_over_the_size_limit_is_reported_not_read(tmp_path: Path, home: Path) -> None:
    root = make_project(tmp_path / "repo", config='select = ["ALN002"]\n')
    big = root / "steps" / "generated.py"
    big.write_bytes(b"X = 1\n" * 1_100_000)  # 6.6 MB
    sparse = root / "steps" / "huge.py"
    with open(sparse, "wb") as handle:
        handle.truncate(50 * 1000**3)  # 50 GB that reading would try to hold in memory
    result = alignlint(root, home, "check", "--output-format", "concise")
    assert result.returncode == 1, result.stderr
    assert (
        "steps/generated.py:1:1: ALN002 cannot read file: it is 6.6 MB, larger than "
        "`max-file-size` (5.0 MB)"
    ) in result.stdout
    assert "steps/huge.py:1:1: ALN002 cannot read file: it is 50.0 GB" in result.stdout
    sparse.unlink()
    (root / "alignlint.toml").write_text(
        'select = ["ALN002"]\nmax-file-size = "10 MB"\n', encoding="utf-8"
    )
    assert findings(root, home) == "All checks passed!\n"


# -- transient failures ---------------------------------------------------------------------------
def test_a_parser_memory_error_is_reported_and_never_cached(tmp_path: Path, home: Path) -> None:
    root = make_project(tmp_path / "repo", config='select = ["ALN001"]\n')
    deep = root / "steps" / "deep.py"
    deep.write_bytes(b"X = " + b"-" * 200_000 + b"1\n")  # the parser's stack overflows
    for _ in range(2):
        result = alignlint(root, home, "check", "--output-format", "concise")
        assert "steps/deep.py:1:1: ALN001 syntax error: the file is nested too deeply" in (
            result.stdout
        )
    cache = root / ".alignlint_cache"
    key = entry_key("steps/deep.py", hashlib.sha256(deep.read_bytes()).hexdigest())
    namespace = cache / namespace_name(Settings())
    assert not (namespace / key[:2] / key).exists()
    other = "steps/registry.py"
    other_key = entry_key(other, hashlib.sha256((root / other).read_bytes()).hexdigest())
    assert (namespace / other_key[:2] / other_key).exists()  # the cache itself works
    assert not any(path for path in cache.glob("results-*/*"))  # nor the whole run's result


# -- special files in a committed cache and as a baseline -----------------------------------------
def test_cache_entries_that_are_pipes_or_devices_are_never_read(tmp_path: Path, home: Path) -> None:
    root = make_project(tmp_path / "repo", config='select = ["ALN1"]\n')
    expected = findings(root, home)
    cache = root / ".alignlint_cache"
    entries = sorted(path for path in cache.rglob("*") if path.is_file() and path.parent != cache)
    assert any(path.parent.parent.name.startswith("facts-") for path in entries)
    assert any(path.parent.name.startswith("results-") for path in entries)
    specials = ("fifo", "/dev/zero", "/dev/stdin", "/dev/urandom")
    for number, entry in enumerate(entries):
        entry.unlink()
        special = specials[number % len(specials)]
        if special == "fifo":
            os.mkfifo(entry)
        else:
            entry.symlink_to(special)
    with subprocess.Popen(
        [sys.executable, "-m", "alignlint", "check", "--output-format", "concise"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(home)},
        stdin=subprocess.PIPE,  # an open pipe that never ends: reading /dev/stdin would block
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        stdout, stderr = process.communicate(timeout=HANG)
    assert stdout == expected, stderr


def test_a_baseline_named_as_stdin_is_not_read(tmp_path: Path, home: Path) -> None:
    root = make_project(tmp_path / "repo")
    with subprocess.Popen(
        [sys.executable, "-m", "alignlint", "check", "--baseline", "/dev/stdin"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(home)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        _, stderr = process.communicate(timeout=HANG)
    assert process.returncode == 2
    assert "cannot read baseline file /dev/stdin: not a regular file (a named pipe)" in stderr
