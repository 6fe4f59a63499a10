"""Map offsets inside a string value to source columns, and build edits of string literals.

The model knows a string's value and the span of the literal that wrote it, not the literal's
text. A single-line literal exactly two characters wider than its value, whose value holds no
backslash, is ``q + value + q``: every escape sequence either shrinks the text or leaves a
backslash in the value, and a prefix would widen it. Only such literals are mapped character
by character; anything else (prefixes, escapes, implicit concatenation, triple quotes) is
addressed as a whole.
"""

from __future__ import annotations

import json

from alignlint.core.types import Edit, Span
from alignlint.model.values import Located


def plain_body(value: Located[str]) -> Span | None:
    """The span of the literal's characters between its quotes, when they equal the value."""
    span = value.span
    text = value.value
    if span.is_multiline or "\\" in text or not text.isprintable():
        return None
    if span.end.column - span.start.column != len(text) + 2:
        return None
    return Span(span.path, span.line, span.column + 1, span.end_line, span.end_column - 1)


def sub_span(value: Located[str], start: int, end: int) -> Span:
    """The source span of ``value.value[start:end]``, or the whole literal when unmappable."""
    body = plain_body(value)
    if body is None:
        return value.span
    line, column = body.start.line, body.start.column
    return Span(body.path, line, column + start, line, column + end)


def replace_value(value: Located[str], new: str) -> Edit:
    """An edit that makes the literal's value ``new``: inside the quotes when the literal is
    plain and ``new`` needs no escaping, else the whole literal as a double-quoted string."""
    body = plain_body(value)
    if body is not None and new.isprintable() and not set(new) & {"\\", "'", '"'}:
        return Edit(body, new)
    return Edit(value.span, json.dumps(new, ensure_ascii=False))


def replace_part(value: Located[str], start: int, end: int, new: str) -> Edit:
    """An edit replacing ``value.value[start:end]`` with ``new`` (the whole literal if needed)."""
    body = plain_body(value)
    if body is not None and new.isprintable() and not set(new) & {"\\", "'", '"'}:
        return Edit(sub_span(value, start, end), new)
    return replace_value(value, value.value[:start] + new + value.value[end:])
