"""Regular expressions from configuration, searched in time linear in the text.

Python's :mod:`re` backtracks: ``^(a+)+$`` takes exponential time on ``"aaaa…b"`` and cannot be
interrupted, and ``external-input-pattern`` comes from a configuration file a pull request can
change. So a configuration pattern is parsed by Python's own parser (the same syntax and the same
syntax errors as :mod:`re`) and searched by simulating its Thompson automaton: every character of
the text is looked at once, against the set of states still alive, so a search costs at most
``len(text) × states`` steps, whatever the pattern.

Everything but backreferences, lookaround, conditional groups, atomic groups and possessive
quantifiers is supported (they are refused with the construct named; none of them can be searched
without backtracking). A counted repetition (``x{2,5}``) becomes copies of its operand, and a
pattern whose automaton would exceed :data:`MAX_STATES` states is refused. Only whether the
pattern matches somewhere is computed (no groups, no match position), which is all configuration
patterns need. Case-insensitive matching compares lower- and upper-case forms of single
characters, as :mod:`re` does for nearly all characters.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import field
from functools import lru_cache
from typing import Any

from alignlint.core.records import record

MAX_STATES = 10_000
"""The largest automaton built for one pattern (``a{10000}`` is already refused)."""

_PARSER: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_CONSTANTS: Any = importlib.import_module(
    "re._constants" if sys.version_info >= (3, 11) else "sre_constants"
)
_UNSUPPORTED = {
    "GROUPREF": "backreferences",
    "GROUPREF_EXISTS": "conditional groups",
    "ASSERT": "lookahead and lookbehind assertions",
    "ASSERT_NOT": "lookahead and lookbehind assertions",
    "ATOMIC_GROUP": "atomic groups",
    "POSSESSIVE_REPEAT": "possessive quantifiers",
}

Predicate = Callable[[str], bool]


@record(frozen=False)
class _State:
    """One automaton state: ``char`` (consume a character accepted by ``test``), ``split``
    (epsilon moves to ``outs``), ``assert`` (an anchor named ``anchor``) or ``match``."""

    kind: str
    outs: list[int] = field(default_factory=list)
    test: Predicate | None = None
    anchor: str = ""


class SafePattern:
    """A compiled configuration pattern; :meth:`search` never backtracks."""

    def __init__(self, pattern: str) -> None:
        tree = _PARSER.parse(pattern, 0)
        self._flags: int = tree.state.flags
        self._states: list[_State] = [_State("match")]
        self._start = self._sequence(list(tree), 0, self._flags)

    def search(self, text: str) -> bool:
        """Whether the pattern matches somewhere in ``text`` (:func:`re.search` is not None)."""
        alive = self._closure({self._start}, text, 0)
        for position, character in enumerate(text):
            if 0 in alive:
                return True
            following = {
                state.outs[0]
                for state in (self._states[index] for index in alive)
                if state.kind == "char" and state.test is not None and state.test(character)
            }
            following.add(self._start)  # a match may start at every position
            alive = self._closure(following, text, position + 1)
        return 0 in alive

    # -- simulation --------------------------------------------------------------------------------
    def _closure(self, seeds: set[int], text: str, position: int) -> set[int]:
        """``seeds`` and every state reachable from them without consuming a character."""
        reached: set[int] = set()
        pending = list(seeds)
        while pending:
            index = pending.pop()
            if index in reached:
                continue
            reached.add(index)
            state = self._states[index]
            if state.kind == "split":
                pending.extend(state.outs)
            elif state.kind == "assert" and self._holds(state.anchor, text, position):
                pending.extend(state.outs)
        return reached

    def _holds(self, anchor: str, text: str, position: int) -> bool:
        multiline = bool(self._flags & re.MULTILINE)
        end = len(text)
        if anchor == "AT_BEGINNING":
            return position == 0 or (multiline and text[position - 1] == "\n")
        if anchor == "AT_BEGINNING_STRING":
            return position == 0
        if anchor == "AT_END":
            if position == end or (multiline and text[position] == "\n"):
                return True
            return position == end - 1 and text[position] == "\n"
        if anchor == "AT_END_STRING":
            return position == end
        word = _word(self._flags)
        before = position > 0 and word(text[position - 1])
        after = position < end and word(text[position])
        if anchor == "AT_BOUNDARY":
            return before != after
        if end == 0 and sys.version_info < (3, 14):
            return False  # before 3.14, re's \B never matches the empty string
        return before == after  # AT_NON_BOUNDARY

    # -- construction (each method returns the start state of what it built before ``after``) --
    def _add(self, state: _State) -> int:
        if len(self._states) >= MAX_STATES:
            raise ValueError(f"the pattern is too large (more than {MAX_STATES} states)")
        self._states.append(state)
        return len(self._states) - 1

    def _sequence(self, items: Sequence[tuple[Any, Any]], after: int, flags: int) -> int:
        for operator, argument in reversed(items):
            after = self._item(_name(operator), argument, after, flags)
        return after

    def _item(self, name: str, argument: Any, after: int, flags: int) -> int:
        if name in _UNSUPPORTED:
            raise ValueError(f"{_UNSUPPORTED[name]} are not supported (they need backtracking)")
        if name in ("LITERAL", "NOT_LITERAL"):
            test = _literal(chr(argument), flags)
            if name == "NOT_LITERAL":
                test = _negated(test)
            return self._add(_State("char", [after], test))
        if name == "ANY":
            dotall = bool(flags & re.DOTALL)
            return self._add(_State("char", [after], lambda c: dotall or c != "\n"))
        if name == "IN":
            return self._add(_State("char", [after], _set(argument, flags)))
        if name == "AT":
            return self._add(_State("assert", [after], anchor=_name(argument)))
        if name == "BRANCH":
            starts = [self._sequence(list(branch), after, flags) for branch in argument[1]]
            return self._add(_State("split", starts))
        if name == "SUBPATTERN":
            _group, add_flags, del_flags, pattern = argument
            return self._sequence(list(pattern), after, (flags | add_flags) & ~del_flags)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            return self._repeat(argument, after, flags)
        raise ValueError(f"unsupported construct {name}")

    def _repeat(self, argument: Any, after: int, flags: int) -> int:
        minimum, maximum, pattern = argument
        items = list(pattern)
        if maximum == _CONSTANTS.MAXREPEAT:
            loop = self._add(_State("split"))
            self._states[loop].outs = [self._sequence(items, loop, flags), after]
            start = loop
        else:
            start = after
            for _ in range(maximum - minimum):
                start = self._add(_State("split", [self._sequence(items, start, flags), after]))
        for _ in range(minimum):
            start = self._sequence(items, start, flags)
        return start


def _name(constant: Any) -> str:
    """The name of a constant of Python's regular expression parser (``LITERAL``, ``AT_END``)."""
    return str(getattr(constant, "name", constant))


