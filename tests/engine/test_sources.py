"""A run hashes every file first and reads each again only where it is extracted: the bytes of
files on disk are not kept, and a file that changes or goes in between is extracted (or reported)
as it is then."""

from __future__ import annotations

import hashlib
from pathlib import Path

from alignlint.core.settings import Settings
from alignlint.run.analysis import analyze
from alignlint.run.cached_result import discover_and_read
from alignlint.run.discover import SourceFile, discover_files
from alignlint.run.progress import NO_PROGRESS
from alignlint.run.sources import read_sources

SETTINGS = Settings(exclude=())


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_only_the_bytes_of_an_overlay_are_kept(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(b"X = 1\n")
    (tmp_path / "b.py").write_bytes(b"Y = 2\n")
    sources = read_sources(discover_files([tmp_path], tmp_path, SETTINGS), {"b.py": b"Y = 3\n"})
    assert sources.data == {"b.py": b"Y = 3\n"}
    assert sources.hashes == {"a.py": _sha(b"X = 1\n"), "b.py": _sha(b"Y = 3\n")}
    assert isinstance(sources.payload("a.py"), SourceFile)
    assert sources.payload("b.py") == b"Y = 3\n"
    assert (sources.size("a.py"), sources.size("b.py")) == (6, 6)


def test_a_file_changed_after_it_was_hashed_is_extracted_and_hashed_as_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "module.py").write_bytes(b"X = 1\n")
    discovered = discover_and_read(
        [tmp_path], SETTINGS, tmp_path, force_exclude=False, progress=NO_PROGRESS, use_cache=False
    )
    assert discovered.sources.hashes["module.py"] == _sha(b"X = 1\n")
    (tmp_path / "module.py").write_bytes(b"def f(:\n")
    result = analyze([tmp_path], SETTINGS, root=tmp_path, discovered=discovered)
    assert [(d.code, d.span.path) for d in result.diagnostics] == [("ALN001", "module.py")]
    assert result.content_hashes["module.py"] == _sha(b"def f(:\n")


def test_a_file_gone_after_it_was_hashed_is_reported_unreadable(tmp_path: Path) -> None:
    (tmp_path / "kept.py").write_bytes(b"X = 1\n")
    (tmp_path / "gone.py").write_bytes(b"Y = 2\n")
    discovered = discover_and_read(
        [tmp_path], SETTINGS, tmp_path, force_exclude=False, progress=NO_PROGRESS, use_cache=False
    )
    (tmp_path / "gone.py").unlink()
    result = analyze([tmp_path], SETTINGS, root=tmp_path, discovered=discovered)
    assert [(d.code, d.span.path) for d in result.diagnostics] == [("ALN002", "gone.py")]
