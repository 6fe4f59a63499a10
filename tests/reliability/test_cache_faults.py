"""Cache faults never change the findings: damaged, foreign, stale and racing cache entries.

Each test runs the real engine over a copy of a drifted library with a cold cache, damages every
file the cache wrote (whatever its layout), runs again, and requires exactly the findings of a
run without any cache.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic
from alignlint.run.analysis import analyze
from alignlint.run.fact_cache import PRUNE_MARKER

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "drifted_pipeline"
CACHE_DIR = ".alignlint_cache"
#: Files that are no entry (the prune marker is an empty file whose time is all it says).
CACHE_META = {".gitignore", "CACHEDIR.TAG", PRUNE_MARKER}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    target = tmp_path / "lib"
    shutil.copytree(EXAMPLE, target)
    return target


def run(library: Path, *, use_cache: bool) -> tuple[Diagnostic, ...]:
    result = analyze([library], Settings(), root=library, use_cache=use_cache)
    return result.diagnostics


def cache_entries(library: Path) -> list[Path]:
    entries = [
        path
        for path in sorted((library / CACHE_DIR).rglob("*"))
        if path.is_file() and path.name not in CACHE_META
    ]
    assert entries, "the cold run wrote no cache entry"
    return entries


def truncate(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(len(data))])


def flip_bytes(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    for _ in range(8):
        index = rng.randrange(len(data))
        data[index] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def empty(path: Path, rng: random.Random) -> None:
    path.write_bytes(b"")


def garbage(path: Path, rng: random.Random) -> None:
    path.write_bytes(rng.randbytes(256))


@pytest.mark.parametrize("damage", [truncate, flip_bytes, empty, garbage], ids=lambda f: f.__name__)
def test_damaged_entries_do_not_change_findings(
    library: Path, damage: Callable[[Path, random.Random], None]
) -> None:
    expected = run(library, use_cache=False)
    assert expected, "the drifted example must have findings for this test to mean anything"
    assert run(library, use_cache=True) == expected
    rng = random.Random(damage.__name__)
    for entry in cache_entries(library):
        damage(entry, rng)
    assert run(library, use_cache=True) == expected
    assert run(library, use_cache=True) == expected  # and the rebuilt cache is good


def test_entries_swapped_between_files_do_not_change_findings(library: Path) -> None:
    expected = run(library, use_cache=False)
    run(library, use_cache=True)
    entries = cache_entries(library)
    contents = [entry.read_bytes() for entry in entries]
    for entry, content in zip(entries, contents[1:] + contents[:1], strict=True):
        entry.write_bytes(content)
    assert run(library, use_cache=True) == expected


def test_entries_of_another_version_do_not_change_findings(library: Path) -> None:
    expected = run(library, use_cache=False)
    run(library, use_cache=True)
    for entry in cache_entries(library):
        data = entry.read_bytes()
        entry.write_bytes(data.replace(b"0.1.0", b"9.9.9"))
    assert run(library, use_cache=True) == expected


def test_edited_file_is_not_served_from_the_cache(library: Path) -> None:
    run(library, use_cache=True)
    script = library / "scripts" / "tabular_preprocessing.py"
    script.write_text(
        script.read_text(encoding="utf-8").replace("LABEL_COLUMN", "LABEL_FIELD"), encoding="utf-8"
    )
    assert run(library, use_cache=True) == run(library, use_cache=False)


def test_concurrent_runs_sharing_a_cache_agree(library: Path) -> None:
    expected = [
        line
        for line in subprocess.run(
            [
                sys.executable,
                "-m",
                "alignlint",
                "check",
                ".",
                "--no-cache",
                "--output-format",
                "concise",
                "--exit-zero",
            ],
            cwd=library,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        if ": ALN" in line
    ]
    env = {**os.environ, "NO_COLOR": "1"}
    command = [
        sys.executable,
        "-m",
        "alignlint",
        "check",
        ".",
        "--output-format",
        "concise",
        "--exit-zero",
    ]
    for _ in range(3):
        shutil.rmtree(library / CACHE_DIR, ignore_errors=True)
        runs = [
            subprocess.Popen(command, cwd=library, stdout=subprocess.PIPE, text=True, env=env)
            for _ in range(4)
        ]
        for process in runs:
            out, _ = process.communicate(timeout=120)
            assert process.returncode == 0
            assert [line for line in out.splitlines() if ": ALN" in line] == expected
