"""The types an annotation admits: ``X``, ``Optional[X]``, ``Union[X, Y]``, ``X | None``, the
first item of ``Annotated[X, ...]``, quoted, module-qualified (``base.X``)."""

from __future__ import annotations

import ast

from alignlint.extract.exprs import dotted

#: Annotations that wrap the types they list (``Annotated`` keeps only its first).
_TYPE_WRAPPERS = frozenset({"Optional", "Union", "Annotated"})
#: How many quotes deep a string annotation is read (``"Optional['X']"``).
_MAX_QUOTES = 2


def annotation_types(annotation: ast.expr | str, depth: int = 0) -> list[str] | None:
    """The dotted names of the types ``annotation`` (a node, or its source text) admits,
    ``None`` excluded; None when it holds anything else (a generic such as ``dict[str, X]``,
    a call, text that does not parse)."""
    if isinstance(annotation, str):
        try:
            annotation = ast.parse(annotation.strip(), mode="eval").body
        except SyntaxError:
            return None
    names: list[str] = []
    pending: list[ast.expr] = [annotation]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Constant) and node.value is None:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            inner = annotation_types(node.value, depth + 1) if depth < _MAX_QUOTES else None
            if inner is None:
                return None
            names.extend(inner)
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            pending.extend((node.right, node.left))
            continue
        if isinstance(node, ast.Subscript):
            wrapper = (dotted(node.value) or "").rpartition(".")[2]
            if wrapper not in _TYPE_WRAPPERS:
                return None
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            pending.extend(reversed(items[:1] if wrapper == "Annotated" else items))
            continue
        name = dotted(node)
        if name is None:
            return None
        names.append(name)
    return names
