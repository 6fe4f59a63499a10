"""The static evaluator: each supported construct, and the reasons for Unknown."""

from __future__ import annotations

from typing import Any

import pytest

from alignlint.model import Project
from alignlint.model.values import DictValue, EnumMember, Located, SeqValue, Unknown, Value
from engine.helpers import project_of

LIB = {
    "lib/__init__.py": "from .consts import *\nfrom .paths import BASE as ROOT\n",
    "lib/consts.py": ("PREFIX = \"/opt/ml\"\nCOUNT = 2 + 3\n__all__ = ['PREFIX', 'COUNT']\n"),
    "lib/paths.py": 'BASE = "/opt/ml/processing"\n',
    "lib/kinds.py": (
        'from enum import Enum\n\nclass Kind(str, Enum):\n    INTERNAL = "internal"\n'
    ),
    "lib/lazy.py": ("def _get_root():\n    from .paths import BASE\n    return BASE\n"),
    "lib/registry.py": 'STEP_NAMES = {"XGBoostTraining": {"spec_type": "XGBoostTraining"}}\n',
}


def evaluate(expression: str, prelude: str = "") -> Value:
    """Evaluate module constant ``VALUE = <expression>`` in ``app/main.py``."""
    source = (
        "import os\n"
        "from pathlib import Path\n"
        "from lib import PREFIX, ROOT, COUNT\n"
        "from lib.kinds import Kind\n"
        "from lib.lazy import _get_root\n"
        "from lib.registry import get_spec_step_type, get_spec_step_type_with_job_type\n"
        "from external.pkg import Thing, helper\n"
        f"{prelude}\n"
        f"VALUE = {expression}\n"
    )
    project: Project = project_of({**LIB, "app/main.py": source})
    module = project.index.find_module("app.main")
    assert module is not None
    assignment = next(a for a in module.facts.assignments if a.name == "VALUE")
    return project.index.evaluator.constant("app.main", "VALUE", assignment.span)


def known(value: Value) -> Any:
    assert isinstance(value, Located), value
    return value.value


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('"text"', "text"),
        ("42", 42),
        ("PREFIX", "/opt/ml"),
        ("ROOT", "/opt/ml/processing"),
        ("COUNT", 5),
        ('PREFIX + "/model"', "/opt/ml/model"),
        ('f"{ROOT}/input/{COUNT}"', "/opt/ml/processing/input/5"),
        ('os.path.join(ROOT, "input", "data")', "/opt/ml/processing/input/data"),
        ('Path(ROOT) / "output"', "/opt/ml/processing/output"),
        ("_get_root()", "/opt/ml/processing"),
        ('get_spec_step_type("XGBoostTraining")', "XGBoostTraining"),
        (
            'get_spec_step_type_with_job_type("XGBoostTraining", "training")',
            "XGBoostTraining_Training",
        ),
        ('{"a": 1}["a"]', 1),
        ("LOCAL", "x"),
    ],
)
def test_known_values(expression: str, expected: object) -> None:
    assert known(evaluate(expression, prelude='LOCAL = "x"')) == expected


def test_displays() -> None:
    value = known(evaluate('{"k": PREFIX, "n": [1, ROOT], **EXTRA}', prelude='EXTRA = {"e": 3}'))
    assert isinstance(value, DictValue)
    assert known(value.get("k")) == "/opt/ml"
    items = known(value.get("n"))
    assert isinstance(items, SeqValue)
    assert [known(i) for i in items.items] == [1, "/opt/ml/processing"]
    assert known(value.get("e")) == 3


@pytest.mark.parametrize(
    ("expression", "prelude", "entries"),
    [
        ("dict(a=PREFIX, **EXTRA)", 'EXTRA = {"e": 3}', {"a": "/opt/ml", "e": 3}),
        ("dict(EXTRA, a=1)", 'EXTRA = {"e": 3}', {"e": 3, "a": 1}),
        ('dict([("a", 1), ("b", ROOT)], c=2)', "", {"a": 1, "b": "/opt/ml/processing", "c": 2}),
        ('dict((("a", 1), ["b", 2]), a=3)', "", {"a": 3, "b": 2}),
        ("dict(PAIRS)", 'PAIRS = [("x", PREFIX)]', {"x": "/opt/ml"}),
    ],
)
def test_dict_calls_build_their_mapping(
    expression: str, prelude: str, entries: dict[str, object]
) -> None:
    value = known(evaluate(expression, prelude))
    assert isinstance(value, DictValue) and not value.display
    assert {known(key): known(item) for key, item in value.entries} == entries


