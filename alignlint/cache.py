"""The per-file fact cache: phase 1 results stored by file path and content hash.

Layout of a cache directory (``.alignlint_cache/`` by default)::

    .alignlint_cache/
        .gitignore          "*": git never sees the cache
        CACHEDIR.TAG        the standard cache tag (backup tools skip the directory)
        facts-<version>-s<fact schema>-<extraction key>/
            ab/ab12...ef    one entry per (path, content hash), sharded by the key's first byte
        results-<version>/  the findings of the last whole run (:mod:`alignlint.result_cache`)
        plugins/            the installed rule entry points (:mod:`alignlint.plugins`)

Each alignlint version, fact schema (:data:`alignlint.facts.FACTS_SCHEMA`) and extraction setting
gets its own namespace directory, so two versions sharing a cache never read each other's entries. An entry is a small header followed by a
pickle of the file's facts::

    magic (8 bytes) | format (u16) | identity length (u32) | payload length (u64) | crc32 (u32)
    identity (utf-8: version, fact schema, extraction key, path, content hash) | pickle payload

Writes go to a temporary file in the same directory and are moved into place with
:func:`os.replace`, so a reader sees either no entry or a complete one, and two runs writing the same
entry at the same time both leave a valid file. Reading checks the magic, the format, the identity,
the length and the checksum, and unpickles defensively: a truncated, corrupted, foreign or
stale entry is a cache miss (the file is extracted again and the entry rewritten), never an error.

One file per entry was measured against a single pack file: reading 5,000 entry files from a
warm page cache takes about 50 ms here, while unpickling the facts they hold costs ten times more
(about 0.3 s for the 275 files of the 50-step benchmark library, with the garbage collector paused
by :meth:`FactCache.get_many`; 3 s with it running). A pack file would save only the cheap part,
so the simpler layout was kept.
"""

from __future__ import annotations

import _thread
import hashlib
import itertools
import os
import pickle
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from alignlint import __version__
from alignlint.facts import FACTS_SCHEMA, FileFacts
from alignlint.gcpause import paused_gc
from alignlint.settings import Settings

MAGIC = b"ALNFACTS"
"""The first bytes of every entry."""

FORMAT_VERSION = 1
"""Bumped whenever the entry layout (not the facts) changes."""

_HEADER = struct.Struct(">8sHIQI")

GITIGNORE_TEXT = "# Automatically created by alignlint.\n*\n"

CACHEDIR_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by alignlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)

_temp_counter = itertools.count()


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
        self._identity_prefix = identity_prefix(settings)
        self._prepared = False
        self._shards: set[Path] = set()

    def get(self, path: str, content_hash: str) -> FileFacts | None:
        """The cached facts of ``path`` with this content, or ``None`` if there is no usable entry."""
        try:
            data = self._entry_path(path, content_hash).read_bytes()
        except OSError:
            return None
        return self.decode(path, content_hash, data)

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
        slower, so write errors are swallowed rather than reported.
        """
        self.put_entry(path, content_hash, encode_entry(self._identity(path, content_hash), facts))

    def put_entry(self, path: str, content_hash: str, data: bytes) -> None:
        """Store the already encoded entry ``data`` of ``path`` (see :func:`extract_entry`)."""
        target = self._entry_path(path, content_hash)
        try:
            self._prepare()
            if target.parent not in self._shards:
                target.parent.mkdir(exist_ok=True)
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

    Pool workers run this when the cache is on: the facts are pickled once, into the entry, and
    the parent stores those bytes and unpickles them (:meth:`FactCache.decode`) instead of
    receiving pickled facts and pickling them again for the cache.
    """
    from alignlint.extract import extract_file

    facts = extract_file(path, data, settings)
    return encode_entry(f"{identity_prefix(settings)}{path}\0{facts.content_hash}", facts)


def prepare_directory(directory: Path, namespace: Path) -> None:
    """Create the cache ``directory`` with its ``.gitignore`` and ``CACHEDIR.TAG``, and the
    ``namespace`` directory inside it (raises :class:`OSError` when that is impossible)."""
    namespace.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", GITIGNORE_TEXT), ("CACHEDIR.TAG", CACHEDIR_TAG_TEXT)):
        marker = directory / name
        if not marker.is_file():
            write_atomically(marker, text.encode())


def decode_entry(data: bytes, identity: str) -> object | None:
    """The value stored in entry bytes ``data`` under ``identity``, or ``None`` when the entry is
    truncated, damaged, of another format or stored under another identity."""
    if len(data) < _HEADER.size:
        return None
    magic, version, identity_length, payload_length, checksum = _HEADER.unpack_from(data)
    if magic != MAGIC or version != FORMAT_VERSION:
        return None
    identity_end = _HEADER.size + identity_length
    if data[_HEADER.size : identity_end] != identity.encode():
        return None
    payload = data[identity_end:]
    if len(payload) != payload_length or zlib.crc32(payload) != checksum:
        return None
    try:
        value: object = pickle.loads(payload)
    except Exception:  # any unpickling failure (renamed classes, damage) is a miss
        return None
    return value


def encode_entry(identity: str, value: object) -> bytes:
    """The bytes of an entry holding ``value`` under ``identity`` (see the module docstring)."""
    encoded_identity = identity.encode()
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    header = _HEADER.pack(
        MAGIC, FORMAT_VERSION, len(encoded_identity), len(payload), zlib.crc32(payload)
    )
    return header + encoded_identity + payload


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to a fresh temporary file beside ``target``, then move it into place."""
    temporary = target.with_name(
        f".tmp-{os.getpid()}-{_thread.get_ident()}-{next(_temp_counter)}-{target.name}"
    )
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class CleanResult:
    """What :func:`clean` did: directories removed, and directories left alone (not a cache)."""

    removed: tuple[Path, ...]
    refused: tuple[Path, ...]


def is_cache_directory(directory: Path) -> bool:
    """True when ``directory`` carries the ``CACHEDIR.TAG`` alignlint writes into its caches."""
    try:
        return (directory / "CACHEDIR.TAG").read_text(encoding="utf-8") == CACHEDIR_TAG_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def clean(paths: Iterable[str | Path]) -> CleanResult:
    """Remove the given cache directories (``alignlint clean``).

    A directory that exists but does not carry alignlint's ``CACHEDIR.TAG`` is refused, so a
    mistyped ``--cache-dir`` never deletes user files. Missing directories are skipped silently.
    """
    import shutil

    removed: list[Path] = []
    refused: list[Path] = []
    for path in sorted({Path(p) for p in paths}):
        if not path.exists():
            continue
        if path.is_dir() and is_cache_directory(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        else:
            refused.append(path)
    return CleanResult(tuple(removed), tuple(refused))
