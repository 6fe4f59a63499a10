"""Errors Python's compiler reports although ``ast.parse`` accepts the file, checked in phase 1.

alignlint promises to report (as ALN001, with Python's own message and location):

* misplaced future statements: a ``from __future__`` import after any statement other than the
  module docstring and other future imports, anywhere in the file ("from __future__ imports must
  occur at the beginning of the file");
* unknown future features ("future feature X is not defined", "not a chance" for ``braces``),
  in the leading future imports, exactly as CPython's ``future.c`` scans them;
* a keyword argument repeated in a call to a *component constructor*: a call whose callee is a
  name or attribute ending in one of :func:`component_calls` (the configured contract, spec and
  DAG base classes, ``DependencySpec``, ``OutputSpec``, ``ProcessingInput``, ``ProcessingOutput``,
  ``TrainingInput``, ``TransformInput``, ``add_node`` and ``add_edge``; the callee is a name or
  any expression's attribute), anywhere in the file ("keyword argument repeated: X").

Other compile-time-only errors (a repeated keyword in any other call, ``return`` outside a
function, ``nonlocal`` at module level, ...) are out of scope: finding them needs a walk of the
whole tree of every file. The checks here only descend into the statements on lines where the
relevant text (``__future__``, a component name) appears, so a file without it costs one
substring / regular-expression search.
"""

from __future__ import annotations
import __future__

import ast
import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from typing import TypeGuard

from alignlint.core.settings import Settings
from alignlint.core.source import line_numbers
from alignlint.extract.facts import FileError
from alignlint.extract.positions import Positions
from alignlint.extract.walk import children

LATE_FUTURE = "from __future__ imports must occur at the beginning of the file"
_FUTURE = "__future__"
#: Component constructors besides the configured base classes (see the module docstring).
COMPONENT_CALLS: frozenset[str] = frozenset(
    {
        "DependencySpec",
        "OutputSpec",
        "ProcessingInput",
        "ProcessingOutput",
        "TrainingInput",
        "TransformInput",
        "add_node",
        "add_edge",
    }
)


