"""Fixture case files: parse, write and materialise ``fixtures/**/*.case`` (see ``fixtures/README.md``).

A case file holds a whole small project and what alignlint reports on it::

    [case]
    no-init: steps/scripts

    [config]
    select = ["ALN10"]

    [file steps/contracts/prep_contract.py]
    ...

    [expected]
    steps/scripts/prep.py:12:5: ALN101 ...

``materialize(case, directory)`` writes the project as real files (the CLI and the fixer run on
them). This module reads and writes files only; it imports nothing from alignlint, so scripts and
tests of any layer can use it.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SUFFIX = ".case"
CONFIG_FILE = "alignlint.toml"
INIT = "__init__.py"
UPDATE_VARIABLE = "ALIGNLINT_UPDATE_FIXTURES"

#: Sections alignlint's output is compared with (and that updating rewrites), in file order.
GENERATED = ("expected", "links", "fix")
KINDS = ("case", "config", "file", *GENERATED)
OPTIONS = ("base", "doc", "no-init")
ESCAPED = "escaped"

_HEADER_LIKE = re.compile(r"^\[(?:" + "|".join(KINDS) + r")[\] ]")
_HEADER = re.compile(
    r"^\[(?P<kind>" + "|".join(KINDS) + r")(?: (?P<path>[^\]]+))?\](?: (?P<flag>\S+))?$"
)
_BACKSLASHED = re.compile(r"^\\+\[")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|r|\\|\n)|\\")
_IGNORED_IN_BASE = ("__pycache__", ".alignlint_cache")


class CaseError(ValueError):
    """A case file that does not follow the format: where, and what is wrong."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class Section:
    """One section: its kind, its path (``file`` sections only), its content as bytes, and
    whether it is written with escapes (content that plain text cannot hold byte for byte)."""

    kind: str
    path: str | None
    content: bytes
    escaped: bool = False

    @property
    def header(self) -> str:
        name = f"{self.kind} {self.path}" if self.path is not None else self.kind
        return f"[{name}]" + (f" {ESCAPED}" if self.escaped else "")

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


@dataclass(frozen=True)
class CaseFile:
    """A parsed case: the description before the first section, then the sections in order."""

    description: str = ""
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def generated(self, kind: str) -> str | None:
        """The text of a generated section, ``None`` when the case has no such section."""
        section = self.section(kind)
        return None if section is None else section.text

    @property
    def options(self) -> dict[str, str]:
        section = self.section("case")
        return {} if section is None else parse_options(section.text)

    @property
    def documents(self) -> str | None:
        """The rule code this case is the documented example (or corrected example) of
        (``doc: ALN101`` in ``[case]``), if any."""
        return self.options.get("doc")

    def with_generated(self, kind: str, text: str | None) -> CaseFile:
        """This case with generated section ``kind`` set to ``text`` (removed when ``None``)."""
        new = None if text is None else Section(kind, None, text.encode("utf-8"))
        kept: list[Section] = []
        for section in self.sections:
            if section.kind != kind:
                kept.append(section)
            elif new is not None:
                kept.append(replace(new, escaped=section.escaped))
                new = None
        if new is not None:
            # Generated sections stay last, in the order of GENERATED.
            rank = GENERATED.index(kind)
            at = len(kept)
            while at and kept[at - 1].kind in GENERATED[rank + 1 :]:
                at -= 1
            kept.insert(at, new)
        return replace(self, sections=tuple(kept))


# -- options ---------------------------------------------------------------------------------------
def parse_options(text: str, where: Path | str = "[case]", first_line: int = 1) -> dict[str, str]:
    """``key: value`` lines of the ``[case]`` section (blank lines and ``#`` comments skipped)."""
    options: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), first_line):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, colon, value = stripped.partition(":")
        key = key.strip()
        if not colon or key not in OPTIONS:
            known = ", ".join(OPTIONS)
            raise CaseError(where, number, f"expected `key: value` with a key of {known}")
        if key in options:
            raise CaseError(where, number, f"option {key!r} given twice")
        options[key] = value.strip()
    return options


