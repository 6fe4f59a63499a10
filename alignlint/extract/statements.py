"""Walking the statements a body runs itself: nested blocks included, nested functions and
classes not (their bodies run elsewhere, if at all)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

_BLOCKS = ("body", "orelse", "finalbody")
#: The statement lists :func:`own_statements` enters, and whether it enters the handlers, by
#: statement class (a simple statement has none; a nested function or class is not entered).
_NESTED: dict[type[ast.AST], tuple[tuple[str, ...], bool]] = {
    kind: (
        ()
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        else tuple(name for name in _BLOCKS if name in kind._fields),
        "handlers" in kind._fields
        and kind not in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef),
    )
    for kind in ast.stmt.__subclasses__()
}


def own_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """``body``'s statements in source order, with those of its ``if``/``for``/``while``/
    ``with``/``try`` blocks; a nested function or class is yielded, its body is not."""
    stack = list(reversed(body))
    nested = _NESTED
    while stack:
        statement = stack.pop()
        yield statement
        known = nested.get(type(statement))
        if known is None:  # not a statement class of this Python's grammar
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            known = (_BLOCKS, True)
        blocks, handlers = known
        for name in blocks:
            children = getattr(statement, name, None)
            if isinstance(children, list):
                stack.extend(reversed([c for c in children if isinstance(c, ast.stmt)]))
        if handlers:
            for handler in getattr(statement, "handlers", []):
                stack.extend(reversed(handler.body))


def all_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of ``body``, nested ones included: those of blocks, handlers, ``match``
    cases, and of nested functions and classes (in no particular order). Only statements are
    visited, not the expressions in them (an import is a statement)."""
    stack = list(body)
    while stack:
        statement = stack.pop()
        yield statement
        for name in _BLOCKS:
            children = getattr(statement, name, None)
            if isinstance(children, list):
                stack.extend(c for c in children if isinstance(c, ast.stmt))
        for part in getattr(statement, "handlers", ()) or getattr(statement, "cases", ()):
            stack.extend(part.body)


def is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"``, either way round."""
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and len(test.comparators) == 1
    ):
        return False
    sides = (test.left, test.comparators[0])
    return any(isinstance(side, ast.Name) and side.id == "__name__" for side in sides) and any(
        isinstance(side, ast.Constant) and side.value == "__main__" for side in sides
    )


def target_names(target: ast.expr) -> Iterator[str]:
    """The names an assignment target binds (``a``, ``a, (b, *c)``; not ``x.a`` or ``x[0]``)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from target_names(element)
    elif isinstance(target, ast.Starred):
        yield from target_names(target.value)
