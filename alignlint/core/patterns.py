"""Path patterns as ruff writes them, for ``exclude``, ``per-file-ignores`` and ``dag-files``.

A pattern without ``/`` (``.venv``, ``*_pb2.py``) matches a file or directory of that name
anywhere; a pattern with ``/`` (``steps/legacy``, ``build/*.py``) matches the path relative to the
project root; ``**/`` at the start matches at any depth. A pattern that matches a directory matches
everything below it.
"""

from __future__ import annotations

from fnmatch import fnmatchcase


def matches(pattern: str, relative: str, skip: int = 0) -> bool:
    """Whether ``pattern`` matches the root-relative path ``relative`` or one of its parent
    directories, not counting the first ``skip`` parts (a match must end below them)."""
    pattern = pattern.rstrip("/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    parts = relative.split("/")
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in parts[skip:])
    if pattern.startswith("**/"):
        return any(
            matches(pattern[3:], "/".join(parts[i:]), max(skip - i, 0)) for i in range(len(parts))
        )
    return any(fnmatchcase("/".join(parts[: i + 1]), pattern) for i in range(skip, len(parts)))


def matches_glob(pattern: str, relative: str) -> bool:
    """Whether a root-relative file path matches a ``per-file-ignores`` style glob."""
    return matches(pattern, relative)