def component_calls(settings: Settings) -> frozenset[str]:
    """Callee names (last dotted part) whose calls are checked for repeated keywords."""
    names = settings.base_classes
    declared = (*names.contracts, *names.training_contracts, *names.specs, *names.dags)
    return COMPONENT_CALLS | frozenset(declared)


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8)
def _names_patterns(names: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """``(candidates, whole_word)``: the names anywhere, and the names as whole words
    (``\\b(?:names)\\b``) to confirm each candidate with; ``whole_word`` is None when the
    candidates are the whole-word pattern itself.

    Searching without ``\\b`` is several times faster. It finds every whole-word occurrence
    when each name is all word characters: no word boundary lies inside such an occurrence, so
    no whole-word occurrence can start inside a skipped candidate.
    """
    alternatives = "|".join(re.escape(name) for name in sorted(names))
    whole_word = re.compile(rf"\b(?:{alternatives})\b")
    if all(_WORD.fullmatch(name) for name in names):
        return re.compile(f"(?:{alternatives})"), whole_word
    return whole_word, None


def _name_lines(text: str, names: frozenset[str]) -> list[int]:
    """Sorted numbers of the lines holding one of ``names`` as a whole word."""
    candidates, whole_word = _names_patterns(names)
    if whole_word is None:
        return line_numbers(text, (match.start() for match in candidates.finditer(text)))
    # Every occurrence of each name, found by ``str.find`` (many times faster than the regular
    # expression engine trying the alternatives at every position), kept when whole-word: the
    # same starts as confirming the candidates' matches, as no whole-word occurrence starts
    # inside another name's occurrence (see :func:`_names_patterns`).
    starts: list[int] = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            if whole_word.match(text, start):
                starts.append(start)
            start = text.find(name, start + 1)
    return line_numbers(text, starts)


def _word_lines(text: str, word: str) -> list[int]:
    """Sorted numbers of the lines holding ``word`` (non-overlapping occurrences)."""
    starts: list[int] = []
    start = text.find(word)
    while start >= 0:
        starts.append(start)
        start = text.find(word, start + len(word))
    return line_numbers(text, starts)


def compile_errors(
    tree: ast.Module, text: str, positions: Positions, calls: frozenset[str]
) -> tuple[FileError, ...]:
    """The promised compile-time errors of a parsed module, in file order."""
    errors = _future_errors(tree, text, positions)
    if calls:
        lines = _name_lines(text, calls)
        if lines:
            errors.extend(_repeated_keywords(tree, lines, calls, positions))
    return tuple(sorted(errors, key=lambda error: error.span.start))


# -- future statements (CPython's future.c and compiler_from_import) -------------------------------
def _future_errors(tree: ast.Module, text: str, positions: Positions) -> list[FileError]:
    body = tree.body
    first = 1 if body and _is_docstring(body[0]) else 0
    done, previous, last_future = False, 0, -1
    for statement in body[first:]:
        if done and statement.lineno > previous:
            break
        previous = statement.lineno
        if not _is_future_import(statement):
            done = True
            continue
        if done:
            return [_error(LATE_FUTURE, statement, positions)]
        unknown = _unknown_feature(statement)
        if unknown is not None:
            return [_error(unknown, statement, positions)]
        last_future = statement.lineno
    if _FUTURE not in text:
        return []
    lines = _word_lines(text, _FUTURE)
    return [
        _error(LATE_FUTURE, node, positions)
        for node in _nodes_on_lines(tree, lines)
        if _is_future_import(node) and node.lineno > last_future
    ]


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _is_future_import(node: ast.AST) -> TypeGuard[ast.ImportFrom]:
    # A relative ``from .__future__ import x`` is an ordinary import: CPython before 3.13 compared
    # the module name only and rejected it, 3.13 accepts it. Which Python runs the job is not
    # known, so it is not reported (Unknown is not wrong).
    return isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == _FUTURE


def _unknown_feature(statement: ast.ImportFrom) -> str | None:
    for alias in statement.names:
        if alias.name in __future__.all_feature_names:
            continue
        if alias.name == "braces":
            return "not a chance"
        return f"future feature {alias.name} is not defined"
    return None


# -- repeated keyword arguments (CPython's validate_keywords) --------------------------------------
def _repeated_keywords(
    tree: ast.Module, lines: list[int], calls: frozenset[str], positions: Positions
) -> Iterator[FileError]:
    for node in _nodes_on_lines(tree, lines):
        if not isinstance(node, ast.Call):
            continue
        if _callee_name(node.func) not in calls:
            continue
        repeated = _first_repeat(node.keywords)
        if repeated is not None:
            message = f"keyword argument repeated: {repeated.arg}"
            yield _error(message, repeated, positions)


def _callee_name(func: ast.expr) -> str | None:
    """``f`` for ``f(...)`` and ``<anything>.f(...)``."""
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def _first_repeat(keywords: list[ast.keyword]) -> ast.keyword | None:
    """The keyword CPython reports: the first later duplicate of the earliest repeated name."""
    for index, keyword in enumerate(keywords):
        if keyword.arg is None:
            continue
        for other in keywords[index + 1 :]:
            if other.arg == keyword.arg:
                return other
    return None


# -- helpers ---------------------------------------------------------------------------------------
def _error(message: str, node: ast.AST, positions: Positions) -> FileError:
    return FileError("syntax", f"syntax error: {message}", positions.span(node))


def _nodes_on_lines(tree: ast.Module, lines: list[int]) -> Iterator[ast.AST]:
    """Every node (in file order) whose line range includes one of ``lines``; nodes without a
    position are descended into."""
    stack: list[ast.AST] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        start: int | None = getattr(node, "lineno", None)
        if start is not None:
            end: int = getattr(node, "end_lineno", None) or start
            index = bisect_left(lines, start)
            if index == len(lines) or lines[index] > end:
                continue
            yield node
        # Contexts and operators, which :func:`children` leaves out, hold no position or node.
        stack.extend(reversed(children(node)))
