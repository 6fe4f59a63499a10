"""Step registries written in YAML, read without a YAML library.

Only the subset a registry needs is read: nested block mappings (step name -> field -> scalar),
optionally under one ``STEP_NAMES:`` key, with plain, single- or double-quoted one-line scalars
and comments. Anything else (sequences, flow collections, anchors, tags, block scalars, several
documents, tabs, ...) makes the whole registry an ``Opaque`` value that says why, so phase 2
sees an Unknown registry instead of a wrong one. Files that do not look like a registry are
ignored.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import field

from alignlint.core.records import record
from alignlint.core.source import LINE_BREAK
from alignlint.core.types import Span
from alignlint.extract.facts import YamlRegistry
from alignlint.extract.ir import DictExpr, Expr, Lit, Opaque

REGISTRY_FIELDS = ("config_class", "builder_step_name", "spec_type", "sagemaker_step_type")
_MAX_DEPTH = 3
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_NULLS = frozenset({"null", "Null", "NULL", "~"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset(
    word
    for base in ("yes", "no", "on", "off", "y", "n")
    for word in (base, base.capitalize(), base.upper())
)
_PLAIN_FORBIDDEN_START = "&*!|>{}[]%@`,#'\""
_INDICATORS_BEFORE_SPACE = ("- ", "? ", ": ")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r", "0": "\0"}


class _OutsideSubset(Exception):
    """The document uses YAML the reader does not support (``line``/``column`` 1-based)."""

    def __init__(self, reason: str, line: int, column: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


@record(frozen=False)
class _Entry:
    """One ``key: value`` line; ``children`` when the value is a nested block mapping."""

    key: str
    key_span: Span
    value: Expr | None
    indent: int
    children: list[_Entry] = field(default_factory=list)


class _LineReader:
    """Reads the key and scalar of one line, tracking the character column."""

    def __init__(self, path: str, number: int, text: str, column: int) -> None:
        self.path = path
        self.number = number
        self.text = text
        self.pos = column

    def fail(self, reason: str) -> _OutsideSubset:
        return _OutsideSubset(reason, self.number, self.pos + 1)

    def span(self, start: int, end: int) -> Span:
        return Span(self.path, self.number, start + 1, self.number, end + 1)

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def at_end_or_comment(self) -> bool:
        self.skip_spaces()
        return self.pos >= len(self.text) or self.text[self.pos] == "#"

    def quoted(self) -> str:
        quote = self.text[self.pos]
        start = self.pos
        self.pos += 1
        chars: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == quote:
                if quote == "'" and self.text[self.pos + 1 : self.pos + 2] == "'":
                    chars.append("'")
                    self.pos += 2
                    continue
                self.pos += 1
                return "".join(chars)
            if char == "\\" and quote == '"':
                chars.append(self._escape())
                continue
            chars.append(char)
            self.pos += 1
        self.pos = start
        raise self.fail("a quoted scalar continues on the next line")

    def _escape(self) -> str:
        code = self.text[self.pos + 1 : self.pos + 2]
        if code in _ESCAPES:
            self.pos += 2
            return _ESCAPES[code]
        width = {"x": 2, "u": 4}.get(code)
        digits = self.text[self.pos + 2 : self.pos + 2 + width] if width else ""
        if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            self.pos += 2 + width
            return chr(int(digits, 16))
        raise self.fail(f"unsupported escape `\\{code}` in a double-quoted scalar")

    def _check_plain_start(self) -> None:
        rest = self.text[self.pos :] + " "
        if rest[0] in _PLAIN_FORBIDDEN_START or rest.startswith(_INDICATORS_BEFORE_SPACE):
            raise self.fail(f"`{rest[0]}` starts a YAML construct not supported here")

    def key(self) -> tuple[str, Span]:
        start = self.pos
        if self.text[self.pos] in "'\"":
            key = self.quoted()
            end = self.pos
            self.skip_spaces()
            if self.text[self.pos : self.pos + 1] != ":":
                raise self.fail("expected `:` after the key")
        else:
            self._check_plain_start()
            match = re.compile(r":(?: |$)").search(self.text, self.pos)
            if match is None:
                raise self.fail("the line is not a `key: value` entry")
            key = self.text[self.pos : match.start()].rstrip()
            if " #" in key:
                raise self.fail("the line is not a `key: value` entry")
            end = start + len(key)
            self.pos = match.start()
        self.pos += 1
        return key, self.span(start, end)

    def scalar(self) -> Expr:
        start = self.pos
        if self.text[self.pos] in "'\"":
            value = self.quoted()
            span = self.span(start, self.pos)
            if not self.at_end_or_comment():
                raise self.fail("text after a quoted scalar")
            return Lit(value, span)
        self._check_plain_start()
        comment = self.text.find(" #", self.pos)
        raw = self.text[self.pos : comment if comment >= 0 else len(self.text)].rstrip()
        if ": " in raw or raw.endswith(":"):
            raise self.fail("a plain scalar contains `: `")
        span = self.span(start, start + len(raw))
        self.pos = len(self.text)
        return _plain(raw, span)


def _plain(raw: str, span: Span) -> Expr:
    """A plain scalar resolved as YAML's core schema would; forms YAML versions disagree on are
    Opaque."""
    if raw in _NULLS:
        return Lit(None, span)
    if raw in _TRUE or raw in _FALSE:
        return Lit(raw in _TRUE, span)
    if raw in _YAML11_BOOLS:
        return Opaque(f"plain `{raw}` is a boolean in YAML 1.1 and a string in YAML 1.2", span)
    if _INT.fullmatch(raw):
        return Lit(int(raw), span)
    if _FLOAT.fullmatch(raw):
        return Lit(float(raw), span)
    if raw[:2] in ("0x", "0o") or raw.lower() in (".inf", "-.inf", "+.inf", ".nan"):
        return Opaque(f"plain `{raw}` is a number in some YAML versions", span)
    return Lit(raw, span)


def _entries(path: str, text: str) -> list[_Entry]:
    """The document's block mapping as a tree of entries."""
    root: list[_Entry] = []
    stack: list[tuple[int, list[_Entry]]] = []
    previous: _Entry | None = None
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if not body.strip() or body.startswith("#"):
            continue
        if body.startswith("\t"):
            raise _OutsideSubset("a tab in the indentation", number, indent + 1)
        if body.rstrip() in ("---", "...") or body.startswith(("--- ", "... ")):
            if body.rstrip() == "---" and previous is None and indent == 0:
                continue
            raise _OutsideSubset("several YAML documents in one file", number, indent + 1)
        if previous is not None and indent > previous.indent and previous.value is not None:
            raise _OutsideSubset("a scalar continues on a more indented line", number, indent + 1)
        reader = _LineReader(path, number, line, indent)
        key, key_span = reader.key()
        value = None if reader.at_end_or_comment() else reader.scalar()
        entry = _Entry(key, key_span, value, indent)
        if previous is None:
            stack.append((indent, root))
        elif indent > previous.indent:
            if len(stack) >= _MAX_DEPTH:
                raise _OutsideSubset("mappings nested deeper than a registry", number, indent + 1)
            stack.append((indent, previous.children))
        else:
            while stack and stack[-1][0] > indent:
                stack.pop()
            if not stack or stack[-1][0] != indent:
                raise _OutsideSubset("inconsistent indentation", number, indent + 1)
        siblings = stack[-1][1]
        for sibling in siblings:
            if sibling.key == key:
                line_of = sibling.key_span.start.line
                raise _OutsideSubset(f"duplicate key `{key}` (also on line {line_of})", number)
        siblings.append(entry)
        previous = entry
    return root


