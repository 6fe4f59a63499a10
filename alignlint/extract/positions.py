"""Spans from ``ast`` positions: ``ast`` counts UTF-8 bytes in a line; spans count characters."""

from __future__ import annotations

import ast

from alignlint.source import split_lines
from alignlint.types import Position, Span


class Positions:
    """Converts ``ast`` line/byte-offset positions of one file into character-column spans."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self._lines = split_lines(text)
        self._ascii = text.isascii()
        self._encoded: dict[int, bytes] = {}
        self._positions: dict[tuple[int, int], Position] = {}
        self._spans: dict[tuple[int, int, int, int | None], Span] = {}

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def column(self, line: int, byte_offset: int) -> int:
        """1-based character column of a 0-based UTF-8 byte offset in 1-based ``line``."""
        if self._ascii or not 0 < line <= len(self._lines):
            return byte_offset + 1
        text = self._lines[line - 1]
        if text.isascii():
            return byte_offset + 1
        encoded = self._encoded.get(line)
        if encoded is None:
            encoded = text.encode("utf-8")
            self._encoded[line] = encoded
        return len(encoded[:byte_offset].decode("utf-8", errors="replace")) + 1

    def position(self, line: int, column: int) -> Position:
        """The file's one :class:`Position` object for ``line``/``column`` (character column).

        Equal positions and spans of a file are shared objects: nested expressions start and end
        where their parts do, so sharing halves the objects a file's facts hold, which makes
        pickling, unpickling (the warm cache) and memory proportionally cheaper.
        """
        key = (line, column)
        found = self._positions.get(key)
        if found is None:
            found = self._positions[key] = Position(line, column)
        return found

    def span(self, node: ast.AST) -> Span:
        try:
            line: int = node.lineno  # type: ignore[attr-defined]
            offset: int = node.col_offset  # type: ignore[attr-defined]
            end_line: int = node.end_lineno or line  # type: ignore[attr-defined]
            end_offset: int | None = node.end_col_offset  # type: ignore[attr-defined]
        except AttributeError:
            line, offset, end_line, end_offset = 1, 0, 1, None
        key = (line, offset, end_line, end_offset)
        found = self._spans.get(key)
        if found is None:
            if self._ascii:
                found = self._ascii_span(line, offset, end_line, end_offset)
            else:
                found = self._new_span(line, offset, end_line, end_offset)
            self._spans[key] = found
        return found

    def _ascii_span(self, line: int, offset: int, end_line: int, end_offset: int | None) -> Span:
        """:meth:`_new_span` of an ASCII file (byte offsets are character offsets), inlined."""
        positions = self._positions
        start_key = (line, offset + 1)
        start = positions.get(start_key)
        if start is None:
            start = positions[start_key] = Position(*start_key)
        if end_offset is None:
            return Span(self.path, start, start)
        end_key = (end_line, end_offset + 1)
        end = positions.get(end_key)
        if end is None:
            end = positions[end_key] = Position(*end_key)
        return Span(self.path, start, end)

    def _new_span(self, line: int, offset: int, end_line: int, end_offset: int | None) -> Span:
        start = self.position(line, self.column(line, offset))
        end = (
            self.position(end_line, self.column(end_line, end_offset))
            if end_offset is not None
            else start
        )
        return Span(self.path, start, end)

    def name_span(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> Span:
        """The span of the defined name (after ``class ``/``def ``/``async def ``)."""
        line = node.lineno
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        start = text.find(node.name, self.column(line, node.col_offset) - 1)
        if start < 0:
            return self.span(node)
        return Span(
            self.path,
            self.position(line, start + 1),
            self.position(line, start + 1 + len(node.name)),
        )

    def lines_of(self, node: ast.stmt) -> str:
        """The source lines a statement spans (for cheap text tests)."""
        end = node.end_lineno or node.lineno
        return "\n".join(self._lines[node.lineno - 1 : end])

    def point(self, line: int, column: int, length: int) -> Span:
        return Span(self.path, self.position(line, column), self.position(line, column + length))
