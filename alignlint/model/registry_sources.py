"""Where a registry's rows come from when the registry is computed at run time.

A registry assigned a literal table (``STEP_NAMES = {...}``) is known as written. Real libraries
often compute it instead: ``STEP_NAMES = get_step_names()`` through a registry manager, a
workspace context, a fallback class or an overlay of per-workspace rows. Such a value cannot be
evaluated, but the code that computes it can be followed statically: from the names the
registry's expression reads, through the functions and classes they name (their bodies, nested
scopes and local imports, as :class:`~alignlint.extract.facts.ScopeReferences` records them), to
the module constants that are literal registry tables. Those tables are the registry's static
rows: a name present there is registered. Only what the computed part could add is uncertain,
and :func:`trace_registry` says what that is:

- rows a *workspace* adds: the code reads the hybrid registry's per-workspace tables
  (:data:`WORKSPACE_TABLES`), which exist only inside a workspace context. They never make a
  name of the shared library registered, so the shared library's view of the registry is its
  static rows (workspace-aware linking builds a view per workspace on top of this);
- rows of any name: nothing says what the code adds, so a name absent from the static rows may
  still be registered at run time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from alignlint.core.records import record
from alignlint.extract.facts import WORKSPACE_TABLES, ImportFact, ScopeReferences
from alignlint.extract.ir import (
    Attr,
    Call,
    Concat,
    DictExpr,
    Expr,
    ImportedName,
    Merge,
    Name,
    PathDiv,
    SeqExpr,
    Starred,
    SubscriptExpr,
)
from alignlint.model.index import ProjectIndex
from alignlint.model.values import (
    AssignedSymbol,
    ClassSymbol,
    DictValue,
    FunctionSymbol,
    Located,
    Symbol,
    Value,
)

REGISTRY_FIELDS = frozenset(
    {"config_class", "builder_step_name", "spec_type", "sagemaker_step_type"}
)
"""Keys of a registry row; a table whose rows hold them is a registry table."""


MAX_SYMBOLS = 500
"""How many functions, classes and constants one trace follows at most."""


@record
class Table:
    """A literal registry table a computed registry is built from: the module constant, where it
    is assigned, its value, and how the registry's code reaches it (``via``, names in order)."""

    module: str
    name: str
    value: Located[DictValue]
    via: tuple[str, ...]


@record
class Trace:
    """What following a computed registry's code found: the static tables it is built from (in
    the order reached) and the workspace tables its code reads (empty when it reads none)."""

    tables: tuple[Table, ...]
    workspace_tables: tuple[str, ...]
    followed: int


def is_registry_table(value: Value) -> bool:
    """Whether ``value`` is a literal mapping of step names to registry rows: at least one row,
    and most rows holding a registry field (``config_class``, ``spec_type``, ...)."""
    if not (isinstance(value, Located) and isinstance(value.value, DictValue)):
        return False
    entries = value.value.entries
    rows = 0
    for key, row in entries:
        if not (isinstance(key, Located) and isinstance(key.value, str)):
            continue
        if isinstance(row, Located) and isinstance(row.value, DictValue):
            if any(
                isinstance(k, Located) and k.value in REGISTRY_FIELDS for k, _ in row.value.entries
            ):
                rows += 1
    return rows > 0 and 2 * rows >= len(entries)


def expression_names(expr: Expr) -> Iterator[Name | ImportedName]:
    """The names an expression reads (callees, arguments, attribute bases, display items)."""
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, (Name, ImportedName)):
            yield node
        elif isinstance(node, Attr):
            stack.append(node.value)
        elif isinstance(node, Call):
            stack.extend(reversed([*(v for _, v in node.kwargs), *node.args, node.func]))
        elif isinstance(node, (Concat, SeqExpr)):
            stack.extend(reversed(node.parts if isinstance(node, Concat) else node.items))
        elif isinstance(node, DictExpr):
            for key, value in reversed(node.items):
                stack.append(value)
                if key is not None:
                    stack.append(key)
        elif isinstance(node, SubscriptExpr):
            stack.extend((node.index, node.value))
        elif isinstance(node, (PathDiv, Merge)):
            stack.extend((node.right, node.left))
        elif isinstance(node, Starred):
            stack.append(node.value)


