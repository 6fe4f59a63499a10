"""Helpers shared by the CI formats (github, sarif, junit, gitlab).

CI systems show findings next to the repository's files and cannot interpret terminal colours, so
these formats need plain text and paths relative to the checkout rather than to the current
directory.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: CSI sequences (colours, cursor movement) and OSC sequences (hyperlinks, titles).
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def strip_ansi(text: str) -> str:
    """Remove terminal escape sequences (colours, hyperlinks) from ``text``."""
    return _ANSI.sub("", text)


def repository_path(path: str, root: Path, workspace: str | None) -> str:
    """Return ``path`` (relative to ``root``) relative to the checkout ``workspace``, with ``/``.

    ``workspace`` is the directory the CI system checked the repository out to (e.g.
    ``GITHUB_WORKSPACE``). Without one, or when the file lies outside it, ``path`` is returned
    unchanged (it is already relative to the directory alignlint runs in).
    """
    if not workspace:
        return path
    absolute = Path(os.path.realpath(root / path))
    checkout = Path(os.path.realpath(workspace))
    try:
        return absolute.relative_to(checkout).as_posix()
    except ValueError:
        return path


def github_workspace() -> str | None:
    """The checkout directory of a GitHub Actions run (``GITHUB_WORKSPACE``), if any."""
    return os.environ.get("GITHUB_WORKSPACE") or None
