"""Pruning the fact cache: entries of file contents no run sees any more are removed once old,
at most once a day, by a run over the whole project; nothing a run still sees is removed, and
nothing is followed through a symbolic link."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alignlint.core.settings import Settings
from alignlint.extract import extract_file
from alignlint.infra.atomic_write import TEMP_SUFFIX
from alignlint.run.fact_cache import (
    PRUNE_AGE,
    PRUNE_INTERVAL,
    PRUNE_MARKER,
    FactCache,
    entry_key,
    namespace_name,
)

REPO = Path(__file__).resolve().parents[2]
DAY = 24 * 3600


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def versions(count: int) -> list[bytes]:
    return [f"VALUE = {index}\n".encode() for index in range(count)]


def entry(root: Path, path: str, data: bytes) -> Path:
    key = entry_key(path, digest(data))
    return root / ".alignlint_cache" / namespace_name(Settings()) / key[:2] / key


def store(root: Path, path: str, data: bytes, age: float) -> Path:
    FactCache(root, Settings()).put(path, digest(data), extract_file(path, data, Settings()))
    written = entry(root, path, data)
    stamp = time.time() - age
    os.utime(written, (stamp, stamp))
    return written


def test_old_entries_of_contents_no_longer_seen_are_removed(tmp_path: Path) -> None:
    old, recent, current = versions(3)
    old_entry = store(tmp_path, "m.py", old, PRUNE_AGE + DAY)
    recent_entry = store(tmp_path, "m.py", recent, PRUNE_AGE - DAY)
    current_entry = store(tmp_path, "m.py", current, PRUNE_AGE + DAY)
    removed_file = store(tmp_path, "gone.py", old, PRUNE_AGE + DAY)
    cache = FactCache(tmp_path, Settings())
    assert cache.prune([("m.py", digest(current))]) == 2
    assert not old_entry.exists() and not removed_file.exists()
    # Still seen (however old), or written lately (another branch, an edit being undone).
    assert current_entry.exists() and recent_entry.exists()
    assert cache.get("m.py", digest(current)) is not None


def test_a_namespace_is_pruned_at_most_once_a_day(tmp_path: Path) -> None:
    (old,) = versions(1)
    first = store(tmp_path, "a.py", old, PRUNE_AGE + DAY)
    cache = FactCache(tmp_path, Settings())
    now = time.time()
    assert cache.prune([], now=now) == 1
    second = store(tmp_path, "b.py", old, PRUNE_AGE + DAY)
    assert cache.prune([], now=now + PRUNE_INTERVAL - 60) is None
    assert second.exists()
    assert cache.prune([], now=now + PRUNE_INTERVAL + 60) == 1
    assert not first.exists() and not second.exists()
    marker = first.parent.parent / PRUNE_MARKER
    assert marker.is_file() and marker.read_bytes() == b""


def test_nothing_is_pruned_without_a_cache_or_through_a_symbolic_link(tmp_path: Path) -> None:
    assert FactCache(tmp_path, Settings()).prune([]) is None
    assert not (tmp_path / ".alignlint_cache").exists()
    (old,) = versions(1)
    elsewhere = tmp_path / "elsewhere"
    outside = store(elsewhere, "a.py", old, PRUNE_AGE + DAY)
    project = tmp_path / "project"
    store(project, "b.py", old, PRUNE_AGE - DAY)
    namespace = project / ".alignlint_cache" / namespace_name(Settings())
    (namespace / outside.parent.name).symlink_to(outside.parent, target_is_directory=True)
    assert FactCache(project, Settings()).prune([]) == 0
    assert outside.exists()
    # A cache directory that is a link is not used at all.
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / ".alignlint_cache").symlink_to(elsewhere / ".alignlint_cache")
    assert FactCache(linked, Settings()).prune([]) is None
    assert outside.exists()


def test_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    (old,) = versions(1)
    kept = store(tmp_path, "a.py", old, 0)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    leftover = kept.parent / f".{kept.name}.{dead.stdout.strip()}.0123456789abcdef{TEMP_SUFFIX}"
    leftover.write_bytes(b"half an entry")
    assert FactCache(tmp_path, Settings()).prune([("a.py", digest(old))]) == 0
    assert not leftover.exists() and kept.exists()


def _check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    environment.pop("ALIGNLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-m", "alignlint", "check", "--output-format", "concise", *args],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("args", [(), ("steps/m.py",)], ids=["whole project", "changed set"])
def test_a_check_of_the_whole_project_prunes_what_it_no_longer_sees(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    project = tmp_path / "project"
    (project / "steps").mkdir(parents=True)
    module = project / "steps" / "m.py"
    before, after = versions(2)
    module.write_bytes(before)
    (project / "steps" / "other.py").write_text("OTHER = 1\n", encoding="utf-8")
    assert _check(project).returncode == 0
    old_entry = entry(project, "steps/m.py", before)
    other = entry(project, "steps/other.py", b"OTHER = 1\n")
    namespace = old_entry.parent.parent
    assert old_entry.exists() and (namespace / PRUNE_MARKER).exists()
    stamp = time.time() - PRUNE_AGE - DAY
    for aged in (old_entry, other, namespace / PRUNE_MARKER):
        os.utime(aged, (stamp, stamp))
    module.write_bytes(after)
    # A check of part of the project leaves the entries of the rest alone.
    assert _check(project, "steps/other.py", "--no-cache").returncode == 0
    assert _check(project, "steps").returncode == 0
    assert old_entry.exists()
    result = _check(project, *args)
    assert result.returncode == 0
    assert not old_entry.exists()
    assert other.exists() and entry(project, "steps/m.py", after).exists()
    assert _check(project).stdout == result.stdout
    cleaned = subprocess.run(
        [sys.executable, "-m", "alignlint", "clean"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert cleaned.returncode == 0 and not (project / ".alignlint_cache").exists()


def _age(path: Path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp), follow_symlinks=False)


def test_other_stores_lose_what_no_run_has_written_for_long(tmp_path: Path) -> None:
    (data,) = versions(1)
    current = store(tmp_path, "a.py", data, 0)
    cache = tmp_path / ".alignlint_cache"
    # A request's results not written for long, and one written lately.
    results = cache / "results-0.0.1"
    results.mkdir()
    stale, fresh = results / ("a" * 64), results / ("b" * 64)
    stale.write_bytes(b"old findings")
    fresh.write_bytes(b"new findings")
    _age(stale, PRUNE_AGE + DAY)
    # A store holding only stale entries goes with them.
    lastrun = cache / "lastrun-0.0.1"
    lastrun.mkdir()
    (lastrun / ("c" * 64)).write_bytes(b"old run")
    _age(lastrun / ("c" * 64), PRUNE_AGE + DAY)
    # The fact namespaces of other versions: one unused for long, one written lately.
    old_version = cache / "facts-0.0.1-s1-0000000000000000"
    (old_version / "ab").mkdir(parents=True)
    (old_version / "ab" / ("a" * 64)).write_bytes(b"old facts")
    for path in (old_version / "ab" / ("a" * 64), old_version / "ab", old_version):
        _age(path, PRUNE_AGE + DAY)
    other_settings = cache / "facts-0.0.1-s1-1111111111111111"
    (other_settings / "cd").mkdir(parents=True)
    (other_settings / "cd" / ("a" * 64)).write_bytes(b"facts of other settings")
    _age(other_settings / "cd" / ("a" * 64), PRUNE_AGE + DAY)
    _age(other_settings, PRUNE_AGE + DAY)
    # A store directory that is a link is not followed.
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ("d" * 64)).write_bytes(b"not the cache's")
    _age(outside / ("d" * 64), PRUNE_AGE + DAY)
    (cache / "units-0.0.1").symlink_to(outside, target_is_directory=True)

    removed = FactCache(tmp_path, Settings()).prune([("a.py", digest(data))])
    assert removed == 3
    assert not stale.exists() and fresh.exists()
    assert not lastrun.exists()
    assert not old_version.exists()
    # Written into lately (the shard was): kept, however old its entries.
    assert (other_settings / "cd" / ("a" * 64)).exists()
    assert current.exists()
    assert (outside / ("d" * 64)).exists()
