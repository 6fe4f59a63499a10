"""Module-level names bound by statements that record no value.

Assignments of a name, imports, ``def`` and ``class`` statements are facts of their own. A
module binds names in other ways too: a ``for`` loop's target, ``with ... as name``, unpacking
a value alignlint does not take apart (``first, second = load()``), an augmented assignment
(``count += 1``), an assignment expression (``(size := 3)``), a ``match``
capture. Another module may import such a name; it is defined, with a value alignlint does not
know; so is a name a function declares ``global`` (defined once the function runs, which may
be at import). Names bound only in an ``except ... as`` clause (deleted when the handler ends),
only in the ``__main__`` block (not run on import) or as locals of functions are not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from alignlint.extract.statements import is_main_guard, target_names
from alignlint.extract.walk import walk, walk_all


def _bound_by(node: ast.stmt, recorded: bool) -> Iterator[str]:
    """The names one module-level statement binds without a fact of their own (see the module
    docstring), its nested module-level statements included. ``recorded``: the extractor
    records the plain assignments, imports, functions and classes where the statement stands
    (the module's body, and the bodies of ``if``, ``try`` and ``with``; not those of loops or
    ``match`` cases), so only the other bindings are missing there."""
    if not recorded:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                yield from target_names(target)
            return
        if isinstance(node, ast.AnnAssign):
            yield from target_names(node.target)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node.name
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    yield alias.asname or alias.name.partition(".")[0]
            return
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if not isinstance(target, ast.Name):
                yield from target_names(target)
    elif isinstance(node, ast.AugAssign):
        yield from target_names(node.target)
    elif isinstance(node, (ast.For, ast.AsyncFor)):
        yield from target_names(node.target)
        yield from _names(node.body, False)
        yield from _names(node.orelse, False)
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            if item.optional_vars is not None:
                yield from target_names(item.optional_vars)
        yield from _names(node.body, recorded)
    elif isinstance(node, ast.While):
        yield from _names(node.body, False)
        yield from _names(node.orelse, False)
    elif isinstance(node, ast.If):
        if not is_main_guard(node.test):
            yield from _names(node.body, recorded)
            yield from _names(node.orelse, recorded)
    elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
        for part in ("body", "orelse", "finalbody"):
            yield from _names(getattr(node, part, []), recorded)
        for handler in getattr(node, "handlers", []):
            yield from _names(handler.body, recorded)
    elif type(node).__name__ == "Match":
        for case in getattr(node, "cases", []):
            for pattern in walk(case.pattern):
                captured = getattr(pattern, "name", None)
                if isinstance(captured, str):
                    yield captured
            yield from _names(case.body, False)


def _names(statements: Sequence[ast.stmt], recorded: bool) -> Iterator[str]:
    for node in statements:
        yield from _bound_by(node, recorded)


def other_module_bindings(statements: Sequence[ast.stmt], text: str) -> tuple[str, ...]:
    """The module-level names ``statements`` (a module's body) bind without a value alignlint
    records, sorted."""
    found = set(_names(statements, True))
    if "global " in text:  # a function's global: defined once it runs, maybe at import
        for node in walk_all(statements):
            if isinstance(node, ast.Global):
                found.update(node.names)
    if ":=" in text:
        for node in statements:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if isinstance(node, ast.If) and is_main_guard(node.test):
                continue
            for child in walk(node):
                if isinstance(child, ast.NamedExpr) and isinstance(child.target, ast.Name):
                    found.add(child.target.id)
    return tuple(sorted(found))
