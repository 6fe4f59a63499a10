"""``@record``: a frozen dataclass whose ``__repr__``, ``__eq__`` and ``__hash__`` are shared
functions instead of code generated for each class.

``dataclasses`` writes every method it adds as source text and compiles it (``exec``) when the
class is created. alignlint's checks define about 200 frozen dataclasses, and creating them was
half of what a check spends importing alignlint (0.2 s of 0.4 s on a 2-core machine): time every
run that is not answered from the result cache pays, one changed file and the pre-commit hook
included. A record class is a real dataclass (``dataclasses.fields``, ``replace``, ``asdict`` and
pickling work as before) created with ``repr=False, eq=False``, so only ``__init__`` and the
frozen ``__setattr__``/``__delattr__`` are compiled; the three shared methods then behave exactly
as the generated ones: the same ``repr`` text, equality only between instances of the same class
comparing the fields that take part in comparisons, in order, and the hash of the same tuple.
A method the class body defines itself is kept, as a dataclass keeps it.

Type checkers see a frozen dataclass (:func:`typing.dataclass_transform`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_kwargs: Any) -> Callable[[Any], Any]:
        return lambda function: function


_C = TypeVar("_C", bound=type)


@overload
def record(cls: _C, /) -> _C: ...


@overload
def record(*, slots: bool = False, init: bool = True, eq: bool = True) -> Callable[[_C], _C]: ...


@dataclass_transform(
    frozen_default=True,
    eq_default=True,
    field_specifiers=(dataclasses.field, dataclasses.Field),
)
def record(
    cls: _C | None = None, /, *, slots: bool = False, init: bool = True, eq: bool = True
) -> _C | Callable[[_C], _C]:
    """``@dataclass(frozen=True)`` (``slots``, ``init`` and ``eq`` as there) with shared
    ``__repr__``, ``__eq__`` and ``__hash__`` methods."""

    def wrap(target: _C) -> _C:
        made: type = dataclasses.dataclass(
            target, frozen=True, slots=slots, init=init, repr=False, eq=False
        )
        return _with_shared_methods(cast(_C, made), eq=eq)

    return wrap if cls is None else wrap(cls)


def _with_shared_methods(cls: _C, *, eq: bool) -> _C:
    fields = dataclasses.fields(cls)
    own = cls.__dict__
    # Stored on the class: the names ``repr`` shows, and functions returning the values of the
    # compared and of the hashed fields as tuples.
    cls._record_shown = tuple(item.name for item in fields if item.repr)  # type: ignore[attr-defined]
    if "__repr__" not in own:
        cls.__repr__ = _repr  # type: ignore[assignment]
    if not eq:
        return cls
    compared = [item.name for item in fields if item.compare]
    hashed = [item.name for item in fields if (item.compare if item.hash is None else item.hash)]
    cls._record_compared = _values_of(compared)  # type: ignore[attr-defined]
    cls._record_hashed = _values_of(hashed)  # type: ignore[attr-defined]
    if "__eq__" not in own:
        cls.__eq__ = _eq  # type: ignore[method-assign,assignment]
    # As dataclasses decide: a ``__hash__`` the body defines stays; ``__hash__ = None``, which
    # Python adds beside a body's own ``__eq__``, does not count as one.
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if not explicit_hash:
        cls.__hash__ = _hash  # type: ignore[method-assign,assignment]
    return cls


def _values_of(names: list[str]) -> Callable[[object], tuple[Any, ...]]:
    """A function returning the values of the attributes ``names`` as a tuple (always a tuple,
    so that hashes are those of the generated methods)."""
    if not names:
        return lambda _instance: ()
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda instance: (single(instance),)
    return attrgetter(*names)


@recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        values = self.__class__._record_compared
        return values(self) == values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__._record_hashed(self))