# -- escapes ---------------------------------------------------------------------------------------
def plain(content: bytes) -> bool:
    """Whether ``content`` can be written as plain text and read back byte for byte: UTF-8,
    printable characters, tabs and LF newlines only, and a final newline unless empty."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if text and not text.endswith("\n"):
        return False
    return all(char.isprintable() or char in "\n\t" for char in text)


def escape(content: bytes) -> str:
    """``content`` as text with escapes: ``\\xNN`` for every byte of an undecodable or invisible
    character (a BOM, a form feed), ``\\r`` for CR, ``\\\\`` for a backslash, and a final ``\\``
    line continuation when the content does not end with a newline."""
    pieces: list[str] = []
    for char in content.decode("utf-8", errors="surrogateescape"):
        if "\udc80" <= char <= "\udcff":
            pieces.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char == "\\":
            pieces.append("\\\\")
        elif char == "\r":
            pieces.append("\\r")
        elif char in "\n\t" or char.isprintable():
            pieces.append(char)
        else:
            pieces.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8"))
    text = "".join(pieces)
    if text and not text.endswith("\n"):
        text += "\\\n"
    return text


def unescape(text: str, where: Path | str, line: int) -> bytes:
    """The bytes ``escape`` wrote as ``text``."""
    out = bytearray()
    position = 0
    for match in _ESCAPE.finditer(text):
        out += text[position : match.start()].encode("utf-8")
        token = match.group(1)
        if token is None:
            found = text[match.start() : match.start() + 2]
            raise CaseError(where, line, f"unknown escape {found!r} (use \\\\ for a backslash)")
        if token.startswith("x"):
            out.append(int(token[1:], 16))
        elif token == "r":
            out += b"\r"
        elif token == "\\":
            out += b"\\"
        position = match.end()
    out += text[position:].encode("utf-8")
    return bytes(out)


# -- reading ---------------------------------------------------------------------------------------
def _check_path(path: str, where: Path | str, line: int) -> str:
    pure = PurePosixPath(path)
    if (
        pure.is_absolute()
        or "\\" in path
        or any(part in ("", ".", "..") for part in path.split("/"))
    ):
        raise CaseError(where, line, f"file path {path!r} must be relative, with '/' separators")
    return path


def _content(lines: list[str], escaped: bool, where: Path | str, line: int) -> bytes:
    text = "".join((line_[1:] if _BACKSLASHED.match(line_) else line_) + "\n" for line_ in lines)
    return unescape(text, where, line) if escaped else text.encode("utf-8")


def parse_case(text: str, where: Path | str = "<case>") -> CaseFile:
    """Parse a case file's text (``where`` names it in errors)."""
    if "\r" in text:
        raise CaseError(where, 1, "case files use LF newlines (write CR in content as \\r)")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    headers = [i for i, line in enumerate(lines) if _HEADER_LIKE.match(line)]
    description = "".join(line + "\n" for line in lines[: headers[0] if headers else len(lines)])
    sections: list[Section] = []
    seen: set[tuple[str, str | None]] = set()
    for index, start in enumerate(headers):
        number = start + 1
        match = _HEADER.match(lines[start])
        if match is None:
            raise CaseError(where, number, f"malformed section header {lines[start]!r}")
        kind, path, flag = match["kind"], match["path"], match["flag"]
        if (kind == "file") != (path is not None):
            wanted = "[file <path>]" if kind == "file" else f"[{kind}]"
            raise CaseError(where, number, f"write the header as {wanted}")
        if flag not in (None, ESCAPED):
            raise CaseError(where, number, f"unknown header flag {flag!r} (only {ESCAPED!r})")
        if path is not None:
            path = _check_path(path, where, number)
        if (kind, path) in seen:
            raise CaseError(where, number, f"section {lines[start]!r} appears twice")
        seen.add((kind, path))
        end = headers[index + 1] if index + 1 < len(headers) else len(lines)
        body = lines[start + 1 : end]
        if end < len(lines) and body and body[-1] == "":
            body.pop()  # the blank line that separates this section from the next
        content = _content(body, flag == ESCAPED, where, number)
        if kind == "case":
            parse_options(content.decode("utf-8"), where, number + 1)
        sections.append(Section(kind, path, content, flag == ESCAPED))
    case = CaseFile(description, tuple(sections))
    paths = {s.path for s in sections if s.kind == "file"}
    if case.section("config") is not None and CONFIG_FILE in paths:
        raise CaseError(where, 1, f"[config] is {CONFIG_FILE}: do not give both")
    return case


