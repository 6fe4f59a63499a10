"""Lines added to or removed from one place of a file: the positions before it stay, those after
it move by the same number of lines.

A statement added at the top of a script's ``main`` moves every later line of the file, so the
script's interface (:mod:`alignlint.model.interfaces`) holds other positions even though it
says the same: the module-level code and the ``__main__`` block below ``main`` are part of it.
:func:`line_shift` finds such a move between two interfaces of one file (every position at or
before one line kept, every one at or after a later line moved by the difference of their line
counts, nothing else different), and :func:`moved` carries positions of the old file over to
the new one. What a whole-project rule found in the old file then stands, each position moved:
those rules read only interfaces (:attr:`~alignlint.rules.base.Scope.INTERFACES`), and their
findings depend on positions only through the positions they report, and through their order,
which a move keeps. ``tests/perf/test_incremental.py`` compares such runs with full runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.deferred import DeferredBody
from alignlint.extract.directives import Directive

#: A line of the old file -> that line in the new file; None for a line of the edited region.
LineMap = Callable[[int], int | None]


class _InEditedRegion(Exception):
    """A position lies in the edited region, where no line of the old file has a new place."""


@record
class LineShift:
    """The lines of one file up to :attr:`kept_through` stay where they were; those from
    :attr:`moved_from` on move by :attr:`delta` lines (old numbering); the lines between are
    where the edit happened."""

    path: str
    kept_through: int
    moved_from: int
    delta: int

    def forward(self, line: int) -> int | None:
        """Where a line of the old file is in the new one."""
        if line <= self.kept_through:
            return line
        if line >= self.moved_from:
            return line + self.delta
        return None

    def backward(self, line: int) -> int | None:
        """Where a line of the new file was in the old one."""
        if line <= self.kept_through:
            return line
        if line >= self.moved_from + self.delta:
            return line - self.delta
        return None


def line_shift(before: Any, after: Any, path: str, delta: int) -> LineShift | None:
    """The move of ``delta`` lines that turns ``before`` (facts of ``path``, or part of them)
    into ``after``, or None when they differ otherwise (or ``delta`` is 0: nothing moved)."""
    if delta == 0:
        return None
    old, new = list(_spans(before)), list(_spans(after))
    if len(old) != len(new):
        return None
    kept: list[int] = [0]
    moved: list[int] = []
    for was, now in zip(old, new, strict=True):
        if was.path != now.path or (was.column, was.end_column) != (now.column, now.end_column):
            return None
        for line, new_line in ((was.line, now.line), (was.end_line, now.end_line)):
            if new_line == line:
                kept.append(line)
            elif new_line == line + delta:
                moved.append(line)
            else:
                return None
    if not moved:
        return None
    shift = LineShift(path, max(kept), min(moved), delta)
    if not shift.kept_through < min(shift.moved_from, shift.moved_from + delta):
        return None
    return shift if moved_value(before, {path: shift.forward}) == after else None


def moved(value: Any, shifts: Mapping[str, LineShift]) -> Any:
    """``value`` with every position in a shifted file carried to its new place; None when one
    lies where the edit happened (it has no new place)."""
    return moved_value(value, {path: shift.forward for path, shift in shifts.items()})


def moved_back(value: Any, shifts: Mapping[str, LineShift]) -> Any:
    """``value`` (of the new files) with every position in a shifted file carried back to where
    it was; None when one lies in an edited region."""
    return moved_value(value, {path: shift.backward for path, shift in shifts.items()})


def moved_back_through(value: Any, moves: Iterable[Mapping[str, LineShift]]) -> Any:
    """``value`` carried back through several moves, the latest first; None when a position
    lies in an edited region of one of them."""
    for shifts in moves:
        value = moved_back(value, shifts)
        if value is None:
            return None
    return value


def moved_value(value: Any, maps: Mapping[str, LineMap]) -> Any:
    """``value`` with the lines of every position in the files of ``maps`` mapped; None when a
    line has no image."""
    if not maps:
        return value
    try:
        return _mapped(value, maps)
    except _InEditedRegion:
        return None


def _line(maps: Mapping[str, LineMap], path: str, line: int) -> int:
    line_map = maps.get(path)
    if line_map is None:
        return line
    found = line_map(line)
    if found is None:
        raise _InEditedRegion
    return found


def _mapped(value: Any, maps: Mapping[str, LineMap]) -> Any:
    """``value`` with its positions mapped: the same object when none of them moves (most of a
    run's findings and index lie in other files), so nothing is rebuilt for them."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is Span or isinstance(value, Span):
        if value.path not in maps:
            return value
        line = _line(maps, value.path, value.line)
        end_line = _line(maps, value.path, value.end_line)
        if line == value.line and end_line == value.end_line:
            return value
        return value._replace(line=line, end_line=end_line)
    if kind is tuple or kind is frozenset:
        # Atoms are kept without a call: most items of a run's index are strings.
        items = [item if type(item) in _ATOMS else _mapped(item, maps) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return kind(items)
    if kind is list:
        return [item if type(item) in _ATOMS else _mapped(item, maps) for item in value]
    if kind is dict:
        return {
            key: item if type(item) in _ATOMS else _mapped(item, maps)
            for key, item in value.items()
        }
    fields = _init_fields(kind)
    if fields is None or isinstance(value, DeferredBody):
        # Not a dataclass; or a deferred body, compared by file and content hash (two
        # versions never compare equal).
        return value
    changes = {}
    for name in fields:
        item = getattr(value, name)
        if type(item) in _ATOMS:
            continue
        mapped = _mapped(item, maps)
        if mapped is not item:
            changes[name] = mapped
    if isinstance(value, Directive):
        lines = tuple(_line(maps, value.path, line) for line in value.lines)
        if lines != value.lines:
            changes["lines"] = lines
    return dataclasses.replace(value, **changes) if changes else value


#: Types whose values hold no position (most of what a run's findings and index hold).
_ATOMS: frozenset[type] = frozenset({str, int, float, bool, bytes, type(None)})

#: The fields given to ``__init__`` of each dataclass seen (None: not a dataclass).
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _init_fields(kind: type) -> tuple[str, ...] | None:
    """The names of the ``__init__`` fields of the dataclass ``kind``; None for another type."""
    if kind not in _FIELDS:
        _FIELDS[kind] = (
            tuple(field.name for field in dataclasses.fields(kind) if field.init)
            if dataclasses.is_dataclass(kind)
            else None
        )
    return _FIELDS[kind]


def _spans(value: Any) -> Iterator[Span]:
    """Every position in ``value``, in a fixed order (a directive's lines as one-line spans)."""
    if isinstance(value, Span):
        yield value
        return
    kind = type(value)
    if kind is tuple or kind is list:
        for item in value:
            yield from _spans(item)
    elif kind is dict:
        for item in value.values():
            yield from _spans(item)
    elif kind is frozenset:
        for item in sorted(value, key=repr):
            yield from _spans(item)
    elif isinstance(value, DeferredBody):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _spans(getattr(value, field.name))
        if isinstance(value, Directive):
            for line in value.lines:
                yield Span(value.path, line, 0, line, 0)
