"""The user's own alignlint configuration: what a repository cannot grant itself.

A repository's configuration may only name paths inside the repository (see
:mod:`alignlint.infra.repository`). A base configuration shared outside it (``extend =
"~/team/alignlint.toml"``) must be allowed by the user, in a file no repository can write::

    # ~/.config/alignlint/config.toml
    allowed-extends = ["~/team/alignlint-base.toml", "/etc/alignlint/"]

An entry names a file, or a directory (every file below it may be extended); ``~`` is expanded
and a relative entry is relative to this file. The file is ``$XDG_CONFIG_HOME/alignlint/
config.toml`` (default ``~/.config/alignlint/config.toml``; ``%APPDATA%\\alignlint\\config.toml``
on Windows), or the file named by ``ALIGNLINT_USER_CONFIG``. It is read only when an ``extend``
leaves the repository; a file it allows is trusted like the command line (its paths are not
confined to the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

from alignlint.core.errors import ConfigError
from alignlint.infra.user_dirs import user_file

USER_CONFIG_VARIABLE = "ALIGNLINT_USER_CONFIG"
ALLOWED_EXTENDS_KEY = "allowed-extends"


def user_config_file() -> Path | None:
    """Where the user's configuration lives (see the module docstring); None without a home."""
    return user_file(USER_CONFIG_VARIABLE, "APPDATA", "XDG_CONFIG_HOME", ".config", "config.toml")


def allowed_extends() -> tuple[Path, ...]:
    """The files and directories the user allows ``extend`` to name outside a repository
    (none without a user configuration). Raises :class:`ConfigError` for a malformed file."""
    from alignlint.run.configuration import read_config_file

    path = user_config_file()
    if path is None or not os.path.lexists(path):
        return ()
    config = read_config_file(path)
    for key in config.table:
        if key != ALLOWED_EXTENDS_KEY:
            message = f"unknown field `{key}`, expected `{ALLOWED_EXTENDS_KEY}`"
            raise ConfigError(message, config.location(key))
    entries = config.table.get(ALLOWED_EXTENDS_KEY, [])
    if not isinstance(entries, list) or not all(isinstance(item, str) for item in entries):
        raise ConfigError(
            "invalid value: expected an array of strings", config.location(ALLOWED_EXTENDS_KEY)
        )
    directory = path.parent
    return tuple(directory / os.path.expanduser(entry) for entry in entries)


def allows_extend(target: Path) -> bool:
    """Whether the user's configuration allows ``extend`` to name ``target`` (compared by real
    location: the target itself, or a file below an allowed directory)."""
    from alignlint.infra.repository import is_within

    return any(is_within(target, allowed) for allowed in allowed_extends())