@pytest.mark.parametrize(
    ("expression", "known_entries", "reason"),
    [
        (
            'dict([helper(), ("k", 1)])',
            {"k": 1},
            "an item given to `dict()` is unknown: call to external function "
            "`external.pkg.helper()`",
        ),
        ('dict(["ab"], k=1)', {"k": 1}, "an item given to `dict()` is unknown: not a pair"),
        (
            'dict(zip(["a"], [1]))',
            {},
            "the mapping given to `dict()` is unknown: call to `zip()` is not evaluated",
        ),
    ],
)
def test_dict_calls_keep_what_is_known(
    expression: str, known_entries: dict[str, object], reason: str
) -> None:
    value = known(evaluate(expression))
    assert isinstance(value, DictValue)
    assert [part.reason for part in value.unknown_parts] == [reason]
    found = {key.value: known(item) for key, item in value.entries if isinstance(key, Located)}
    assert found == known_entries


def _plain(value: Value) -> object:
    """A known value as plain Python: a sequence as a list (a set as a sorted list), a
    mapping as a dict; Unknown parts as ``"?"``."""
    if isinstance(value, Unknown):
        return "?"
    inner = value.value
    if isinstance(inner, SeqValue):
        items = [_plain(item) for item in inner.items]
        return sorted(items, key=str) if inner.kind == "set" else items
    if isinstance(inner, DictValue):
        return {_plain(key): _plain(item) for key, item in inner.entries}
    return inner


#: Module constants the combining forms start from.
BASES = (
    'NAMES = ("B_NAME", "A_NAME")\n'
    'LISTED = ["C_NAME"]\n'
    'DEFAULTS = {"X": "1", "Y": ""}\n'
    'ONE = {"ONLY"}\n'
    'TWO = {"P", "Q"}\n'
)


@pytest.mark.parametrize(
    ("expression", "kind", "expected"),
    [
        ('[*NAMES, "D_NAME"]', "list", ["B_NAME", "A_NAME", "D_NAME"]),
        ("(*LISTED, *NAMES)", "tuple", ["C_NAME", "B_NAME", "A_NAME"]),
        ('[*DEFAULTS, *"ab"]', "list", ["X", "Y", "a", "b"]),
        ('{*TWO, "P", *ONE}', "set", ["ONLY", "P", "Q"]),
        ("[*ONE]", "list", ["ONLY"]),
        ("list(NAMES)", "list", ["B_NAME", "A_NAME"]),
        ("tuple(LISTED + list(NAMES))", "tuple", ["C_NAME", "B_NAME", "A_NAME"]),
        ("list()", "list", []),
        ("list(DEFAULTS)", "list", ["X", "Y"]),
        ('set(["A", "A", "B"])', "set", ["A", "B"]),
        ("sorted(NAMES)", "list", ["A_NAME", "B_NAME"]),
        ("sorted(TWO, reverse=True)", "list", ["Q", "P"]),
        ("sorted(DEFAULTS | {'W': '0'})", "list", ["W", "X", "Y"]),
        ("sorted([3, 1.5, 2])", "list", [1.5, 2, 3]),
        ('list(dict.fromkeys([*NAMES, "B_NAME"]))', "list", ["B_NAME", "A_NAME"]),
        ('ONE | {"R"}', "set", ["ONLY", "R"]),
    ],
)
def test_sequences_combined_from_known_values(
    expression: str, kind: str, expected: list[object]
) -> None:
    value = evaluate(expression, BASES)
    sequence = known(value)
    assert isinstance(sequence, SeqValue) and sequence.kind == kind and not sequence.spread
    assert _plain(value) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # ``|`` keeps the right side's values, at the left side's place for a key both have.
        ('DEFAULTS | {"Y": "2", "Z": "3"}', {"X": "1", "Y": "2", "Z": "3"}),
        ('{"Z": "0"} | DEFAULTS', {"Z": "0", "X": "1", "Y": ""}),
        ('dict.fromkeys(["A", "B"], "")', {"A": "", "B": ""}),
        ("dict.fromkeys(NAMES)", {"B_NAME": None, "A_NAME": None}),
        ('dict.fromkeys("ab", 0) | dict(c=1)', {"a": 0, "b": 0, "c": 1}),
        ("dict.fromkeys(ONE, PREFIX)", {"ONLY": "/opt/ml"}),
        ("{**DEFAULTS, **dict.fromkeys(LISTED)}", {"X": "1", "Y": "", "C_NAME": None}),
    ],
)
def test_mappings_combined_from_known_values(expression: str, expected: dict[str, object]) -> None:
    value = evaluate(expression, BASES)
    mapping = known(value)
    assert isinstance(mapping, DictValue)
    plain = _plain(value)
    assert isinstance(plain, dict) and list(plain.items()) == list(expected.items())
    # A mapping ``|`` or ``dict.fromkeys()`` builds has no display a fix could add an entry to.
    assert mapping.display == expression.startswith("{**")


