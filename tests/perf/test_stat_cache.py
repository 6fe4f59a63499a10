"""The stat cache: unchanged files are neither read nor hashed on a warm run, and a file whose
status cannot prove it unchanged (an edit inside one timestamp tick, a racy timestamp, a damaged
or foreign entry) is always read again, so no stale hash ever reaches a finding."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from fixture_cases import case_path, materialize

from alignlint.core.settings import Settings
from alignlint.infra.cache import clean
from alignlint.infra.stat_cache import StatCache, trusted
from alignlint.rules.base import discover_rules
from alignlint.run.analysis import Result, analyze
from alignlint.run.discover import discover_files
from alignlint.run.sources import Sources, read_sources

FIXTURE = case_path("script_contract/ALN101_undeclared_input_key_fires")
SCRIPT = "steps/scripts/prep.py"
RULES = discover_rules()
HOUR_NS = 3600 * 10**9


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    materialize(FIXTURE, root)
    (root / "alignlint.toml").unlink()
    age(root)
    return root


def age(root: Path) -> None:
    """Give every file of ``root`` a modification time an hour ago. Setting it changes the
    files' ctime to now: wait past the file system's timestamp tick, so that the next run starts
    after it (a run starting in the same tick would rightly find every file racy)."""
    past = time.time_ns() - HOUR_NS
    for path in root.rglob("*.py"):
        os.utime(path, ns=(past, past))
    time.sleep(0.05)


def read(root: Path) -> Sources:
    cache = StatCache(root / ".alignlint_cache", root)
    assert cache.start()
    files = discover_files([], root, Settings())
    return read_sources(files, {}, None, cache)


def entry(root: Path) -> Path:
    (found,) = (root / ".alignlint_cache").glob("stat-*/*")
    return found


def run(root: Path) -> Result:
    return analyze([], Settings(), root=root, rules=RULES, use_cache=True)


def uncached(root: Path) -> Result:
    return analyze([], Settings(), root=root, rules=RULES)


def lines(result: Result) -> list[str]:
    return [f"{d.span} {d.code} {d.message} {d.fingerprint}" for d in result.diagnostics]


def test_unchanged_files_are_only_statted(project: Path) -> None:
    first = read(project)
    assert not first.vouched and first.hashes
    second = read(project)
    assert second.vouched == set(first.hashes)
    assert not second.data
    assert second.hashes == first.hashes


def test_a_racy_entry_is_read_again_until_its_timestamp_is_old(project: Path) -> None:
    script = project / SCRIPT
    future = time.time_ns() + HOUR_NS
    os.utime(script, ns=(future, future))  # not older than the run that records it: racy
    read(project)
    again = read(project)
    assert SCRIPT not in again.vouched
    age(project)
    read(project)  # records the file with an old timestamp
    assert SCRIPT in read(project).vouched


def test_the_racy_rule_itself() -> None:
    started, device = 1_000, 7
    status = (10, 999, 999, 42, device)
    assert trusted(status, status, started, device)
    for racy in ((10, 1_000, 999, 42, device), (10, 999, 1_000, 42, device)):
        assert not trusted(racy, racy, started, device)
    assert not trusted(status, (10, 999, 999, 43, device), started, device)  # replaced file
    assert not trusted(status, (11, 999, 999, 42, device), started, device)
    other = (10, 999, 999, 42, device + 1)
    assert not trusted(other, other, started, device)  # another file system


def test_same_size_edit_inside_one_tick_changes_the_findings(project: Path) -> None:
    """An edit that keeps the size and, forced with os.utime, the exact modification time is
    seen (the status still differs: ctime), by the stat cache and by the result cache after it."""
    before = run(project)
    assert run(project).project is None  # the result cache answers
    script = project / SCRIPT
    status = script.stat()
    text = script.read_text()
    edited = text.replace('input_paths["DATA"]', 'input_paths["DATB"]')
    assert edited != text and len(edited) == len(text)
    script.write_text(edited)
    os.utime(script, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert script.stat().st_mtime_ns == status.st_mtime_ns
    after = run(project)
    assert lines(after) == lines(uncached(project))
    assert lines(after) != lines(before)
    assert any("DATB" in d.message for d in after.diagnostics)


def test_a_damaged_entry_trusts_nothing(project: Path) -> None:
    read(project)
    path = entry(project)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert not read(project).vouched


def test_an_entry_of_another_root_is_not_used(project: Path, tmp_path: Path) -> None:
    read(project)
    other = tmp_path / "other"
    materialize(FIXTURE, other)
    (other / "alignlint.toml").unlink()
    age(other)
    (other / ".alignlint_cache").mkdir()
    read(other)
    foreign = entry(project).read_bytes()
    entry(other).write_bytes(foreign)  # same paths, another root: its identity differs
    assert not read(other).vouched


def test_a_run_on_some_files_keeps_the_others(project: Path) -> None:
    first = read(project)
    (project / SCRIPT).write_text((project / SCRIPT).read_text() + "# edited\n")
    cache = StatCache(project / ".alignlint_cache", project)
    assert cache.start()
    read_sources(discover_files([project / SCRIPT], project, Settings()), {}, None, cache)
    # That run stored its entry, with the entries of the files it did not look at kept (the
    # script itself is trusted too when its edit was a tick older than that run's start).
    full = read(project)
    assert set(first.hashes) - {SCRIPT} <= full.vouched
    assert full.hashes[SCRIPT] == hashlib.sha256((project / SCRIPT).read_bytes()).hexdigest()


def test_clean_removes_a_cache_with_stat_entries(project: Path) -> None:
    run(project)
    assert entry(project).is_file()
    result = clean([project / ".alignlint_cache"])
    assert result.removed == (project / ".alignlint_cache",)
