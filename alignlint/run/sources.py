"""Reading a run's files: their sha256 hashes (or why they cannot be read), and their bytes
when something needs them.

A file is read once to be hashed and its bytes are dropped: what extracts it later reads it
again, one file at a time (:mod:`alignlint.run.extract_files`), so the bytes of a large project
are never all in memory at once. With a stat cache (:mod:`alignlint.infra.stat_cache`), a file
whose status proves it unchanged since it was hashed is not even read: only its hash is known.
Either way its bytes are read when something needs them (a fact cache miss), and a file that
changed in between gets the hash of the bytes read then.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.source import DecodeFailure, ReadFailure, decode_source
from alignlint.infra.stat_cache import StatCache
from alignlint.run.discover import SourceFile

if TYPE_CHECKING:
    from alignlint.extract.deferred import DeferredFile
    from alignlint.extract.facts import FileFacts


T = TypeVar("T")


@record(frozen=False)
class Sources:
    """File hashes, in the order of the files, and the bytes of the files that are in memory
    (an overlay's, or read for a reason; dropped after extraction)."""

    #: Readable files' paths, in order (their bytes are in :attr:`data` or on disk).
    readable: list[str] = field(default_factory=list)
    data: dict[str, bytes] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    #: Files that could not be read: path -> why (reported as ALN002; never extracted).
    unreadable: dict[str, str] = field(default_factory=dict)
    #: Readable files whose bytes are not in :attr:`data`: where to read them.
    unread: dict[str, SourceFile] = field(default_factory=dict)
    #: The size in bytes of each file of :attr:`unread` (when it was hashed or stat'ed).
    sizes: dict[str, int] = field(default_factory=dict)
    #: Files whose hash the stat cache vouched for: not read by this run to hash them.
    vouched: set[str] = field(default_factory=set)
    max_size: int | None = None

    def only(self, paths: list[str]) -> Sources:
        """These sources restricted to the readable ``paths`` (what is read or found unreadable
        through the result is recorded here too: the mappings are shared)."""
        return Sources(
            readable=paths,
            data=self.data,
            hashes=self.hashes,
            unreadable=self.unreadable,
            unread=self.unread,
            sizes=self.sizes,
            vouched=self.vouched,
            max_size=self.max_size,
        )

    def payload(self, path: str) -> bytes | SourceFile:
        """What extracting the readable file ``path`` starts from: its bytes when they are in
        memory, else the file to read them from."""
        data = self.data.get(path)
        return data if data is not None else self.unread[path]

    def size(self, path: str) -> int:
        """The size in bytes of the readable file ``path`` (as last seen)."""
        data = self.data.get(path)
        return len(data) if data is not None else self.sizes.get(path, 0)

    def settle(self, path: str, outcome: tuple[str, T] | ReadFailure) -> T | None:
        """The result of reading and processing the file ``path`` again (``outcome``: the
        sha256 of the bytes read and the result, or why it could not be read), with the hash
        recorded (a file that changed since it was hashed gets the new one); None when the
        file can no longer be read (it becomes unreadable)."""
        if isinstance(outcome, ReadFailure):
            self.unread.pop(path, None)
            self.mark_unreadable(path, outcome.reason)
            return None
        digest, result = outcome
        self.hashes[path] = digest
        return result

    def data_of(self, path: str) -> bytes | None:
        """The bytes of the readable file ``path``, read now when only its hash was known; when
        they no longer hash to the known hash (the file changed during the run), the hash is
        updated; when the file can no longer be read, it becomes unreadable (None)."""
        if path in self.data:
            return self.data[path]
        file = self.unread.pop(path)
        data = file.read(self.max_size)
        if isinstance(data, ReadFailure):
            self.mark_unreadable(path, data.reason)
            return None
        self.hashes[path] = hashlib.sha256(data).hexdigest()
        self.data[path] = data
        return data

    def mark_unreadable(self, path: str, reason: str) -> None:
        """Record that ``path`` cannot be read, and why."""
        self.unreadable[path] = reason
        if path in self.readable:
            self.readable.remove(path)
        # The reason is the "content": the result cache sees a change when it changes.
        payload = f"unreadable\0{reason}".encode()
        self.hashes[path] = hashlib.sha256(payload).hexdigest()


def stat_cache_for(root: Path, settings: Settings) -> StatCache | None:
    """The stat cache of ``root`` when the cache directory is usable, else None."""
    cache = StatCache(root / settings.cache_dir, root)
    return cache if StatCache.available(cache.directory) and cache.start() else None


def read_sources(
    files: Sequence[SourceFile],
    overlay: Mapping[str, bytes],
    max_size: int | None = None,
    stat_cache: StatCache | None = None,
) -> Sources:
    """The bytes and hashes of ``files`` (``overlay`` replaces the content of some by path);
    with ``stat_cache``, unchanged files are only stat'ed (see the module doc)."""
    sources = Sources(max_size=max_size)
    for file in files:
        path = file.relative
        if path in overlay:
            _add(sources, path, overlay[path])
            continue
        status = _status(file, max_size) if stat_cache is not None else None
        if stat_cache is not None and status is not None:
            digest = stat_cache.known(path, status)
            if digest is not None:
                _add_unread(sources, file, digest, status.st_size)
                sources.vouched.add(path)
                continue
        data = file.read(max_size)
        if isinstance(data, ReadFailure):
            sources.mark_unreadable(path, data.reason)
            continue
        digest = hashlib.sha256(data).hexdigest()
        _add_unread(sources, file, digest, len(data))
        if stat_cache is not None and status is not None:
            stat_cache.record(path, status, digest)
    if stat_cache is not None:
        stat_cache.save()
    return sources


def _add(sources: Sources, path: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    sources.readable.append(path)
    sources.data[path] = data
    sources.hashes[path] = digest
    return digest


def _add_unread(sources: Sources, file: SourceFile, digest: str, size: int) -> None:
    path = file.relative
    sources.readable.append(path)
    sources.hashes[path] = digest
    sources.unread[path] = file
    sources.sizes[path] = size


def _status(file: SourceFile, max_size: int | None) -> os.stat_result | None:
    """The status of a regular file the stat cache may answer for (taken before its bytes are
    read), else None: the file is read as usual and any failure reported as usual."""
    if file.problem is not None:
        return None
    try:
        result = os.stat(file.location)
    except OSError:
        return None
    if not stat.S_ISREG(result.st_mode) or (max_size is not None and result.st_size > max_size):
        return None
    return result


class TextsOnDemand(Mapping[str, str]):
    """Decoded file texts, read (from the overlay, else the disk) only when asked for."""

    def __init__(
        self,
        files: Sequence[SourceFile],
        overlay: Mapping[str, bytes],
        max_size: int | None = None,
    ) -> None:
        self._files = {file.relative: file for file in files}
        self._overlay = overlay
        self._max_size = max_size
        self._texts: dict[str, str | None] = {}
        #: Every path whose text was asked for (:mod:`alignlint.run.last_run`).
        self.read: set[str] = set()

    def __getitem__(self, path: str) -> str:
        self.read.add(path)
        if path not in self._texts:
            self._texts[path] = self._load(path)
        text = self._texts[path]
        if text is None:
            raise KeyError(path)
        return text

    def _load(self, path: str) -> str | None:
        file = self._files.get(path)
        if file is None:
            return None
        data = self._overlay[path] if path in self._overlay else file.read(self._max_size)
        if isinstance(data, ReadFailure):
            return None
        decoded = decode_source(data)
        return None if isinstance(decoded, DecodeFailure) else decoded.text

    def __iter__(self) -> Iterator[str]:
        return (path for path in self._files if path in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.get(path) is not None


def install_deferred_sources(
    facts: Sequence[FileFacts], sources: Sources, settings: Settings
) -> list[DeferredFile]:
    """Let the deferred bodies of ``facts`` be scanned when read (see
    :mod:`alignlint.extract.deferred`): the bytes of their files are kept (the other files'
    bytes are dropped after extraction), or read when only their hash was known. Returns the
    files whose bodies are deferred (which were read is known after the run)."""
    from alignlint.extract.deferred import attach_sources

    data = sources.data
    kept: dict[str, bytes] = {}
    unread = sources.unread
    max_size = sources.max_size

    def load(path: str) -> bytes | None:
        if path in kept:
            return kept[path]
        file = unread.get(path)
        read = file.read(max_size) if file is not None else None
        return read if isinstance(read, bytes) else None

    attached = attach_sources(facts, settings, load)
    for file in attached:
        if file.path in data:
            kept[file.path] = data[file.path]
    return attached
