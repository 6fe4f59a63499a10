"""The cache directory and its authenticated entries (generic: any picklable value).

Layout of a cache directory (``.alignlint_cache/`` by default)::

    .alignlint_cache/
        .gitignore          "*": git never sees the cache
        CACHEDIR.TAG        the standard cache tag (backup tools skip the directory)
        facts-<version>-s<fact schema>-<extraction key>/
            ab/ab12...ef    phase 1 facts per (path, content hash) (:mod:`alignlint.run.fact_cache`)
            pruned          when entries no run saw were last removed
        results-<version>/  the findings of the last whole run (:mod:`alignlint.run.result_cache`)
        units-<version>/    rule findings per unit of a project (:mod:`alignlint.run.unit_results`)
        views-<version>/    rule findings per workspace view (:mod:`alignlint.run.view_results`)
        lastrun-<version>/  the last complete run per request, with its link index
                            (:mod:`alignlint.run.last_run`)
        stat-<version>/     file status -> content hash, per root (:mod:`alignlint.infra.stat_cache`)
        plugins/            the installed rule entry points (:mod:`alignlint.infra.plugins`) and
                            the rule catalogue (:mod:`alignlint.run.rule_catalogue`)

An entry is a small header, the identity, a pickle of the value and an authentication tag::

    magic (8 bytes) | format (u16) | identity length (u32) | payload length (u64)
    identity (utf-8: what the value is, e.g. version, schema, path, content hash) | pickle
    HMAC-SHA256 of everything before it, under the user's key (32 bytes)

Unpickling can run code, and a cache directory may come from the checkout (a committed
``.alignlint_cache/``, or a ``cache-dir`` that points at committed files). So nothing is unpickled
unless its tag verifies under the per-user key (:mod:`alignlint.infra.user_key`), which nobody
who can only write to the repository knows: a forged or foreign entry is a miss, never code run or
a finding changed. Entries are opened without following symbolic links, only when they are regular
files of bounded size (never a FIFO or a device), and a directory that is a symbolic link is
never written through.

Entries are written atomically (:func:`alignlint.infra.atomic_write.write_atomically`: a fresh
temporary file in the same directory, moved into place), so a reader sees either no entry or a
complete one, and two runs writing the same entry at the same time both leave a valid file. They
are not flushed to disk one by one: an entry a crash truncates fails its tag and is a miss. Reading checks the magic, the format, the tag, the
identity and the length: a truncated, corrupted, foreign, forged or stale entry is a cache miss
(the value is computed again and the entry rewritten), never an error.

A cache directory is only used when it is alignlint's (it carries alignlint's ``CACHEDIR.TAG``)
or does not exist yet / is empty: a ``cache-dir`` naming a directory that holds other files is
refused (:func:`unusable_reason`), and :func:`clean` removes a directory only when everything in
it is what alignlint writes there.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import stat
import struct
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from alignlint.core.records import record
from alignlint.infra.atomic_write import TEMP_NAME, write_atomically
from alignlint.infra.user_key import TAG_SIZE, tag, user_key, verify

MAGIC = b"ALNFACTS"
"""The first bytes of every entry."""

FORMAT_VERSION = 3
"""Bumped whenever the entry layout, or the way a value shared by every kind of entry is
pickled, changes (3: spans and facts are rebuilt without their ``__init__``/``__new__``; older
entries are misses, never unpickled by a version that would rebuild them differently)."""

_HEADER = struct.Struct(">8sHIQ")

MAX_ENTRY_SIZE = 256 * 1024 * 1024
"""Larger files in a cache directory are never read (they are no entry alignlint wrote)."""


class CacheUnavailable(OSError):
    """No user key can be read or created, so nothing can be stored in (or read from) a cache."""


GITIGNORE_TEXT = "# Automatically created by alignlint.\n*\n"

CACHEDIR_TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by alignlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def prepare_directory(directory: Path, namespace: Path) -> None:
    """Create the cache ``directory`` with its ``.gitignore`` and ``CACHEDIR.TAG``, and the
    ``namespace`` directory inside it (raises :class:`OSError` when that is impossible, or when
    ``directory`` is not one alignlint may use: see :func:`unusable_reason`)."""
    reason = unusable_reason(directory)
    if reason is not None:
        raise OSError(reason)
    if user_key() is None:
        raise CacheUnavailable("no user key")
    directory.parent.mkdir(parents=True, exist_ok=True)
    make_directory(directory)
    for name, text in ((".gitignore", GITIGNORE_TEXT), ("CACHEDIR.TAG", CACHEDIR_TAG_TEXT)):
        marker = directory / name
        if not _is_regular(marker):
            write_atomically(marker, text.encode())
    for part in reversed(namespace.relative_to(directory).parents[:-1]):
        make_directory(directory / part)
    make_directory(namespace)


def make_directory(path: Path) -> None:
    """Create the directory ``path`` (its parent exists); raise :class:`OSError` when ``path``
    exists as anything but a real directory (a symbolic link is never written through)."""
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    if not stat.S_ISDIR(os.lstat(path).st_mode):
        raise OSError(f"{path} is not a directory")


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def unusable_reason(directory: Path) -> str | None:
    """Why ``directory`` cannot be a cache directory, or None when it can: it is missing, empty,
    or alignlint's own (tagged). A symbolic link, a file, or a directory holding other files is
    refused, so a ``cache-dir`` setting can never make alignlint write into (or ``clean``
    delete) files it did not create."""
    try:
        status = os.lstat(directory)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{directory}: {exc.strerror or exc}"
    if stat.S_ISLNK(status.st_mode):
        return f"{directory} is a symbolic link"
    if not stat.S_ISDIR(status.st_mode):
        return f"{directory} is not a directory"
    if is_cache_directory(directory):
        return None
    try:
        empty = not any(os.scandir(directory))
    except OSError as exc:
        return f"{directory}: {exc.strerror or exc}"
    if not empty:
        return (
            f"{directory} holds files alignlint did not create (it has no alignlint CACHEDIR.TAG)"
        )
    return None


def read_entry(path: str | Path) -> bytes | None:
    """The bytes of the cache file ``path``: a regular file (not followed when it is a symbolic
    link, never a FIFO or device) of at most :data:`MAX_ENTRY_SIZE` bytes; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_SIZE:
            return None
        chunks = []
        remaining = status.st_size + 1
        while remaining > 0 and (chunk := os.read(descriptor, remaining)):
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return data if len(data) <= MAX_ENTRY_SIZE else None


