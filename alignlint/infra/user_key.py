"""The per-user secret that authenticates cache entries.

Cache entries hold pickles, and unpickling runs whatever code the pickle names. A cache directory
can come from the checkout (a committed ``.alignlint_cache/``, or a ``cache-dir`` setting that
points at committed files), so an entry is only unpickled when it carries a valid HMAC-SHA256 tag
under a key that only this user has: 32 random bytes in ``<user cache directory>/alignlint/key``,
created on first use with mode 0600. Nobody who can only write to the repository can forge a tag,
so a committed entry can neither run code nor change a finding; it is a cache miss.

The key file is the one file alignlint writes outside the project. The user cache directory is
``$XDG_CACHE_HOME`` (default ``~/.cache``) on POSIX systems and ``%LOCALAPPDATA%`` on Windows;
``ALIGNLINT_KEY_FILE`` names another file (for CI runners that keep their cache between runs).
When no key can be read or created, the caches are not used at all.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from functools import lru_cache
from pathlib import Path

from alignlint.infra.user_dirs import user_file

KEY_SIZE = 32
TAG_SIZE = hashlib.sha256().digest_size

KEY_FILE_VARIABLE = "ALIGNLINT_KEY_FILE"


def key_file() -> Path | None:
    """Where this user's key lives (see the module docstring), or None without a home."""
    return user_file(KEY_FILE_VARIABLE, "LOCALAPPDATA", "XDG_CACHE_HOME", ".cache", "key")


def _read_key(path: Path) -> bytes | None:
    """The key in ``path``: a regular file of exactly :data:`KEY_SIZE` bytes, else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size != KEY_SIZE:
            return None
        data = os.read(descriptor, KEY_SIZE + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return data if len(data) == KEY_SIZE else None


def _create_key(path: Path) -> None:
    """Write a fresh key to ``path``, replacing a damaged one; a concurrent creator may win."""
    import secrets

    from alignlint.infra.atomic_write import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:  # never replaces a key another process just created
        write_atomically(path, secrets.token_bytes(KEY_SIZE), mode=0o600, replace=False)
    except FileExistsError:
        if _read_key(path) is None:  # damaged (empty, truncated): replace it
            write_atomically(path, secrets.token_bytes(KEY_SIZE), mode=0o600)


@lru_cache(maxsize=1)
def user_key() -> bytes | None:
    """This user's key, created on first use; None when it can be neither read nor created."""
    path = key_file()
    if path is None:
        return None
    key = _read_key(path)
    if key is not None:
        return key
    try:
        _create_key(path)
    except OSError:
        return None
    return _read_key(path)


def tag(key: bytes, data: bytes | memoryview) -> bytes:
    """The HMAC-SHA256 of ``data`` under ``key``."""
    return hmac.digest(key, data, "sha256")


def verify(key: bytes, data: bytes | memoryview, expected: bytes | memoryview) -> bool:
    """Whether ``expected`` is the tag of ``data`` under ``key`` (constant-time comparison)."""
    return hmac.compare_digest(tag(key, data), bytes(expected))
