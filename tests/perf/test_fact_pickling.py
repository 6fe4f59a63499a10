"""Cached facts unpickle with as little Python code as possible.

The fact cache unpickles the facts of every file on a warm run (millions of spans and
expressions at 5,000 steps): a span is rebuilt by ``tuple.__new__`` (C, no Python call), a fact
or expression by one generated function filling its slots (no ``__init__``). Entries pickled
the older way are misses.
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

import alignlint.infra.user_key as user_key_module
from alignlint.core.settings import Settings
from alignlint.core.types import Span
from alignlint.extract import extract_file
from alignlint.extract.ir import Call, Lit, Name
from alignlint.infra import cache

SPEC = b"""from alignlint.runtime.specs import DependencySpec, StepSpecification

X_SPEC = StepSpecification(
    step_type="X",
    dependencies=[DependencySpec(logical_name="data", semantic_keywords=["data", "input"])],
)
"""


def loaded(value: object) -> list[str]:
    """The names of the Python functions called while ``value`` is unpickled (which must give
    an equal value of the same type)."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    called: list[str] = []

    def profile(frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            called.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        copy = pickle.loads(data)
    finally:
        sys.setprofile(None)
    assert copy == value and type(copy) is type(value)
    return called


def test_a_span_unpickles_without_python_code() -> None:
    assert loaded(Span("steps/specs/x_spec.py", 300, 4, 310, 9)) == []


def test_an_expression_unpickles_with_one_call_per_object_and_no_init() -> None:
    span = Span("steps/specs/x_spec.py", 1, 1, 1, 9)
    call = Call(Name("f", span), (Lit(1, span),), (("key", Lit("value", span)),), span)
    assert loaded(call) == ["unpickle"] * 4


def test_unpickled_facts_equal_the_extracted_ones_and_stay_frozen() -> None:
    facts = extract_file("steps/specs/x_spec.py", SPEC, Settings())
    copy = pickle.loads(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == facts and hash(copy.imports) == hash(facts.imports)
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.path = "elsewhere.py"  # type: ignore[misc]


@pytest.fixture
def user_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv(user_key_module.KEY_FILE_VARIABLE, str(tmp_path / "key"))
    user_key_module.user_key.cache_clear()
    yield
    user_key_module.user_key.cache_clear()


@pytest.mark.usefixtures("user_key")
def test_an_entry_of_the_previous_format_is_a_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "FORMAT_VERSION", cache.FORMAT_VERSION - 1)
    older = cache.encode_entry("a", {"key": "value"})
    monkeypatch.undo()
    assert cache.decode_entry(older, "a") is None
