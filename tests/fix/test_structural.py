"""Structural edits: an item added to a dict, a list or a call keeps the author's code (comments,
trailing commas, quotes, indentation) and changes nothing outside the container."""

from __future__ import annotations

import ast
import io
import tokenize

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.core.types import Container, Insertion, Span
from alignlint.fix.structural import InsertionError, insertion_edits, python_literal


def container_span(text: str, kind: type[ast.expr], path: str = "m.py") -> Span:
    """The span of the first ``kind`` node of ``text`` (character columns, as the engine has)."""
    lines = text.splitlines(keepends=True)
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, kind):
            assert node.end_lineno is not None and node.end_col_offset is not None

            def column(line: int, offset: int) -> int:
                return len(lines[line - 1].encode()[:offset].decode()) + 1

            return Span(
                path,
                node.lineno,
                column(node.lineno, node.col_offset),
                node.end_lineno,
                column(node.end_lineno, node.end_col_offset),
            )
    raise AssertionError(f"no {kind.__name__} in {text!r}")


def inserted(text: str, insertions: list[Insertion]) -> str:
    for edit in sorted(insertion_edits(text, insertions), reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


def add_entry(text: str, *items: tuple[str, str]) -> str:
    span = container_span(text, ast.Dict)
    return inserted(text, [Insertion.dict_entry(span, key, value) for key, value in items])


CASES = [
    pytest.param(
        "X = f(\n    a={\n        # only a comment\n    },\n)\n",
        'X = f(\n    a={\n        # only a comment\n        "K": "v",\n    },\n)\n',
        id="empty-with-a-comment",
    ),
    pytest.param(
        'X = {\n    "a": "1",\n    "b": "2",  # about b\n}\n',
        'X = {\n    "a": "1",\n    "b": "2",  # about b\n    "K": "v",\n}\n',
        id="one-per-line-trailing-comma-comment",
    ),
    pytest.param(
        'X = {\n    "a": "1",\n    "b": "2"  # about b\n}\n',
        'X = {\n    "a": "1",\n    "b": "2",  # about b\n    "K": "v"\n}\n',
        id="one-per-line-no-trailing-comma",
    ),
    pytest.param("X = {'a': '1', 'b': '2'}\n", "X = {'a': '1', 'b': '2', 'K': 'v'}\n", id="inline"),
    pytest.param("X = {}\n", 'X = {"K": "v"}\n', id="empty-inline"),
    pytest.param("X = {\n}\n", 'X = {\n    "K": "v",\n}\n', id="empty-multi-line"),
    pytest.param(
        'class C:\n    x = f(\n        a={\n            "q": "1",\n            # more later\n'
        "        },\n    )\n",
        'class C:\n    x = f(\n        a={\n            "q": "1",\n            # more later\n'
        '            "K": "v",\n        },\n    )\n',
        id="nested-block-comment-line-kept-before-the-new-entry",
    ),
    pytest.param(
        '{"a": "1", "b": "2",\n "c": "3"}\n',
        '{"a": "1", "b": "2",\n "c": "3",\n "K": "v"}\n',
        id="packed-lines",
    ),
    pytest.param(
        'X = {"a": "1",  # about a\n}\n',
        'X = {"a": "1",  # about a\n    "K": "v",\n}\n',
        id="inline-with-comment-before-the-brace",
    ),
    pytest.param(
        'X = {\r\n    "a": "1",\r\n}\r\n',
        'X = {\r\n    "a": "1",\r\n    "K": "v",\r\n}\r\n',
        id="crlf",
    ),
    pytest.param('X = {"a" : "1"}\n', 'X = {"a" : "1", "K" : "v"}\n', id="colon-spacing"),
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_a_dict_entry_is_written_in_the_dicts_own_style(before: str, after: str) -> None:
    assert add_entry(before, ("K", "v")) == after


def test_several_entries_go_in_order_in_one_edit() -> None:
    text = 'X = {\n    "a": "1",\n}\n'
    span = container_span(text, ast.Dict)
    edits = insertion_edits(
        text, [Insertion.dict_entry(span, "K", "v"), Insertion.dict_entry(span, "L", "w")]
    )
    assert len(edits) == 1
    assert inserted(
        text, [Insertion.dict_entry(span, k, v) for k, v in [("K", "v"), ("L", "w")]]
    ) == ('X = {\n    "a": "1",\n    "K": "v",\n    "L": "w",\n}\n')


def test_list_items_and_call_keywords() -> None:
    text = "X = [1, 2,]\n"
    assert inserted(text, [Insertion.list_item(container_span(text, ast.List), 3)]) == (
        "X = [1, 2, 3,]\n"
    )
    text = 'X = [\n    "a",\n    "b"\n]\n'
    assert inserted(text, [Insertion.list_item(container_span(text, ast.List), "c")]) == (
        'X = [\n    "a",\n    "b",\n    "c"\n]\n'
    )
    text = "X = f(a=1, b = 2)\n"
    call = container_span(text, ast.Call)
    assert inserted(text, [Insertion.call_keyword(call, "c", True)]) == (
        "X = f(a=1, b = 2, c = True)\n"
    )
    text = "X = f(\n    a=1,\n    b=2,\n)\n"
    call = container_span(text, ast.Call)
    assert inserted(text, [Insertion.call_keyword(call, "c", None)]) == (
        "X = f(\n    a=1,\n    b=2,\n    c=None,\n)\n"
    )
    text = "X = f()\n"
    assert inserted(text, [Insertion.call_keyword(container_span(text, ast.Call), "c", 1.5)]) == (
        "X = f(c=1.5)\n"
    )


def test_strings_are_escaped_in_the_containers_quote() -> None:
    assert python_literal("it's \\ \n", "'") == "'it\\'s \\\\ \\n'"
    assert python_literal('say "x"', '"') == '"say \\"x\\""'
    assert add_entry("X = {'a': 'b'}\n", ("K", "it's")) == "X = {'a': 'b', 'K': 'it\\'s'}\n"
    with pytest.raises(InsertionError):
        python_literal(float("nan"))


def test_what_cannot_be_written_is_refused_with_the_reason() -> None:
    text = "X = {'a': 'b'}\n"
    wrong = Span("m.py", 1, 1, 1, 2)
    with pytest.raises(InsertionError, match="no dict is written at"):
        insertion_edits(text, [Insertion.dict_entry(wrong, "K", "v")])
    with pytest.raises(InsertionError, match="no list is written at"):
        insertion_edits(text, [Insertion.list_item(container_span(text, ast.Dict), "v")])
    call = "X = f()\n"
    with pytest.raises(InsertionError, match="not a keyword name"):
        insertion_edits(call, [Insertion(container_span(call, ast.Call), Container.CALL, "1x", 1)])
    deep = "X = {'a': 'b'}\nY = " + " and ".join(["a"] * 10_000) + "\n"
    with pytest.raises(InsertionError, match="more than the 400 libcst is given"):
        insertion_edits(deep, [Insertion.dict_entry(container_span(deep, ast.Dict), "K", "v")])


# -- property: whatever the layout, only the container changes, by exactly the new entry --------

KEY = st.text(st.sampled_from("abcé'\" _"), min_size=1, max_size=4)
BREAK = st.sampled_from(["\n", "\r\n"])


@st.composite
def dict_displays(draw: st.DrawFn) -> tuple[str, str]:
    """A module with one dict display written in a random layout, and its newline."""
    newline = draw(BREAK)
    quote = draw(st.sampled_from(["'", '"']))
    keys = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=4))
    multi_line = draw(st.booleans())
    trailing = draw(st.booleans()) and bool(keys)
    parts = []
    for index, key in enumerate(keys):
        entry = f"{quote}{key}{quote}: {index}"
        last = index == len(keys) - 1
        comma = "," if (not last or trailing) else ""
        comment = f"  # on {key}" if multi_line and draw(st.booleans()) else ""
        if multi_line:
            parts.append(f"    {entry}{comma}{comment}{newline}")
        else:
            parts.append(f"{entry}{comma}{' ' if not last else ''}")
    lead = f"# above{newline}" if draw(st.booleans()) else ""
    if multi_line:
        standalone = f"    # inside{newline}" if draw(st.booleans()) else ""
        body = f"{{{newline}{standalone}{''.join(parts)}}}"
    else:
        body = "{" + "".join(parts) + "}"
    return f"{lead}VALUES = {body}  # after{newline}OTHER = 1{newline}", newline


