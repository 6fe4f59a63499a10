"""Atomic writes of fixed files.

Each file is written to a temporary file in its own directory (named ``.<name>.<pid>.<token>
.alignlint-tmp``, so it can never be mistaken for a source), flushed to disk, given the original's
permission bits (and owner, where allowed) and then renamed over the original with
:func:`os.replace`. A run killed at any moment therefore leaves every file either entirely old or
entirely new; a temporary file left behind by a killed run is removed by the next run
(:func:`remove_stale_temp_files`).

Before writing, and again after the temporary file is written, immediately before the rename,
the file on disk is compared with the content hash taken when it was read: a file changed in the
meantime (a user's save), or one that became read-only, is reported and left alone, and the
temporary file is removed. What remains is the moment between that last comparison and the
rename; without a lock every editor honours, no tool can close it.

For tests only: when the environment variable ``ALIGNLINT_FIX_PAUSE_BEFORE_RENAME`` is
``"<n>:<marker path>"``, the process creates the marker file just before the last comparison of
the ``n``-th write (1-based) and waits until the marker is removed, so a test can kill it between
writing and renaming, or change the file there.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from alignlint.core.source import ReadFailure, read_source
from alignlint.fix.store import digest, is_read_only

TEMP_SUFFIX = ".alignlint-tmp"
TEMP_NAME = re.compile(r"^\..+\.(?P<pid>[0-9]+)\.[0-9a-f]+" + re.escape(TEMP_SUFFIX) + "$")
PAUSE_VARIABLE = "ALIGNLINT_FIX_PAUSE_BEFORE_RENAME"

_renames = 0


class WriteRefused(Exception):
    """The file was not written; the message says why (it is left exactly as it was)."""


def refusal(file: Path, expected_digest: str) -> str | None:
    """Why ``file`` must not be replaced now (changed on disk, read-only, unreadable), or ``None``."""
    target = Path(os.path.realpath(file))
    try:
        info = target.stat()
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    on_disk = read_source(target)
    if isinstance(on_disk, ReadFailure):
        return f"cannot be read: {on_disk.reason}"
    if digest(on_disk) != expected_digest:
        return "changed on disk since it was read"
    if is_read_only(target, info.st_mode):
        return "is read-only"
    return None


def write_atomically(file: Path, data: bytes, expected_digest: str) -> None:
    """Replace ``file`` with ``data`` if it still has the content hashed as ``expected_digest``.

    Raises :class:`WriteRefused` (and leaves the file untouched) when the file changed on disk,
    before the temporary file was written or while it was, is read-only, or cannot be written.
    """
    reason = refusal(file, expected_digest)
    if reason is not None:
        raise WriteRefused(reason)
    target = Path(os.path.realpath(file))
    temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        _write_temp(temp, data, target.stat())
        _pause_if_asked()
        late = refusal(file, expected_digest)
        if late is not None:
            _remove_quietly(temp)
            raise WriteRefused(late)
        os.replace(temp, target)
    except OSError as error:
        _remove_quietly(temp)
        raise WriteRefused(f"cannot be written: {error.strerror or error}") from None
    _sync_directory(target.parent)


def remove_stale_temp_files(directories: Iterable[Path]) -> tuple[Path, ...]:
    """Delete temporary files left in ``directories`` by fix runs that no longer run."""
    removed = []
    for directory in sorted(set(directories)):
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        for name in names:
            match = TEMP_NAME.match(name)
            if match is None or _process_alive(int(match.group("pid"))):
                continue
            path = directory / name
            if _remove_quietly(path):
                removed.append(path)
    return tuple(removed)


def _write_temp(temp: Path, data: bytes, original: os.stat_result) -> None:
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if hasattr(os, "fchown") and (original.st_uid, original.st_gid) != _owner(fd):
            try:
                os.fchown(fd, original.st_uid, original.st_gid)
            except OSError:
                pass
        if hasattr(os, "fchmod"):
            os.fchmod(fd, stat.S_IMODE(original.st_mode))
        else:  # pragma: no cover - Windows
            os.chmod(temp, stat.S_IMODE(original.st_mode))
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _remove_quietly(temp)
        raise
    os.close(fd)


def _owner(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_uid, info.st_gid


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _pause_if_asked() -> None:
    global _renames
    request = os.environ.get(PAUSE_VARIABLE)
    if not request:
        return
    _renames += 1
    count, _, marker = request.partition(":")
    if count.isdigit() and int(count) == _renames and marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
        while os.path.exists(marker):
            time.sleep(0.02)
