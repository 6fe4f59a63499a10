"""libcst, guarded: parse a file with libcst only when that cannot take the run down.

libcst's native parser recurses once per level of nesting, and a chain of binary operators is a
nesting level per operator (``a and a and …`` with 10,000 terms is 10,000 levels deep): deep
enough, it overflows the C stack and the process dies with a segmentation fault, which no
``except`` catches; well before that it becomes quadratic (a 3,000-term call chain takes seconds).
So a file is first parsed with CPython's own parser (which reports a too-deep file as an error
instead of crashing), its nesting measured the way libcst nests (:func:`nesting`), and handed to
libcst only below :data:`NESTING_LIMIT`, far below where libcst slows down or crashes. Above it
the file is not parsed with libcst at all: the caller gets the reason instead.

libcst is imported on first use: checking never loads it.
"""

from __future__ import annotations

import ast
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst

#: The deepest nesting handed to libcst. Real code nests a few dozen levels; libcst crashed
#: at about 7,000 (a chain of ``and``) and took seconds from about 1,000 (a chain of calls).
NESTING_LIMIT = 400


class CstUnavailable(Exception):
    """The text cannot be parsed with libcst, safely or at all; the message says why."""


def nesting(tree: ast.AST) -> int:
    """How deep libcst would nest ``tree``: the depth of the syntax tree, where a boolean
    operation over ``n`` operands counts ``n - 1`` levels (CPython keeps it flat, libcst nests one
    node per operator, as it does for the other binary operators, attribute and call chains,
    which CPython nests too). Computed without recursion."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ast.BoolOp):
            depth += len(node.values) - 1
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def python_tree(text: str) -> ast.Module:
    """CPython's syntax tree of ``text``; raises :class:`CstUnavailable` when it does not parse."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except SyntaxError as error:
        raise CstUnavailable(f"it does not parse: {error.msg} (line {error.lineno})") from None
    except (RecursionError, MemoryError):
        raise CstUnavailable("it is too deeply nested to parse") from None


def refusal(text: str) -> str | None:
    """Why :func:`parse_module` would not hand ``text`` to libcst (it does not parse with
    CPython, or nests deeper than :data:`NESTING_LIMIT`), or None; never loads libcst, so
    ``check`` can tell which structural fixes ``--fix`` can write."""
    try:
        _guard(text)
    except CstUnavailable as error:
        return str(error)
    return None


def _guard(text: str) -> None:
    """Raise :class:`CstUnavailable` unless ``text`` is safe to hand to libcst."""
    depth = nesting(python_tree(text))
    if depth > NESTING_LIMIT:
        raise CstUnavailable(
            f"it nests {depth} levels deep, more than the {NESTING_LIMIT} libcst is given"
        )


def parse_module(text: str) -> libcst.Module:
    """libcst's tree of ``text``, when that is safe; raises :class:`CstUnavailable` otherwise."""
    _guard(text)
    import libcst

    try:
        return libcst.parse_module(text)
    except RecursionError:
        raise CstUnavailable("it is too deeply nested for libcst") from None
    except Exception as error:  # libcst's own errors, and anything its native parser raises
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise CstUnavailable(f"libcst cannot parse it ({type(error).__name__}: {first})") from None
