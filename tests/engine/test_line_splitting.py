"""The fast line helpers of phase 1 agree with Python's line numbering (``\\r\\n``, ``\\r`` and
``\\n`` break lines; form feeds, ``\\x1c`` and ``\\u2028`` do not), and the component-call and
``__future__`` checks find names only as whole words, on the lines Python reports."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignlint.core.settings import BaseClassNames, Settings
from alignlint.core.source import LINE_BREAK, line_numbers, split_lines
from alignlint.extract import extract_file

TEXTS = [
    "",
    "a",
    "a\n",
    "a\nb",
    "a\r\nb\r\n",
    "a\rb\rc",
    "a\r\n\rb\n\r\n",
    "é\nü\r\nx\ry",
    "a\x0cb\x1cc\u2028d\x85e\nf",
]


@pytest.mark.parametrize("text", TEXTS)
def test_split_lines_is_the_line_break_split(text: str) -> None:
    assert split_lines(text) == LINE_BREAK.split(text)


def _line_of(text: str, offset: int) -> int:
    """1 + the line breaks of the whole text that end at or before ``offset`` (an offset inside
    a ``\r\n`` belongs to the line that break ends)."""
    return 1 + sum(1 for match in LINE_BREAK.finditer(text) if match.end() <= offset)


@given(st.text(alphabet="ab\r\n\x0cé\u2028"), st.lists(st.integers(0, 40)))
def test_line_numbers_are_the_lines_of_the_offsets(text: str, offsets: list[int]) -> None:
    inside = [offset for offset in offsets if offset <= len(text)]
    expected = sorted({_line_of(text, offset) for offset in inside})
    assert line_numbers(text, inside) == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_split_lines_numbers_lines_as_ast_does(newline: str) -> None:
    source = newline.join(["x = 1", "y = 'é\x0c'", "", "def f():", "    return 2", ""])
    lines = split_lines(source)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and node.value == 2:
            assert lines[node.lineno - 1] == "    return 2"


def _messages(source: str) -> list[tuple[str, int, int]]:
    facts = extract_file("m.py", source.encode(), Settings())
    return [(e.message, e.span.start.line, e.span.start.column) for e in facts.errors]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_repeated_keyword_is_found_on_its_line_with_any_line_break(newline: str) -> None:
    source = newline.join(["import x", "é = 1", "g.add_edge(", "    a=1, a=2)", ""])
    assert _messages(source) == [("syntax error: keyword argument repeated: a", 4, 10)]


def test_component_names_inside_longer_names_are_not_component_calls() -> None:
    source = "my_add_edge(a=1, a=2)\nadd_edges(a=1, a=2)\n"
    assert _messages(source) == []


def test_a_longer_name_after_a_rejected_shorter_one_is_still_found() -> None:
    custom = Settings(base_classes=BaseClassNames(dags=("PipelineDAG", "PipelineDAGs")))
    facts = extract_file("m.py", b"x = PipelineDAGs(a=1, a=2)\n", custom)
    assert [(e.message, e.span.start.line) for e in facts.errors] == [
        ("syntax error: keyword argument repeated: a", 1)
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_late_future_import_is_found_on_its_line_with_any_line_break(newline: str) -> None:
    source = newline.join(
        ["import os", "x = '__future____future__'", "from __future__ import a", ""]
    )
    message = "syntax error: from __future__ imports must occur at the beginning of the file"
    assert _messages(source) == [(message, 3, 1)]


def test_an_offset_inside_a_crlf_belongs_to_the_line_the_break_ends() -> None:
    assert line_numbers("a\r\nb", [1, 2]) == [1]
    assert line_numbers("a\r\nb", [3]) == [2]
    assert line_numbers("a\rb\nc", [2, 4]) == [2, 3]
