"""Keys a script reads from its hyperparameters file (``hyperparameters.json``).

A training script loads the file into a dict (``config = json.load(f)`` with ``f`` opened on a
path whose name or text mentions hyperparameters) and reads keys from it, in the function that
loads it, in the functions that return it to their callers (``config = load_config(path)``) and
in the functions it is passed to (``train(config)``). This module follows the dict through those
steps, module-level functions only, and records each key used: ``config["eta"]`` (a read that
fails on a missing key), ``config.get("eta", 0.3)`` (a read with a fallback), writes
(``config["num_classes"] = ...``: keys the script defines itself) and whether a membership test
(``if "eta" in config``) guards the read in its function.

The walk only runs on files that mention hyperparameters at all.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TypeGuard

from alignlint.extract.exprs import dotted, imported_names, resolved_dotted
from alignlint.extract.facts import HyperparameterKey
from alignlint.extract.positions import Positions
from alignlint.extract.statements import own_statements
from alignlint.extract.walk import walk

_MENTION = re.compile(r"h(?:yper)?param", re.IGNORECASE)
_JSON_ALIASED = re.compile(r"\bjson\s+as\b|\bfrom\s+json\s+import\b")
#: JSON loaders, as written or as resolved through the module's imports (``js.load`` after
#: ``import json as js``, ``read_json`` after ``from json import load as read_json``).
_LOADERS = frozenset({"json.load", "json.loads", "load", "loads"})
#: How many rounds the dict is followed through returns and calls.
_ROUNDS = 8

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _mentions(node: ast.AST) -> bool:
    """Whether an expression names the hyperparameters file: an identifier or a string in it
    mentions hyperparameters (``hparam_path``, ``"hyperparameters.json"``)."""
    for child in walk(node):
        if isinstance(child, ast.Name) and _MENTION.search(child.id):
            return True
        if isinstance(child, ast.Attribute) and _MENTION.search(child.attr):
            return True
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            if _MENTION.search(child.value):
                return True
    return False


def _opened_files(function: Function) -> set[str]:
    """Names bound to a file opened on the hyperparameters path (``with open(p) as f``,
    ``f = open(p)``)."""
    names: set[str] = set()
    for statement in own_statements(function.body):
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                call = item.context_expr
                target = item.optional_vars
                if isinstance(call, ast.Call) and isinstance(target, ast.Name):
                    if dotted(call.func) in ("open", "io.open") and _mentions(call):
                        names.add(target.id)
        elif isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            call = statement.value
            if dotted(call.func) in ("open", "io.open") and _mentions(call):
                names.update(t.id for t in statement.targets if isinstance(t, ast.Name))
    return names


def _is_load(value: ast.expr, imports: dict[str, str]) -> TypeGuard[ast.Call]:
    """Whether ``value`` is a call of a JSON loader with an argument (``json.load(f)``);
    ``imports`` is what the module's imported names stand for (:func:`imported_names`)."""
    if not isinstance(value, ast.Call) or not value.args:
        return False
    return dotted(value.func) in _LOADERS or resolved_dotted(value.func, imports) in _LOADERS


def _is_source(value: ast.expr, files: set[str], imports: dict[str, str]) -> bool:
    """``json.load(f)`` on an opened hyperparameters file, ``json.loads(f.read())`` of it, or
    ``json.loads(...)`` of text that names it."""
    if not _is_load(value, imports):
        return False
    argument = value.args[0]
    if (
        isinstance(argument, ast.Call)
        and isinstance(argument.func, ast.Attribute)
        and argument.func.attr == "read"
        and not argument.args
    ):
        argument = argument.func.value  # ``f.read()``: the text of the opened file
    if isinstance(argument, ast.Name) and argument.id in files:
        return True
    return _mentions(argument)