def load_case(path: Path) -> CaseFile:
    """Read and parse a case file."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise CaseError(path, 1, f"not UTF-8 ({error.reason})") from None
    return parse_case(text, path)


# -- writing ---------------------------------------------------------------------------------------
def _body(section: Section) -> str:
    escaped = section.escaped or not plain(section.content)
    text = escape(section.content) if escaped else section.content.decode("utf-8")
    lines = text.split("\n")[:-1] if text else []
    return "".join(
        ("\\" + line if _HEADER_LIKE.match(line) or _BACKSLASHED.match(line) else line) + "\n"
        for line in lines
    )


def render_case(case: CaseFile) -> str:
    """The text of a case file; ``parse_case(render_case(c))`` gives ``c`` back."""
    parts = [case.description]
    for index, section in enumerate(case.sections):
        escaped = section.escaped or not plain(section.content)
        parts.append(replace(section, escaped=escaped).header + "\n")
        parts.append(_body(section))
        if index + 1 < len(case.sections):
            parts.append("\n")
    return "".join(parts)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (test workers update one case file from two sides)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: updates are not run in parallel there
        yield
        return
    with path.open("rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def update_generated(path: Path, kind: str, text: str | None) -> None:
    """Rewrite generated section ``kind`` of the case file at ``path`` (remove it when ``None``);
    the rest of the file is kept. The file is written only when it changes."""
    with _locked(path):
        old = path.read_text(encoding="utf-8")
        new = render_case(parse_case(old, path).with_generated(kind, text))
        if new != old:
            path.write_text(new, encoding="utf-8", newline="\n")


def updating() -> bool:
    """Whether the run rewrites generated sections instead of comparing them."""
    return bool(os.environ.get(UPDATE_VARIABLE))


# -- materialising ---------------------------------------------------------------------------------
def directory_files(base: Path) -> dict[str, bytes]:
    """Path (relative, POSIX) → bytes of every file below ``base`` (caches left out)."""
    files: dict[str, bytes] = {}
    for directory, subdirectories, names in os.walk(base):
        subdirectories[:] = sorted(d for d in subdirectories if d not in _IGNORED_IN_BASE)
        for name in sorted(names):
            path = Path(directory) / name
            files[path.relative_to(base).as_posix()] = path.read_bytes()
    return files


def _package_directories(paths: list[str]) -> set[str]:
    """Every directory below the root that holds a ``.py`` file or such a directory."""
    packages: set[str] = set()
    for path in paths:
        if path.endswith(".py"):
            packages.update(p.as_posix() for p in PurePosixPath(path).parents)
    packages.discard(".")
    return packages


def project_files(case_path: Path, case: CaseFile | None = None) -> dict[str, bytes]:
    """Path (relative, POSIX) → bytes of every file of the case's project, sorted by path:
    the ``base`` directory's files, the ``[config]`` as ``alignlint.toml``, each ``[file]``, and an
    empty ``__init__.py`` in every package directory that has none (except ``no-init`` ones)."""
    case = case if case is not None else load_case(case_path)
    options = case.options
    files: dict[str, bytes] = {}
    if "base" in options:
        base = (case_path.parent / options["base"]).resolve()
        if not base.is_dir():
            raise CaseError(case_path, 1, f"base {options['base']!r} is not a directory")
        files.update(directory_files(base))
    for section in case.sections:
        if section.kind == "config":
            files[CONFIG_FILE] = section.content
        elif section.kind == "file" and section.path is not None:
            files[section.path] = section.content
    packages = _package_directories(list(files))
    no_init = options.get("no-init", "").split()
    if no_init == ["*"]:
        packages.clear()
    else:
        unknown = sorted(set(no_init) - packages)
        if unknown:
            raise CaseError(case_path, 1, f"no-init names {unknown} which hold no Python file")
        packages.difference_update(no_init)
    for package in packages:
        files.setdefault(f"{package}/{INIT}", b"")
    return dict(sorted(files.items()))


def write_files(files: Mapping[str, bytes], directory: Path) -> Path:
    """Write ``files`` (relative path → bytes) below ``directory`` (created; must be empty)."""
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(f"{directory} is not empty")
    directory.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return directory


def materialize(case_path: Path, directory: Path) -> Path:
    """Write the project of the case file ``case_path`` into ``directory`` (created; must be empty
    or absent) as real files, and return ``directory``."""
    return write_files(project_files(case_path), directory)


def case_path(name: str, root: Path = FIXTURES) -> Path:
    """The case file of a case id (``engine/ALN001_syntax_error_fires``)."""
    path = root / f"{name}{SUFFIX}"
    if not path.is_file():
        raise FileNotFoundError(f"no fixture case {name!r} ({path})")
    return path


@functools.cache
def _scratch() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="alignlint-fixtures-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return directory


@functools.cache
def materialized(name: str) -> Path:
    """The project of case ``name`` as real files in a directory of this process, written once
    and removed when the process ends. Only for reading: materialise into a directory of your own
    (``materialize``) to change files."""
    return materialize(case_path(name), _scratch() / name)


def case_paths(root: Path = FIXTURES) -> list[Path]:
    """Every case file below ``root``, sorted."""
    return sorted(root.rglob(f"*{SUFFIX}")) if root.is_dir() else []


def case_name(case_path: Path, root: Path = FIXTURES) -> str:
    """The case's id: its path below ``root`` without the suffix (``engine/ALN001_..._fires``)."""
    return case_path.relative_to(root).with_suffix("").as_posix()


# -- documented examples ---------------------------------------------------------------------------
FIRES, SILENT = "_fires", "_silent"


@dataclass(frozen=True)
class DocumentedExample:
    """The cases marked ``doc: <code>``: the example that fires the rule (a ``_fires`` case) and
    its corrected version (a ``_silent`` case). ``docs/rules.md`` renders the pair; a rule has
    exactly one of each."""

    code: str
    fires: tuple[Path, ...] = ()
    silent: tuple[Path, ...] = ()
    unnamed: tuple[Path, ...] = ()
    """Marked cases whose name ends in neither ``_fires`` nor ``_silent``."""


def documented_examples(root: Path = FIXTURES) -> dict[str, DocumentedExample]:
    """Rule code -> its marked cases, for every code some case is marked with."""
    found: dict[str, DocumentedExample] = {}
    for path in case_paths(root):
        code = load_case(path).documents
        if code is None:
            continue
        example = found.get(code, DocumentedExample(code))
        stem = path.stem
        if stem.endswith(FIRES):
            example = replace(example, fires=(*example.fires, path))
        elif stem.endswith(SILENT):
            example = replace(example, silent=(*example.silent, path))
        else:
            example = replace(example, unnamed=(*example.unnamed, path))
        found[code] = example
    return found
