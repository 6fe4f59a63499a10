"""Spans from ``ast`` positions: ``ast`` counts UTF-8 bytes in a line; spans count characters."""

from __future__ import annotations

import ast

from alignlint.core.source import split_lines
from alignlint.core.types import Span

_new_span = tuple.__new__


class Positions:
    """Converts ``ast`` line/byte-offset positions of one file into character-column spans."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self._lines = split_lines(text)
        self._ascii = text.isascii()
        #: The numbers of the lines holding a non-ASCII character (on any other line, a byte
        #: offset is a character offset).
        self._wide = (
            frozenset()
            if self._ascii
            else frozenset(
                number for number, line in enumerate(self._lines, 1) if not line.isascii()
            )
        )
        self._encoded: dict[int, bytes] = {}
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

    def span(self, node: ast.AST) -> Span:
        """The span of ``node``. Equal spans of a file are one shared object: nested expressions
        often cover the same text, and sharing makes pickling, unpickling (the warm cache) and
        memory proportionally cheaper."""
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
            wide = self._wide
            if not wide or (line not in wide and end_line not in wide):
                # A byte offset is a character offset (as :meth:`column` finds).
                start = offset + 1
                end_column = start if end_offset is None else end_offset + 1
                if end_offset is None:
                    end_line = line
                # ``tuple.__new__`` is the named tuple's own ``__new__`` without its Python frame.
                found = _new_span(Span, (self.path, line, start, end_line, end_column))
                self._spans[key] = found
                return found
            if end_offset is None:
                end_line, end_column = line, self.column(line, offset)
            else:
                end_column = self.column(end_line, end_offset)
            found = Span(self.path, line, self.column(line, offset), end_line, end_column)
            self._spans[key] = found
        return found

    def name_span(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> Span:
        """The span of the defined name (after ``class ``/``def ``/``async def ``)."""
        line = node.lineno
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        start = text.find(node.name, self.column(line, node.col_offset) - 1)
        if start < 0:
            return self.span(node)
        return Span(self.path, line, start + 1, line, start + 1 + len(node.name))

    def lines_of(self, node: ast.stmt) -> str:
        """The source lines a statement spans (for cheap text tests)."""
        end = node.end_lineno or node.lineno
        return "\n".join(self._lines[node.lineno - 1 : end])

    def point(self, line: int, column: int, length: int) -> Span:
        return Span(self.path, line, column, line, column + length)
