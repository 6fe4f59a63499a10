"""Walking the statements a body runs itself: nested blocks included, nested functions and
classes not (their bodies run elsewhere, if at all)."""

from __future__ import annotations

import ast
from collections.abc import Iterator


def own_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """``body``'s statements in source order, with those of its ``if``/``for``/``while``/
    ``with``/``try`` blocks; a nested function or class is yielded, its body is not."""
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            children = getattr(statement, name, None)
            if isinstance(children, list):
                stack.extend(reversed([c for c in children if isinstance(c, ast.stmt)]))
        for handler in getattr(statement, "handlers", []):
            stack.extend(reversed(handler.body))
