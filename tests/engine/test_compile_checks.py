"""Errors Python's compiler reports but ``ast.parse`` accepts: future statements and repeated
keywords in component calls, with Python's message and location; the encoding rule for a BOM
followed by a coding cookie."""

from __future__ import annotations

import pytest

from alignlint.core.settings import BaseClassNames, Settings
from alignlint.core.source import DecodeFailure, decode_source
from alignlint.core.types import Position
from alignlint.extract import extract_file

SETTINGS = Settings()


def _errors(source: str, settings: Settings = SETTINGS) -> list[tuple[str, int, int]]:
    facts = extract_file("m.py", source.encode(), settings)
    return [(e.message, e.span.start.line, e.span.start.column) for e in facts.errors]


def _python_error(source: str) -> tuple[str, int, int]:
    with pytest.raises(SyntaxError) as caught:
        compile(source, "m.py", "exec", dont_inherit=True)
    error = caught.value
    return (f"syntax error: {error.msg}", error.lineno or 0, error.offset or 0)


@pytest.mark.parametrize(
    "source",
    [
        "import os\nfrom __future__ import annotations\n",
        '"""Doc."""\n"""Not a docstring."""\nfrom __future__ import annotations\n',
        'x = "é"; from __future__ import annotations\n',
        "from __future__ import annotations\ndef f():\n    from __future__ import division\n",
        "from __future__ import annotations, no_such_feature\n",
        "from __future__ import (annotations,\n    nosuch)\n",
        "from __future__ import braces\n",
        "from __future__ import *\n",
        "from __future__ import a; import os; from __future__ import b\n",
        'X = ScriptContract(\n    entry_point="x.py",\n    entry_point="y.py",\n)\n',
        'inputs = [sagemaker.processing.ProcessingInput(source="a",\n  source="b")]\n',
        "def f(dag):\n    dag.add_edge(src=1, dst=2, src=3, dst=4)\n",
    ],
)
def test_the_error_python_reports_first_is_reported_the_same(source: str) -> None:
    """Same message, line and place; alignlint's columns count characters, while some Python
    versions (3.13) give this error's offset in UTF-8 bytes: a non-ASCII line is compared in
    both units."""
    ours = _errors(source)[:1]
    message, line, offset = _python_error(source)
    assert [(m, n) for m, n, _ in ours] == [(message, line)]
    column = ours[0][2]
    before = source.splitlines()[line - 1][: column - 1]
    assert offset in (column, len(before.encode()) + 1)


@pytest.mark.parametrize(
    "source",
    [
        '"""Doc."""\nfrom __future__ import annotations\n',
        "# comment\n\nfrom __future__ import annotations, division\nimport os\n",
        "from __future__ import barry_as_FLUFL\n",
        "def f():\n    return dict(a=1)\n",
        'X = ScriptContract(entry_point="x.py", **extra)\n',
        "import __future__\nX = __future__.annotations\n",
    ],
)
def test_valid_modules_have_no_errors(source: str) -> None:
    compile(source, "m.py", "exec", dont_inherit=True)
    assert _errors(source) == []


def test_a_relative_future_import_is_not_reported() -> None:
    """Python before 3.13 rejects ``from .__future__ import nosuch`` (it compared the module name
    only), 3.13 accepts it: which Python runs the job is not known, so it is not an error."""
    assert _errors("from .__future__ import nosuch\n") == []


def test_repeated_keywords_outside_component_calls_are_out_of_scope() -> None:
    source = "X = dict(a=1, a=2)\ndef f():\n    return g(b=1, b=2)\n"
    assert _python_error(source)[0] == "syntax error: keyword argument repeated: a"
    assert _errors(source) == []


def test_every_repeated_keyword_call_and_late_future_import_is_reported() -> None:
    source = (
        "from __future__ import annotations\n"
        "A = OutputSpec(logical_name='a', logical_name='b')\n"
        "B = DependencySpec(logical_name='a', required=True, required=False)\n"
        "if DEBUG:\n"
        "    from __future__ import division\n"
    )
    assert _errors(source) == [
        ("syntax error: keyword argument repeated: logical_name", 2, 34),
        ("syntax error: keyword argument repeated: required", 3, 53),
        ("syntax error: from __future__ imports must occur at the beginning of the file", 5, 5),
    ]


def test_configured_base_class_names_are_component_calls() -> None:
    names = BaseClassNames(contracts=("MyContract",))
    settings = Settings(base_classes=names)
    source = "X = MyContract(entry_point='a', entry_point='b')\n"
    assert _errors(source, settings) == [
        ("syntax error: keyword argument repeated: entry_point", 1, 33)
    ]
    assert _errors(source) == []


def test_facts_are_still_extracted_next_to_the_error() -> None:
    facts = extract_file(
        "m.py", b"import os\nfrom __future__ import annotations\nX = 1\n", SETTINGS
    )
    assert [a.name for a in facts.assignments] == ["X"]
    assert facts.errors[0].span.end == Position(2, 35)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xef\xbb\xbf# coding: utf8\nX = 1\n", "encoding problem: utf8 with BOM"),
        (b"\xef\xbb\xbf# coding: latin-1\nX = 1\n", "encoding problem: iso-8859-1 with BOM"),
        (b"\xef\xbb\xbf# coding: Latin_1\nX = 1\n", "encoding problem: iso-8859-1 with BOM"),
        (b"\xef\xbb\xbf#!/bin/sh\n# coding: ascii\nX = 1\n", "encoding problem: ascii with BOM"),
        (b"\xef\xbb\xbf# coding: nosuch\nX = 1\n", "encoding problem: nosuch with BOM"),
    ],
)
def test_bom_with_another_cookie_is_python_s_encoding_problem(data: bytes, message: str) -> None:
    with pytest.raises(SyntaxError) as caught:
        compile(data, "m.py", "exec", dont_inherit=True)
    assert caught.value.msg == message
    decoded = decode_source(data)
    assert isinstance(decoded, DecodeFailure)
    assert decoded.message == message


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf# coding: UTF_8\nX = 1\n",
        b"\xef\xbb\xbf# coding: utf-8-sig\nX = 1\n",
        b"\xef\xbb\xbf# -*- coding: Utf-8 -*-\nX = 1\n",
    ],
)
def test_bom_with_a_spelling_of_utf8_is_accepted(data: bytes) -> None:
    compile(data, "m.py", "exec", dont_inherit=True)
    assert not isinstance(decode_source(data), DecodeFailure)
