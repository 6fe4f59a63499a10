"""Replacing a file atomically: the one way alignlint writes a file it keeps (a cache entry, a
fixed source file, an output file or baseline the user names, the user key).

The data goes to a fresh temporary file in the target's directory, named
``.<name>.<pid>.<token>.alignlint-tmp``, created exclusively and never through a symbolic link
(``O_CREAT | O_EXCL | O_NOFOLLOW``: a link or file planted at that name makes the write fail, it
is never written through). The temporary file is written in full, given its permission bits
(those of the file it replaces, with ``like``; else ``mode``, less the umask) and, with
``durable``, flushed to disk; then it is renamed over the target with :func:`os.replace`, which
replaces the directory entry itself: a symbolic link at the target is replaced, never followed.
A reader therefore sees the old file or the new one, never a mixture, and a run killed at any
moment leaves at most a temporary file, which :func:`remove_stale_temp_files` deletes once its
process is gone.

A caller that must not overwrite a change made since it read the file (the fixer) passes
``before_rename``: it runs after the temporary file is complete, immediately before the rename,
and when it raises, the temporary file is removed and the target is left untouched. With
``replace=False`` an existing target is never replaced (:class:`FileExistsError`): the file is
created only when absent, even against a concurrent creator.

What lies on the way to the target (its directories) is the caller's to check: the repository
boundary for files the user names (:mod:`alignlint.infra.output_file`), the cache directory's own
checks (:mod:`alignlint.infra.cache`), the source store for fixed files.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

TEMP_SUFFIX = ".alignlint-tmp"
TEMP_NAME = re.compile(r"^\..+\.(?P<pid>[0-9]+)\.[0-9a-f]+" + re.escape(TEMP_SUFFIX) + "$")

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
#: A temporary name is 16 random hex digits: taken only by a stale file of a reused pid.
_ATTEMPTS = 4


def write_atomically(
    target: Path,
    data: bytes,
    *,
    like: os.stat_result | None = None,
    mode: int = 0o666,
    durable: bool = False,
    before_rename: Callable[[], None] | None = None,
    replace: bool = True,
) -> None:
    """Replace ``target`` (a path whose directory exists) with ``data``; see the module docstring.

    ``like`` (the replaced file's ``stat``) gives the new file the same permission bits and,
    where allowed, owner; otherwise the file gets ``mode`` less the umask. ``durable`` flushes the
    file and its directory to disk. Raises :class:`OSError` (the target unchanged), or whatever
    ``before_rename`` raises.
    """
    temporary, descriptor = _create_temporary(target, 0o600 if like is not None else mode)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            if like is not None:
                _copy_permissions(descriptor, temporary, like)
            if durable:
                os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if before_rename is not None:
            before_rename()
        if replace:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)
            finally:
                _remove_quietly(temporary)
    except BaseException:
        _remove_quietly(temporary)
        raise
    if durable:
        _sync_directory(target.parent)


def remove_stale_temp_files(directories: Iterable[Path]) -> tuple[Path, ...]:
    """Delete the temporary files left in ``directories`` by processes that no longer run."""
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


def _create_temporary(target: Path, mode: int) -> tuple[Path, int]:
    import secrets  # not at import time: a warm check writes nothing

    for attempt in range(_ATTEMPTS):
        name = f".{target.name}.{os.getpid()}.{secrets.token_hex(8)}{TEMP_SUFFIX}"
        temporary = target.with_name(name)
        try:
            return temporary, os.open(temporary, _CREATE, mode)
        except FileExistsError:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _copy_permissions(descriptor: int, temporary: Path, like: os.stat_result) -> None:
    if hasattr(os, "fchown"):
        info = os.fstat(descriptor)
        if (like.st_uid, like.st_gid) != (info.st_uid, info.st_gid):
            try:
                os.fchown(descriptor, like.st_uid, like.st_gid)
            except OSError:
                pass  # another user's file: it becomes ours, with its permission bits
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, stat.S_IMODE(like.st_mode))
    else:  # pragma: no cover - Windows
        os.chmod(temporary, stat.S_IMODE(like.st_mode))


def _sync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


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
