"""Where rule plugins are found: the ``alignlint.rules`` entry points, remembered between runs.

Asking :mod:`importlib.metadata` for the entry points of a group costs about 30 ms on every run
(importing it pulls in ``email``, ``zipfile``, ``csv`` and ``socket``; then every distribution's
metadata is scanned): a tenth of a pre-commit run on a warm cache. So the answer is stored in the
cache directory together with a fingerprint of what it depends on, and reused while the
fingerprint holds:

* the Python version and ``sys.path``;
* the names of the ``*.dist-info`` / ``*.egg-info`` directories in every ``sys.path`` directory
  (installing, upgrading or removing a distribution adds, renames or removes one);
* the size and modification time of the ``entry_points.txt`` in each of them (reinstalling, or
  an in-place edit of a plugin's entry points), and of every ``sys.path`` entry that is a file.

Directory modification times are deliberately left out: ``sys.path`` often starts with the
project directory, which changes whenever a file is saved there.

Computing the fingerprint takes a directory listing and a stat call per distribution (about a
millisecond for a hundred installed distributions). A missing, damaged or stale record means
asking :mod:`importlib.metadata` again and rewriting the record; an unwritable cache directory
is not an error.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import sys
from functools import reduce
from pathlib import Path
from typing import TypeGuard

from alignlint.infra.atomic_write import write_atomically
from alignlint.infra.cache import (
    decode_entry,
    encode_entry,
    prepare_directory,
    read_entry,
)

#: The entry-point group rules are registered under (built-in families and plugins alike).
RULES_GROUP = "alignlint.rules"

EntryPoint = tuple[str, str]
"""``(name, value)`` of one entry point, e.g. ``("script_contract", "pkg.rules:RULES")``."""

_VALUE = re.compile(r"^(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?(\[.*\]\s*)?$")
"""The object reference syntax of entry points (as :class:`importlib.metadata.EntryPoint`)."""

_METADATA_SUFFIXES = (".dist-info", ".egg-info")


def environment_fingerprint() -> str:
    """A hash of everything the installed entry points depend on (see the module docstring)."""
    digest = hashlib.sha256(f"{sys.version}\0{sys.implementation.cache_tag}\n".encode())
    for entry in sys.path:
        directory = entry or "."
        try:
            names = sorted(os.listdir(directory))
        except OSError:  # a zip file, a missing or unreadable directory
            digest.update(f"{entry}\0{_file_state(directory)}\n".encode())
            continue
        digest.update(f"{entry}\0directory\n".encode())
        for name in names:
            if name.endswith(_METADATA_SUFFIXES):
                state = _file_state(os.path.join(directory, name, "entry_points.txt"))
                digest.update(f"{name}\0{state}\n".encode())
    return digest.hexdigest()


def _file_state(path: str) -> str:
    try:
        status = os.stat(path)
    except OSError:
        return "-"
    return f"{status.st_size}\0{status.st_mtime_ns}"


def scan_entry_points(group: str) -> tuple[EntryPoint, ...]:
    """The entry points of ``group`` as :mod:`importlib.metadata` reports them, sorted."""
    from importlib.metadata import entry_points

    return tuple(sorted((ep.name, ep.value) for ep in entry_points(group=group)))


def installed_entry_points(group: str, cache_dir: Path | None = None) -> tuple[EntryPoint, ...]:
    """The entry points of ``group``; remembered in ``cache_dir`` (when given) between runs."""
    if cache_dir is None:
        return scan_entry_points(group)
    namespace = cache_dir / "plugins"
    record = namespace / hashlib.sha256(group.encode()).hexdigest()[:16]
    identity = f"entry points\0{group}\0{environment_fingerprint()}"
    data = read_entry(record)
    stored = None if data is None else decode_entry(data, identity)
    if _is_entry_point_tuple(stored):
        return stored
    found = scan_entry_points(group)
    try:
        prepare_directory(cache_dir, namespace)
        write_atomically(record, encode_entry(identity, found))
    except OSError:
        pass
    return found


def _is_entry_point_tuple(value: object) -> TypeGuard[tuple[EntryPoint, ...]]:
    return isinstance(value, tuple) and all(
        isinstance(item, tuple) and len(item) == 2 and all(isinstance(part, str) for part in item)
        for item in value
    )


def entry_point_package(value: str) -> str | None:
    """The top-level package of the module an entry point ``value`` names (None: malformed)."""
    match = _VALUE.match(value)
    return None if match is None else match.group("module").partition(".")[0]


def load_entry_point(value: str) -> object:
    """Import the object an entry point ``value`` (``module:attr.attr``) names.

    Raises :class:`ValueError` for a malformed value and whatever importing the module raises.
    """
    match = _VALUE.match(value)
    if match is None:
        raise ValueError(f"malformed entry point value {value!r}")
    module = importlib.import_module(match.group("module"))
    attributes = (match.group("attr") or "").split(".")
    return reduce(getattr, [name for name in attributes if name], module)
