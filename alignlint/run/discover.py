"""Which files to check: walk the given paths (default: the configured roots, else the project
root), keep the file types alignlint reads, drop excluded paths, and return them in a stable order.

Exclusion patterns follow ruff (:mod:`alignlint.core.patterns`): a pattern without ``/``
(``.venv``, ``*_pb2.py``) matches any file or directory of that name; a pattern with ``/``
(``steps/legacy``, ``build/*.py``) matches the path relative to the project root (a directory
pattern excludes everything below it).

As in ruff, exclusion applies to *discovery*, not to the paths named on the command line: an
explicitly given file is checked even when a pattern matches it, and the walk below an explicitly
given directory only matches the patterns against the part of each path below that directory
(``alignlint check build/proj`` checks ``build/proj`` although ``build`` is excluded). With
``force_exclude`` (``--force-exclude``, which the pre-commit hooks pass) the patterns apply to the
given paths too.

Only regular files (and symbolic links to them) are read. Any other entry with a suffix alignlint
reads — a dangling or looping symbolic link, a named pipe, a socket, a device, given explicitly or
found in a walked directory — is still returned, with :attr:`SourceFile.problem` saying why it is
not read, so that the run reports it (ALN002) instead of failing or blocking on it. Symbolic links
to directories are not followed. So are, with the same report, a symbolic link inside the
repository whose target lies outside it (:func:`alignlint.infra.repository.escaping_link`: a committed
link to a credentials file is never read), and a file whose name is not valid UTF-8 (its path is
shown with the bad bytes escaped: ``bad\\xff.py``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import field
from fnmatch import translate
from functools import lru_cache
from pathlib import Path

from alignlint.core.errors import DiscoveryError
from alignlint.core.patterns import matches
from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.source import (
    COMPILED_MODULE_SUFFIXES,
    ReadFailure,
    os_error_reason,
    read_source,
    special_file_reason,
)
from alignlint.infra.repository import escaping_link, repository_root

#: File types alignlint reads (Python sources, JSON DAGs, YAML/TOML registries).
SUFFIXES: frozenset[str] = frozenset({".py", ".json", ".yaml", ".yml", ".toml"})
#: What discovery finds: the files read, and compiled modules (known to exist, never read).
FOUND_SUFFIXES: frozenset[str] = SUFFIXES | frozenset(COMPILED_MODULE_SUFFIXES)


@record(order=True)
class SourceFile:
    """A file to check: its path relative to the project root (``/``) and its absolute path
    (``location``, a string: a walk of tens of thousands of files makes no :class:`Path` until
    one is asked for, :attr:`absolute`). ``problem`` says why the entry is not read (it is not a
    regular file), else None."""

    relative: str
    location: str
    problem: str | None = field(default=None, compare=False)

    @property
    def absolute(self) -> Path:
        """The absolute path of the file."""
        return Path(self.location)

    def read(self, max_size: int | None = None) -> bytes | ReadFailure:
        """The file's bytes, or why they cannot be read (never blocks; see the module doc;
        files larger than ``max_size`` bytes are refused). A compiled module is not read: its
        content is empty (only that it exists matters)."""
        if self.problem is not None:
            return ReadFailure(self.problem)
        if self.relative.endswith(COMPILED_MODULE_SUFFIXES):
            return b""
        return read_source(self.absolute, max_size, "`max-file-size`")


def shown_relative(relative: str) -> str:
    """``relative`` with the bytes of a name that is not valid UTF-8 escaped (``bad\\xff.py``;
    the operating system hands them over as lone surrogates, which no output can encode)."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return relative


def source_file(relative: str, absolute: str | Path, problem: str | None = None) -> SourceFile:
    """The :class:`SourceFile` of ``absolute``; a ``relative`` path that is not valid UTF-8
    (undecodable bytes in a file or directory name) is shown escaped (:func:`shown_relative`),
    and the file is reported instead of read."""
    shown = shown_relative(relative)
    if shown != relative:
        return SourceFile(shown, os.fspath(absolute), "its name is not valid UTF-8; rename it")
    return SourceFile(relative, os.fspath(absolute), problem)


