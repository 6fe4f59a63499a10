"""Does a file still load after fixing? Python must parse, JSON/YAML/TOML must load.

Python is parsed with CPython's own parser, which reports a file too deeply nested to parse as an
error instead of crashing; libcst is only used (guarded, :mod:`alignlint.fix.cst`) to write
structural edits. Parsers of other formats are imported lazily.
"""

from __future__ import annotations

import ast
import json
import sys
import warnings
from collections.abc import Callable
from types import ModuleType

from alignlint.fix.text import PYTHON_SUFFIXES

Checker = Callable[[bytes, str], None]


def load_error(path: str, data: bytes, text: str) -> str | None:
    """Why the file ``path`` with content ``data`` (decoded: ``text``) does not load, or ``None``.

    Files of other kinds than Python, JSON, YAML and TOML are not checked.
    """
    checker = _checker(path)
    if checker is None:
        return None
    try:
        checker(data, text)
    except RecursionError:
        return "too deeply nested to parse"
    except Exception as error:  # every parser has its own error types
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return f"{type(error).__name__}: {first_line}".rstrip(": ")
    return None


def _checker(path: str) -> Checker | None:
    if path.endswith(PYTHON_SUFFIXES):
        return _check_python
    if path.endswith(".json"):
        return _check_json
    if path.endswith((".yaml", ".yml")):
        return _check_yaml
    if path.endswith(".toml"):
        return _check_toml
    return None


def _check_python(data: bytes, text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ast.parse(data)


def _check_json(data: bytes, text: str) -> None:
    json.loads(text)


def _check_yaml(data: bytes, text: str) -> None:
    yaml = _optional_module("yaml")
    if yaml is not None:
        for _ in yaml.safe_load_all(text):
            pass


def _check_toml(data: bytes, text: str) -> None:
    toml = _optional_module("tomllib") if sys.version_info >= (3, 11) else None
    toml = toml or _optional_module("tomli")
    if toml is not None:
        toml.loads(text)


def _optional_module(name: str) -> ModuleType | None:
    try:
        return __import__(name)
    except ImportError:
        return None
