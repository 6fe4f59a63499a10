"""Whether a module's namespace is written by code (``globals()`` handed out or updated), so it
may define names no statement shows: protobuf's generated ``*_pb2`` modules build every message
class with ``_builder.BuildTopDescriptorsAndMessages(DESCRIPTOR, ..., globals())``."""

from __future__ import annotations

import ast

#: Methods of a dict that only read it.
_READING_METHODS = frozenset({"get", "keys", "values", "items", "copy", "__contains__"})


def _is_globals_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "globals"
        and not node.args
        and not node.keywords
    )


def _only_read(parent: ast.AST, call: ast.AST) -> bool:
    """Whether ``parent`` only reads the namespace ``call`` returns: ``globals()["x"]``,
    ``globals().get("x")``, ``"x" in globals()``."""
    if isinstance(parent, ast.Subscript):
        return parent.value is call and isinstance(parent.ctx, ast.Load)
    if isinstance(parent, ast.Attribute):
        return parent.attr in _READING_METHODS
    return isinstance(parent, ast.Compare)


def writes_globals(tree: ast.Module) -> bool:
    """Whether code of the module (at any depth) may add names to its namespace through
    ``globals()``: passes it on, binds it to a name, updates it or stores into it."""
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            if _is_globals_call(child) and not _only_read(node, child):
                return True
    return False
