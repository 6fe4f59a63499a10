"""Reading file bytes into text: BOM, PEP 263 coding cookie, newline style, and decode errors.

Nothing here raises on bad input: :func:`decode_source` returns either a :class:`SourceText` or a
:class:`DecodeFailure` that says what is wrong and where (line and character column), and
:func:`read_source` returns the bytes of a regular file or a :class:`ReadFailure` with the reason.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

from alignlint.core.records import record

#: Compiled extension modules (``_speedups.cpython-311-x86_64-linux-gnu.so``, ``x.pyd``):
#: alignlint knows they exist (an import of one names a module the library has) and never reads
#: them.
COMPILED_MODULE_SUFFIXES = (".so", ".pyd")


def module_stem(file_name: str) -> str:
    """The module name a file stands for: its name without the suffix, or for a compiled
    module, up to its first dot (``_speedups.cpython-311-x86_64-linux-gnu.so`` -> ``_speedups``)."""
    if file_name.endswith(COMPILED_MODULE_SUFFIXES):
        return file_name.split(".", 1)[0]
    return file_name.rsplit(".", 1)[0]


_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@record
class SourceText:
    """Decoded text of a file, with the encoding used and the dominant newline style."""

    text: str
    encoding: str
    newline: str
    has_bom: bool


@record
class DecodeFailure:
    """The bytes could not be decoded; ``line``/``column`` locate the first bad byte (1-based)."""

    message: str
    line: int
    column: int


def _declared_encoding(data: bytes) -> str | None:
    """The PEP 263 cookie of the first two lines, if any (the second only after a blank/comment)."""
    lines = data.split(b"\n", 2)[:2]
    for index, line in enumerate(lines):
        match = _COOKIE.match(line)
        if match:
            return match.group(1).decode("ascii", "replace")
        if index == 0 and not _BLANK_OR_COMMENT.match(line):
            return None
    return None


def _normal_name(declared: str) -> str:
    """CPython's tokenizer name of a declared encoding (``get_normal_name``): spellings of UTF-8
    and Latin-1 in their first 12 characters become ``utf-8`` / ``iso-8859-1``; others stay."""
    name = declared[:12].lower().replace("_", "-")
    if name == "utf-8" or name.startswith("utf-8-"):
        return "utf-8"
    if name in ("latin-1", "iso-8859-1", "iso-latin-1") or name.startswith(
        ("latin-1-", "iso-8859-1-", "iso-latin-1-")
    ):
        return "iso-8859-1"
    return declared


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their breaks, split at Python's line breaks (``\\r\\n``,
    ``\\r``, ``\\n``; the lines ``ast`` numbers): ``LINE_BREAK.split(text)``, faster when the
    text has no ``\\r``."""
    if "\r" not in text:
        return text.split("\n")
    return LINE_BREAK.split(text)


def line_numbers(text: str, offsets: Iterable[int]) -> list[int]:
    """Sorted distinct 1-based numbers of the lines (Python's line breaks) holding the character
    ``offsets`` of ``text``."""
    ordered = sorted(offsets)
    if "\r" in text:
        breaks = [match.end() for match in LINE_BREAK.finditer(text)]
        return sorted({bisect_left(breaks, offset + 1) + 1 for offset in ordered})
    found: list[int] = []
    line, counted = 1, 0
    for offset in ordered:
        line += text.count("\n", counted, offset)
        counted = offset
        if not found or found[-1] != line:
            found.append(line)
    return found


def _newline_style(text: str) -> str:
    match = LINE_BREAK.search(text)
    return match.group(0) if match else "\n"


def _locate_byte(data: bytes, offset: int, encoding: str) -> tuple[int, int]:
    """Line and character column (1-based) of byte ``offset``."""
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    line = data.count(b"\n", 0, line_start) + 1
    prefix = data[line_start:offset].decode(encoding, errors="replace")
    return line, len(prefix) + 1