def decode_entry(data: bytes, identity: str) -> object | None:
    """The value stored in entry bytes ``data`` under ``identity``, or ``None`` when the entry is
    truncated, damaged, forged (its tag does not verify under the user's key), of another format
    or stored under another identity. Nothing is unpickled before the tag has verified."""
    key = user_key()
    if key is None or len(data) < _HEADER.size + TAG_SIZE:
        return None
    view = memoryview(data)
    if not verify(key, view[:-TAG_SIZE], view[-TAG_SIZE:]):
        return None
    magic, version, identity_length, payload_length = _HEADER.unpack_from(data)
    if magic != MAGIC or version != FORMAT_VERSION:
        return None
    identity_end = _HEADER.size + identity_length
    if data[_HEADER.size : identity_end] != identity.encode():
        return None
    if len(data) - TAG_SIZE - identity_end != payload_length:
        return None
    try:
        value: object = pickle.loads(view[identity_end:-TAG_SIZE])
    except Exception:  # any unpickling failure (renamed classes) is a miss
        return None
    return value


def encode_entry(identity: str, value: object) -> bytes:
    """The bytes of an entry holding ``value`` under ``identity`` (see the module docstring);
    raises :class:`CacheUnavailable` when there is no user key to sign it with."""
    key = user_key()
    if key is None:
        raise CacheUnavailable("no user key")
    encoded_identity = identity.encode()
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    body = (
        _HEADER.pack(MAGIC, FORMAT_VERSION, len(encoded_identity), len(payload))
        + encoded_identity
        + payload
    )
    return body + tag(key, body)


