"""The local names whose mapping some code may change.

A dict bound to a name keeps the keys it was built with unless the code changes it: stores or
deletions by key (``d[k] = v``, ``del d[k]``) and any method call but the reading ones
(``d.update(...)``, ``d.pop(k)``, ``d.setdefault(...)``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

#: Methods of a dict that leave its keys as they are.
READING_METHODS = frozenset({"get", "items", "keys", "values", "copy"})


def changed_names(nodes: Iterable[ast.AST]) -> set[str]:
    """The names among ``nodes`` (every node of the code, as a walk gives them) whose value is
    stored into, deleted from by key, or has an attribute other than a reading method used."""
    changed: set[str] = set()
    for node in nodes:
        target = None
        if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load):
            target = node.value
        elif isinstance(node, ast.Attribute) and node.attr not in READING_METHODS:
            target = node.value
        if isinstance(target, ast.Name):
            changed.add(target.id)
    return changed
