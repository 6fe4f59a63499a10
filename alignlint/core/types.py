"""Shared value types: spans, severities, fixes and diagnostics.

Everything here is a small frozen dataclass (picklable, hashable, comparable) so that facts and
findings can be cached, sent between processes and sorted deterministically. No parser objects
ever appear in these types.

Conventions (the same as ruff's JSON output):

* ``path`` is the file's path relative to the project root, with ``/`` separators;
* ``line`` and ``column`` are 1-based; ``column`` counts characters (code points), not bytes;
* the end position is exclusive.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import field
from typing import NamedTuple

from alignlint.core.records import record


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered so that ``max()`` and comparisons work."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Parse ``"error"`` / ``"warning"`` / ``"info"`` (case-insensitive)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of: {choices})") from None


class Applicability(enum.Enum):
    """How safe a fix is to apply automatically (ruff's three levels)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@record(order=True, slots=True)
class Position:
    """A 1-based line and character column."""

    line: int
    column: int

    def __reduce__(self) -> tuple[type[Position], tuple[int, int]]:
        # Pickled as a constructor call: no per-instance dict, and faster to load than the
        # ``__setstate__`` that ``slots=True`` adds (spans are most of the cached facts).
        return Position, (self.line, self.column)


class Span(NamedTuple):
    """A range of source text in one file, from ``line``/``column`` (inclusive) to
    ``end_line``/``end_column`` (exclusive); :attr:`start` and :attr:`end` give them as positions.

    Spans are most of the cached facts, so they are as cheap as Python allows: the four numbers
    are stored flat rather than as two :class:`Position` objects, and a span is a named tuple
    (immutable, hashable, ordered by path, then start, then end) because a tuple subclass is
    created, pickled and unpickled about twice as fast as a frozen dataclass.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def of(cls, path: str, line: int, column: int, end_line: int, end_column: int) -> Span:
        return cls(path, line, column, end_line, end_column)

    @classmethod
    def between(cls, path: str, start: Position, end: Position) -> Span:
        """The span from ``start`` to ``end`` in ``path``."""
        return cls(path, start.line, start.column, end.line, end.column)

    @classmethod
    def whole_file(cls, path: str) -> Span:
        """A span pointing at the start of a file (for file-level findings)."""
        return cls(path, 1, 1, 1, 1)

    @property
    def start(self) -> Position:
        return Position(self.line, self.column)

    @property
    def end(self) -> Position:
        return Position(self.end_line, self.end_column)

    @property
    def is_multiline(self) -> bool:
        return self.end_line != self.line

    def contains(self, other: Span) -> bool:
        return (
            self.path == other.path
            and (self.line, self.column) <= (other.line, other.column)
            and (other.end_line, other.end_column) <= (self.end_line, self.end_column)
        )

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def __reduce__(
        self,
    ) -> tuple[Callable[..., Span], tuple[type[Span], tuple[str, int, int, int, int]]]:
        # Pickled as ``tuple.__new__(Span, fields)``: unpickling calls no Python code per span
        # (the named tuple's own ``__new__`` is a Python function; the fact cache unpickles
        # millions of spans per run).
        return tuple.__new__, (
            Span,
            (self.path, self.line, self.column, self.end_line, self.end_column),
        )


@record(order=True)
class Edit:
    """Replace the text of ``span`` with ``content`` (an insertion when the span is empty)."""

    span: Span
    content: str


#: A value a structural insertion writes: a string, a number, a boolean or ``None``.
LiteralValue = str | int | float | bool | None


class Container(enum.Enum):
    """What a structural insertion adds an item to."""

    DICT = "dict"
    LIST = "list"
    CALL = "call"


@record
class Insertion:
    """Add one item at the end of the dict display, list display or call written exactly at
    ``span`` (a *structural edit*).

    Rules describe the item; the fixer writes it (:mod:`alignlint.fix.structural`, with libcst)
    the way the container is written: one per line or inline, with or without a trailing comma,
    the container's quotes and indentation, every comment kept; the file outside the container
    stays byte-identical. ``key`` is the dict key or the keyword's name (``""`` for a list item).
    Build insertions with :meth:`dict_entry`, :meth:`list_item` and :meth:`call_keyword`.
    """

    span: Span
    container: Container
    key: str
    value: LiteralValue

    @classmethod
    def dict_entry(cls, span: Span, key: str, value: LiteralValue) -> Insertion:
        """``key: value`` added to the dict display at ``span``."""
        return cls(span, Container.DICT, key, value)

    @classmethod
    def list_item(cls, span: Span, value: LiteralValue) -> Insertion:
        """``value`` added to the list display at ``span``."""
        return cls(span, Container.LIST, "", value)

    @classmethod
    def call_keyword(cls, span: Span, name: str, value: LiteralValue) -> Insertion:
        """``name=value`` added to the call at ``span``."""
        return cls(span, Container.CALL, name, value)


@record
class Fix:
    """A set of edits, possibly in several files, that repairs one finding.

    ``edits`` replace spans of text; ``insertions`` add items to dicts, lists and calls and are
    turned into edits by the fixer when it applies the fix (so describing a fix never needs the
    parser that writes it)."""

    message: str
    applicability: Applicability
    edits: tuple[Edit, ...]
    insertions: tuple[Insertion, ...] = ()

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(
            sorted(
                {edit.span.path for edit in self.edits}
                | {insertion.span.path for insertion in self.insertions}
            )
        )

    @property
    def changes_something(self) -> bool:
        """Whether the fix has any edit or insertion (a fix with neither is advice only)."""
        return bool(self.edits or self.insertions)


@record(order=True)
class Related:
    """The other side of a mismatch: where it is and a short label saying what it is.

    A ``context`` span only shows more of the finding's own side (the declaration next to the
    reported entry): it takes no part in the finding's identity (its fingerprint), so adding one
    to a rule's findings does not make baselined findings look new."""

    span: Span
    message: str
    context: bool = False


@record
class Diagnostic:
    """One finding.

    ``fingerprint`` identifies the finding independently of line numbers (rule, step, files and the
    finding's *subject*, e.g. the logical name), so a baseline survives unrelated edits. Rules set
    ``subject``; the engine computes the fingerprint. ``workspace`` names the isolated project
    workspace a finding belongs to (part of its fingerprint); shared findings have none.
    """

    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    step: str | None = None
    subject: str = ""
    fingerprint: str = ""
    url: str | None = None
    #: The project workspace whose view found this finding (None: the shared library's view).
    workspace: str | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (
            self.span.path,
            self.span.line,
            self.span.column,
            self.code,
            self.message,
        )

    @property
    def paths(self) -> tuple[str, ...]:
        """Every file this finding touches: its primary span and the other side."""
        return tuple(sorted({self.span.path, *(r.span.path for r in self.related)}))


@record
class Unresolved:
    """A value the engine could not evaluate statically, and why (reported by ``--statistics``)."""

    span: Span
    reason: str


@record(order=True)
class Unchecked:
    """Something a rule could not check, and why: a step, a piece or a DAG the rule skipped
    because a value it depends on is Unknown. Never a finding; ``--statistics`` lists them, so a
    rule that checked nothing does not look like a pass."""

    code: str
    subject: str
    reason: str


@record(frozen=False)
class Statistics:
    """Counters that show what a run actually checked (so a vacuous pass is visible)."""

    files: int = 0
    files_parsed: int = 0
    steps: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    #: What each rule could not check, sorted by code, subject and reason.
    unchecked: list[Unchecked] = field(default_factory=list)

    def bump(self, key: str, amount: int = 1) -> None:
        self.counters[key] = self.counters.get(key, 0) + amount
