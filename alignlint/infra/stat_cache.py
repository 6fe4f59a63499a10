"""The stat cache: a file's status -> the sha256 of its bytes, so a warm run neither reads nor
hashes the files that did not change.

A file's status is ``(size, mtime_ns, ctime_ns, inode, device)`` (what git's index keeps). When a
file's status is the one recorded, its recorded hash is used without reading it, except when the
entry is *racy* (git's rule for racy timestamps): a file whose ``mtime`` or ``ctime`` is not
older than the moment its entry's run started may have been changed again within the same
timestamp tick after it was read, with a status that does not show it. Such a file is read and
hashed every time until its timestamps are older than a run's start.

The start of a run is read from the file system's own clock, not the process's: a probe file is
created in the cache directory and its ``mtime`` taken, so coarse file system timestamps (a jiffy,
a second, two seconds) and a clock that lags the process clock are compared with like. A file on
another device than the cache directory (another file system, perhaps with other timestamps) is
never trusted from its status.

One entry per project root (``stat-<version>/<sha256 of the root>``), authenticated like every
cache entry (:mod:`alignlint.infra.cache`): a forged or damaged entry is a miss, never a hash
believed. Nothing here raises because of what is (or is not) in the cache.

The entry is compact, because a warm run of a large project decodes it before anything else:
the paths as one string, the statuses as one packed array of integers and the hashes as one
array of raw digests (a few flat objects to unpickle instead of three per file; tens of
thousands of files decode in milliseconds). A file's status and hash are taken out of the arrays
only when the run asks for that file.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
from dataclasses import field
from pathlib import Path

from alignlint import __version__
from alignlint.core.records import record
from alignlint.infra.atomic_write import TEMP_SUFFIX, write_atomically
from alignlint.infra.cache import (
    decode_entry,
    encode_entry,
    prepare_directory,
    read_entry,
    unusable_reason,
)
from alignlint.infra.user_key import user_key

#: ``(size, mtime_ns, ctime_ns, inode, device)`` of a file.
Status = tuple[int, int, int, int, int]


def status_of(result: os.stat_result) -> Status:
    """The part of a ``stat`` result that says whether a file changed."""
    return (result.st_size, result.st_mtime_ns, result.st_ctime_ns, result.st_ino, result.st_dev)


#: A status packed: size, mtime, ctime (signed: a time may predate 1970), inode, device.
_PACKED_STATUS = struct.Struct("<QqqQQ")
_DIGEST_SIZE = 32
#: The layout of :class:`StatRecord`, part of an entry's identity (an older layout is a miss).
_FORMAT = 2


@record
class StatRecord:
    """What an entry holds: when its run started (file system clock, ``started_ns`` on device
    ``device``) and, per path (``paths``, sorted, joined by NUL), the status the file had
    (packed in ``statuses``) and the sha256 of the bytes read (raw, in ``digests``), in the
    order of the paths."""

    started_ns: int
    device: int
    paths: str
    statuses: bytes
    digests: bytes

    def entries(self) -> list[str]:
        """The paths, in order (empty when the record is inconsistent)."""
        if not self.paths:
            return []
        names = self.paths.split("\0")
        count = len(names)
        if (
            len(self.statuses) != count * _PACKED_STATUS.size
            or len(self.digests) != count * _DIGEST_SIZE
        ):
            return []
        return names

    def status(self, index: int) -> Status:
        """The status recorded for the path at ``index``."""
        result: Status = _PACKED_STATUS.unpack_from(self.statuses, index * _PACKED_STATUS.size)
        return result

    def digest(self, index: int) -> bytes:
        """The raw sha256 recorded for the path at ``index``."""
        return self.digests[index * _DIGEST_SIZE : (index + 1) * _DIGEST_SIZE]


def _record(started_ns: int, device: int, rows: dict[str, tuple[bytes, bytes]]) -> StatRecord:
    """The record of ``rows`` (path -> packed status, raw sha256), in the order of the paths."""
    ordered = sorted(rows)
    return StatRecord(
        started_ns,
        device,
        "\0".join(ordered),
        b"".join(rows[path][0] for path in ordered),
        b"".join(rows[path][1] for path in ordered),
    )


def _packable(status: Status) -> bool:
    try:
        _PACKED_STATUS.pack(*status)
    except struct.error:  # a value out of the packed range: such a file is not recorded
        return False
    return True


def trusted(recorded: Status, current: Status, started_ns: int, device: int) -> bool:
    """Whether a file whose status is ``current`` still has the bytes hashed when its status
    was ``recorded``, in a run that started at ``started_ns`` on ``device``: the status is the
    same, the file is on the cache's device, and neither timestamp is racy."""
    _, mtime_ns, ctime_ns, _, file_device = current
    return (
        recorded == current
        and file_device == device
        and mtime_ns < started_ns
        and ctime_ns < started_ns
    )