def relative_to_root(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators (``..`` when outside it)."""
    return Path(os.path.relpath(path, root)).as_posix()


def is_excluded(relative: str, patterns: Iterable[str], skip: int = 0) -> bool:
    """Whether a root-relative path (or one of its parent directories) matches a pattern.

    ``skip`` leaves the first parts out: those of a directory given on the command line and its
    parents, which exclusion does not apply to (see the module doc)."""
    return _exclusion(tuple(patterns)).excludes(relative, skip)


class _Exclusion:
    """A set of exclusion patterns, prepared once per run for the thousands of paths of a walk.

    Patterns without ``/`` (the usual ``.venv``, ``__pycache__``, ``*_pb2.py``) become one set of
    names and one regular expression tried on each part of a path; the others are matched one by
    one, exactly like :func:`~alignlint.core.patterns.matches`.
    """

    _WILDCARDS = re.compile(r"[*?\[]")

    def __init__(self, patterns: tuple[str, ...]) -> None:
        names: set[str] = set()
        name_globs: list[str] = []
        self._path_patterns: list[str] = []
        for pattern in patterns:
            bare = pattern.rstrip("/")
            while bare.startswith("./"):
                bare = bare[2:]
            if "/" in bare:
                self._path_patterns.append(pattern)
            elif self._WILDCARDS.search(bare):
                name_globs.append(translate(bare))
            else:
                names.add(bare)
        self._names = frozenset(names)
        self._name_glob = re.compile("|".join(name_globs)) if name_globs else None

    def excludes_name(self, name: str) -> bool:
        """Whether a pattern without ``/`` matches the name ``name``."""
        glob = self._name_glob
        return name in self._names or (glob is not None and glob.match(name) is not None)

    @property
    def by_path(self) -> bool:
        """Whether some pattern has a ``/`` (matched against whole paths)."""
        return bool(self._path_patterns)

    def excludes_path(self, relative: str, skip: int = 0) -> bool:
        """Whether a pattern with ``/`` matches ``relative`` or a parent directory."""
        return any(matches(pattern, relative, skip) for pattern in self._path_patterns)

    def excludes(self, relative: str, skip: int = 0) -> bool:
        parts = relative.split("/")
        if skip:
            parts = parts[skip:]
        if not self._names.isdisjoint(parts):
            return True
        glob = self._name_glob
        if glob is not None and any(glob.match(part) for part in parts):
            return True
        return any(matches(pattern, relative, skip) for pattern in self._path_patterns)


@lru_cache(maxsize=16)
def _exclusion(patterns: tuple[str, ...]) -> _Exclusion:
    return _Exclusion(patterns)


def entry_problem(path: Path) -> str | None:
    """Why the entry at ``path`` is not read as a source file (None for a regular file or a
    symbolic link to one): the OS error of following it, or the kind of special file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return os_error_reason(path, exc)
    return None if stat.S_ISREG(mode) else special_file_reason(mode)


def _suffix_is_found(name: str) -> bool:
    """Whether ``os.path.splitext(name)[1]`` is one of :data:`FOUND_SUFFIXES` (without the
    call)."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:] in FOUND_SUFFIXES and bool(name[:dot].lstrip("."))


def _walk(
    directory: Path, root: Path, patterns: Sequence[str], repository: Path, skip: int = 0
) -> Iterator[SourceFile]:
    """Files below ``directory`` with a suffix alignlint finds (unreadable directories are
    skipped; symbolic links to directories are not followed, nor links out of ``repository``).
    Exclusion patterns are matched without the first ``skip`` parts of each root-relative path.

    Tens of thousands of files: one ``scandir`` per directory (the entry types come with it: no
    ``stat`` for a plain file or directory), paths as strings, and the name patterns matched
    against each new name only (the parent directories were matched when the walk entered
    them; the parts above ``directory`` once, here)."""
    exclusion = _exclusion(tuple(patterns))
    by_path = exclusion.by_path
    start = relative_to_root(directory, root)
    above = [] if start == "." else start.split("/")[skip:]
    if any(exclusion.excludes_name(part) for part in above):
        return  # every path below matches
    pending = [(os.fspath(directory), "" if start == "." else f"{start}/")]
    while pending:
        current, prefix = pending.pop()
        try:
            with os.scandir(current) as scan:
                entries = list(scan)  # in any order: the caller sorts the files
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            relative = prefix + name
            try:
                is_directory = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_directory = False
            if is_directory:
                if not exclusion.excludes_name(name) and not (
                    by_path and exclusion.excludes_path(relative, skip)
                ):
                    pending.append((entry.path, f"{relative}/"))
                continue
            if (
                not _suffix_is_found(name)
                or exclusion.excludes_name(name)
                or (by_path and exclusion.excludes_path(relative, skip))
            ):
                continue
            path = entry.path
            if entry.is_symlink() and not os.path.isdir(path):
                problem = escaping_link(Path(path), repository) or entry_problem(Path(path))
                yield source_file(relative, path, problem)
                continue
            try:
                regular = entry.is_file()  # no system call: the directory says its type
            except OSError:
                regular = False
            if regular:
                yield source_file(relative, path)
            elif not os.path.isdir(path):  # a symbolic link to a directory is skipped
                yield source_file(relative, path, entry_problem(Path(path)))


def is_explicit_file(path: Path) -> bool:
    """Whether a path given on the command line names a file: anything that exists (as a link,
    even a broken one) and is not a directory (regular files, FIFOs, broken links, ...)."""
    return os.path.lexists(path) and not os.path.isdir(path)


def explicit_file(path: Path, repository: Path | None = None) -> Path:
    """The absolute path under which an explicitly given file is checked: symbolic links to a
    regular file resolved, others (broken, looping, special files, links that leave
    ``repository``) made absolute as written."""
    if entry_problem(path) is None and (
        repository is None or escaping_link(path, repository) is None
    ):
        return path.resolve()
    return Path(os.path.abspath(path))


def project_directories(root: Path, settings: Settings) -> list[Path]:
    """What a run without paths checks: the configured ``roots``, else ``root``. A configured
    root that does not exist raises :class:`DiscoveryError`."""
    root = root.resolve()
    if not settings.roots:
        return [root]
    for entry in settings.roots:
        if not os.path.lexists(root / entry):
            raise DiscoveryError(
                f"the configured `roots` entry `{entry}` does not exist (in {root})"
            )
    return [root / entry for entry in settings.roots]


def project_request(
    paths: Sequence[str | Path], root: Path, settings: Settings
) -> Sequence[str | Path]:
    """``paths``, or no path when they are exactly the project directories (what a run without
    paths checks: :func:`project_directories`): ``alignlint check .`` at the project root is
    ``alignlint check``, with the same files, findings and cache slot."""
    if not paths:
        return paths
    try:
        project = {directory.resolve() for directory in project_directories(root, settings)}
    except DiscoveryError:
        return paths
    given = set()
    for path in paths:
        candidate = Path(path)
        if candidate.is_symlink() or not candidate.is_dir():
            return paths
        given.add(candidate.resolve())
    return () if given == project else paths


def discover_files(
    paths: Sequence[str | Path],
    root: Path,
    settings: Settings,
    repository: Path | None = None,
    *,
    project: Sequence[Path] = (),
    force_exclude: bool = False,
) -> list[SourceFile]:
    """The files to check under ``paths`` (default: the configured roots, else ``root``), plus
    those under the ``project`` directories (walked like the default: the changed-set run).

    ``paths`` are the paths named on the command line: exclusion patterns do not apply to them,
    only below them, unless ``force_exclude``. A path that does not exist (or a configured root
    that does not exist) raises :class:`DiscoveryError`, and so does a directory reached through
    a symbolic link inside ``repository`` (default: the repository holding ``root``) that leads
    out of it. The result is sorted by relative path and free of duplicates.
    """
    root = root.resolve()
    repository = repository_root(root) if repository is None else repository
    patterns = (*settings.exclude, *settings.extend_exclude)
    # (path, named): exclusion does not apply to a path named on the command line, only below it.
    targets = [(Path(p), False) for p in project]
    if paths:
        targets += [(Path(p), not force_exclude) for p in paths]
    else:
        targets = [(directory, False) for directory in project_directories(root, settings)]
    found: dict[str, SourceFile] = {}
    for target, named in targets:
        if not os.path.lexists(target):
            raise DiscoveryError(f"{target}: No such file or directory")
        escape = escaping_link(target, repository)
        if escape is not None and os.path.isdir(target):
            raise DiscoveryError(f"{target}: {escape}")
        problem = escape or entry_problem(target)
        if problem is not None and not os.path.isdir(target):
            absolute = explicit_file(target, repository)
            relative = relative_to_root(absolute, root)
            if absolute.suffix in FOUND_SUFFIXES and (named or not is_excluded(relative, patterns)):
                found.setdefault(relative, source_file(relative, absolute, problem))
            continue
        absolute = target.resolve()
        if absolute.is_dir():
            relative = relative_to_root(absolute, root)
            skip = len(relative.split("/")) if named and relative != "." else 0
            # The walk starts below the target: a pattern naming the target itself (or a parent)
            # only excludes it when the target is inside the project root and not named.
            if (
                not named
                and relative != "."
                and not relative.startswith("..")
                and is_excluded(relative, patterns)
            ):
                continue
            for source in _walk(absolute, root, patterns, repository, skip):
                found.setdefault(source.relative, source)
        else:
            relative = relative_to_root(absolute, root)
            if absolute.suffix in FOUND_SUFFIXES and (named or not is_excluded(relative, patterns)):
                found.setdefault(relative, source_file(relative, absolute))
    return [found[key] for key in sorted(found)]
