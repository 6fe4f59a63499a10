"""The expression IR phase 1 records: a small tree of frozen dataclasses per interesting
expression (a literal, a name, an attribute, a call, a concatenation, a display...); no parser
object survives. Phase 2 evaluates it (:mod:`alignlint.model.values`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar, cast

from alignlint.core.types import Span

_C = TypeVar("_C")


def compact(cls: type[_C]) -> type[_C]:
    """Pickle instances of the frozen, slotted dataclass ``cls`` as a call of the class with its
    field values (what the fact cache stores for every expression and fact).

    Unpickling then costs one ``__init__`` call and no per-instance ``__dict__``: about half the
    memory and faster loading than the default reduction of a dataclass (and than the
    ``__setstate__`` that ``slots=True`` adds to frozen classes).
    """
    names = [item.name for item in fields(cast(Any, cls))]
    if len(names) == 1:
        single = attrgetter(names[0])

        def reduce_one(self: _C) -> tuple[type[_C], tuple[Any, ...]]:
            return cls, (single(self),)

        cls.__reduce__ = reduce_one  # type: ignore[method-assign,assignment]
    else:
        several = attrgetter(*names)

        def reduce_several(self: _C) -> tuple[type[_C], tuple[Any, ...]]:
            return cls, several(self)

        cls.__reduce__ = reduce_several  # type: ignore[method-assign,assignment]
    return cls


# --------------------------------------------------------------------------------------------
# Expression IR (phase 1)
# --------------------------------------------------------------------------------------------


@compact
@dataclass(frozen=True, slots=True)
class Lit:
    """A literal constant: str, int, float, bool, bytes or None."""

    value: Any
    span: Span


@compact
@dataclass(frozen=True, slots=True)
class Name:
    """A name looked up in the module's global scope."""

    id: str
    span: Span


@compact
@dataclass(frozen=True, slots=True)
class ImportedName:
    """A name bound by an import inside a function (``module`` is absolute; ``name`` may be None
    for ``import a.b``)."""

    module: str
    name: str | None
    span: Span


@compact
@dataclass(frozen=True, slots=True)
class Attr:
    value: Expr
    attr: str
    span: Span


@compact
@dataclass(frozen=True, slots=True)
class Call:
    """A call; keyword ``None`` stands for ``**mapping``."""

    func: Expr
    args: tuple[Expr, ...]
    kwargs: tuple[tuple[str | None, Expr], ...]
    span: Span

    def keyword(self, name: str) -> Expr | None:
        for key, value in self.kwargs:
            if key == name:
                return value
        return None

    @property
    def func_name(self) -> str:
        """The last dotted part of the callee (``os.path.join`` -> ``join``), or ``""``."""
        if isinstance(self.func, Name):
            return self.func.id
        if isinstance(self.func, Attr):
            return self.func.attr
        if isinstance(self.func, ImportedName):
            return self.func.name or ""
        return ""


@compact
@dataclass(frozen=True, slots=True)
class Concat:
    """``a + b`` or an f-string; parts are concatenated (f-string parts are formatted with str)."""

    parts: tuple[Expr, ...]
    span: Span
    formatted: bool = False


@compact
@dataclass(frozen=True, slots=True)
class PathDiv:
    """``left / right`` (a ``pathlib`` join when the left side is a path)."""

    left: Expr
    right: Expr
    span: Span


@compact
@dataclass(frozen=True, slots=True)
class DictExpr:
    """A dict display; a ``None`` key stands for ``**mapping``."""

    items: tuple[tuple[Expr | None, Expr], ...]
    span: Span


@compact
@dataclass(frozen=True, slots=True)
class SeqExpr:
    """A list, tuple or set display."""

    kind: str
    items: tuple[Expr, ...]
    span: Span


@compact
@dataclass(frozen=True, slots=True)
class SubscriptExpr:
    value: Expr
    index: Expr
    span: Span


@compact
@dataclass(frozen=True, slots=True)
class Opaque:
    """An expression phase 1 does not model (comprehension, lambda, conditional, ...)."""

    reason: str
    span: Span


Expr = (
    Lit
    | Name
    | ImportedName
    | Attr
    | Call
    | Concat
    | PathDiv
    | DictExpr
    | SeqExpr
    | SubscriptExpr
    | Opaque
)