def _settled(recorded: Status, started_ns: int) -> bool:
    """Whether an entry was not racy when recorded: then it stays valid under a later start (an
    entry that was racy must not become trusted only because a later run started later)."""
    return recorded[1] < started_ns and recorded[2] < started_ns


@record(frozen=False)
class StatCache:
    """The recorded hashes of one project root's files under the cache ``directory``.

    Use: :meth:`start` before the first ``stat`` of the run, :meth:`known` for each file,
    :meth:`record` for each file read and hashed, :meth:`save` at the end.
    """

    directory: Path
    root: Path
    _previous: StatRecord | None = None
    #: Path -> index in the previous record.
    _index: dict[str, int] = field(default_factory=dict)
    _started: tuple[int, int] | None = None
    #: What this run read and hashed: path -> (status, raw sha256).
    _files: dict[str, tuple[Status, bytes]] = field(default_factory=dict)
    _changed: bool = False

    @property
    def _namespace(self) -> Path:
        return self.directory / f"stat-{__version__}"

    @property
    def _entry(self) -> Path:
        key = hashlib.sha256(os.fsencode(self.root.resolve())).hexdigest()
        return self._namespace / key

    def _identity(self) -> str:
        return f"{__version__}\0stat {_FORMAT}\0{os.fsdecode(os.fsencode(self.root.resolve()))}"

    @staticmethod
    def available(directory: Path) -> bool:
        """Whether the cache ``directory`` can be used (a user key exists, the directory is one
        alignlint may use)."""
        return user_key() is not None and unusable_reason(directory) is None

    def start(self) -> bool:
        """Load the previous entry and read the file system clock (the probe); False when the
        clock cannot be read (then nothing is trusted and nothing saved)."""
        data = read_entry(self._entry)
        value = decode_entry(data, self._identity()) if data is not None else None
        if isinstance(value, StatRecord):
            self._previous = value
            self._index = {path: index for index, path in enumerate(value.entries())}
        self._started = self._probe()
        return self._started is not None

    def _probe(self) -> tuple[int, int] | None:
        """``(mtime_ns, device)`` of a file created now in the cache directory."""
        try:
            prepare_directory(self.directory, self._namespace)
            name = f".probe.{os.getpid()}.{os.urandom(8).hex()}{TEMP_SUFFIX}"
            probe = self._namespace / name
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            descriptor = os.open(probe, flags, 0o600)
            try:
                result = os.fstat(descriptor)
            finally:
                os.close(descriptor)
                os.unlink(probe)
        except OSError:
            return None
        return result.st_mtime_ns, result.st_dev

    def known(self, relative: str, result: os.stat_result) -> str | None:
        """The hash of ``relative``'s bytes when its status ``result`` proves them unchanged
        since they were hashed (see :func:`trusted`), else None (read and hash the file)."""
        previous, started = self._previous, self._started
        if previous is None or started is None or not stat.S_ISREG(result.st_mode):
            return None
        index = self._index.get(relative)
        if index is None:
            return None
        if not trusted(
            previous.status(index), status_of(result), previous.started_ns, previous.device
        ):
            return None
        return previous.digest(index).hex()

    def record(self, relative: str, result: os.stat_result, digest: str) -> None:
        """Remember that ``relative`` had the bytes hashing to ``digest`` when its status was
        ``result`` (taken before the bytes were read)."""
        status = status_of(result)
        if stat.S_ISREG(result.st_mode) and _packable(status):
            self._files[relative] = (status, bytes.fromhex(digest))
            self._changed = True

    def save(self) -> None:
        """Store what this run recorded (atomically; failures ignored). Skipped when every
        file was known, so an unchanged project writes nothing. The files this run did not read
        keep their entries (those it trusted, and those of files a run on some paths did not
        look at), unless they were racy."""
        if self._started is None or not self._changed:
            return
        started_ns, device = self._started
        # Path -> (packed status, raw sha256): the previous entries kept as they are packed.
        rows: dict[str, tuple[bytes, bytes]] = {}
        previous = self._previous
        if previous is not None and self._index:  # (an inconsistent record has no entries)
            size, statuses, digests = _PACKED_STATUS.size, previous.statuses, previous.digests
            unpacked = _PACKED_STATUS.iter_unpack(statuses)
            for index, (relative, recorded) in enumerate(zip(self._index, unpacked, strict=True)):
                if relative not in self._files and _settled(recorded, previous.started_ns):
                    rows[relative] = (
                        statuses[index * size : (index + 1) * size],
                        digests[index * _DIGEST_SIZE : (index + 1) * _DIGEST_SIZE],
                    )
        for relative, (status, digest) in self._files.items():
            rows[relative] = (_PACKED_STATUS.pack(*status), digest)
        try:
            data = encode_entry(self._identity(), _record(started_ns, device, rows))
            prepare_directory(self.directory, self._namespace)
            write_atomically(self._entry, data)
        except OSError:
            return
