"""Finding files by a path suffix (``x.py``, ``scripts/x.py``) without scanning every file."""

from __future__ import annotations

from collections.abc import Iterable


def _name(path: str) -> str:
    return path.rpartition("/")[2]


class SuffixIndex:
    """Files grouped by file name; a suffix lookup only compares files with that name."""

    def __init__(self, paths: Iterable[str]) -> None:
        self._by_name: dict[str, list[str]] = {}
        for path in sorted(paths):
            self._by_name.setdefault(_name(path), []).append(path)

    def ending_with(self, suffix: str) -> list[str]:
        """Sorted files equal to ``suffix`` or ending with ``/suffix`` (leading ``./`` dropped)."""
        suffix = suffix.lstrip("./")
        return [
            path
            for path in self._by_name.get(_name(suffix), ())
            if path == suffix or path.endswith("/" + suffix)
        ]
