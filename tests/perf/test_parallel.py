"""Parallel phase 1: same facts in the same order as serial extraction."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from alignlint.core.settings import Settings
from alignlint.extract import extract_deferring, extract_file
from alignlint.infra.parallel import (
    PARALLEL_MIN_BYTES,
    extract_all,
    extract_shared,
    plan_chunks,
    should_parallelise,
)
from alignlint.run.analysis import analyze
from alignlint.run.cached_result import discover_and_read
from alignlint.run.discover import discover_files
from alignlint.run.extract_files import facts_of
from alignlint.run.fact_cache import FactCache, extract_entry
from alignlint.run.progress import NO_PROGRESS
from benchmarks.generate import generate


def describe(path: str, data: bytes, settings: Settings) -> tuple[str, int, str]:
    """A picklable stand-in extraction: enough to see which item a result belongs to."""
    return (path, len(data), settings.cache_dir)


def die(path: str, data: bytes, settings: Settings) -> tuple[str, int, str]:
    """A worker extraction that kills its process (a worker lost to the OOM killer)."""
    os._exit(1)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes]]:
    root = tmp_path_factory.mktemp("bench") / "out"
    generate(root, 70, seed=3)
    lib = root / "lib"
    return sorted(
        (path.relative_to(lib).as_posix(), path.read_bytes())
        for path in lib.rglob("*")
        if path.is_file()
    )


def test_library_is_big_enough_to_use_a_pool(library: list[tuple[str, bytes]]) -> None:
    assert sum(len(data) for _, data in library) >= PARALLEL_MIN_BYTES
    assert should_parallelise(library, 2)


def test_small_batches_stay_in_process(library: list[tuple[str, bytes]]) -> None:
    assert not should_parallelise(library[:3], 2)
    assert not should_parallelise(library, 1)


def test_parallel_results_follow_input_order(library: list[tuple[str, bytes]]) -> None:
    settings = Settings(cache_dir="marker")
    expected = [(path, len(data), "marker") for path, data in library]
    assert extract_all(library, settings, describe, jobs=2) == expected
    reversed_items = library[::-1]
    assert extract_all(reversed_items, settings, describe, jobs=2) == expected[::-1]


def test_parallel_extraction_equals_serial(library: list[tuple[str, bytes]]) -> None:
    settings = Settings()
    serial = extract_all(library, settings, extract_file, jobs=1)
    parallel = extract_all(library, settings, extract_file, jobs=2)
    assert [facts.path for facts in parallel] == [path for path, _ in library]
    assert parallel == serial


@pytest.mark.parametrize("chunk_count", [1, 2, 3, 8, 100])
def test_chunks_cover_every_item_once(chunk_count: int) -> None:
    sizes = [5, 1, 9, 9, 2, 7, 3, 3, 8, 1]
    chunks = plan_chunks(sizes, chunk_count)
    assert sorted(index for chunk in chunks for index in chunk) == list(range(len(sizes)))
    assert 1 <= len(chunks) <= chunk_count
    assert chunks[0][0] == 2  # the biggest file starts first (ties keep input order)


def test_empty_input(tmp_path: Path) -> None:
    assert extract_all([], Settings(), describe, jobs=2) == []


def test_workers_return_cache_entries_of_the_same_facts(
    library: list[tuple[str, bytes]], tmp_path: Path
) -> None:
    settings = Settings(cache_dir=str(tmp_path / "cache"))
    cache = FactCache(tmp_path, settings)
    entries = extract_all(library, settings, extract_entry, jobs=2)
    serial = extract_all(library, settings, extract_deferring, jobs=1)
    for (path, data), entry, facts in zip(library, entries, serial, strict=True):
        digest = hashlib.sha256(data).hexdigest()
        assert cache.decode(path, digest, entry) == facts
        assert cache.decode(path, "0" * 64, entry) is None


def test_cached_parallel_run_stores_what_the_next_run_reads(
    library: list[tuple[str, bytes]], tmp_path: Path
) -> None:
    root = tmp_path / "lib"
    for path, data in library:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    settings = Settings(cache_dir=str(tmp_path / "cache"))
    cold = analyze([root], settings, root=root, use_cache=True, jobs=2, need_project=True)
    uncached = analyze([root], settings, root=root, jobs=1)
    cache = FactCache(root, settings)
    for path, data in library:
        digest = hashlib.sha256(data).hexdigest()
        assert cache.get(path, digest) == extract_deferring(path, data, settings)
    assert cold.diagnostics == uncached.diagnostics


def test_a_broken_pool_leaves_every_item_to_this_process(
    library: list[tuple[str, bytes]],
) -> None:
    settings = Settings(cache_dir="marker")
    expected = [(path, len(data), "marker") for path, data in library]
    assert extract_shared(library, settings, describe, die, jobs=2) == expected


def test_this_process_and_the_pool_share_the_work(library: list[tuple[str, bytes]]) -> None:
    """Results of both sides come back in input order, each from the side that extracted it."""
    settings = Settings(cache_dir="marker")
    results = extract_shared(library, settings, describe, extract_entry, jobs=2)
    assert len(results) == len(library)
    local = [index for index, result in enumerate(results) if isinstance(result, tuple)]
    remote = [index for index, result in enumerate(results) if isinstance(result, bytes)]
    assert local and remote
    assert sorted(local + remote) == list(range(len(library)))
    for index in local:
        assert results[index] == (library[index][0], len(library[index][1]), "marker")


def _written(library: list[tuple[str, bytes]], root: Path) -> Path:
    for path, data in library:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    return root


def test_workers_read_the_files_they_extract(
    library: list[tuple[str, bytes]], tmp_path: Path
) -> None:
    """Given where each file is (not its bytes), the pool reads it and returns its hash."""
    root = _written(library, tmp_path / "lib")
    settings = Settings()
    files = discover_files([root], root, settings)
    assert [file.relative for file in files] == [path for path, _ in library]
    items = [(file.relative, file) for file in files]
    sizes = [len(data) for _, data in library]
    assert should_parallelise(items, 2, sizes)
    assert not should_parallelise(items, 2)  # a file to read is no bytes to count
    expected = [
        (hashlib.sha256(data).hexdigest(), extract_deferring(path, data, settings))
        for path, data in library
    ]
    assert extract_all(items, settings, facts_of, jobs=2, sizes=sizes) == expected


@pytest.mark.parametrize("use_cache", [False, True])
def test_a_file_gone_after_it_was_hashed_is_unreadable_not_a_crash(
    library: list[tuple[str, bytes]], tmp_path: Path, use_cache: bool
) -> None:
    root = _written(library, tmp_path / "lib")
    settings = Settings(cache_dir=str(tmp_path / "cache"))
    gone = next(path for path, _ in library if path.endswith("_spec.py"))
    discovered = discover_and_read(
        [root], settings, root, force_exclude=False, progress=NO_PROGRESS, use_cache=use_cache
    )
    (root / gone).unlink()
    result = analyze(
        [root], settings, root=root, use_cache=use_cache, jobs=2, discovered=discovered
    )
    assert [(d.code, d.span.path) for d in result.diagnostics if d.code == "ALN002"] == [
        ("ALN002", gone)
    ]