class _Walk:
    """A breadth-first walk over the symbols a registry's code reaches (shortest ``via`` first)."""

    def __init__(self, index: ProjectIndex, origin: tuple[str, str]) -> None:
        self.index = index
        self.seen: set[tuple[str, str]] = {origin}
        self.queue: deque[tuple[Symbol, tuple[str, ...]]] = deque()
        self.tables: list[Table] = []
        self.workspace: dict[str, None] = {}

    def run(self, module: str, expr: Expr) -> Trace:
        self._expression(module, expr, ())
        while self.queue and len(self.seen) <= MAX_SYMBOLS:
            symbol, via = self.queue.popleft()
            self._symbol(symbol, via)
        return Trace(tuple(self.tables), tuple(self.workspace), len(self.seen) - 1)

    # -- names to symbols --------------------------------------------------------------------
    def _expression(self, module: str, expr: Expr, via: tuple[str, ...]) -> None:
        for node in expression_names(expr):
            if isinstance(node, Name):
                self._enqueue(self.index.lookup(module, node.id), (*via, node.id))
            else:
                label = node.name or node.module
                self._enqueue(self.index.import_target(node.module, node.name), (*via, label))

    def _scope(self, module: str, scope: ScopeReferences, via: tuple[str, ...]) -> None:
        local: dict[str, ImportFact] = {item.bound: item for item in scope.imports}
        for name in (*scope.names, *scope.strings):
            if name in WORKSPACE_TABLES:
                self.workspace[name] = None
        for item in scope.imports:
            if item.name in WORKSPACE_TABLES:
                self.workspace[item.name] = None
        for name in scope.names:
            imported = local.get(name)
            if imported is not None:
                if imported.module is not None:
                    target = self.index.import_target(imported.module, imported.name)
                    self._enqueue(target, (*via, imported.name or imported.module))
                continue
            self._enqueue(self.index.lookup(module, name), (*via, name))

    def _enqueue(self, symbol: Symbol | None, via: tuple[str, ...]) -> None:
        if isinstance(symbol, AssignedSymbol | FunctionSymbol):
            key = (symbol.module, symbol.name)
        elif isinstance(symbol, ClassSymbol):
            key = (symbol.ref.module, symbol.ref.name)
        else:
            return
        if key in self.seen:
            return
        self.seen.add(key)
        self.queue.append((symbol, via))

    # -- symbols -----------------------------------------------------------------------------
    def _symbol(self, symbol: Symbol, via: tuple[str, ...]) -> None:
        if isinstance(symbol, AssignedSymbol):
            value = self.index.evaluator.constant(symbol.module, symbol.name, symbol.value.span)
            if is_registry_table(value):
                assert isinstance(value, Located)
                self.tables.append(Table(symbol.module, symbol.name, value, via))
            else:
                self._expression(symbol.module, symbol.value, via)
            return
        if isinstance(symbol, FunctionSymbol):
            module, name = symbol.module, symbol.name
        elif isinstance(symbol, ClassSymbol):
            module, name = symbol.ref.module, symbol.ref.name
        else:
            return
        info = self.index.find_module(module)
        if info is None:
            return
        scope = info.facts.references_of(name)
        if scope is not None:
            self._scope(info.name, scope, via)
            return
        # Not recorded (a file that names no registry): what the facts keep of its code.
        function = info.facts.function(name)
        bodies = [function] if function is not None else []
        for cls in info.facts.classes:
            if cls.name == name:
                bodies.extend(cls.methods)
        for body in bodies:
            for expr in (*body.returns, *body.body.references):
                self._expression(info.name, expr, via)


def trace_registry(index: ProjectIndex, module: str, name: str, expr: Expr) -> Trace:
    """Follow the code of registry ``module.name`` (assigned ``expr``) to its static tables."""
    return _Walk(index, (module, name)).run(module, expr)


def describe_via(via: tuple[str, ...]) -> str:
    """``get_step_names() -> _create_fallback_manager() -> STEP_NAMES`` style text for ``via``."""
    return " -> ".join(via)