class _Flow:
    """Which names of which function hold the hyperparameters dict."""

    def __init__(self, functions: dict[str, Function], imports: dict[str, str]) -> None:
        self.functions = functions
        self.imports = imports
        self.holders: dict[str, set[str]] = {name: set() for name in functions}
        self.loaders: set[str] = set()

    def run(self) -> None:
        for name, function in self.functions.items():
            loads = [
                statement
                for statement in own_statements(function.body)
                if isinstance(statement, ast.Assign) and _is_load(statement.value, self.imports)
            ]
            if not loads:
                continue
            files = _opened_files(function)
            for statement in loads:
                if _is_source(statement.value, files, self.imports):
                    self.holders[name].update(
                        t.id for t in statement.targets if isinstance(t, ast.Name)
                    )
        if not any(self.holders.values()):
            return  # nothing to follow: no round can find a holder or a loader
        for _ in range(_ROUNDS):
            if not self._round():
                break

    def _round(self) -> bool:
        changed = False
        for name, function in self.functions.items():
            held = self.holders[name]
            for statement in own_statements(function.body):
                if isinstance(statement, ast.Return) and isinstance(statement.value, ast.Name):
                    if statement.value.id in held and name not in self.loaders:
                        self.loaders.add(name)
                        changed = True
                elif isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
                    callee = dotted(statement.value.func)
                    if callee in self.loaders:
                        for target in statement.targets:
                            if isinstance(target, ast.Name) and target.id not in held:
                                held.add(target.id)
                                changed = True
            if held:  # a function holding no such dict passes none on
                changed |= self._passes(function, held)
        return changed

    def _passes(self, function: Function, held: set[str]) -> bool:
        """The dict passed to another module function becomes that function's parameter."""
        changed = False
        for node in walk(function):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            callee = self.functions.get(node.func.id)
            if callee is None:
                continue
            params = [arg.arg for arg in (*callee.args.posonlyargs, *callee.args.args)]
            targets = [
                params[index]
                for index, argument in enumerate(node.args)
                if isinstance(argument, ast.Name) and argument.id in held and index < len(params)
            ]
            targets.extend(
                keyword.arg
                for keyword in node.keywords
                if keyword.arg is not None
                and isinstance(keyword.value, ast.Name)
                and keyword.value.id in held
            )
            for target in targets:
                if target not in self.holders[callee.name]:
                    self.holders[callee.name].add(target)
                    changed = True
        return changed


def _rebound(function: Function, name: str) -> bool:
    """Whether ``name`` is bound more than once to something other than a transformation of
    itself (``config = sanitize(config)`` keeps it the dict): its reads may then be of another
    value, and the name is left out."""
    count = 0
    for statement in own_statements(function.body):
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            value = statement.value
            keeps = isinstance(value, ast.Call) and any(
                isinstance(argument, ast.Name) and argument.id == name for argument in value.args
            )
            targets = [] if keeps else statement.targets
        elif isinstance(statement, (ast.For, ast.AsyncFor, ast.AnnAssign)):
            targets = [statement.target]
        count += sum(1 for t in targets if isinstance(t, ast.Name) and t.id == name)
    return count > 1


def hyperparameter_keys(
    tree: ast.Module, positions: Positions, text: str
) -> tuple[HyperparameterKey, ...]:
    """Every key the module uses on its hyperparameters dict, in source order."""
    if not _MENTION.search(text):
        return ()
    functions: dict[str, Function] = {
        node.name: node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    # Only an aliased or from-import of `json` can bind a loader to another name: the walk
    # over every import is skipped in the other modules.
    imports = imported_names(tree) if _JSON_ALIASED.search(text) else {}
    flow = _Flow(functions, imports)
    flow.run()
    found: list[HyperparameterKey] = []
    for name, function in functions.items():
        held = {h for h in flow.holders[name] if not _rebound(function, h)}
        if held:
            found.extend(_keys(function, held, positions))
    return tuple(sorted(found, key=lambda key: key.span))


def _keys(function: Function, held: set[str], positions: Positions) -> Iterator[HyperparameterKey]:
    tested: set[str] = set()
    uses: list[tuple[str, ast.AST, str]] = []
    for node in walk(function):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            if node.value.id in held and isinstance(node.slice, ast.Constant):
                key = node.slice.value
                if isinstance(key, str):
                    kind = "read" if isinstance(node.ctx, ast.Load) else "write"
                    uses.append((key, node, kind))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "setdefault", "pop")
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in held
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            kind = "write" if node.func.attr == "setdefault" else "get"
            uses.append((node.args[0].value, node, kind))
        elif (
            isinstance(node, ast.Compare)
            and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.In, ast.NotIn))
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and isinstance(node.comparators[0], ast.Name)
            and node.comparators[0].id in held
        ):
            tested.add(node.left.value)
    for key, node, kind in uses:
        yield HyperparameterKey(key, positions.span(node), kind, function.name, key in tested)
