"""Writing the files a user names: ``--output-format FORMAT:FILE`` and the baseline.

The name comes from the command line, but what lies at it may come from the repository: a
committed ``alignlint.sarif`` (or a directory on the way to it, or the temporary file next to it)
can be a symbolic link to any file the user can write. So inside the repository (see
:mod:`alignlint.infra.repository`) nothing is written through a symbolic link: the file must be absent
or a regular file, no directory on the way may be a link, and the text goes to a fresh temporary
file (created exclusively, never followed) that then replaces the target. Outside the repository
the file is written as named (``/dev/stdout``, ``$RUNNER_TEMP/alignlint.sarif``).
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from alignlint.infra.repository import is_within, link_inside


class OutputRefused(OSError):
    """The file was not written (the message says why); nothing was changed."""


def write_output(path: Path, text: str, repository: Path) -> None:
    """Write ``text`` (UTF-8) to ``path``, creating missing directories; see the module
    docstring. Raises :class:`OSError` (:class:`OutputRefused` for a refused target)."""
    link = link_inside(path, repository)
    if link is not None:
        raise OutputRefused(
            f"{link} is a symbolic link inside the repository; alignlint does not write through one"
        )
    absolute = Path(os.path.abspath(path))
    if not is_within(absolute.parent, repository):
        if path.parent != Path():
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    absolute.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = os.lstat(absolute).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputRefused(f"{path} is not a regular file")
    _replace(absolute, text.encode("utf-8"))


def _replace(target: Path, data: bytes) -> None:
    """Write ``data`` to a new temporary file beside ``target`` and rename it over ``target``."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