def load_entry(path: Path, identity: str) -> object | None:
    """The value of the entry at ``path`` under ``identity``; None when there is none, or it is
    damaged, foreign, forged or stale (:func:`read_entry`, :func:`decode_entry`)."""
    data = read_entry(path)
    return decode_entry(data, identity) if data is not None else None


def store_entry(directory: Path, path: Path, identity: str, value: object) -> None:
    """Write ``value`` under ``identity`` at ``path`` inside the cache ``directory``
    (atomically); a cache that cannot be written is left as it is."""
    try:
        data = encode_entry(identity, value)
        prepare_directory(directory, path.parent)
        write_atomically(path, data)
    except OSError:  # CacheUnavailable included
        return


@record
class SlotEntry:
    """The one entry of a *slot* (what a run was asked, as a hash) in the store ``namespace``
    (its kind and alignlint's version, e.g. ``units-1.2.0``) of the cache ``directory``:
    ``<directory>/<namespace>/<slot>``, valid for the code ``inputs`` computing what it holds
    (:mod:`alignlint.run.unit_results`, :mod:`alignlint.run.view_results`)."""

    directory: Path
    namespace: str
    slot: str
    inputs: str

    @property
    def path(self) -> Path:
        return self.directory / self.namespace / self.slot

    @property
    def identity(self) -> str:
        return f"{self.namespace}\0{self.slot}\0{self.inputs}"

    def load(self) -> object | None:
        """The stored value (None: none, or not valid: see :func:`load_entry`)."""
        return load_entry(self.path, self.identity)

    def load_dict(self) -> dict[str, Any]:
        """The stored dict (empty: none, not valid, or not a dict)."""
        value = self.load()
        return value if isinstance(value, dict) else {}

    def store(self, value: object) -> None:
        """Store ``value`` (see :func:`store_entry`)."""
        store_entry(self.directory, self.path, self.identity, value)


#: The stores of a cache directory, each a directory per alignlint version (``results-1.2.0``):
#: one entry per request or root (flat), and the sharded fact namespaces.
_FLAT_STORE = re.compile(r"(results|stat|units|views|lastrun)-[^/]+")
_FACT_STORE = re.compile(r"facts-[^/]+")


def prune_stores(directory: Path, facts: str, age: float, now: float) -> int:
    """Remove from the cache ``directory`` what no run has written for ``age`` seconds (before
    ``now``): the entries of the per-request stores (results, last runs, unit and view
    results, stat caches), and every fact namespace but ``facts`` (the one a run prunes
    entry by entry) whose newest write is that old: an upgrade or a schema change leaves the
    old ones behind. A removed entry is a miss. Symbolic links are never followed; a store
    directory left empty is removed. Returns how many files were removed."""
    import shutil  # not at import time: a warm check removes nothing

    removed = 0
    try:
        with os.scandir(directory) as items:
            stores = sorted(
                (item.name, item.path) for item in items if item.is_dir(follow_symlinks=False)
            )
    except OSError:
        return 0
    for name, path in stores:
        if _FLAT_STORE.fullmatch(name):
            removed += remove_old_entries(path, age, now)
            with contextlib.suppress(OSError):
                os.rmdir(path)  # only when empty
        elif _FACT_STORE.fullmatch(name) and name != facts and _newest_write(path) < now - age:
            files = sum(len(names) for _, _, names in os.walk(path))
            shutil.rmtree(path, ignore_errors=True)
            removed += 0 if os.path.lexists(path) else files
    return removed


