"""Source files as text that can be edited and written back byte-for-byte.

A file is decoded once (BOM, PEP 263 coding cookie for Python, UTF-8 otherwise) without newline
translation, so every ``\\r\\n`` / ``\\r`` / ``\\n`` stays as it was. Encoding the text again gives
back exactly the original bytes — this is checked when the file is decoded, and a file for which it
does not hold is never edited. Positions are 1-based lines and 1-based character columns, with
``\\r\\n``, ``\\r`` and ``\\n`` as line breaks (the same convention as libcst and
:mod:`alignlint.core.types`).
"""

from __future__ import annotations

import codecs
import io
import tokenize
from bisect import bisect_right
from functools import cached_property

from alignlint.core.records import record
from alignlint.core.source import LINE_BREAK
from alignlint.core.types import Position

PYTHON_SUFFIXES = (".py", ".pyi")


class UndecodableError(ValueError):
    """The file's bytes cannot be decoded (or would not be re-encoded identically)."""


class PositionError(ValueError):
    """A position does not exist in the file."""


@record
class SourceText:
    """The decoded text of one file plus what is needed to encode it back identically."""

    text: str
    encoding: str
    bom: bytes
    newline: str

    @classmethod
    def decode(cls, path: str, data: bytes) -> SourceText:
        """Decode ``data`` (the bytes of ``path``); raise :class:`UndecodableError` if impossible."""
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        encoding = _python_encoding(data) if path.endswith(PYTHON_SUFFIXES) else "utf-8"
        body = data[len(bom) :]
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise UndecodableError(f"cannot be decoded as {encoding}: {error}") from None
        if text.encode(encoding) != body:
            raise UndecodableError(f"the {encoding} encoding does not round-trip")
        match = LINE_BREAK.search(text)
        return cls(text, encoding, bom, match.group() if match else "\n")

    def encode(self) -> bytes:
        """The bytes of this text in the file's encoding, with its BOM."""
        return self.bom + self.text.encode(self.encoding)

    def with_text(self, text: str) -> SourceText:
        """The same file (encoding, BOM, newline style) with different text."""
        return SourceText(text, self.encoding, self.bom, self.newline)

    @cached_property
    def line_index(self) -> LineIndex:
        """Line starts and lengths of :attr:`text` (computed once)."""
        return LineIndex.of(self.text)


@record
class LineIndex:
    """Character offsets of line starts and the length of each line without its line break."""

    starts: tuple[int, ...]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        starts = [0]
        lengths = []
        for match in LINE_BREAK.finditer(text):
            lengths.append(match.start() - starts[-1])
            starts.append(match.end())
        lengths.append(len(text) - starts[-1])
        return cls(tuple(starts), tuple(lengths))

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def offset(self, position: Position) -> int:
        """The character offset of ``position``; raise :class:`PositionError` if it is not in the file."""
        line, column = position.line, position.column
        if not 1 <= line <= len(self.starts):
            raise PositionError(f"line {line} does not exist (the file has {len(self.starts)})")
        if not 1 <= column <= self.lengths[line - 1] + 1:
            raise PositionError(
                f"column {column} does not exist on line {line} "
                f"(it has {self.lengths[line - 1]} characters)"
            )
        return self.starts[line - 1] + column - 1

    def position(self, offset: int) -> Position:
        """The position of a character offset (inverse of :meth:`offset`)."""
        line = bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1)

    def line_text(self, text: str, line: int) -> str:
        """Line ``line`` of ``text`` without its line break."""
        start = self.starts[line - 1]
        return text[start : start + self.lengths[line - 1]]


def convert_newlines(content: str, newline: str) -> str:
    """``content`` with every line break written in the file's style."""
    return LINE_BREAK.sub(newline, content)


def _python_encoding(data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise UndecodableError(str(error)) from None
    return "utf-8" if encoding == "utf-8-sig" else encoding
