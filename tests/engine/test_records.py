"""``@record`` behaves as ``@dataclass(frozen=True)``: the same ``repr``, equality, hashes,
frozenness, field list, ``replace`` and copying, and methods a class body defines are kept."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest

from alignlint.core.records import record


def _shapes(decorate: Callable[..., Any], **options: Any) -> dict[str, type]:
    """The same class shapes, made with ``decorate`` (``record`` or a frozen dataclass)."""

    @decorate(**options)
    class Empty:
        pass

    @decorate(**options)
    class One:
        name: str

    @decorate(**options)
    class Several:
        name: str
        count: int = 0
        items: tuple[str, ...] = ()
        note: str | None = None
        shared: ClassVar[int] = 3

    @decorate(**options)
    class Partly:
        key: str
        cache: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
        label: str = field(default="x", hash=False)

    @decorate(**options)
    class Child(Several):
        extra: float = 1.5

    @decorate(**options)
    class OwnMethods:
        value: int

        def __repr__(self) -> str:
            return f"<{self.value}>"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnMethods) and abs(self.value - other.value) < 2

        def __hash__(self) -> int:
            return 7

    @decorate(**options)
    class OwnEq:
        value: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnEq) and self.value % 10 == other.value % 10

    return {cls.__name__: cls for cls in (Empty, One, Several, Partly, Child, OwnMethods, OwnEq)}


def _frozen_dataclass(**options: Any) -> Callable[[type], type]:
    return dataclass(frozen=True, **options)


def _record(**options: Any) -> Callable[[type], type]:
    return record(**options)


ARGUMENTS: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {
    "Empty": [((), {})],
    "One": [(("a",), {}), (("b",), {}), (("a'\n",), {})],
    "Several": [(("a",), {}), (("a", 2, ("x",)), {}), (("a", 2, ("x",), "n"), {})],
    "Partly": [(("k",), {}), (("k", {"a": 1}), {}), (("k",), {"label": "y"})],
    "Child": [(("a",), {}), (("a",), {"extra": 2.0}), (("a", 2), {})],
    "OwnMethods": [((1,), {}), ((2,), {}), ((5,), {})],
    "OwnEq": [((1,), {}), ((11,), {}), ((2,), {})],
}


def _hash_or_error(value: object) -> object:
    try:
        return hash(value)
    except TypeError as error:
        return str(error)


@pytest.mark.parametrize("options", [{}, {"slots": True}], ids=["dict", "slots"])
def test_a_record_behaves_as_a_frozen_dataclass(options: dict[str, Any]) -> None:
    expected = _shapes(_frozen_dataclass, **options)
    actual = _shapes(_record, **options)
    for name, calls in ARGUMENTS.items():
        want = [expected[name](*args, **kwargs) for args, kwargs in calls]
        got = [actual[name](*args, **kwargs) for args, kwargs in calls]
        assert [repr(item) for item in got] == [repr(item) for item in want], name
        assert [_hash_or_error(item) for item in got] == [_hash_or_error(i) for i in want], name
        for left in range(len(calls)):
            for right in range(len(calls)):
                assert (got[left] == got[right]) == (want[left] == want[right]), name
                assert (got[left] != got[right]) == (want[left] != want[right]), name
        assert [f.name for f in dataclasses.fields(actual[name])] == [
            f.name for f in dataclasses.fields(expected[name])
        ]
        for item, twin in zip(got, want, strict=True):
            assert item != object()
            assert copy.deepcopy(item) == item
            for attribute in [f.name for f in dataclasses.fields(item)] or ["anything"]:
                assert _assignment_error(item, attribute) == _assignment_error(twin, attribute)
            if dataclasses.fields(item):
                assert dataclasses.replace(item) == item


def _assignment_error(instance: object, attribute: str) -> type[BaseException] | None:
    """What assigning ``attribute`` raises (a frozen field: ``FrozenInstanceError``)."""
    try:
        setattr(instance, attribute, None)
    except Exception as error:
        return type(error)
    return None


def test_instances_of_different_classes_are_never_equal() -> None:
    shapes = _shapes(_record)
    several = shapes["Several"]("a")
    child = shapes["Child"]("a")
    assert several != child
    assert child != several
    assert shapes["Empty"]() != shapes["One"]("a")


def test_a_record_holding_itself_shows_an_ellipsis() -> None:
    @record
    class Box:
        items: list[object]

    box = Box([])
    box.items.append(box)
    assert repr(box) == "test_a_record_holding_itself_shows_an_ellipsis.<locals>.Box(items=[...])"


def test_eq_false_keeps_identity_comparison() -> None:
    @record(eq=False)
    class Handle:
        name: str

    assert Handle("a") != Handle("a")
    handle = Handle("a")
    assert handle == handle
    assert hash(handle) == object.__hash__(handle)
    assert repr(handle).endswith("Handle(name='a')")