def test_integers_or_ed() -> None:
    assert known(evaluate("1 | 4 | COUNT")) == 5


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        (
            "dict.fromkeys(TWO)",
            "the order of the keys given to `dict.fromkeys()`, a set, is not known",
        ),
        ("sorted(NAMES, key=len)", "`sorted()` with `key=` is not evaluated"),
        ('sorted(["a", 1])', "`sorted()` of values that are not all strings or numbers"),
        (
            "DEFAULTS | helper()",
            "a side of `|` is unknown: call to external function `external.pkg.helper()`",
        ),
        ('"a" | "b"', "`|` of values that are not two mappings, sets or integers"),
        ("DEFAULTS | ONE", "`|` of values that are not two mappings, sets or integers"),
        ("LISTED + NAMES", "`+` of sequences of different kinds, or of sets"),
        ("ONE + ONE", "`+` of sequences of different kinds, or of sets"),
        ("list(COUNT)", "the value given to `list()` is not a known sequence, mapping or string"),
        ('[*helper(), "A"][1]', "the positions of the sequence's items are not known"),
        ("ONE[0]", "the positions of the sequence's items are not known"),
    ],
)
def test_combining_forms_not_exactly_known_are_unknown(expression: str, reason: str) -> None:
    value = evaluate(expression, BASES)
    assert isinstance(value, Unknown)
    assert value.reason == reason


def test_a_spread_that_is_not_known_keeps_the_known_items() -> None:
    """``[*unknown, "A"]`` holds "A" (a required name is still declared) and an Unknown part;
    the items' positions are not known. ``sorted()`` of partly known items likewise."""
    for expression in ('[*helper(), "A"]', 'sorted([helper(), "A"])', "list([*LISTED, *helper()])"):
        value = known(evaluate(expression, BASES))
        assert isinstance(value, SeqValue) and value.spread, expression
        assert [_plain(item) for item in value.items if isinstance(item, Located)] in (
            ["A"],
            ["C_NAME"],
        )
        assert sum(isinstance(item, Unknown) for item in value.items) == 1
    # The keys of a mapping with an unknown part, spread into a list.
    value = known(evaluate("[*{**helper(), 'K': 1}]"))
    assert isinstance(value, SeqValue) and value.spread
    assert _plain(value.items[1]) == "K"
    # A list of the items of a set holds them, in no known order.
    for expression in ("list(TWO)", '[*TWO, "R"]', "tuple(sorted(TWO) + list(TWO))"):
        value = known(evaluate(expression, BASES))
        assert isinstance(value, SeqValue) and value.spread, expression
        assert all(isinstance(item, Located) for item in value.items)
        assert {_plain(item) for item in value.items} <= {"P", "Q", "R"}
    # A ``*`` spread of a known sequence leaves the positions known.
    assert known(evaluate('[*NAMES, "D_NAME"][2]', BASES)) == "D_NAME"


def test_enum_members() -> None:
    member = known(evaluate("Kind.INTERNAL"))
    assert member == EnumMember("Kind", "INTERNAL", "internal")
    # A project enum called with one of its values is that member (``Kind("internal")``).
    assert known(evaluate('Kind("internal")')) == member
    missing = evaluate('Kind("external")')
    assert isinstance(missing, Unknown)
    assert missing.reason == "'external' is no value of enum `Kind`"
    external = known(evaluate("Thing.SOURCE"))
    assert external == EnumMember("Thing", "SOURCE")


def test_value_span_is_where_the_literal_is_written() -> None:
    value = evaluate("ROOT")
    assert isinstance(value, Located)
    assert str(value.span) == "lib/paths.py:1:8"


