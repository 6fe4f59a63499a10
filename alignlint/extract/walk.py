"""A faster :func:`ast.walk`: the same nodes in the same (breadth-first) order, without the
contexts and operators (``Load``, ``Add``, ``And``, ``Eq``...) no extraction looks at.

``ast.walk`` goes through ``ast.iter_child_nodes`` and ``ast.iter_fields``, two generators per
node, and yields a context node under every name, attribute and subscript. Phase 1 walks every
function a few times (names it binds, typed reads, hyperparameter keys), so this is a large part
of its cost. Here each node class gets its own child lister, generated once from the class's
grammar (its ``_fields`` and the ASDL signature ``ast`` gives as its docstring,
``Call(expr func, expr* args, keyword* keywords)``): it reads only the fields that hold nodes,
extends with a list field at once and tests a single field for ``None`` only. A class whose
signature cannot be read keeps the generic lister, which tests every value.
"""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator

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
#: ASDL types of the fields that hold nodes (not contexts or operators).
_NODE_TYPES = frozenset(
    {
        "expr",
        "stmt",
        "keyword",
        "arguments",
        "arg",
        "alias",
        "withitem",
        "excepthandler",
        "comprehension",
        "match_case",
        "pattern",
        "type_ignore",
        "type_param",
    }
)
#: ASDL types of the fields that never hold a node.
_VALUE_TYPES = frozenset(
    {"identifier", "string", "constant", "int", "expr_context", "operator", "boolop", "unaryop"}
    | {"cmpop"}
)
#: List fields whose items may be ``None`` (``{**other}`` keys, keyword-only parameters without
#: a default).
_LISTS_WITH_NONE = frozenset({("Dict", "keys"), ("arguments", "kw_defaults")})
_SIGNATURE = re.compile(r"(\w+)\((.*)\)")
_FIELD = re.compile(r"(\w+)([*?]?) (\w+)")
_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}

Lister = Callable[[ast.AST], list[ast.AST]]


def child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    """The fields of node class ``kind`` that may hold child nodes."""
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f for f in kind._fields if f not in _PLAIN_FIELDS)
    return names


def _generic_children(node: ast.AST) -> list[ast.AST]:
    """Every node value of the fields that may hold one, leaves left out."""
    found: list[ast.AST] = []
    append = found.append
    for name in child_fields(type(node)):
        child = getattr(node, name, None)
        if type(child) is list:
            for item in child:
                if type(item) not in _LEAF_TYPES and isinstance(item, ast.AST):
                    append(item)
        elif type(child) not in _LEAF_TYPES and isinstance(child, ast.AST):
            append(child)
    return found


def _signature(kind: type[ast.AST]) -> dict[str, str] | None:
    """``field -> ASDL type`` (``expr``, ``expr*``, ``expr?``) from the class's docstring, or
    None when it does not describe exactly the class's fields with known types."""
    first = (kind.__doc__ or "").split("\n", 1)[0].strip()
    match = _SIGNATURE.fullmatch(first)
    if match is None or match.group(1) != kind.__name__:
        return None
    found: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in match.group(2).split(","))):
        field = _FIELD.fullmatch(part)
        if field is None or field.group(1) not in _NODE_TYPES | _VALUE_TYPES:
            return None
        found[field.group(3)] = field.group(1) + field.group(2)
    return found if tuple(found) == tuple(kind._fields) else None


def _make_lister(kind: type[ast.AST]) -> Lister:
    """A function listing the child nodes of a ``kind`` node, as :func:`_generic_children` does."""
    signature = _signature(kind)
    if signature is None or not issubclass(kind, ast.AST) or kind in _LEAF_TYPES:
        return _generic_children
    if not kind._fields:
        return _no_children
    lines = ["def children(node):", "    try:", "        found = []"]
    for name in child_fields(kind):
        asdl = signature[name]
        if asdl.rstrip("*?") not in _NODE_TYPES:
            continue
        if not asdl.endswith("*"):
            lines += [f"        value = node.{name}", "        if value is not None:"]
            lines.append("            found.append(value)")
        elif (kind.__name__, name) in _LISTS_WITH_NONE:
            lines.append(f"        found += [item for item in node.{name} if item is not None]")
        else:
            lines.append(f"        found += node.{name}")
    # A node built without some field (``ast.Expr()``) is listed the generic way.
    lines += ["        return found", "    except AttributeError:", "        return generic(node)"]
    namespace: dict[str, Lister] = {}
    exec("\n".join(lines), {"generic": _generic_children}, namespace)
    return namespace["children"]


def _no_children(node: ast.AST) -> list[ast.AST]:
    return []


_LISTERS: dict[type[ast.AST], Lister] = {}


def lister(kind: type[ast.AST]) -> Lister:
    """The function listing the child nodes of a node of class ``kind``."""
    found = _LISTERS.get(kind)
    if found is None:
        found = _LISTERS[kind] = _make_lister(kind)
    return found


def children(node: ast.AST) -> list[ast.AST]:
    """The child nodes of ``node`` in :func:`ast.iter_child_nodes` order, leaves left out."""
    kind = type(node)
    return (_LISTERS.get(kind) or lister(kind))(node)


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """:func:`ast.walk` without contexts and operators (same order otherwise)."""
    return walk_all((node,))


def walk_all(nodes: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """:func:`walk` of each of ``nodes`` in turn."""
    get = _LISTERS.get
    for node in nodes:
        todo = deque([node])
        pop = todo.popleft
        extend = todo.extend
        while todo:
            current = pop()
            kind = type(current)
            extend((get(kind) or lister(kind))(current))
            yield current


def deeper_than(statements: list[ast.stmt], limit: int) -> bool:
    """Whether a node under ``statements`` (at level 1) lies more than ``limit`` levels down,
    contexts and operators not counted."""
    level: list[ast.AST] = list(statements)
    depth = 1
    get = _LISTERS.get
    while level:
        if depth > limit:
            return True
        following: list[ast.AST] = []
        extend = following.extend
        for node in level:
            kind = type(node)
            extend((get(kind) or lister(kind))(node))
        level = following
        depth += 1
    return False