def _word(flags: int) -> Predicate:
    if flags & re.ASCII:
        return lambda c: c.isascii() and (c.isalnum() or c == "_")
    return lambda c: c.isalnum() or c == "_"


def _literal(literal: str, flags: int) -> Predicate:
    if not flags & re.IGNORECASE:
        return lambda c: c == literal
    forms = {literal, literal.lower(), literal.upper()}
    return lambda c: c in forms or c.lower() in forms or c.upper() in forms


def _negated(test: Predicate) -> Predicate:
    return lambda c: not test(c)


def _category(name: str, flags: int) -> Predicate:
    ascii_only = bool(flags & re.ASCII)
    tests: dict[str, Predicate] = {
        "DIGIT": (lambda c: "0" <= c <= "9") if ascii_only else str.isdecimal,
        "SPACE": (lambda c: c in " \t\n\r\f\v") if ascii_only else str.isspace,
        "WORD": _word(flags),
        "LINEBREAK": lambda c: c == "\n",
    }
    negated = name.startswith("CATEGORY_NOT_")
    test = tests[name.removeprefix("CATEGORY_NOT_").removeprefix("CATEGORY_")]
    return _negated(test) if negated else test


def _set(items: Sequence[tuple[Any, Any]], flags: int) -> Predicate:
    negate = False
    tests: list[Predicate] = []
    for operator, argument in items:
        name = _name(operator)
        if name == "NEGATE":
            negate = True
        elif name in ("LITERAL", "NOT_LITERAL"):
            test = _literal(chr(argument), flags)
            tests.append(_negated(test) if name == "NOT_LITERAL" else test)
        elif name == "RANGE":
            tests.append(_range(chr(argument[0]), chr(argument[1]), flags))
        elif name == "CATEGORY":
            tests.append(_category(_name(argument), flags))
        else:
            raise ValueError(f"unsupported set member {name}")

    def member(character: str) -> bool:
        return any(test(character) for test in tests) != negate

    return member


def _range(low: str, high: str, flags: int) -> Predicate:
    if not flags & re.IGNORECASE:
        return lambda c: low <= c <= high
    return lambda c: any(low <= form <= high for form in (c, c.lower(), c.upper()))


@lru_cache(maxsize=32)
def compile_pattern(pattern: str) -> SafePattern:
    """The :class:`SafePattern` of ``pattern``. Raises :class:`re.error` for invalid syntax and
    :class:`ValueError` for a construct this engine does not run."""
    return SafePattern(pattern)


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text``; False for a pattern this engine
    refuses (the configuration loader reports those)."""
    try:
        compiled = compile_pattern(pattern)
    except (re.error, ValueError):
        return False
    return compiled.search(text)