def decode_source(data: bytes) -> SourceText | DecodeFailure:
    """Decode Python (or JSON/YAML) source bytes following Python's rules (UTF-8 by default)."""
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if has_bom else data
    declared = _declared_encoding(body)
    encoding = "utf-8"
    if has_bom and declared is not None and _normal_name(declared) != "utf-8":
        return DecodeFailure(f"encoding problem: {_normal_name(declared)} with BOM", 1, 1)
    if declared is not None:
        try:
            encoding = codecs.lookup(_normal_name(declared)).name
        except LookupError:
            return DecodeFailure(f"unknown encoding {declared!r} in coding declaration", 1, 1)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = _locate_byte(body, exc.start, encoding)
        bad = body[exc.start : exc.start + 1].hex()
        return DecodeFailure(
            f"file is not valid {encoding}: byte 0x{bad} at line {line}, column {column}",
            line,
            column,
        )
    return SourceText(text=text, encoding=encoding, newline=_newline_style(text), has_bom=has_bom)


@record
class ReadFailure:
    """A file that cannot be read (missing, no permission, not a regular file, ...)."""

    reason: str


#: ``os.open`` flags for reading a source file: never block on a FIFO or device (the ``fstat``
#: check below then refuses it) and never leak the descriptor into child processes.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_MIN_READ = 1 << 16
"""Bytes asked for per ``os.read`` at least (a file may grow while it is read)."""
_SPECIAL_FILES = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def special_file_reason(mode: int) -> str:
    """Why a file of this ``st_mode`` is not read: ``not a regular file (a named pipe)``."""
    kind = next((name for test, name in _SPECIAL_FILES if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def read_source(
    path: Path, max_size: int | None = None, limit_name: str = "the limit"
) -> bytes | ReadFailure:
    """The bytes of the regular file ``path`` (symlinks followed). Opening never blocks: a FIFO,
    socket or device is refused after ``fstat`` on the open descriptor, without reading it. A
    file larger than ``max_size`` bytes (``limit_name`` says what sets it) is refused, also when
    it grows past it while being read."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return ReadFailure(os_error_reason(path, exc))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return ReadFailure(special_file_reason(status.st_mode))
        if max_size is not None and status.st_size > max_size:
            return ReadFailure(too_large_reason(status.st_size, max_size, limit_name))
        # Plain reads of the expected size (plus one byte, to see a file that grew): cheaper than
        # a buffered file object, which thousands of small files per run would each pay for.
        chunks = []
        total = 0
        while chunk := os.read(descriptor, max(status.st_size + 1, _MIN_READ)):
            chunks.append(chunk)
            total += len(chunk)
            if max_size is not None and total > max_size:
                return ReadFailure(too_large_reason(total, max_size, limit_name, grew=True))
        return b"".join(chunks)
    except OSError as exc:
        return ReadFailure(os_error_reason(path, exc))
    finally:
        os.close(descriptor)


def size_text(size: int) -> str:
    """A byte count for people: ``812 bytes``, ``48.2 kB``, ``12.3 MB`` (decimal units)."""
    if size < 1000:
        return f"{size} byte{'' if size == 1 else 's'}"
    for unit, scale in (("kB", 1000), ("MB", 1000**2), ("GB", 1000**3)):
        if size < scale * 999.95 or unit == "GB":
            return f"{size / scale:.1f} {unit}"
    raise AssertionError("unreachable")


def too_large_reason(size: int, limit: int, limit_name: str, *, grew: bool = False) -> str:
    """Why a file of ``size`` bytes is not read: ``it is 12.3 MB, larger than ...``."""
    size_part = f"it grew past {size_text(size)}" if grew else f"it is {size_text(size)}"
    return f"{size_part}, larger than {limit_name} ({size_text(limit)})"


def os_error_reason(path: Path, exc: OSError) -> str:
    """The text of an OS error about ``path``, naming a dangling symbolic link as such."""
    reason = exc.strerror or str(exc)
    if os.path.islink(path) and not os.path.exists(path) and exc.errno == errno.ENOENT:
        return f"{reason} (broken symbolic link to {os.readlink(path)})"
    return reason
