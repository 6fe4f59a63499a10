"""Where the value of an environment variable read goes: the normalisations it passes through at
each of its uses (``EnvRead.transforms``).

From the read, the value is followed outward through the steps alignlint can compute
(``.lower()``/``.upper()``/``.strip()``/``.casefold()``, ``int()``/``float()``/``str()``/``bool()``,
``== "text"``, ``in ("a", "b")``, and a fallback for an empty value, ``value or "text"``). Then,
where it goes:

* into a local name bound once (``raw = os.environ.get(...)``; at module level also used nowhere
  else in the module): each use of the name is followed the same way, one chain per use (a use
  only shown, in an f-string, ``print`` or a logging call, adds none);
* while still text, into a call (``_is_true(raw)``, ``json.loads(raw)``), a method alignlint does
  not compute (``raw.split(",")``), a name it cannot follow, or a fallback that is not a string
  literal (``raw or DEFAULT``): the chain ends in an
  :data:`UNKNOWN` step saying so, since that code may normalise the text in any way;
* into a store read elsewhere by name (a dict's value, an attribute or item it is assigned to):
  the chain ends in an :data:`UNKNOWN` step too, since the code that reads it there may
  normalise it (:data:`STORED_IN_DICT` for a dict's value, which is also how a ``__main__``
  block hands ``environ_vars`` to ``main``);
* anywhere else (a key of a subscript or a dict, a test, a comparison with something else, a
  concatenation, a ``return``, a tuple or list): the value is used as it is, and the chain
  ends there.

Once converted (a number, or the flag of a comparison) the value is not followed further: what
is compared is that typed value.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping

from alignlint.extract.exprs import dotted
from alignlint.extract.walk import children, walk_all

#: String methods that normalise a value before it is used: an env value, or the value a
#: membership test checks (``v.lower() not in (...)``).
NORMALISING_METHODS = frozenset({"lower", "upper", "strip", "lstrip", "rstrip", "casefold"})
#: Conversions of an env value, by the builtin's name.
CONVERSIONS = frozenset({"int", "float", "str", "bool"})
#: The first character of a step naming code the value goes through that alignlint does not
#: compute (the rest of the step says which); it ends the chain.
UNKNOWN = "?"
#: The step ending the chain of a value stored as a dict's value.
STORED_IN_DICT = f"{UNKNOWN}stored in a dict"
#: Logging methods (``logger.info(...)``): a value in their arguments is only displayed.
LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)
#: Steps after which the value is no longer text.
_TYPED = ("int", "float", "bool", "eq:", "in:")
#: How many local names deep a value is followed.
_MAX_NAMES = 3

Chain = tuple[str, ...]


def is_display_call(node: ast.Call) -> bool:
    """Whether ``node`` only shows its arguments: ``print`` or a logging call."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "print" or func.id.startswith("log")
    return isinstance(func, ast.Attribute) and func.attr in LOG_METHODS


class ModuleNames:
    """How often each name is loaded and bound anywhere in a module (computed once)."""

    def __init__(self, statements: Collection[ast.stmt]) -> None:
        self.loads: dict[str, int] = {}
        self.binds: dict[str, int] = {}
        for node in walk_all(statements):
            if isinstance(node, ast.Name):
                counts = self.loads if isinstance(node.ctx, ast.Load) else self.binds
                counts[node.id] = counts.get(node.id, 0) + 1
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.binds[node.name] = self.binds.get(node.name, 0) + 1
            elif isinstance(node, ast.alias):
                name = node.asname or node.name.split(".")[0]
                self.binds[name] = self.binds.get(name, 0) + 1
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                for name in node.names:
                    self.binds[name] = self.binds.get(name, 0) + 2


