"""DAG facts from JSON files: ``{"nodes": [...], "edges": [[src, dst], ...]}``, or the same
under a top-level ``dag`` object (``{"dag": {"nodes": [...], "edges": [...]}, ...}``), with spans.
Nodes are strings or objects with a ``name`` (or ``id``); edges are ``[src, dst]`` pairs or
objects with ``from``/``to``, ``source``/``target`` or ``src``/``dst``.

Only DAG files are read as DAGs. A JSON file is a *candidate* when its name matches a
``dag-files`` pattern (by default ``*.dag.json`` and files under a ``dags/`` directory) or when
its content has the shape of a DAG (:func:`is_dag_shaped`). A candidate by name that is not valid
JSON is a syntax error; any other JSON file (``.vscode/settings.json`` with comments,
``package.json``) is ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from alignlint.core.patterns import matches_glob
from alignlint.core.types import Position, Span
from alignlint.extract.facts import FileError, JsonDag

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_EDGE_KEYS = (("from", "to"), ("source", "target"), ("src", "dst"))
_NODE_KEYS = ("name", "id")


class _StringSpans:
    """Yields the span of each JSON string token in document order."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._tokens = _STRING.finditer(text)
        self._line = 1
        self._line_start = 0
        self._scanned = 0

    def _position(self, offset: int) -> Position:
        newlines = self.text.count("\n", self._scanned, offset)
        if newlines:
            self._line += newlines
            self._line_start = self.text.rfind("\n", self._scanned, offset) + 1
        self._scanned = offset
        return Position(self._line, offset - self._line_start + 1)

    def next(self, expected: str) -> Span | None:
        token = next(self._tokens, None)
        if token is None:
            return None
        try:
            decoded = json.loads(token.group(0))
        except ValueError:
            return None
        if decoded != expected:
            return None
        start = self._position(token.start())
        end = Position(start.line, start.column + (token.end() - token.start()))
        return Span.between(self.path, start, end)


def _walk_strings(value: Any) -> Iterator[tuple[str, Any]]:
    """Every string in document order (keys included), with the object it belongs to."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, None
            yield from _walk_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_strings(item)
    elif isinstance(value, str):
        yield value, value


def _edge_ends(edge: Any) -> tuple[str, str] | None:
    if isinstance(edge, list) and len(edge) == 2 and all(isinstance(e, str) for e in edge):
        return edge[0], edge[1]
    if isinstance(edge, dict):
        for source_key, target_key in _EDGE_KEYS:
            source, target = edge.get(source_key), edge.get(target_key)
            if isinstance(source, str) and isinstance(target, str):
                return source, target
    return None


def is_dag_file_name(path: str, patterns: Iterable[str]) -> bool:
    """Whether a root-relative path matches one of the ``dag-files`` patterns."""
    return any(matches_glob(pattern, path) for pattern in patterns)


def is_dag_shaped(document: Any) -> bool:
    """Whether a parsed JSON document has the shape of a DAG: ``nodes`` and ``edges`` arrays at
    the top level, or in a top-level ``dag`` object."""
    if not isinstance(document, dict):
        return False
    if isinstance(document.get("dag"), dict):
        document = document["dag"]
    return isinstance(document.get("nodes"), list) and isinstance(document.get("edges"), list)


def parse_json(path: str, text: str) -> Any | FileError:
    """The parsed document, or a syntax-error fact located at the JSON parser's line/column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        span = Span(path, exc.lineno, exc.colno, exc.lineno, exc.colno + 1)
        return FileError("syntax", f"syntax error: invalid JSON: {exc.msg}", span)
    except RecursionError:
        message = "syntax error: the JSON document is nested too deeply to parse"
        return FileError("syntax", message, Span.whole_file(path))


def extract_json_dag(path: str, text: str, document: Any) -> JsonDag | None:
    """The DAG a parsed JSON ``document`` (of ``text``) describes, or None when it is not a
    ``nodes``/``edges`` document."""
    if not isinstance(document, dict):
        return None
    nested = isinstance(document.get("dag"), dict) and "nodes" not in document
    holder = document["dag"] if nested else document
    nodes, edges = holder.get("nodes"), holder.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        return None
    spans = _StringSpans(path, text)
    strings = list(_walk_strings(document))
    located: dict[int, Span] = {}
    for index, (string, _) in enumerate(strings):
        span = spans.next(string)
        if span is None:
            break
        located[index] = span
    fallback = Span.whole_file(path)
    node_facts: list[tuple[str, Span]] = []
    edge_facts: list[tuple[str, str, Span]] = []
    cursor = _Cursor(strings, located, fallback)
    base = cursor.seek_key("dag") if nested else 0
    cursor.seek_key("nodes", base)
    for node in nodes:
        name = _node_name(node)
        if name is not None:
            node_facts.append((name, cursor.take(name)))
    cursor.seek_key("edges", base)
    for edge in edges:
        ends = _edge_ends(edge)
        if ends is not None:
            first = cursor.take(ends[0])
            cursor.take(ends[1])
            edge_facts.append((ends[0], ends[1], first))
    return JsonDag(fallback, tuple(node_facts), tuple(edge_facts), nested)


def _node_name(node: Any) -> str | None:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        for key in _NODE_KEYS:
            if isinstance(node.get(key), str):
                return str(node[key])
    return None


class _Cursor:
    """Moves forward through the document's strings to find each node/edge string's span."""

    def __init__(
        self, strings: list[tuple[str, Any]], located: dict[int, Span], fallback: Span
    ) -> None:
        self.strings = strings
        self.located = located
        self.fallback = fallback
        self.index = 0

    def seek_key(self, key: str, start: int = 0) -> int:
        """Move past the first object key ``key`` at or after string ``start``; the new
        position (unchanged when there is no such key)."""
        for index in range(start, len(self.strings)):
            string, owner = self.strings[index]
            if owner is None and string == key:
                self.index = index + 1
                break
        return self.index

    def take(self, value: str) -> Span:
        for index in range(self.index, len(self.strings)):
            if self.strings[index][0] == value and self.strings[index][1] is not None:
                self.index = index + 1
                return self.located.get(index, self.fallback)
        return self.fallback
