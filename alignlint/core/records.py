"""``@record``: a dataclass (frozen unless ``frozen=False``) whose methods are shared functions,
closures or compiled when first needed, instead of code generated and compiled for each class as
it is created.

``dataclasses`` writes every method it adds as source text and compiles it (``exec``) when the
class is created. alignlint's checks define about 250 dataclasses, and compiling their
methods was most of what a check spends importing alignlint: time every run that is not
answered from the result cache pays, one changed file and the pre-commit hook included.

A record class is a real dataclass (``dataclasses.fields``, ``replace``, ``asdict`` and pickling
work as for a dataclass) that ``dataclasses`` creates without any generated method
(``init=False, repr=False, eq=False, frozen=False``); this module then adds:

* ``__repr__``, ``__eq__``, ``__hash__`` and, with ``order=True``, ``__lt__``, ``__le__``,
  ``__gt__`` and ``__ge__``: shared functions giving the generated ones' results (the same
  ``repr`` text; comparisons only between instances of the same class, of the fields that take
  part in comparisons, in order; the hash of the same tuple; a mutable class is unhashable);
* for a frozen class, ``__setattr__`` and ``__delattr__``: closures doing what the frozen
  dataclass's do (raise ``FrozenInstanceError`` for the class's own instances and its fields);
* ``__getstate__``/``__setstate__`` for a frozen class with ``slots``, as a frozen dataclass has
  them;
* ``__init__``: the dataclass's ``__init__``, compiled at the first instantiation (many
  record classes are never instantiated in a run, and unpickling does not call ``__init__``).

A method the class body defines itself is kept, as a dataclass keeps it. ``InitVar`` and
keyword-only fields are not supported (a ``TypeError`` at class creation says so).

Type checkers see a frozen dataclass (:func:`typing.dataclass_transform`).
"""

from __future__ import annotations

import dataclasses
import operator
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
def record(
    *,
    slots: bool = False,
    init: bool = True,
    eq: bool = True,
    order: bool = False,
    frozen: bool = True,
) -> Callable[[_C], _C]: ...


@dataclass_transform(
    frozen_default=True,
    eq_default=True,
    field_specifiers=(dataclasses.field, dataclasses.Field),
)
def record(
    cls: _C | None = None,
    /,
    *,
    slots: bool = False,
    init: bool = True,
    eq: bool = True,
    order: bool = False,
    frozen: bool = True,
) -> _C | Callable[[_C], _C]:
    """``@dataclass(frozen=True)`` (``slots``, ``init``, ``eq``, ``order`` and ``frozen`` as
    there) whose methods are made without compiling code at class creation."""
    if order and not eq:
        raise ValueError("eq must be true if order is true")

    def wrap(target: _C) -> _C:
        own = target.__dict__
        for name in ("__setattr__", "__delattr__") if frozen else ():
            if name in own:
                raise TypeError(f"cannot overwrite attribute {name} in class {target.__name__}")
        if not own.get("__doc__"):
            # What a dataclass would show, without its costly ``inspect.signature``.
            target.__doc__ = f"{target.__name__}({', '.join(own.get('__annotations__', ()))})"
        made = cast(
            _C,
            dataclasses.dataclass(
                target, slots=slots, init=False, repr=False, eq=False, frozen=False
            ),
        )
        fields = _checked_fields(made)
        if frozen:
            _make_frozen(made, frozenset(item.name for item in fields))
        if frozen and "__slots__" in made.__dict__:
            names = tuple(item.name for item in fields)
            if "__getstate__" not in made.__dict__:
                made.__getstate__ = _getstate_of(names)  # type: ignore[attr-defined]
            if "__setstate__" not in made.__dict__:
                made.__setstate__ = _setstate_of(names)  # type: ignore[attr-defined]
        if init and "__init__" not in made.__dict__:
            made.__init__ = _init_when_first_called(made, frozen=frozen)  # type: ignore[misc]
        return _with_shared_methods(made, eq=eq, order=order, frozen=frozen)

    return wrap if cls is None else wrap(cls)


