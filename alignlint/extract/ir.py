"""The expression IR phase 1 records: a small tree of frozen dataclasses per interesting
expression (a literal, a name, an attribute, a call, a concatenation, a display...); no parser
object survives. Phase 2 evaluates it (:mod:`alignlint.model.values`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar, cast

from alignlint.core.records import record
from alignlint.core.types import Span

_C = TypeVar("_C")


def compact(cls: type[_C]) -> type[_C]:
    """Pickle instances of the frozen, slotted dataclass ``cls`` as a call of a function that
    rebuilds one from its field values (what the fact cache stores for every expression and fact).

    The function (``cls._unpickle``) creates the instance with ``object.__new__`` and fills each
    slot through its descriptor: no ``__init__`` frame and no ``object.__setattr__`` call per
    field (a frozen dataclass's ``__init__`` makes both), about a third faster to unpickle; no
    per-instance ``__dict__`` either (half the memory of a dataclass's default reduction).
    Nothing else constructs instances through it: the dataclass's ``__init__`` stays the way
    code builds them.
    """
    names = [item.name for item in fields(cast(Any, cls))]
    unpickle = _rebuilder(cls, names)
    unpickle.__qualname__ = f"{cls.__qualname__}._unpickle"
    unpickle.__module__ = cls.__module__
    cls._unpickle = staticmethod(unpickle)  # type: ignore[attr-defined]
    if len(names) == 1:
        single = attrgetter(names[0])

        def reduce_one(self: _C) -> tuple[Callable[..., _C], tuple[Any, ...]]:
            return unpickle, (single(self),)

        cls.__reduce__ = reduce_one  # type: ignore[method-assign,assignment]
    else:
        several = attrgetter(*names)

        def reduce_several(self: _C) -> tuple[Callable[..., _C], tuple[Any, ...]]:
            return unpickle, several(self)

        cls.__reduce__ = reduce_several  # type: ignore[method-assign,assignment]
    return cls


def _rebuilder(cls: type[_C], names: list[str]) -> Callable[..., _C]:
    """A function of the field values of ``cls`` (in order) returning the instance holding them,
    written out per field (a loop over the fields costs a third of what it saves)."""
    values = ", ".join(f"v{index}" for index in range(len(names)))
    setters = ", ".join(f"set{index}" for index in range(len(names)))
    body = "".join(f"        set{index}(self, v{index})\n" for index in range(len(names)))
    source = (
        f"def make(new, cls, {setters}):\n"
        f"    def unpickle({values}):\n"
        f"        self = new(cls)\n{body}"
        f"        return self\n"
        f"    return unpickle\n"
    )
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # generated from the field count only, as dataclasses does
    slots = [getattr(cls, name).__set__ for name in names]
    return cast(Callable[..., _C], namespace["make"](object.__new__, cls, *slots))


# --------------------------------------------------------------------------------------------
# Expression IR (phase 1)
# --------------------------------------------------------------------------------------------


@compact
@record(slots=True)
class Lit:
    """A literal constant: str, int, float, bool, bytes or None."""

    value: Any
    span: Span


@compact
@record(slots=True)
class Name:
    """A name looked up in the module's global scope."""

    id: str
    span: Span


@compact
@record(slots=True)
class ImportedName:
    """A name bound by an import inside a function (``module`` is absolute; ``name`` may be None
    for ``import a.b``)."""

    module: str
    name: str | None
    span: Span


@compact
@record(slots=True)
class Attr:
    value: Expr
    attr: str
    span: Span


@compact
@record(slots=True)
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
@record(slots=True)
class Concat:
    """``a + b`` or an f-string; parts are concatenated (f-string parts are formatted with str)."""

    parts: tuple[Expr, ...]
    span: Span
    formatted: bool = False


@compact
@record(slots=True)
class PathDiv:
    """``left / right`` (a ``pathlib`` join when the left side is a path)."""

    left: Expr
    right: Expr
    span: Span


@compact
@record(slots=True)
class Merge:
    """``left | right``: a mapping merged with another (the right side's values win), or the
    union of two sets."""

    left: Expr
    right: Expr
    span: Span


@compact
@record(slots=True)
class DictExpr:
    """A dict display; a ``None`` key stands for ``**mapping``."""

    items: tuple[tuple[Expr | None, Expr], ...]
    span: Span


@compact
@record(slots=True)
class SeqExpr:
    """A list, tuple or set display (an item may be a :class:`Starred` spread)."""

    kind: str
    items: tuple[Expr, ...]
    span: Span


@compact
@record(slots=True)
class Starred:
    """``*value`` as an item of a list, tuple or set display: the items ``value`` iterates
    over, in its order."""

    value: Expr
    span: Span


@compact
@record(slots=True)
class SubscriptExpr:
    value: Expr
    index: Expr
    span: Span


@compact
@record(slots=True)
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
    | Merge
    | DictExpr
    | SeqExpr
    | Starred
    | SubscriptExpr
    | Opaque
)
