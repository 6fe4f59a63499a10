"""Writes: atomic, mode-preserving, and never over a read-only or concurrently changed file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from alignlint.core.types import Diagnostic
from alignlint.fix import FileProblem, FixPolicy, run_fixes
from alignlint.fix.store import SourceStore, digest
from alignlint.fix.write import WriteRefused, write_atomically
from alignlint.infra.atomic_write import remove_stale_temp_files

from .toy_project import ToyProject, replace_rule

RENAME = replace_rule("TST001", "old_name", "new_name")


def test_mode_bits_are_kept(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_bytes(b"#!/usr/bin/env python\nold_name = 1\n")
    script.chmod(0o751)
    run_fixes(tmp_path, ToyProject(tmp_path, [RENAME]), FixPolicy())
    assert script.read_bytes() == b"#!/usr/bin/env python\nnew_name = 1\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o751


LINK = "is a symbolic link; fixes never write through one"


def test_a_symlinked_file_is_never_written_through(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    real = tmp_path / "real.py"
    real.write_bytes(b"old_name = 1\n")
    link = tmp_path / "project" / "link.py"
    link.symlink_to(real)
    report = run_fixes(link.parent, ToyProject(link.parent, [RENAME]), FixPolicy())
    assert link.is_symlink()
    assert real.read_bytes() == b"old_name = 1\n"
    assert report.written == ()
    assert report.left_alone == (FileProblem("link.py", LINK),)


def test_a_file_reached_through_two_paths_is_edited_through_the_real_one(tmp_path: Path) -> None:
    real = tmp_path / "m.py"
    real.write_bytes(b"old_name = 1\n")
    (tmp_path / "link.py").symlink_to(real)
    report = run_fixes(tmp_path, ToyProject(tmp_path, [RENAME]), FixPolicy())
    assert real.read_bytes() == b"new_name = 1\n"
    assert (tmp_path / "link.py").is_symlink()
    assert report.written == ("m.py",)
    assert report.left_alone == (FileProblem("link.py", LINK),)


def test_a_file_below_a_symlinked_directory_is_never_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "m.py").write_bytes(b"old_name = 1\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "shared").symlink_to(outside, target_is_directory=True)
    store = SourceStore(project)
    assert store.problem("shared/m.py") == (
        "is reached through the symbolic link shared; fixes never write through one"
    )


def test_read_only_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    locked = tmp_path / "locked.py"
    locked.write_bytes(b"old_name = 1\n")
    locked.chmod(0o444)
    (tmp_path / "open.py").write_bytes(b"old_name = 2\n")
    report = run_fixes(tmp_path, ToyProject(tmp_path, [RENAME]), FixPolicy())
    assert locked.read_bytes() == b"old_name = 1\n"
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert (tmp_path / "open.py").read_bytes() == b"new_name = 2\n"
    assert report.left_alone == (FileProblem("locked.py", "is read-only"),)
    assert [d.reason for d in report.discarded] == ["locked.py is read-only"]


class EditsWhileFixing:
    """Analysis during which someone else saves ``victim`` (after the first analysis)."""

    def __init__(self, project: ToyProject, victim: Path, content: bytes) -> None:
        self.project = project
        self.victim = victim
        self.content = content

    def __call__(self, overlay: Mapping[str, bytes]) -> list[Diagnostic]:
        found = self.project(overlay)
        if self.project.calls == 2:
            self.victim.write_bytes(self.content)
        return found


def test_file_changed_on_disk_while_fixing_is_reported_and_left_alone(tmp_path: Path) -> None:
    victim = tmp_path / "a.py"
    victim.write_bytes(b"old_name = 1\n")
    (tmp_path / "b.py").write_bytes(b"old_name = 2\n")
    analyze = EditsWhileFixing(ToyProject(tmp_path, [RENAME]), victim, b"old_name = 'mine'\n")
    report = run_fixes(tmp_path, analyze, FixPolicy())
    assert victim.read_bytes() == b"old_name = 'mine'\n"
    assert (tmp_path / "b.py").read_bytes() == b"new_name = 2\n"
    assert report.written == ("b.py",)
    assert report.left_alone == (
        FileProblem("a.py", "changed on disk since it was read; left alone"),
    )
    assert report.applied == (("TST001", 1),)


def test_write_atomically_refuses_a_changed_file(tmp_path: Path) -> None:
    file = tmp_path / "m.py"
    file.write_bytes(b"now\n")
    with pytest.raises(WriteRefused, match=r"^changed on disk since it was read$"):
        write_atomically(file, b"new\n", digest(b"then\n"))
    assert file.read_bytes() == b"now\n"
    assert sorted(os.listdir(tmp_path)) == ["m.py"]


def test_stale_temp_files_of_dead_runs_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / f".m.py.{dead.stdout.strip()}.0a1b2c3d.alignlint-tmp"
    live = tmp_path / f".m.py.{os.getpid()}.0a1b2c3d.alignlint-tmp"
    other = tmp_path / ".notes.alignlint-tmp.txt"
    for file in (stale, live, other):
        file.write_bytes(b"x")
    assert remove_stale_temp_files([tmp_path]) == (stale,)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