def _checked_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of ``cls``, after the checks a frozen dataclass's ``__init__`` makes when it
    is generated (done here, at class creation, as there)."""
    fields = dataclasses.fields(cls)
    names = {item.name for item in fields}
    for name, item in cls.__dataclass_fields__.items():  # type: ignore[attr-defined]
        if name not in names and "InitVar" in str(item.type):
            raise TypeError(f"{cls.__name__}: a record has no InitVar fields ({name})")
    seen_default = False
    for item in fields:
        if item.kw_only:
            raise TypeError(f"{cls.__name__}: a record has no keyword-only fields ({item.name})")
        if not item.init:
            continue
        if item.default is not dataclasses.MISSING or (
            item.default_factory is not dataclasses.MISSING
        ):
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {item.name!r} follows default argument")
    return fields


def _make_frozen(cls: type, names: frozenset[str]) -> None:
    """The ``__setattr__`` and ``__delattr__`` of a frozen dataclass (same conditions, same
    errors), as closures."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cast(Any, cls), self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cast(Any, cls), self).__delattr__(name)

    for method in (__setattr__, __delattr__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)


def _getstate_of(names: tuple[str, ...]) -> Callable[[Any], list[Any]]:
    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    return __getstate__


def _setstate_of(names: tuple[str, ...]) -> Callable[[Any, list[Any]], None]:
    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    return __setstate__


_FACTORY = object()
"""The default of an ``__init__`` parameter whose field has a ``default_factory``."""


def _init_when_first_called(cls: type, *, frozen: bool) -> Callable[..., None]:
    """An ``__init__`` that compiles the class's real one (:func:`_init_function`), puts it on
    the class and runs it."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        function = _init_function(cls, frozen=frozen)
        cls.__init__ = function  # type: ignore[misc]
        function(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _init_function(cls: type, *, frozen: bool) -> Callable[..., None]:
    """The ``__init__`` a dataclass generates for ``cls``: every ``init`` field a parameter
    (defaults and default factories as there), each field set (through ``object.__setattr__``
    when frozen), then ``__post_init__`` when the class has one."""
    slots = "__slots__" in cls.__dict__
    namespace: dict[str, Any] = {"__set": object.__setattr__, "__factory": _FACTORY}
    parameters = ["__record_self__"]
    lines: list[str] = []
    for index, item in enumerate(dataclasses.fields(cls)):
        default = f"__default_{index}"
        if item.default_factory is not dataclasses.MISSING:
            namespace[default] = item.default_factory
            if item.init:
                parameters.append(f"{item.name}=__factory")
                value = f"{default}() if {item.name} is __factory else {item.name}"
            else:
                value = f"{default}()"
        elif item.init:
            if item.default is not dataclasses.MISSING:
                namespace[default] = item.default
                parameters.append(f"{item.name}={default}")
            else:
                parameters.append(item.name)
            value = item.name
        elif slots and item.default is not dataclasses.MISSING:
            namespace[default] = item.default
            value = default
        else:
            continue  # read from the class attribute holding its default
        if frozen:
            lines.append(f"    __set(__record_self__, {item.name!r}, {value})")
        else:
            lines.append(f"    __record_self__.{item.name} = {value}")
    if hasattr(cls, "__post_init__"):
        lines.append("    __record_self__.__post_init__()")
    source = f"def __init__({', '.join(parameters)}):\n" + ("\n".join(lines) or "    pass")
    exec(source, namespace)
    function: Callable[..., None] = namespace["__init__"]
    function.__qualname__ = f"{cls.__qualname__}.__init__"
    return function


def _with_shared_methods(cls: _C, *, eq: bool, order: bool, frozen: bool) -> _C:
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
    for name, method in _ORDERING.items() if order else ():
        if name in own:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}.")
        setattr(cls, name, method)
    # As dataclasses decide: a ``__hash__`` the body defines stays; ``__hash__ = None``, which
    # Python adds beside a body's own ``__eq__``, does not count as one. Else a frozen class
    # hashes its fields, and a mutable one is unhashable.
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if not explicit_hash:
        cls.__hash__ = _hash if frozen else None  # type: ignore[method-assign,assignment]
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


def _compare_with(operation: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            values = self.__class__._record_compared
            return operation(values(self), values(other))
        return NotImplemented

    return compare


_ORDERING = {
    f"__{operation.__name__}__": _compare_with(operation)
    for operation in (operator.lt, operator.le, operator.gt, operator.ge)
}
"""The comparison methods of ``order=True``: the compared fields' tuples, within one class."""
