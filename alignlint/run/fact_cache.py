"""The per-file fact cache: phase 1 results stored by file path and content hash.

Entries live in the cache directory (:mod:`alignlint.infra.cache`: layout, authentication, atomic
writes), one per (path, content hash), under ``facts-<version>-s<fact schema>-<extraction key>/``,
sharded by the key's first byte. Each alignlint version, fact schema
(:data:`alignlint.extract.facts.FACTS_SCHEMA`) and extraction setting gets its own namespace
directory, so two versions sharing a cache never read each other's entries. An entry's identity is
the version, fact schema, extraction key, path and content hash.

One file per entry was measured against a single pack file: reading 5,000 entry files from a
warm page cache takes about 50 ms here, while unpickling the facts they hold costs ten times more
(about 0.3 s for the 275 files of the 50-step benchmark library, with the garbage collector paused
by :meth:`FactCache.get_many`; 3 s with it running). A pack file would save only the cheap part,
so the simpler layout was kept.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from alignlint import __version__
from alignlint.core.settings import Settings
from alignlint.extract.facts import FACTS_SCHEMA, FileFacts
from alignlint.infra.atomic_write import remove_stale_temp_files, write_atomically
from alignlint.infra.cache import (
    decode_entry,
    encode_entry,
    make_directory,
    prepare_directory,
    prune_stores,
    read_entry,
    remove_old_entries,
    unusable_reason,
)
from alignlint.infra.gcpause import paused_gc
from alignlint.infra.user_key import user_key

PRUNE_AGE = 30 * 24 * 3600
"""Entries of files a run does not see (another content, another branch, a removed file) are
removed once they are this old (seconds since they were written)."""

PRUNE_INTERVAL = 24 * 3600
"""A namespace is pruned at most this often (seconds), by a run that sees the whole project."""

PRUNE_MARKER = "pruned"
"""The empty file in a namespace whose modification time is when it was last pruned."""


def entry_key(path: str, content_hash: str) -> str:
    """The file name of the entry for ``path`` with content ``content_hash``.

    The path is part of the key because facts carry spans naming their file: two files with the same
    bytes (empty ``__init__.py`` files, copied modules) have different facts.
    """
    return hashlib.sha256(f"{path}\0{content_hash}".encode()).hexdigest()


def namespace_name(settings: Settings) -> str:
    """The directory holding the entries of this alignlint version, fact schema and extraction
    settings."""
    return f"facts-{__version__}-s{FACTS_SCHEMA}-{settings.extraction_key()}"


class FactCache:
    """Phase 1 facts of previously seen files, stored under ``root / settings.cache_dir``.

    ``root`` is the project root; an absolute ``settings.cache_dir`` is used as is. The directory
    is created on the first :meth:`put`. Every method is safe to call from several processes
    sharing the same directory; no method raises because of what is (or is not) in the cache.
    """

    def __init__(self, root: str | Path, settings: Settings) -> None:
        self.directory = Path(root) / settings.cache_dir
        self._namespace = self.directory / namespace_name(settings)
        #: The namespace as text: entries are read by the ten thousand, a ``Path`` built for
        #: each costs more than the read's own system calls.
        self._namespace_text = os.fspath(self._namespace)
        self._identity_prefix = identity_prefix(settings)
        self._prepared = False
        self._shards: set[Path] = set()

    @staticmethod
    def available(root: str | Path, settings: Settings) -> bool:
        """Whether a cache under ``root / settings.cache_dir`` can be used: there is a user key
        to authenticate entries, and the directory is one alignlint may use."""
        return user_key() is not None and unusable_reason(Path(root) / settings.cache_dir) is None

    def get(self, path: str, content_hash: str) -> FileFacts | None:
        """The cached facts of ``path`` with this content, or ``None`` if there is no usable entry."""
        key = entry_key(path, content_hash)
        data = read_entry(f"{self._namespace_text}{os.sep}{key[:2]}{os.sep}{key}")
        return None if data is None else self.decode(path, content_hash, data)

    def decode(self, path: str, content_hash: str, entry: bytes) -> FileFacts | None:
        """The facts in the bytes ``entry`` of the entry for ``path`` with this content, or
        ``None`` when they are not a usable entry for it."""
        facts = decode_entry(entry, self._identity(path, content_hash))
        if not isinstance(facts, FileFacts):
            return None
        if facts.path != path or facts.content_hash != content_hash:
            return None
        return facts

    def get_many(self, keys: Sequence[tuple[str, str]]) -> list[FileFacts | None]:
        """:meth:`get` for every ``(path, content_hash)``, in order, with the collector paused."""
        with paused_gc():
            return [self.get(path, content_hash) for path, content_hash in keys]

    def put(self, path: str, content_hash: str, facts: FileFacts) -> None:
        """Store the facts of ``path`` with this content (atomically; failures are ignored).

        A cache that cannot be written (read-only checkout, full disk) only makes the next run
        slower, so write errors are swallowed rather than reported. Facts with a transient error
        (:attr:`~alignlint.extract.facts.FileFacts.cacheable`) are not stored.
        """
        if not facts.cacheable:
            return
        try:
            data = encode_entry(self._identity(path, content_hash), facts)
        except OSError:
            return
        self.put_entry(path, content_hash, data)

    def put_entry(self, path: str, content_hash: str, data: bytes) -> None:
        """Store the already encoded entry ``data`` of ``path`` (see :func:`extract_entry`)."""
        target = self._entry_path(path, content_hash)
        try:
            self._prepare()
            if target.parent not in self._shards:
                make_directory(target.parent)
                self._shards.add(target.parent)
            write_atomically(target, data)
        except OSError:
            return

    def clear(self) -> None:
        """Remove every entry (of every version) and the cache directory itself."""
        import shutil

        shutil.rmtree(self.directory, ignore_errors=True)
        self._prepared = False
        self._shards.clear()

    def prune(self, live: Iterable[tuple[str, str]], now: float | None = None) -> int | None:
        """Remove the entries of this namespace that are none of ``live`` (every ``(path,
        content hash)`` of the whole project, as a run sees it) and were written more than
        :data:`PRUNE_AGE` ago, and the temporary files of processes that no longer run; and
        what no run has written for as long in the cache's other stores
        (:func:`~alignlint.infra.cache.prune_stores`: other requests' results, the fact
        namespaces of other versions). At most once per :data:`PRUNE_INTERVAL`. Every edit of
        a file adds an entry, so without this the cache would grow for as long as the project
        is edited.

        Returns how many entries were removed, or ``None`` when the namespace was not due (or
        does not exist). Nothing is followed through a symbolic link and only entry names are
        removed; failures are ignored (another run may be pruning or writing the same entries:
        a removed entry is a miss, extracted again).
        """
        now = time.time() if now is None else now
        marker = os.path.join(self._namespace_text, PRUNE_MARKER)
        if unusable_reason(self.directory) is not None:
            return None
        try:
            if not stat.S_ISDIR(os.lstat(self._namespace_text).st_mode):
                return None
        except OSError:
            return None
        try:
            if now - os.lstat(marker).st_mtime < PRUNE_INTERVAL:
                return None
        except FileNotFoundError:
            pass  # never pruned
        except OSError:
            return None
        try:
            write_atomically(Path(marker), b"")
            os.utime(marker, (now, now))
        except OSError:
            return None
        keep = {entry_key(path, content_hash) for path, content_hash in live}
        removed = 0
        try:
            with os.scandir(self._namespace_text) as items:
                shards = [
                    Path(item.path)
                    for item in items
                    if len(item.name) == 2 and item.is_dir(follow_symlinks=False)
                ]
        except OSError:
            return None
        for shard in sorted(shards):
            removed += remove_old_entries(shard, PRUNE_AGE, now, keep)
        remove_stale_temp_files(shards)
        return removed + prune_stores(self.directory, self._namespace.name, PRUNE_AGE, now)

    def _identity(self, path: str, content_hash: str) -> str:
        return f"{self._identity_prefix}{path}\0{content_hash}"

    def _entry_path(self, path: str, content_hash: str) -> Path:
        key = entry_key(path, content_hash)
        return self._namespace / key[:2] / key

    def _prepare(self) -> None:
        """Create the cache directory with its ``.gitignore`` and ``CACHEDIR.TAG`` once per run."""
        if self._prepared:
            return
        prepare_directory(self.directory, self._namespace)
        self._prepared = True


def identity_prefix(settings: Settings) -> str:
    """The start of the identity of every entry written by this version with ``settings``."""
    return f"{__version__}\0{FACTS_SCHEMA}\0{settings.extraction_key()}\0"


def extract_entry(path: str, data: bytes, settings: Settings) -> bytes:
    """Phase 1 for one file, returned as the bytes of its cache entry.

    Bodies of modules that do not look like pipeline pieces are deferred
    (:mod:`alignlint.extract.deferred`). Pool workers run this when the cache is on: the facts are pickled once, into the entry, and
    the parent stores those bytes and unpickles them (:meth:`FactCache.decode`) instead of
    receiving pickled facts and pickling them again for the cache.
    """
    from alignlint.extract import extract_deferring

    facts = extract_deferring(path, data, settings)
    return encode_entry(f"{identity_prefix(settings)}{path}\0{facts.content_hash}", facts)


class FactsOnce:
    """The entries of a fact cache, each read and decoded once: a run that links several parts
    of a project (the units reading a changed file, a neighbourhood as it was and as it is)
    reads many of the same files (the registry, shared bases) for each."""

    def __init__(self, cache: FactCache) -> None:
        self._cache = cache
        self._read: dict[tuple[str, str], FileFacts | None] = {}

    def get(self, path: str, content_hash: str) -> FileFacts | None:
        """:meth:`FactCache.get`, decoded once per run."""
        key = (path, content_hash)
        if key not in self._read:
            self._read[key] = self._cache.get(path, content_hash)
        return self._read[key]
