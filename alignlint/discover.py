"""Which files to check: walk the given paths (default: the configured roots, else the project
root), keep the file types alignlint reads, drop excluded paths, and return them in a stable order.

Exclusion patterns follow ruff: a pattern without ``/`` (``.venv``, ``*_pb2.py``) matches any
file or directory of that name; a pattern with ``/`` (``steps/legacy``, ``build/*.py``) matches
the path relative to the project root (a directory pattern excludes everything below it).
``exclude`` applies to explicitly passed files too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from alignlint.errors import DiscoveryError
from alignlint.settings import Settings

#: File types alignlint reads (Python sources, JSON DAGs, YAML/TOML registries).
SUFFIXES: frozenset[str] = frozenset({".py", ".json", ".yaml", ".yml", ".toml"})


@dataclass(frozen=True, order=True)
class SourceFile:
    """A file to check: its path relative to the project root (``/``) and its absolute path."""

    relative: str
    absolute: Path


def relative_to_root(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators (``..`` when outside it)."""
    return Path(os.path.relpath(path, root)).as_posix()


def _matches(pattern: str, relative: str) -> bool:
    pattern = pattern.rstrip("/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    parts = relative.split("/")
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in parts)
    if pattern.startswith("**/"):
        return _matches(pattern[3:], relative) or any(
            _matches(pattern[3:], "/".join(parts[i:])) for i in range(1, len(parts))
        )
    return any(fnmatchcase("/".join(parts[: i + 1]), pattern) for i in range(len(parts)))


def is_excluded(relative: str, patterns: Iterable[str]) -> bool:
    """Whether a root-relative path (or one of its parent directories) matches a pattern."""
    return any(_matches(pattern, relative) for pattern in patterns)


def matches_glob(pattern: str, relative: str) -> bool:
    """Whether a root-relative file path matches a ``per-file-ignores`` style glob."""
    return _matches(pattern, relative)


def _walk(directory: Path, root: Path, patterns: Sequence[str]) -> Iterable[SourceFile]:
    for current, dirnames, filenames in os.walk(directory):
        current_path = Path(current)
        kept = []
        for name in dirnames:
            if not is_excluded(relative_to_root(current_path / name, root), patterns):
                kept.append(name)
        dirnames[:] = sorted(kept)
        for name in filenames:
            path = current_path / name
            if path.suffix not in SUFFIXES:
                continue
            relative = relative_to_root(path, root)
            if not is_excluded(relative, patterns):
                yield SourceFile(relative, path)


def discover_files(paths: Sequence[str | Path], root: Path, settings: Settings) -> list[SourceFile]:
    """The files to check under ``paths`` (default: the configured roots, else ``root``).

    A path that does not exist raises :class:`DiscoveryError`. The result is sorted by relative
    path and free of duplicates.
    """
    root = root.resolve()
    patterns = (*settings.exclude, *settings.extend_exclude)
    if paths:
        targets = [Path(p) for p in paths]
    elif settings.roots:
        targets = [root / r for r in settings.roots]
    else:
        targets = [root]
    found: dict[str, SourceFile] = {}
    for target in targets:
        if not target.exists():
            raise DiscoveryError(f"{target}: No such file or directory")
        absolute = target.resolve()
        if absolute.is_dir():
            # The walk starts below the target: a pattern naming the target itself (or a parent)
            # only excludes it when the target is inside the project root.
            relative = relative_to_root(absolute, root)
            if (
                relative != "."
                and not relative.startswith("..")
                and is_excluded(relative, patterns)
            ):
                continue
            for source in _walk(absolute, root, patterns):
                found.setdefault(source.relative, source)
        else:
            relative = relative_to_root(absolute, root)
            if absolute.suffix in SUFFIXES and not is_excluded(relative, patterns):
                found.setdefault(relative, SourceFile(relative, absolute))
    return [found[key] for key in sorted(found)]