class ValueUses:
    """The chains of normalisation steps values read in one scanned scope go through.

    ``statements`` are the scope's, ``bound_once`` says which local names it binds exactly once,
    and ``module`` (for module-level code and the ``__main__`` block, whose names are globals)
    gives the whole module's counts: a global is followed only when the scope holds its one
    binding and all its loads."""

    def __init__(
        self,
        statements: Collection[ast.stmt],
        bound_once: Callable[[], frozenset[str]],
        module: Callable[[], ModuleNames] | None,
    ) -> None:
        self._statements = statements
        self._bound_once = bound_once
        self._module = module
        self._parents: dict[int, ast.AST] | None = None
        self._loads: dict[str, list[ast.Name]] = {}

    def chains(self, node: ast.expr) -> tuple[Chain, ...]:
        """The chains of the value of ``node`` (an env read), one per use; none when the value
        is only shown or never used."""
        return self._chains(node, 0)

    # -- internals ---------------------------------------------------------------------------
    def _parent_map(self) -> Mapping[int, ast.AST]:
        if self._parents is None:
            parents: dict[int, ast.AST] = {}
            loads = self._loads
            stack: list[ast.AST] = list(self._statements)
            while stack:
                node = stack.pop()
                for child in children(node):
                    parents[id(child)] = node
                    stack.append(child)
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    loads.setdefault(node.id, []).append(node)
            self._parents = parents
        return self._parents

    def _chains(self, node: ast.expr, names: int) -> tuple[Chain, ...]:
        parents = self._parent_map()
        steps: list[str] = []
        current: ast.AST = node
        while True:
            parent = parents.get(id(current))
            step, outer = _step(current, parent, parents)
            if step is None or outer is None:
                break
            steps.append(step)
            current = outer
        chain = tuple(steps)
        if any(step.startswith(_TYPED) for step in chain):
            return (chain,)
        parent = parents.get(id(current))
        if isinstance(parent, (ast.keyword, ast.Starred)):
            current, parent = parent, parents.get(id(parent))
        if isinstance(parent, (ast.JoinedStr, ast.FormattedValue)):
            return ()
        if isinstance(parent, ast.Call) and current is not parent.func:
            if is_display_call(parent):
                return ()
            callee = dotted(parent.func)
            what = f"`{callee}()`" if callee else "a call"
            return ((*chain, f"{UNKNOWN}passed to {what}"),)
        if isinstance(parent, ast.Attribute):
            return ((*chain, f"{UNKNOWN}through its `.{parent.attr}`"),)
        stored = _stored(current, parent)
        if stored is not None:
            return ((*chain, stored),)
        if isinstance(parent, ast.BoolOp) and current is not parent.values[-1]:
            operator = "or" if isinstance(parent.op, ast.Or) else "and"
            return ((*chain, f"{UNKNOWN}through `{operator}` with another value"),)
        name = _bound_name(current, parent)
        if name is None:
            return (chain,)
        uses = self._uses(name, names)
        if uses is None:
            return ((*chain, f"{UNKNOWN}bound to `{name}`, not followed"),)
        found: list[Chain] = []
        for use in uses:
            for rest in self._chains(use, names + 1):
                found.append((*chain, *rest))
        if isinstance(parent, ast.NamedExpr):
            found.extend((*chain, *rest) for rest in self._chains(parent, names + 1))
        return tuple(dict.fromkeys(found))

    def _uses(self, name: str, names: int) -> list[ast.Name] | None:
        """The loads of local ``name`` in the scope; None when it cannot be followed."""
        if names >= _MAX_NAMES or name not in self._bound_once():
            return None
        uses = self._loads.get(name, [])
        if self._module is not None:
            module = self._module()
            if module.binds.get(name, 0) != 1 or module.loads.get(name, 0) != len(uses):
                return None
        return sorted(uses, key=lambda use: (use.lineno, use.col_offset))


def _step(
    current: ast.AST, parent: ast.AST | None, parents: Mapping[int, ast.AST]
) -> tuple[str | None, ast.AST | None]:
    """The normalisation ``parent`` applies to ``current`` and the node holding the result."""
    if isinstance(parent, ast.Attribute) and parent.attr in NORMALISING_METHODS:
        call = parents.get(id(parent))
        if (
            isinstance(call, ast.Call)
            and call.func is parent
            and not call.args
            and not call.keywords
        ):
            return parent.attr, call
        return None, None
    if (
        isinstance(parent, ast.Call)
        and isinstance(parent.func, ast.Name)
        and parent.func.id in CONVERSIONS
        and len(parent.args) == 1
        and parent.args[0] is current
        and not parent.keywords
    ):
        return parent.func.id, parent
    if (
        isinstance(parent, ast.BoolOp)
        and isinstance(parent.op, ast.Or)
        and len(parent.values) == 2
        and parent.values[0] is current
        and isinstance(parent.values[1], ast.Constant)
        and isinstance(parent.values[1].value, str)
    ):
        return f"or:{parent.values[1].value}", parent
    if isinstance(parent, ast.Compare) and parent.left is current and len(parent.ops) == 1:
        op, right = parent.ops[0], parent.comparators[0]
        if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(right, ast.Constant):
            if isinstance(right.value, (str, int, float)) and not isinstance(right.value, bool):
                return f"eq:{right.value}", parent
        elif isinstance(op, (ast.In, ast.NotIn)) and isinstance(
            right, (ast.Tuple, ast.List, ast.Set)
        ):
            texts = [
                str(item.value)
                for item in right.elts
                if isinstance(item, ast.Constant)
                and isinstance(item.value, (str, int, float))
                and not isinstance(item.value, bool)
            ]
            if len(texts) == len(right.elts):
                return "in:" + ",".join(texts), parent
    return None, None


def _stored(current: ast.AST, parent: ast.AST | None) -> str | None:
    """The :data:`UNKNOWN` step of a value that ``parent`` stores under a name read elsewhere
    (a dict's value, ``self.x = value``, ``table["k"] = value``)."""
    if isinstance(parent, ast.Dict) and current in parent.values:
        return STORED_IN_DICT
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is current:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if not (len(targets) == 1 and isinstance(targets[0], ast.Name)):
            return f"{UNKNOWN}stored in `{ast.unparse(targets[0])}`"
    return None


def _bound_name(current: ast.AST, parent: ast.AST | None) -> str | None:
    """The local name ``parent`` binds to the value of ``current`` (``x = v``, ``x: T = v``,
    ``(x := v)``)."""
    if isinstance(parent, ast.Assign) and parent.value is current and len(parent.targets) == 1:
        target = parent.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    if isinstance(parent, ast.AnnAssign) and parent.value is current:
        return parent.target.id if isinstance(parent.target, ast.Name) else None
    if isinstance(parent, ast.NamedExpr) and parent.value is current:
        return parent.target.id
    return None
