"""What a method may store in the data attributes of ``self`` (:class:`SelfStore`).

A builder may build its environment once, in ``__init__`` (``self._env = {"A": ...}``), and
return it from ``_get_environment_variables`` (``return self._env``): what it sends is then what
the methods of its class hierarchy store in that attribute. Each use of ``self.<name>`` is
classified by where it stands: an assignment to it, a key written into it, a mapping merged
into it, a local name bound to it (through which the body may change it), or any other use that
may change it; a use that only reads it is no store.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator

from alignlint.core.types import Span
from alignlint.extract.exprs import ExprConverter
from alignlint.extract.facts import SelfStore
from alignlint.extract.ir import Lit
from alignlint.extract.walk import children

#: Methods of a mapping that only read it.
_READING_METHODS = frozenset({"get", "copy", "items", "keys", "values", "__contains__"})
#: Builtins that only read the value they are given.
_READING_FUNCTIONS = frozenset(
    {
        "all",
        "any",
        "bool",
        "dict",
        "frozenset",
        "isinstance",
        "iter",
        "len",
        "list",
        "print",
        "repr",
        "set",
        "sorted",
        "str",
        "tuple",
    }
)


def self_stores(statements: Collection[ast.stmt], conv: ExprConverter) -> list[SelfStore]:
    """The :class:`SelfStore` records of a method body, in source order."""
    found: list[SelfStore] = []
    for node, parents in _self_members(statements):
        found.extend(_classify(node, parents, conv))
    found.sort(key=lambda store: store.span)
    return found


def _self_members(
    statements: Collection[ast.stmt],
) -> Iterator[tuple[ast.Attribute, tuple[ast.AST, ...]]]:
    """Each ``self.x`` that is not called as a method, with its two nearest ancestors (nearest
    first; an ancestor the tree does not have is the node itself)."""
    stack: list[tuple[ast.AST, tuple[ast.AST, ...]]] = [(s, ()) for s in reversed(list(statements))]
    while stack:
        node, parents = stack.pop()
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            parent = parents[0] if parents else node
            if not (isinstance(parent, ast.Call) and parent.func is node):
                yield node, (*parents[:2], node, node)[:2]
            continue
        below = (node, *parents[:2])
        for child in reversed(children(node)):
            stack.append((child, below))


#: Methods that log what they are given (``logger.info``, ``self.log_info``).
_LOGGING_METHODS = frozenset(
    {
        "critical",
        "debug",
        "error",
        "exception",
        "info",
        "log",
        "log_debug",
        "log_error",
        "log_info",
        "log_warning",
        "warning",
    }
)


def _reading_call(call: ast.Call) -> bool:
    """Whether ``call`` only reads its arguments: a builtin that reads, or a logging call."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in _READING_FUNCTIONS
    return isinstance(func, ast.Attribute) and func.attr in _LOGGING_METHODS


def _classify(
    node: ast.Attribute, parents: tuple[ast.AST, ...], conv: ExprConverter
) -> Iterator[SelfStore]:
    name = node.attr
    span = conv.positions.span(node)
    parent, grand = parents
    if isinstance(parent, ast.Assign) and node in parent.targets:
        yield SelfStore(name, "assign", conv.convert(parent.value), span)
    elif isinstance(parent, ast.AnnAssign) and parent.target is node:
        if parent.value is not None:
            yield SelfStore(name, "assign", conv.convert(parent.value), span)
    elif isinstance(parent, (ast.Tuple, ast.List)) and isinstance(parent.ctx, ast.Store):
        yield SelfStore(name, "assign", None, span)
    elif isinstance(parent, ast.AugAssign) and parent.target is node:
        if isinstance(parent.op, ast.BitOr):
            yield SelfStore(name, "merge", conv.convert(parent.value), span)
        else:
            yield SelfStore(name, "other", None, span)
    elif isinstance(parent, ast.Subscript) and parent.value is node:
        if isinstance(parent.ctx, ast.Store):
            yield SelfStore(name, "key", conv.convert(parent.slice), span)
        elif isinstance(parent.ctx, ast.Del):
            yield SelfStore(name, "other", None, span)
    elif isinstance(parent, ast.Attribute) and parent.value is node:
        yield from _method_call(name, parent, grand, span, conv)
    elif isinstance(parent, ast.Call):
        if not _reading_call(parent):
            yield SelfStore(name, "other", None, span)
    elif isinstance(parent, ast.keyword):
        if parent.arg is not None:
            yield SelfStore(name, "other", None, span)
    elif isinstance(parent, ast.Assign) and parent.value is node:
        targets = parent.targets
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            yield SelfStore(name, "alias", Lit(targets[0].id, span), span)
        else:
            yield SelfStore(name, "other", None, span)
    elif isinstance(parent, (ast.IfExp, ast.BoolOp, ast.NamedExpr, ast.Lambda)) and not (
        isinstance(parent, ast.IfExp) and parent.test is node
    ):
        # The value flows on (``x = self._env or {}``): where to is not followed.
        if not isinstance(grand, ast.Return):
            yield SelfStore(name, "other", None, span)


def _method_call(
    name: str, method: ast.Attribute, call: ast.AST, span: Span, conv: ExprConverter
) -> Iterator[SelfStore]:
    """``self.name.<method>(...)``."""
    if not (isinstance(call, ast.Call) and call.func is method):
        yield SelfStore(name, "other", None, span)
        return
    if method.attr in _READING_METHODS:
        return
    if method.attr == "update":
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                yield SelfStore(name, "other", None, span)
            else:
                yield SelfStore(name, "merge", conv.convert(arg), span)
        for keyword in call.keywords:
            if keyword.arg is None:
                yield SelfStore(name, "merge", conv.convert(keyword.value), span)
            else:
                yield SelfStore(name, "key", Lit(keyword.arg, span), span)
    elif method.attr == "setdefault" and call.args and not isinstance(call.args[0], ast.Starred):
        yield SelfStore(name, "key", conv.convert(call.args[0]), span)
    else:
        yield SelfStore(name, "other", None, span)