def comments(text: str) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


@settings(max_examples=200, deadline=None)
@given(dict_displays(), KEY, KEY)
def test_an_entry_changes_only_its_dict_and_keeps_every_comment(
    display: tuple[str, str], key: str, value: str
) -> None:
    text, newline = display
    span = container_span(text, ast.Dict)
    (edit,) = insertion_edits(text, [Insertion.dict_entry(span, key, value)])
    container = _dict(text)
    lines = text.splitlines(keepends=True)
    first = sum(len(line) for line in lines[: container.lineno - 1]) + container.col_offset
    assert container.end_lineno is not None and container.end_col_offset is not None
    last = sum(len(line) for line in lines[: container.end_lineno - 1]) + container.end_col_offset
    assert first < edit.start <= edit.end < last
    result = inserted(text, [Insertion.dict_entry(span, key, value)])
    old_value = ast.literal_eval(ast.get_source_segment(text, _dict(text)) or "")
    new_value = ast.literal_eval(ast.get_source_segment(result, _dict(result)) or "")
    assert new_value == {**old_value, key: value}
    assert list(new_value)[-1] == key or key in old_value
    assert comments(result) == comments(text)
    start = text.index("VALUES = ") + len("VALUES = ")
    end = text.index("  # after")
    assert result[:start] == text[:start]
    assert result[len(result) - (len(text) - end) :] == text[end:]
    inside = result[start : len(result) - (len(text) - end)]
    if newline == "\n":
        assert "\r" not in inside
    else:
        assert inside.count("\n") == inside.count("\r\n")


def _dict(text: str) -> ast.Dict:
    node = next(n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Dict))
    assert isinstance(node, ast.Dict)
    return node
