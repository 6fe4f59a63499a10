"""The project root when no configuration file names it: the top of the project holding the
current directory or the paths a check names, found by its markers (``pyproject.toml``,
``.git``, ...) as black finds a project root. Only what exists on disk is read; nothing is
imported or run."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from alignlint.infra.repository import is_within, repository_root

#: Config file names, in order of precedence within one directory.
CONFIG_FILE_NAMES: tuple[str, ...] = (".alignlint.toml", "alignlint.toml", "pyproject.toml")

PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git", ".hg")
"""What marks the top of a project (as black finds a project root)."""


def is_project_top(directory: Path) -> bool:
    """Whether ``directory`` holds a :data:`PROJECT_MARKERS` entry or a configuration file."""
    return any(os.path.lexists(directory / name) for name in (*PROJECT_MARKERS, *CONFIG_FILE_NAMES))


def project_top(start: Path) -> Path | None:
    """The nearest directory from ``start`` up that :func:`is_project_top` (resolved), if any."""
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        if is_project_top(candidate):
            return candidate
    return None


def default_root(cwd: Path) -> Path:
    """The project root when no configuration file is used and no path is given: ``cwd``,
    unless it is part of a Python package (it or the directory holding it has an
    ``__init__.py``), whose steps link to the rest of the package: then the nearest directory
    above it that :func:`is_project_top` (else ``cwd``). Resolved. Inside a git work tree the
    search ends at its top at the latest (its ``.git`` marks it)."""
    cwd = cwd.resolve()
    if not ((cwd / "__init__.py").is_file() or (cwd.parent / "__init__.py").is_file()):
        return cwd
    return project_top(cwd) or cwd


def root_without_configuration(paths: Sequence[str | Path]) -> Path:
    """The project root when no configuration file is used: :func:`default_root` of the current
    directory, unless the ``paths`` are better served by the project holding them:

    - paths outside it: the nearest project top above them, else their directory (``cd /tmp &&
      alignlint check ~/repo/src/pkg/steps`` checks ``steps`` as from ``~/repo``);
    - paths inside a current directory that is no project top (no marker, no package), below a
      project top that is inside it: that project (``cd /tmp && alignlint check
      repo/src/x.py`` checks ``repo``, not every file under ``/tmp``).

    A current directory that is a project top, or that holds the paths with no project top in
    between, stays the root (the pre-commit hook runs at the top of the work tree), unless the
    paths are in another git work tree inside it (a home directory under git holding a
    repository): that repository is another project."""
    root = default_root(Path.cwd())
    common = common_path(paths)
    if common is None:
        return root
    directory = common if common.is_dir() else common.parent
    inside = is_within(directory, root)
    if inside and is_project_top(root) and repository_root(directory) == repository_root(root):
        return root
    top = project_top(directory)
    if inside:
        return top if top is not None and top != root and is_within(top, root) else root
    return top if top is not None else directory


def common_path(paths: Sequence[str | Path]) -> Path | None:
    """The deepest path holding every existing one of ``paths`` (resolved), if any exists."""
    existing = [Path(p).resolve() for p in paths if Path(p).exists()]
    return Path(os.path.commonpath(existing)) if existing else None
