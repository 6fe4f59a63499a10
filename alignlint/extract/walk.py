"""A faster :func:`ast.walk`: the same nodes in the same (breadth-first) order, without the
contexts and operators (``Load``, ``Add``, ``And``, ``Eq``...) no extraction looks at.

``ast.walk`` goes through ``ast.iter_child_nodes`` and ``ast.iter_fields``, two generators per
node, and yields a context node under every name, attribute and subscript. Phase 1 walks every
function a few times (names it binds, typed reads, hyperparameter keys), so this is a large part
of its cost; here each node class's child fields are looked up once.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator

#: Nodes no extraction looks at (contexts and operators).
LEAVES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)
_LEAF_TYPES = frozenset(kind for base in LEAVES for kind in (base, *base.__subclasses__()))
#: Fields that never hold a node: names, numbers, flags, contexts and operators.
_PLAIN_FIELDS = frozenset(
    {
        "ctx",
        "op",
        "ops",
        "id",
        "attr",
        "arg",
        "name",
        "asname",
        "module",
        "level",
        "kind",
        "conversion",
        "type_comment",
        "is_async",
        "simple",
    }
)
_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    """The fields of node class ``kind`` that may hold child nodes."""
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f for f in kind._fields if f not in _PLAIN_FIELDS)
    return names


def children(node: ast.AST) -> list[ast.AST]:
    """The child nodes of ``node`` in :func:`ast.iter_child_nodes` order, leaves left out."""
    found: list[ast.AST] = []
    append = found.append
    kind = type(node)
    for name in _FIELDS.get(kind) or child_fields(kind):
        child = getattr(node, name, None)
        if type(child) is list:
            for item in child:
                if type(item) not in _LEAF_TYPES and isinstance(item, ast.AST):
                    append(item)
        elif type(child) not in _LEAF_TYPES and isinstance(child, ast.AST):
            append(child)
    return found


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """:func:`ast.walk` without contexts and operators (same order otherwise)."""
    todo = deque([node])
    pop = todo.popleft
    extend = todo.extend
    while todo:
        current = pop()
        extend(children(current))
        yield current


def deeper_than(statements: list[ast.stmt], limit: int) -> bool:
    """Whether a node under ``statements`` (at level 1) lies more than ``limit`` levels down,
    contexts and operators not counted."""
    level: list[ast.AST] = list(statements)
    depth = 1
    while level:
        if depth > limit:
            return True
        following: list[ast.AST] = []
        for node in level:
            following.extend(children(node))
        level = following
        depth += 1
    return False
