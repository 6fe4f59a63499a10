"""Writing the files a user names: ``--output-format FORMAT:FILE`` and the baseline.

The name comes from the command line, but what lies at it may come from the repository: a
committed ``alignlint.sarif`` (or a directory on the way to it, or the temporary file next to it)
can be a symbolic link to any file the user can write. So inside the repository (see
:mod:`alignlint.infra.repository`) nothing is written through a symbolic link: the file must be absent
or a regular file, no directory on the way may be a link, and the file is replaced atomically
(:func:`alignlint.infra.atomic_write.write_atomically`: a fresh temporary file, created exclusively
and never through a link, flushed to disk, then renamed over the target). Outside the repository
the file is written as named (``/dev/stdout``, ``$RUNNER_TEMP/alignlint.sarif``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from alignlint.infra.atomic_write import write_atomically
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
    write_atomically(absolute, text.encode("utf-8"), durable=True)
