"""Writing fixed files: never over a change saved since the analysis read them.

Each file is replaced atomically (:func:`alignlint.infra.atomic_write.write_atomically`: a
temporary file in its own directory, named ``.<name>.<pid>.<token>.alignlint-tmp`` so it can never
be mistaken for a source, flushed to disk, given the original's permission bits (and owner, where
allowed), then renamed over the original). A run killed at any moment therefore leaves every file
either entirely old or entirely new; a temporary file left behind by a killed run is removed by
the next run (:func:`~alignlint.infra.atomic_write.remove_stale_temp_files`).

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
import time
from pathlib import Path

from alignlint.core.source import ReadFailure, read_source
from alignlint.fix.store import digest, is_read_only
from alignlint.infra import atomic_write

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

    def unchanged_since_read() -> None:
        _pause_if_asked()
        late = refusal(file, expected_digest)
        if late is not None:
            raise WriteRefused(late)

    try:
        atomic_write.write_atomically(
            target, data, like=target.stat(), durable=True, before_rename=unchanged_since_read
        )
    except OSError as error:
        raise WriteRefused(f"cannot be written: {error.strerror or error}") from None


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
