"""Where a module reads its container path constants.

A module constant holding a container path (``CODE = "/opt/ml/code"``) may be read only as the
root of paths the code builds from it (``f"{CODE}/models"``, ``os.path.join(CODE, "x")``): the
paths built are then what the script uses, and the constant is not a use of its own, as the
``"/opt/ml/code"`` inside ``Path("/opt/ml/code") / "x"`` is not. Telling so needs every read
of the name in the file, also in bodies phase 1 does not scan, so the file's tree is walked
once, for the files that define such constants only.
"""

from __future__ import annotations

import ast
from collections.abc import Collection

from alignlint.extract.facts import NamedUse
from alignlint.extract.positions import Positions
from alignlint.extract.walk import walk


def constant_reads(
    tree: ast.Module, positions: Positions, constants: Collection[str]
) -> tuple[NamedUse, ...]:
    """Every read of each name of ``constants`` in ``tree``, in source order, for the names the
    module binds exactly once (by any means: an assignment, an import, a parameter, a ``def``,
    ``del``): a name bound twice may hold another value where it is read, and is left out."""
    if not constants:
        return ()
    bindings: dict[str, int] = dict.fromkeys(constants, 0)
    loads: list[ast.Name] = []
    for node in walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in bindings:
                continue
            if isinstance(node.ctx, ast.Load):
                loads.append(node)
            else:
                bindings[node.id] += 1
            continue
        for bound in _bound_names(node):
            if bound in bindings:
                bindings[bound] += 1
    once = {name for name, count in bindings.items() if count == 1}
    found = [NamedUse(node.id, positions.span(node)) for node in loads if node.id in once]
    return tuple(sorted(found, key=lambda use: use.span))


def _bound_names(node: ast.AST) -> tuple[str, ...]:
    """Names ``node`` binds otherwise than as an ``ast.Name`` target."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return (node.name,)
    if isinstance(node, ast.arg):
        return (node.arg,)
    if isinstance(node, ast.alias):
        return ((node.asname or node.name).partition(".")[0],)
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return tuple(node.names)  # rebinds the name where a function assigns it
    if isinstance(node, ast.ExceptHandler) and node.name is not None:
        return (node.name,)
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name is not None:
        return (node.name,)
    if isinstance(node, ast.MatchMapping) and node.rest is not None:
        return (node.rest,)
    return ()
