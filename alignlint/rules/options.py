"""Rule option types: what values a rule option accepts.

A rule declares the type of each of its options in ``option_types`` (see
:class:`alignlint.rules.base.Rule`); the configuration is checked against them when it is loaded
(:mod:`alignlint.run.validation`), so a wrong value is a configuration error naming the file,
the line and the key, never a rule that silently iterates a string character by character. An
option a rule declares no type for (a plugin written before types existed) is checked against the
type of its default (:func:`inferred_type`).

Values are TOML values as the configuration holds them: arrays are tuples, tables tuples of
``(key, value)`` pairs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from typing import Any

from alignlint.core.records import record
from alignlint.sagemaker.container_paths import CONTAINER_ROOT


def _no_problem(value: Any) -> str | None:
    return None


@record
class OptionType:
    """The values an option accepts: a TOML shape (``expected`` names it in messages), then
    ``problem``, which says what is wrong with a value of that shape (None: nothing)."""

    expected: str
    shape: Callable[[Any], bool]
    problem: Callable[[Any], str | None] = _no_problem

    def check(self, value: Any) -> str | None:
        """Why ``value`` is not accepted (``expected ...`` for a wrong shape), or None."""
        if not self.shape(value):
            return f"expected {self.expected}"
        return self.problem(value)


def _is_boolean(value: Any) -> bool:
    return isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_strings(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


def _is_table(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) for item in value
    )


BOOLEAN = OptionType("a boolean", _is_boolean)
INTEGER = OptionType("an integer", _is_integer)
NUMBER = OptionType("a number", _is_number)
STRING = OptionType("a string", _is_string)
STRINGS = OptionType("an array of strings", _is_strings)
TABLE = OptionType("a table", _is_table)


def _each(check: Callable[[str], str | None]) -> Callable[[Any], str | None]:
    """A ``problem`` for an array of strings: the first item ``check`` objects to."""

    def problem(value: tuple[str, ...]) -> str | None:
        for item in value:
            reason = check(item)
            if reason is not None:
                return reason
        return None

    return problem


def _container_path_problem(path: str) -> str | None:
    if not path.startswith("/"):
        return f"`{path}` is not an absolute path"
    if posixpath.normpath(path) != path:
        return f"`{path}` is not written plainly (write `{posixpath.normpath(path)}`)"
    if path == CONTAINER_ROOT or CONTAINER_ROOT.startswith(path.rstrip("/") + "/"):
        return (
            f"`{path}` would cover every container path (to turn the rule off, ignore it instead)"
        )
    if not path.startswith(CONTAINER_ROOT + "/"):
        return f"`{path}` is not a container path (below `{CONTAINER_ROOT}`)"
    return None


CONTAINER_PATHS = OptionType(
    f"an array of absolute container paths (below `{CONTAINER_ROOT}`)",
    _is_strings,
    _each(_container_path_problem),
)
"""Paths inside a SageMaker job's container, each a plain absolute path below ``/opt/ml``."""


def _file_name_pattern_problem(pattern: str) -> str | None:
    if not pattern:
        return "a pattern is empty"
    if "/" in pattern:
        return f"`{pattern}` contains `/`: the patterns match file names, not paths"
    return None


FILE_NAME_PATTERNS = OptionType(
    "an array of file name patterns", _is_strings, _each(_file_name_pattern_problem)
)
"""Glob patterns (``fnmatch``) matched against a file's name (no directory)."""


def inferred_type(default: Any) -> OptionType | None:
    """The type an option with this default accepts when its rule declares none (None: any
    value)."""
    if isinstance(default, bool):
        return BOOLEAN
    if isinstance(default, int):
        return INTEGER
    if isinstance(default, float):
        return NUMBER
    if isinstance(default, str):
        return STRING
    if isinstance(default, Mapping):
        return TABLE
    if isinstance(default, (list, tuple)) and all(isinstance(item, str) for item in default):
        return STRINGS
    return None
