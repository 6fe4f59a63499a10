"""Where alignlint keeps a user's own files: the per-user key (cache directory) and the user's
configuration (config directory), each overridable by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path


def user_file(explicit: str, windows: str, xdg: str, home_dir: str, name: str) -> Path | None:
    """``$<explicit>`` if set; on Windows ``%<windows>%/alignlint/<name>``; elsewhere
    ``$<xdg>/alignlint/<name>`` when that is an absolute path, else
    ``~/<home_dir>/alignlint/<name>``. None when no base directory is known."""
    chosen = os.environ.get(explicit)
    if chosen:
        return Path(chosen)
    if os.name == "nt":
        base = os.environ.get(windows)
        return Path(base) / "alignlint" / name if base else None
    base = os.environ.get(xdg)
    if base and os.path.isabs(base):
        return Path(base) / "alignlint" / name
    try:
        home = Path.home()
    except RuntimeError:
        return None
    return home / home_dir / "alignlint" / name
