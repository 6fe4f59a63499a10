"""The edit adding ``"key": "value"`` to a contract's dict display, in the display's own layout.

A one-line display gets the entry appended inline (``{"A": "1", "B": "2"}``). A display with
one entry per line gets the entry on a new line after the last one, indented like it, with a
trailing comma exactly when the last entry has one; a comment after the last entry stays on its
line.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from alignlint.core.source import LINE_BREAK
from alignlint.core.types import Edit, Position, Span
from alignlint.model import Contract, EntryMap
from alignlint.model.values import Located
from alignlint.rules.script_contract._common import python_string


def add_entry_edit(
    mapping: EntryMap, contract: Contract, key: str, value: str, text: str | None
) -> Edit | None:
    """The edit adding ``"key": "value"`` to a dict display of ``contract`` (None when the
    mapping is not a literal dict written in the contract's call). ``text`` is the contract
    file's text; without it the entry is added inline."""
    span = mapping.span
    if span is None or span.path != contract.path or not contract.span.contains(span):
        return None
    entry = f"{python_string(key)}: {python_string(value)}"
    inside = [e for e in mapping.values() if span.contains(e.key_span)]
    if len(inside) != len(mapping) or not mapping.complete:
        return None
    if not inside:
        return Edit(span, "{" + entry + "}")
    last = max(inside, key=lambda e: e.key_span.start)
    if not (isinstance(last.value, Located) and span.contains(last.value.span)):
        start = min(e.key_span.start for e in inside)
        return Edit(Span.between(span.path, start, start), f"{entry}, ")
    value_end = last.value.span.end
    if text is not None and span.is_multiline:
        edit = _Text.of(text).own_line_edit(span.path, last.key_span.start, value_end, entry)
        if edit is not None:
            return edit
    return Edit(Span.between(span.path, value_end, value_end), f", {entry}")


@dataclass(frozen=True)
class _Text:
    """A file's text with its line starts (positions: 1-based line and character column)."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        return cls(text, (0, *(match.end() for match in LINE_BREAK.finditer(text))))

    def offset(self, position: Position) -> int | None:
        if not 1 <= position.line <= len(self.starts):
            return None
        return self.starts[position.line - 1] + position.column - 1

    def position(self, offset: int) -> Position:
        line = bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1)

    def own_line_edit(
        self, path: str, key_start: Position, value_end: Position, entry: str
    ) -> Edit | None:
        """The edit putting ``entry`` on its own line after the last entry (whose key starts at
        ``key_start`` and whose value ends at ``value_end``); None when the last entry does not
        start its line, or anything but closing parentheses, a comma, comments and white space
        separates it from the closing brace."""
        key = self.offset(key_start)
        end = self.offset(value_end)
        if key is None or end is None:
            return None
        indent = self.text[self.starts[key_start.line - 1] : key]
        if indent.strip(" \t"):
            return None
        found = self._after_value(end)
        if found is None:
            return None
        value_close, comma, brace = found
        new_line = f"\n{indent}{entry}"
        after = value_close if comma is None else comma + 1
        line_end = self._line_end(after)
        if line_end is None or line_end > brace:
            # The closing brace shares the last entry's line: break the line before it.
            line_end = after
        if comma is not None:
            # Line breaks are written as "\n"; the fix machinery converts them to the file's style.
            return Edit(self._span(path, line_end, line_end), f"{new_line},")
        # No trailing comma: the last entry gets one right after its value (before any comment
        # kept on its line) and the new entry gets none.
        kept = self.text[value_close:line_end]
        return Edit(self._span(path, value_close, line_end), f",{kept}{new_line}")

    def _span(self, path: str, start: int, end: int) -> Span:
        return Span.between(path, self.position(start), self.position(end))

    def _after_value(self, offset: int) -> tuple[int, int | None, int] | None:
        """From the end of the last value: the offset after its closing parentheses, the offset
        of the trailing comma (None when there is none) and the offset of the closing brace."""
        value_close = offset
        comma: int | None = None
        index = offset
        while index < len(self.text):
            char = self.text[index]
            if char == "#":
                line_end = self._line_end(index)
                index = line_end if line_end is not None else len(self.text)
                continue
            if char == ")" and comma is None:
                value_close = index + 1
            elif char == "," and comma is None:
                comma = index
            elif char == "}":
                return value_close, comma, index
            elif not char.isspace():
                return None
            index += 1
        return None

    def _line_end(self, offset: int) -> int | None:
        """The offset of the line break ending the line that holds ``offset``."""
        line = bisect_right(self.starts, offset)
        if line >= len(self.starts):
            return None
        match = LINE_BREAK.search(self.text, self.starts[line - 1])
        return match.start() if match is not None else None
