"""Conversion of ``ast`` expressions into the value IR of :mod:`alignlint.model.values`."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from alignlint.extract.ir import (
    Attr,
    Call,
    Concat,
    DictExpr,
    Expr,
    ImportedName,
    Lit,
    Merge,
    Name,
    Opaque,
    PathDiv,
    SeqExpr,
    Starred,
    SubscriptExpr,
)
from alignlint.extract.positions import Positions
from alignlint.extract.statements import all_statements

MAX_DEPTH = 80
_SEQUENCES: dict[type[ast.AST], str] = {ast.List: "list", ast.Tuple: "tuple", ast.Set: "set"}


class ExprConverter:
    """Turns ``ast`` expressions into IR. ``local_imports`` maps names bound by imports inside a
    function to ``(absolute module, name)`` so they resolve without the function's scope;
    ``local_variables`` are other names the function binds (``owner`` says which function, for
    the reason they are not evaluated), which must not resolve to a module-level name."""

    def __init__(
        self,
        positions: Positions,
        local_imports: Mapping[str, tuple[str, str | None]] | None = None,
        local_variables: frozenset[str] = frozenset(),
        owner: str = "",
    ) -> None:
        self.positions = positions
        self.local_imports = local_imports or {}
        self.local_variables = local_variables
        self.owner = owner

    def with_imports(self, local_imports: Mapping[str, tuple[str, str | None]]) -> ExprConverter:
        if not local_imports:
            return self
        return ExprConverter(
            self.positions,
            {**self.local_imports, **local_imports},
            self.local_variables,
            self.owner,
        )

    def with_local_variables(self, names: frozenset[str], owner: str) -> ExprConverter:
        """This converter, with ``names`` bound inside ``owner`` (``function `f```)."""
        return ExprConverter(self.positions, self.local_imports, names, owner)

    def convert(self, node: ast.expr, depth: int = 0) -> Expr:
        span = self.positions.span(node)
        if depth > MAX_DEPTH:
            return Opaque("expression is nested too deeply", span)
        inner = depth + 1
        if isinstance(node, ast.Constant):
            return Lit(node.value, span) if node.value is not Ellipsis else Opaque("`...`", span)
        if isinstance(node, ast.Name):
            imported = self.local_imports.get(node.id)
            if imported is not None:
                return ImportedName(imported[0], imported[1], span)
            if node.id in self.local_variables:
                return Opaque(f"`{node.id}` is a local variable of {self.owner}", span)
            return Name(node.id, span)
        if isinstance(node, ast.Attribute):
            return Attr(self.convert(node.value, inner), node.attr, span)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add):
                return Concat(self._flatten_add(node, inner), span)
            if isinstance(node.op, ast.Div):
                return PathDiv(
                    self.convert(node.left, inner), self.convert(node.right, inner), span
                )
            if isinstance(node.op, ast.BitOr):
                return Merge(self.convert(node.left, inner), self.convert(node.right, inner), span)
            return Opaque(f"`{type(node.op).__name__}` operation is not evaluated", span)
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node, inner, span)
        if isinstance(node, ast.Dict):
            items = tuple(
                (None if key is None else self.convert(key, inner), self.convert(value, inner))
                for key, value in zip(node.keys, node.values, strict=False)
            )
            return DictExpr(items, span)
        kind = _SEQUENCES.get(type(node))
        if kind is not None:
            elements: list[ast.expr] = node.elts  # type: ignore[attr-defined]
            return SeqExpr(kind, tuple(self._item(item, inner) for item in elements), span)
        if isinstance(node, ast.Subscript):
            return SubscriptExpr(
                self.convert(node.value, inner), self.convert(node.slice, inner), span
            )
        if isinstance(node, ast.Starred):
            return Opaque("starred expression is not evaluated", span)
        return Opaque(f"{_describe(node)} is not evaluated statically", span)

    def _item(self, node: ast.expr, depth: int) -> Expr:
        """An item of a list, tuple or set display: ``*value`` spreads ``value``'s items."""
        if isinstance(node, ast.Starred):
            return Starred(self.convert(node.value, depth + 1), self.positions.span(node))
        return self.convert(node, depth)

    def call(self, node: ast.Call, depth: int = 0) -> Call:
        inner = depth + 1
        return Call(
            self.convert(node.func, inner),
            tuple(self.convert(arg, inner) for arg in node.args),
            tuple((kw.arg, self.convert(kw.value, inner)) for kw in node.keywords),
            self.positions.span(node),
        )

    def _flatten_add(self, node: ast.BinOp, depth: int) -> tuple[Expr, ...]:
        parts: list[ast.expr] = []
        current: ast.expr = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
            parts.append(current.right)
            current = current.left
        parts.append(current)
        return tuple(self.convert(part, depth) for part in reversed(parts))

    def _fstring(self, node: ast.JoinedStr, depth: int, span: object) -> Expr:
        parts: list[Expr] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.conversion not in (-1, 115) or value.format_spec is not None:
                    return Opaque(
                        "f-string with a conversion or format spec", self.positions.span(node)
                    )
                parts.append(self.convert(value.value, depth))
            else:
                parts.append(self.convert(value, depth))
        return Concat(tuple(parts), self.positions.span(node), formatted=True)


def _describe(node: ast.AST) -> str:
    names = {
        ast.ListComp: "a list comprehension",
        ast.DictComp: "a dict comprehension",
        ast.SetComp: "a set comprehension",
        ast.GeneratorExp: "a generator expression",
        ast.Lambda: "a lambda",
        ast.IfExp: "a conditional expression",
        ast.BoolOp: "a boolean expression",
        ast.Compare: "a comparison",
        ast.UnaryOp: "a unary operation",
        ast.Await: "an await expression",
    }
    return names.get(type(node), f"a `{type(node).__name__}` expression")


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names/attributes, else None."""
    parts: list[str] = []
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        parts.append(current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return None
    parts.append(current.id)
    return ".".join(reversed(parts))


def imported_names(tree: ast.Module) -> dict[str, str]:
    """What each name bound by an import of the module stands for: ``import json as js`` binds
    ``js`` to ``json``, ``from json import load as read`` binds ``read`` to ``json.load``,
    ``import os.path`` binds ``os`` to ``os``; a relative import keeps its dots (``from .hp
    import X as cls`` binds ``cls`` to ``.hp.X``). A name two imports bind to different things
    is left out (which one a call reaches depends on the order the code runs in)."""
    names: dict[str, str] = {}
    clashing: set[str] = set()
    for node in all_statements(tree.body):
        bindings: list[tuple[str, str]] = []
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bindings.append((alias.asname, alias.name))
                else:
                    top = alias.name.split(".")[0]
                    bindings.append((top, top))
        elif isinstance(node, ast.ImportFrom) and (node.level or node.module):
            source = "." * node.level + (f"{node.module}." if node.module else "")
            for alias in node.names:
                if alias.name != "*":
                    bindings.append((alias.asname or alias.name, f"{source}{alias.name}"))
        for bound, origin in bindings:
            if names.setdefault(bound, origin) != origin:
                clashing.add(bound)
    for bound in clashing:
        del names[bound]
    return names


def resolved_dotted(node: ast.expr, names: Mapping[str, str]) -> str | None:
    """:func:`dotted`, its first part replaced by what :func:`imported_names` says it stands
    for (``js.load`` -> ``json.load``, ``read_json`` -> ``json.load``)."""
    text = dotted(node)
    if text is None:
        return None
    head, dot, rest = text.partition(".")
    origin = names.get(head)
    return text if origin is None else origin + dot + rest