def _mapping(entries: list[_Entry], span: Span) -> DictExpr:
    items: list[tuple[Expr | None, Expr]] = []
    for entry in entries:
        if entry.children:
            value: Expr = _mapping(entry.children, entry.key_span)
        elif entry.value is not None:
            value = entry.value
        else:
            value = Lit(None, entry.key_span)
        items.append((Lit(entry.key, entry.key_span), value))
    return DictExpr(tuple(items), span)


def _looks_like_registry(text: str, names: Collection[str]) -> bool:
    keys = "|".join(re.escape(k) for k in (*names, *REGISTRY_FIELDS))
    return (
        re.search(rf"^[ \t]*(?:-[ \t]+)?['\"]?(?:{keys})['\"]?[ \t]*:", text, re.MULTILINE)
        is not None
    )


def extract_yaml_registry(path: str, text: str, names: Collection[str]) -> YamlRegistry | None:
    """The registry a YAML file declares (``names``: the registry variable names, such as
    ``STEP_NAMES``, that may wrap the rows), or None when the file is not a registry."""
    stem = path.rpartition("/")[2].rsplit(".", 1)[0]
    whole = Span.whole_file(path)
    try:
        entries = _entries(path, text)
    except _OutsideSubset as exc:
        if not _looks_like_registry(text, names):
            return None
        point = Span(path, exc.line, exc.column, exc.line, exc.column + 1)
        reason = (
            f"the YAML registry uses YAML alignlint does not read statically: {exc.reason} "
            f"(line {exc.line})"
        )
        return YamlRegistry(stem, whole, Opaque(reason, point))
    wrapper = next((e for e in entries if e.key in names and e.children), None)
    if wrapper is not None:
        return YamlRegistry(
            wrapper.key, wrapper.key_span, _mapping(wrapper.children, wrapper.key_span)
        )
    is_registry = any(child.key in REGISTRY_FIELDS for entry in entries for child in entry.children)
    if not is_registry:
        return None
    return YamlRegistry(stem, whole, _mapping(entries, whole))
