"""``@record`` behaves as ``@dataclass`` (frozen unless ``frozen=False``): the same ``repr``,
equality, ordering, hashes, frozenness, field list, ``replace``, copying and pickling, and
methods a class body defines are kept."""

from __future__ import annotations

import copy
import dataclasses
import operator
import pickle
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
    return dataclass(**{"frozen": True, **options})


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


OPTIONS = [
    {},
    {"slots": True},
    {"order": True},
    {"frozen": False},
    {"frozen": False, "slots": True},
]


def _comparisons(left: object, right: object) -> list[object]:
    """What ``<``, ``<=``, ``>`` and ``>=`` give (or the error they raise)."""
    results: list[object] = []
    for operation in (operator.lt, operator.le, operator.gt, operator.ge):
        try:
            results.append(operation(left, right))
        except TypeError:
            results.append(TypeError)
    return results


@pytest.mark.parametrize("options", OPTIONS, ids=repr)
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
                expected_order = _comparisons(want[left], want[right])
                assert _comparisons(got[left], got[right]) == expected_order, name
        assert [f.name for f in dataclasses.fields(actual[name])] == [
            f.name for f in dataclasses.fields(expected[name])
        ]
        for item, twin in zip(got, want, strict=True):
            assert item != object()
            assert copy.deepcopy(item) == item
            for attribute in [f.name for f in dataclasses.fields(item)] or ["anything"]:
                if options.get("frozen", True):
                    # A frozen dataclass with slots of CPython 3.11 raises TypeError for a
                    # non-field (its ``__setattr__`` names the class its slots replaced): the
                    # record raises what the dict variant does.
                    assert _assignment_error(item, attribute) is dataclasses.FrozenInstanceError
                    assert _deletion_error(item, attribute) is dataclasses.FrozenInstanceError
                    if not options.get("slots"):
                        frozen_error = dataclasses.FrozenInstanceError
                        assert _assignment_error(twin, attribute) is frozen_error
                else:
                    copied, twin_copied = copy.copy(item), copy.copy(twin)
                    error = _assignment_error(copied, attribute)
                    assert error == _assignment_error(twin_copied, attribute)
                    assert repr(copied).partition("(")[2] == repr(twin_copied).partition("(")[2]
            if dataclasses.fields(item):
                assert dataclasses.replace(item) == item


def _deletion_error(instance: object, attribute: str) -> type[BaseException] | None:
    try:
        delattr(instance, attribute)
    except Exception as error:
        return type(error)
    return None


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


@record
class _Plain:
    name: str
    items: list[str] = dataclasses.field(default_factory=list)
    note: str = "n"


@record(slots=True)
class _Slotted:
    name: str
    count: int = 0
    items: tuple[str, ...] = ()


@record(slots=True)
class _SlottedChild(_Slotted):
    extra: float = 1.5


@pytest.mark.parametrize(
    "item",
    [_Plain("a"), _Plain("b", ["x"], "m"), _Slotted("a", 2, ("x",)), _SlottedChild("c", extra=3.0)],
    ids=repr,
)
def test_a_record_pickles_and_copies(item: object) -> None:
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        copied = pickle.loads(pickle.dumps(item, protocol))
        assert copied == item
        assert repr(copied) == repr(item)
    assert copy.copy(item) == item


def test_default_factories_make_a_new_value_for_each_instance() -> None:
    first, second = _Plain("a"), _Plain("b")
    first.items.append("x")
    assert second.items == []
    assert _Plain("a", items=["y"]).items == ["y"]


def test_init_runs_post_init_and_sets_fields_it_does_not_take() -> None:
    seen: list[object] = []

    @record(slots=True)
    class Derived:
        name: str
        size: int = dataclasses.field(default=4, init=False)
        tags: list[str] = dataclasses.field(default_factory=list, init=False)

        def __post_init__(self) -> None:
            seen.append((self.name, self.size, self.tags))

    assert Derived("a").size == 4
    assert seen == [("a", 4, [])]
    with pytest.raises(TypeError):
        Derived("a", 5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Derived()  # type: ignore[call-arg]


def test_a_non_record_subclass_may_set_its_own_attributes() -> None:
    class Annotated(_Plain):
        pass

    item = Annotated("a")
    item.label = "free"  # type: ignore[attr-defined]
    assert item.label == "free"  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.name = "b"  # type: ignore[misc]


def test_definitions_a_dataclass_refuses_are_refused() -> None:
    with pytest.raises(TypeError, match="follows default argument"):

        @record
        class Misordered:
            first: int = 0
            second: int  # type: ignore[misc]

    with pytest.raises(TypeError, match="cannot overwrite attribute __setattr__"):

        @record
        class OwnSetattr:
            value: int

            def __setattr__(self, name: str, value: object) -> None:
                pass

    with pytest.raises(TypeError, match="keyword-only"):

        @record
        class KeywordOnly:
            value: int = dataclasses.field(kw_only=True)


def test_init_is_compiled_once_at_the_first_instantiation() -> None:
    @record(slots=True)
    class Point:
        x: int
        y: int = 0

    first = Point.__dict__["__init__"]
    assert Point(1) == Point(1, 0)
    compiled = Point.__dict__["__init__"]
    assert compiled is not first
    assert Point(2, 3).y == 3
    assert Point.__dict__["__init__"] is compiled
