"""Values that flow through a method's local names: ``name = "model_input"; inputs[name]``.

Phase 1 records, for each method, the local names bound exactly once with the expression bound
(:attr:`alignlint.extract.facts.BodyFacts.local_values`); :func:`inline_locals` replaces those
names in an expression by what they stand for, so the module-level evaluator can compute it.
"""

from __future__ import annotations

from collections.abc import Mapping

from alignlint.extract.ir import (
    Attr,
    Call,
    Concat,
    DictExpr,
    Expr,
    Merge,
    Name,
    PathDiv,
    SeqExpr,
    Starred,
    SubscriptExpr,
)

#: How many local names deep a value is followed (``a = b; b = c; ...``).
MAX_DEPTH = 8


def inline_locals(expr: Expr, values: Mapping[str, Expr], depth: int = 0) -> Expr:
    """``expr`` with each local name in ``values`` replaced by its value (recursively)."""
    if not values or depth > MAX_DEPTH:
        return expr

    def inner(item: Expr) -> Expr:
        return inline_locals(item, values, depth + 1)

    if isinstance(expr, Name):
        bound = values.get(expr.id)
        return inner(bound) if bound is not None else expr
    if isinstance(expr, Attr):
        return Attr(inner(expr.value), expr.attr, expr.span)
    if isinstance(expr, Call):
        return Call(
            inner(expr.func),
            tuple(inner(arg) for arg in expr.args),
            tuple((key, inner(value)) for key, value in expr.kwargs),
            expr.span,
        )
    if isinstance(expr, Concat):
        return Concat(tuple(inner(part) for part in expr.parts), expr.span, expr.formatted)
    if isinstance(expr, PathDiv):
        return PathDiv(inner(expr.left), inner(expr.right), expr.span)
    if isinstance(expr, Merge):
        return Merge(inner(expr.left), inner(expr.right), expr.span)
    if isinstance(expr, Starred):
        return Starred(inner(expr.value), expr.span)
    if isinstance(expr, DictExpr):
        items = tuple(
            (inner(key) if key is not None else None, inner(value)) for key, value in expr.items
        )
        return DictExpr(items, expr.span)
    if isinstance(expr, SeqExpr):
        return SeqExpr(expr.kind, tuple(inner(item) for item in expr.items), expr.span)
    if isinstance(expr, SubscriptExpr):
        return SubscriptExpr(inner(expr.value), inner(expr.index), expr.span)
    return expr