def remove_old_entries(
    path: str | Path, age: float, now: float, keep: Collection[str] = frozenset()
) -> int:
    """Remove the entries of the store directory ``path`` (names alignlint gives its entries
    and temporary files; regular files only) that are not in ``keep`` and were last written
    more than ``age`` seconds before ``now``. Returns how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(path))
    except OSError:
        return 0
    for entry in entries:
        if entry.name in keep or not _ENTRY.fullmatch(entry.name):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode) and status.st_mtime < now - age:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _newest_write(namespace: str) -> float:
    """When anything was last written into the fact namespace ``namespace``: an entry written
    into a shard renames it into the shard, which updates the shard's modification time."""
    newest = 0.0
    try:
        newest = os.lstat(namespace).st_mtime
        with os.scandir(namespace) as items:
            for item in items:
                newest = max(newest, item.stat(follow_symlinks=False).st_mtime)
    except OSError:
        return float("inf")  # unknown: kept
    return newest


@record
class CleanResult:
    """What :func:`clean` did: directories removed, and directories left alone (not a cache)."""

    removed: tuple[Path, ...]
    refused: tuple[Path, ...]


def is_cache_directory(directory: Path) -> bool:
    """True when ``directory`` carries the ``CACHEDIR.TAG`` alignlint writes into its caches."""
    data = read_entry(directory / "CACHEDIR.TAG")
    return data == CACHEDIR_TAG_TEXT.encode()


_TOP_LEVEL = re.compile(f"{_FLAT_STORE.pattern}|{_FACT_STORE.pattern}|plugins")
#: Entries (``catalogue-<hash>``: the rule catalogue of one import environment; ``pruned``:
#: when a fact namespace was last pruned) and temporary files (``.tmp-*``: the temporary files
#: of earlier versions).
_ENTRY = re.compile(
    r"[0-9a-f]{16}|[0-9a-f]{64}|catalogue-[0-9a-f]{16}|pruned|\.tmp-.+|"
    + TEMP_NAME.pattern.strip("^$")
)
_SHARD = re.compile(r"[0-9a-f]{2}")


def _holds_only_cache_files(directory: Path) -> bool:
    """Whether everything in ``directory`` is what alignlint writes into a cache directory:
    the two markers, namespaces of entries (sharded for facts), temporary files; no symbolic
    links, nothing else."""

    def entries(path: Path, shards: bool) -> bool:
        for item in os.scandir(path):
            if item.is_symlink():
                return False
            if shards and item.is_dir() and _SHARD.fullmatch(item.name):
                if not entries(Path(item.path), shards=False):
                    return False
            elif not (item.is_file() and _ENTRY.fullmatch(item.name)):
                return False
        return True

    try:
        for item in os.scandir(directory):
            if item.is_symlink():
                return False
            if item.name in (".gitignore", "CACHEDIR.TAG") or _ENTRY.fullmatch(item.name):
                if not item.is_file():
                    return False
            elif item.is_dir() and _TOP_LEVEL.fullmatch(item.name):
                if not entries(Path(item.path), shards=item.name.startswith("facts-")):
                    return False
            else:
                return False
        return (directory / ".gitignore").read_text(encoding="utf-8") == GITIGNORE_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def clean(paths: Iterable[str | Path]) -> CleanResult:
    """Remove the given cache directories (``alignlint clean``).

    A directory is removed only when it carries alignlint's ``CACHEDIR.TAG`` and holds nothing
    but what alignlint writes there; anything else (a mistyped ``--cache-dir``, a ``cache-dir``
    setting that names a directory of the project, a symbolic link) is refused and left alone.
    Missing directories are skipped silently.
    """
    import shutil

    removed: list[Path] = []
    refused: list[Path] = []
    for path in sorted({Path(p) for p in paths}):
        if not os.path.lexists(path):
            continue
        if (
            not path.is_symlink()
            and path.is_dir()
            and is_cache_directory(path)
            and _holds_only_cache_files(path)
        ):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        else:
            refused.append(path)
    return CleanResult(tuple(removed), tuple(refused))
