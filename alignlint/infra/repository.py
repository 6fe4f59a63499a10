"""The repository a run belongs to, and whether a path stays inside it.

Everything in a checkout can come from a pull request: configuration values, files, and symbolic
links (git stores a link and its target verbatim). So alignlint treats the *repository root* (the
top level of the git work tree that holds the configuration, else the configuration's own
directory) as a boundary:

* paths from repository configuration must resolve inside it (:mod:`alignlint.run.configuration`);
* a symbolic link that lies inside it is followed for reading only when its target is inside it
  too (:func:`escaping_link`): a committed link to ``/proc/self/environ`` or to a credentials
  file is reported, never read;
* a symbolic link that lies inside it is never followed for writing (:func:`link_inside`).

Links above the repository (``/tmp`` -> ``/private/tmp``) and paths the user names outside it on
the command line are the user's own and are used as given.
"""

from __future__ import annotations

import os
from pathlib import Path


def repository_root(start: Path) -> Path:
    """The top level of the git work tree holding ``start`` (a directory), else ``start``;
    resolved. A work tree is found by its ``.git`` entry (a directory, or the file of a
    secondary work tree or submodule); git itself is not run."""
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return directory


def is_within(path: str | Path, directory: str | Path) -> bool:
    """Whether the real location of ``path`` is ``directory`` or below it (both resolved)."""
    real = os.path.realpath(path)
    parent = os.path.realpath(directory)
    return real == parent or real.startswith(parent.rstrip(os.sep) + os.sep)


def link_inside(path: str | Path, repository: Path) -> Path | None:
    """The first symbolic link on the way to ``path`` (``path`` itself included) that lies
    inside ``repository``, or None. Links outside the repository are followed to find it."""
    inside = os.path.realpath(repository)
    absolute = Path(os.path.abspath(path))
    current = Path(absolute.anchor)
    for part in absolute.parts[1:]:
        candidate = current / part
        if not os.path.islink(candidate):
            current = candidate
            continue
        if is_within(current, inside):
            return candidate
        current = Path(os.path.realpath(candidate))
    return None


def escaping_link(path: str | Path, repository: Path) -> str | None:
    """Why ``path`` must not be read: a symbolic link inside ``repository`` leads it outside
    (the reason names the link's target as committed); None when reading it stays inside, or
    when no link of the repository is involved."""
    link = link_inside(path, repository)
    if link is None or is_within(path, repository):
        return None
    try:
        target = os.readlink(link)  # as committed: the same text on every run
    except OSError:
        target = os.path.realpath(link)
    if link == Path(os.path.abspath(path)):
        return f"symbolic link to {target}, which leads outside the repository; not followed"
    return (
        f"reached through the symbolic link {link.name} -> {target}, which leads outside the "
        "repository; not followed"
    )
