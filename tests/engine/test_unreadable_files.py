"""Files that cannot be read are findings (ALN002 with the OS error), never a failed or blocked
run: dangling and looping symbolic links, named pipes, sockets, directories named ``*.py``,
files without read permission — whether found in a walked directory or given explicitly."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from alignlint.core.settings import Settings
from alignlint.core.source import ReadFailure, read_source
from alignlint.run.analysis import analyze
from alignlint.run.discover import discover_files

SETTINGS = Settings(exclude=())


def _findings(root: Path, *paths: str) -> list[tuple[str, str, str]]:
    result = analyze(list(paths), SETTINGS, root=root)
    return [(d.span.path, d.code, d.message) for d in result.diagnostics]


@pytest.fixture()
def layout(tmp_path: Path) -> Path:
    (tmp_path / "ok.py").write_text("X = 1\n")
    (tmp_path / "gone.py").symlink_to("nowhere.py")
    (tmp_path / "self.py").symlink_to("self.py")
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "package.py").mkdir()
    (tmp_path / "package.py" / "inner.py").write_text("Y = 2\n")
    (tmp_path / "linked_dir.py").symlink_to("package.py")
    (tmp_path / "alias.py").symlink_to("ok.py")
    return tmp_path


def test_walk_reports_every_entry_that_is_not_a_regular_file(layout: Path) -> None:
    files = discover_files([layout], layout, SETTINGS)
    assert [(f.relative, f.problem) for f in files] == [
        ("alias.py", None),
        ("gone.py", "No such file or directory (broken symbolic link to nowhere.py)"),
        ("ok.py", None),
        ("package.py/inner.py", None),
        ("pipe.py", "not a regular file (a named pipe)"),
        ("self.py", "Too many levels of symbolic links"),
    ]


def test_unreadable_entries_are_aln002_and_the_run_goes_on(layout: Path) -> None:
    assert _findings(layout) == [
        (
            "gone.py",
            "ALN002",
            "cannot read file: No such file or directory (broken symbolic link to nowhere.py)",
        ),
        ("pipe.py", "ALN002", "cannot read file: not a regular file (a named pipe)"),
        ("self.py", "ALN002", "cannot read file: Too many levels of symbolic links"),
    ]


def test_explicit_special_files_are_reported_next_to_regular_ones(layout: Path) -> None:
    found = _findings(
        layout, str(layout / "ok.py"), str(layout / "pipe.py"), str(layout / "self.py")
    )
    assert [(path, code) for path, code, _ in found] == [
        ("pipe.py", "ALN002"),
        ("self.py", "ALN002"),
    ]


def test_explicit_missing_path_is_still_an_input_error(layout: Path) -> None:
    from alignlint.core.errors import DiscoveryError

    with pytest.raises(DiscoveryError, match="No such file or directory"):
        analyze([str(layout / "missing.py")], SETTINGS, root=layout)


def test_socket_is_never_opened(tmp_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.py"))
        assert _findings(tmp_path) == [
            ("s.py", "ALN002", "cannot read file: not a regular file (a socket)")
        ]
    finally:
        server.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_file_without_read_permission(tmp_path: Path) -> None:
    secret = tmp_path / "secret.py"
    secret.write_text("X = 1\n")
    secret.chmod(0)
    try:
        assert _findings(tmp_path) == [
            ("secret.py", "ALN002", "cannot read file: Permission denied")
        ]
    finally:
        secret.chmod(0o644)


def test_reading_a_fifo_returns_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    assert read_source(tmp_path / "pipe.py") == ReadFailure("not a regular file (a named pipe)")
    assert read_source(tmp_path) == ReadFailure("not a regular file (a directory)")


def test_a_file_that_becomes_readable_changes_the_cached_result(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("X = 1\n")
    (tmp_path / "later.py").symlink_to("target.py")
    first = analyze([], SETTINGS, root=tmp_path, use_cache=True)
    assert [d.code for d in first.diagnostics] == ["ALN002"]
    (tmp_path / "target.py").write_text("Y = 2\n")
    second = analyze([], SETTINGS, root=tmp_path, use_cache=True)
    assert second.diagnostics == ()
