"""The files a fix run edits: their original bytes (with a content hash), their current text, and
the files that must be left alone.

Fixes carry offsets into the text the analysis read, so a file is only edited when the bytes the
store reads are those bytes (same hash as the analysis that produced the fixes): a file saved in
between is left alone ("changed on disk since it was analysed"). Once read, a file is handed to
every later analysis from the store (:meth:`SourceStore.overlay`), never read from the disk again,
so every pass computes its fixes against the text they are applied to.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from alignlint.core.records import record
from alignlint.core.source import ReadFailure, read_source
from alignlint.fix.report import FileChange, FileProblem
from alignlint.fix.text import SourceText, UndecodableError
from alignlint.fix.verify import load_error


def digest(data: bytes) -> str:
    """The content hash used to notice files changed on disk."""
    return hashlib.sha256(data).hexdigest()


@record
class Original:
    """A file as read from disk before fixing (only files that may be edited)."""

    path: str
    data: bytes
    digest: str
    source: SourceText


class SourceStore:
    """Reads each file once, keeps its current (edited) text and remembers which files are locked."""

    def __init__(
        self,
        root: Path,
        locked: dict[str, str] | None = None,
        analysed: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        """``analysed`` returns the content hash of each file as the latest analysis read it
        (root-relative path -> sha256 hex); without it, files are not compared with it."""
        self.root = root
        self._analysed = analysed
        self._locked: dict[str, str] = dict(locked or {})
        self._originals: dict[str, Original] = {}
        self._current: dict[str, SourceText] = {}
        self._requested: set[str] = set()
        self._real_paths: dict[str, str] = {}

    def lock(self, path: str, reason: str) -> None:
        """Never edit ``path`` (first reason wins)."""
        self._locked.setdefault(path, reason)

    def problem(self, path: str) -> str | None:
        """Why ``path`` must not be edited, or ``None`` (reads the file on first use)."""
        self._requested.add(path)
        if path not in self._locked and path not in self._originals:
            self._load(path)
        return self._locked.get(path)

    def original(self, path: str) -> Original:
        """The file as read from disk (only for files without a problem)."""
        return self._originals[path]

    def current(self, path: str) -> SourceText:
        """The file's text with every fix accepted so far."""
        return self._current[path]

    def update(self, path: str, source: SourceText) -> None:
        self._current[path] = source

    def texts(self) -> dict[str, SourceText]:
        """The current text of every file read so far (to :meth:`restore` it later)."""
        return dict(self._current)

    def restore(self, texts: dict[str, SourceText]) -> None:
        """Go back to ``texts`` (from :meth:`texts`); files read since keep their original."""
        for path in self._current:
            self._current[path] = texts.get(path, self._originals[path].source)

    def changes(self) -> tuple[FileChange, ...]:
        """Every file whose text differs from its original, sorted by path."""
        result = []
        for path in sorted(self._current):
            new = self._current[path].encode()
            if new != self._originals[path].data:
                result.append(FileChange(path, self._originals[path].data, new))
        return tuple(result)

    def overlay(self) -> dict[str, bytes]:
        """Path → current bytes of every file read for fixing, changed or not (what analysis
        sees instead of the disk, so it never reads a newer version of a file than the one the
        fixes are applied to)."""
        return {path: self._current[path].encode() for path in sorted(self._current)}

    def problems(self) -> tuple[FileProblem, ...]:
        """The locked files some fix wanted to edit, with the reason they were left alone."""
        return tuple(
            FileProblem(path, reason)
            for path, reason in sorted(self._locked.items())
            if path in self._requested
        )

    def _load(self, path: str) -> None:
        reason = self._read(path)
        if reason is not None:
            self._locked[path] = reason

    def _read(self, path: str) -> str | None:
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            return "is outside the project root"
        link = _symbolic_link(self.root, relative.parts)
        if link is not None:
            return link
        file = self.root.joinpath(*relative.parts)
        try:
            info = file.stat()
        except OSError as error:
            return f"cannot be read: {error.strerror or error}"
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file"
        data = read_source(file)
        if isinstance(data, ReadFailure):
            return f"cannot be read: {data.reason}"
        analysed = self._analysed() if self._analysed is not None else {}
        if path in analysed and digest(data) != analysed[path]:
            return "changed on disk since it was analysed"
        alias = self._real_paths.setdefault(os.path.realpath(file), path)
        if alias != path:
            return f"is the same file as {alias}"
        if is_read_only(file, info.st_mode):
            return "is read-only"
        try:
            source = SourceText.decode(path, data)
        except UndecodableError as error:
            return str(error)
        error_text = load_error(path, data, source.text)
        if error_text is not None:
            return f"has syntax errors ({error_text})"
        self._originals[path] = Original(path, data, digest(data), source)
        self._current[path] = source
        return None


def _symbolic_link(root: Path, parts: tuple[str, ...]) -> str | None:
    """Why a file below ``root`` must not be written: it is a symbolic link, or a directory on
    the way to it is one (a committed link could point anywhere); None otherwise."""
    current = root
    for index, part in enumerate(parts):
        current = current / part
        if current.is_symlink():
            if index == len(parts) - 1:
                return "is a symbolic link; fixes never write through one"
            shown = PurePosixPath(*parts[: index + 1])
            return f"is reached through the symbolic link {shown}; fixes never write through one"
    return None


def is_read_only(file: Path, mode: int) -> bool:
    """No write permission bit is set, or this process may not write the file."""
    write_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    return not mode & write_bits or not os.access(file, os.W_OK)