@pytest.mark.parametrize(
    ("expression", "prelude", "reason"),
    [
        ("helper()", "", "call to external function `external.pkg.helper()`"),
        ("MISSING", "", "`MISSING` is not defined in the project"),
        ("[x for x in range(3)]", "", "a list comprehension is not evaluated statically"),
        ("A", "A = B\nB = A", "`A` is defined in terms of itself"),
        ('get_spec_step_type("Nope")', "", "'Nope' is not a registered step name"),
        ('f"{PREFIX:>10}"', "", "f-string with a conversion or format spec"),
        ("PREFIX + 1", "", "`+` of values of different kinds"),
        (
            "os.path.join(PREFIX, helper())",
            "",
            "path part is unknown: call to external function `external.pkg.helper()`",
        ),
        ("compute(1)", "def compute(x):\n    return x", "`compute()` depends on its arguments"),
        (
            "names()",
            "def names():\n    manager = helper()\n    return manager.step_names()",
            "cannot resolve the called function: `manager` is a local variable of function `names`",
        ),
        # A local variable is not the module-level name it shadows.
        (
            "shadowed()",
            "def shadowed():\n    PREFIX = helper()\n    return PREFIX",
            "`PREFIX` is a local variable of function `shadowed`",
        ),
        (
            "first()",
            "def first():\n    for (_, ROOT) in helper():\n        return ROOT",
            "`ROOT` is a local variable of function `first`",
        ),
        (
            "handled()",
            "def handled():\n    try:\n        pass\n    except OSError as COUNT:\n"
            "        return COUNT",
            "`COUNT` is a local variable of function `handled`",
        ),
        (
            "default()",
            "def default(PREFIX=1):\n    return PREFIX",
            ("`PREFIX` is a local variable of function `default`"),
        ),
    ],
)
def test_unknown_reasons(expression: str, prelude: str, reason: str) -> None:
    value = evaluate(expression, prelude)
    assert isinstance(value, Unknown)
    assert value.reason == reason


def test_import_cycle_terminates() -> None:
    project = project_of(
        {
            "a.py": "from b import X\n",
            "b.py": "from a import X\nY = X\n",
        }
    )
    module = project.index.find_module("b")
    assert module is not None
    span = next(a.span for a in module.facts.assignments if a.name == "Y")
    value = project.index.evaluator.constant("b", "Y", span)
    assert isinstance(value, Unknown)


def test_a_name_declared_global_is_the_module_level_name() -> None:
    prelude = "def counted():\n    global COUNT\n    COUNT = 1\n    return COUNT"
    assert known(evaluate("counted()", prelude)) == 5


def test_a_local_variable_of_a_method_is_named_with_its_class() -> None:
    project = project_of(
        {
            "app/config.py": (
                "class XConfig(BasePipelineConfig):\n"
                "    def get_script_contract(self):\n"
                "        contract = load()\n"
                "        return contract\n"
            )
        }
    )
    module = project.index.find_module("app.config")
    assert module is not None
    (method,) = module.facts.classes[0].methods
    (returned,) = method.returns
    value = project.index.evaluator.evaluate(returned, "app.config")
    assert isinstance(value, Unknown)
    assert value.reason == "`contract` is a local variable of method `XConfig.get_script_contract`"


def test_a_constant_rebinding_its_own_name_reads_the_previous_binding() -> None:
    prelude = (
        'ROWS = {"a": 1}\n'
        'ROWS = {**ROWS, "b": 2}\n'
        'ROWS = ROWS | {"c": 3}\n'
        'NAMES = ["x"]\n'
        'NAMES = [*NAMES, "y"]\n'
    )
    rows = known(evaluate("ROWS", prelude))
    assert isinstance(rows, DictValue)
    assert {known(k): known(v) for k, v in rows.entries} == {"a": 1, "b": 2, "c": 3}
    names = known(evaluate("NAMES", prelude))
    assert isinstance(names, SeqValue)
    assert [known(item) for item in names.items] == ["x", "y"]
    # A name read by its own first binding has no previous value: that part is unknown.
    loop = known(evaluate("LOOP", 'LOOP = {**LOOP, "a": 1}'))
    assert isinstance(loop, DictValue)
    assert any(isinstance(key, Unknown) for key, _ in loop.entries)
