"""Reading file bytes into text: BOM, PEP 263 coding cookie, newline style, and decode errors.

Nothing here raises on bad input: :func:`decode_source` returns either a :class:`SourceText` or a
:class:`DecodeFailure` that says what is wrong and where (line and character column).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SourceText:
    """Decoded text of a file, with the encoding used and the dominant newline style."""

    text: str
    encoding: str
    newline: str
    has_bom: bool


@dataclass(frozen=True)
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
    if declared is not None:
        try:
            encoding = codecs.lookup(declared).name
        except LookupError:
            return DecodeFailure(f"unknown encoding {declared!r} in coding declaration", 1, 1)
        if has_bom and encoding != "utf-8":
            return DecodeFailure(f"encoding problem: {declared} with a UTF-8 BOM", 1, 1)
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
