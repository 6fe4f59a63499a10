"""Phase 1 for Python files: one ``ast.parse`` and a walk of module-level statements and class
bodies; function bodies are scanned for body facts only when the cheap text test says so."""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import field, replace
from functools import lru_cache

from alignlint.core.records import record
from alignlint.core.source import module_stem
from alignlint.core.types import Span, Unresolved
from alignlint.extract.bodies import CONTAINER_PREFIX, BodyScanner, ScanContext
from alignlint.extract.deferred import BodyKey, DeferredBody, DeferredFile
from alignlint.extract.env_uses import ModuleNames
from alignlint.extract.exprs import ExprConverter, dotted, imported_names
from alignlint.extract.facts import (
    EMPTY_BODY,
    AssignmentFact,
    BodyFacts,
    ClassFact,
    FunctionFact,
    ImportFact,
    MemberFact,
    Param,
    ScopeReferences,
)
from alignlint.extract.ir import Expr, Opaque
from alignlint.extract.positions import Positions
from alignlint.extract.statements import is_main_guard, target_names
from alignlint.extract.typed_reads import typed_reads
from alignlint.extract.walk import deeper_than, walk, walk_all

_PROPERTY_DECORATORS = frozenset(
    {
        "property",
        "cached_property",
        "functools.cached_property",
        "computed_field",
        "pydantic.computed_field",
    }
)
#: How many wrapper functions deep the ``__main__`` block's call of ``main`` is followed.
_WRAPPER_DEPTH = 3
#: Parameters whose key uses matter wherever they appear (the unified script signature).
_ROLE_PARAMS = frozenset({"input_paths", "output_paths", "environ_vars", "job_args"})
#: Statements with nested statement lists a function's imports/returns can hide in, with the
#: names of those lists (in the order they are pushed on the walk's stack).
_STATEMENT_LISTS: dict[type[ast.AST], tuple[str, ...]] = {
    kind: tuple(
        name
        for name in ("body", "orelse", "finalbody", "handlers", "cases")
        if name in kind._fields
    )
    for kind in (
        getattr(ast, name)
        for name in (
            "If",
            "For",
            "AsyncFor",
            "While",
            "With",
            "AsyncWith",
            "Try",
            "TryStar",
            "ExceptHandler",
            "Match",
            "match_case",
        )
        if hasattr(ast, name)
    )
}
#: The statements the walk for a function's imports and returns looks at.
_WALKED_STATEMENTS = frozenset({ast.Import, ast.ImportFrom, ast.Return, *_STATEMENT_LISTS})
#: Bodies nesting deeper than this are scanned at once (the scanner stops at
#: :data:`~alignlint.extract.bodies.MAX_NESTING` and notes it; a deferred scan could not).
_DEFER_MAX_DEPTH = 140
#: The fields of a deferred body known to be empty when the module's text holds no DAG call
#: (:func:`alignlint.extract.may_build_a_dag`).
_DAG_FIELDS = frozenset({"dag_calls", "dag_creations"})
#: Text that, in a function body, may produce body facts beyond the file-level markers.
_FUNCTION_MARKERS = ("path.join", "Path(", "parse_args", "parse_known_args", "isinstance")


def module_name(path: str) -> tuple[str | None, bool, tuple[str, ...]]:
    """Path-based dotted name, whether the file is a package ``__init__``, and the directory
    parts against which relative imports are resolved (:func:`module_stem`: a compiled
    module's name ends at the first dot of its file name)."""
    parts = path.split("/")
    directory = tuple(parts[:-1])
    stem = module_stem(parts[-1])
    if stem == "__init__":
        return (".".join(directory) or None), True, directory
    return ".".join((*directory, stem)), False, directory


def resolve_relative(directory: Sequence[str], level: int, module: str | None) -> str | None:
    """Absolute (path-based) module of ``from <level dots><module> import ...``."""
    if level == 0:
        return module
    if level - 1 > len(directory):
        return None
    base = list(directory[: len(directory) - (level - 1)])
    if module:
        base.extend(module.split("."))
    return ".".join(base) or None


@record
class OsNames:
    """Names under which a scope reads the environment (``X.environ``, ``E``), calls
    ``os.getenv`` and joins paths (``X.path.join``, ``osp.join``), its imports binding ``os``
    or those members under other names."""

    env_objects: frozenset[str] = frozenset()
    getenv: frozenset[str] = frozenset()
    joins: frozenset[str] = frozenset()


def os_names(bindings: Mapping[str, tuple[str, str | None]]) -> OsNames | None:
    """What the imports ``bindings`` (bound name -> (module, imported name, None for the
    module itself)) bind of ``os`` under another name: ``import os as X`` reads the
    environment through ``X.environ`` and ``X.getenv`` and joins with ``X.path.join``;
    ``import os.path as osp`` joins with ``osp.join``; ``from os import environ as E``,
    ``from os import getenv as g``, ``from os.path import join as j`` and ``from os import
    path as p`` bind those members. None when they bind none (``import os`` is read as it
    is)."""
    env: set[str] = set()
    getenv: set[str] = set()
    joins: set[str] = set()
    for bound, (module, name) in bindings.items():
        if name is None:
            if module == "os" and bound != "os":
                env.add(f"{bound}.environ")
                getenv.add(f"{bound}.getenv")
                joins.add(f"{bound}.path.join")
            elif module == "os.path" and bound != "os":
                joins.add(f"{bound}.join")
        elif module == "os" and name == "environ":
            env.add(bound)
        elif module == "os" and name == "getenv":
            getenv.add(bound)
        elif module == "os.path" and name == "join":
            joins.add(bound)
        elif module == "os" and name == "path":
            joins.add(f"{bound}.join")
    if not (env or getenv or joins):
        return None
    return OsNames(frozenset(env), frozenset(getenv), frozenset(joins))


@record(frozen=False)
class ModuleParts:
    imports: list[ImportFact] = field(default_factory=list)
    local_imports: list[ImportFact] = field(default_factory=list)
    assignments: list[AssignmentFact] = field(default_factory=list)
    classes: list[ClassFact] = field(default_factory=list)
    functions: list[FunctionFact] = field(default_factory=list)
    module_code: list[ast.stmt] = field(default_factory=list)
    main_block: BodyFacts | None = None
    main_block_span: Span | None = None
    main_name: str = "main"
    module_body: BodyFacts = field(default_factory=BodyFacts)
    notes: list[Unresolved] = field(default_factory=list)
    scope_references: list[ScopeReferences] = field(default_factory=list)
    module_uses: tuple[str, ...] = ()
    main_uses: tuple[str, ...] = ()


def _calls_main(statements: Sequence[ast.stmt], name: str = "main") -> bool:
    """Whether ``statements`` call a function named ``name`` (the module's ``main``; a dotted
    name, ``impl.main``, for a ``main`` called through a module)."""
    return any(
        isinstance(node, ast.Call) and dotted(node.func) == name
        for statement in statements
        for node in ast.walk(statement)
    )


def main_name(statements: Sequence[ast.stmt]) -> str:
    """The name under which a module's ``__main__`` block calls the script's ``main``: ``main``,
    unless the module binds no ``main`` of its own and imports one under another name (``from
    .impl import main as _main``: ``_main``; also ``from .impl import run as _main``, which
    :meth:`~alignlint.model.resolve.Resolver.script_main` then lists as not followed), or
    calls the ``main`` of a module it imports (``from . import impl``, then ``impl.main(...)``:
    ``impl.main``)."""
    aliased: str | None = None
    modules: set[str] = set()
    for node in _module_level(statements):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "main":
            return "main"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound = alias.asname or alias.name.partition(".")[0]
                if bound == "main":
                    return "main"
                if (
                    isinstance(node, ast.ImportFrom)
                    and (alias.name == "main" or bound.lstrip("_") == "main")
                    and aliased is None
                ):
                    aliased = bound
                modules.add(bound)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any("main" in target_names(target) for target in targets):
                return "main"
    if aliased is not None:
        return aliased
    # ``impl.main(...)`` (``pkg.impl.main(...)``) on a name an import binds, called by one
    # spelling only (anything else: the name stays ``main``).
    called = {
        name
        for statement in statements
        for node in ast.walk(statement)
        if isinstance(node, ast.Call)
        and (name := dotted(node.func)) is not None
        and name.endswith(".main")
        and name.partition(".")[0] in modules
    }
    return called.pop() if len(called) == 1 else "main"


def _module_level(statements: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """The module-level statements, those of ``if`` / ``try`` / ``with`` bodies included (not
    of the ``__main__`` block, functions or classes)."""
    for node in statements:
        if isinstance(node, ast.If) and is_main_guard(node.test):
            continue
        yield node
        if isinstance(node, (ast.If, ast.Try, ast.With, ast.AsyncWith)) or (
            type(node).__name__ == "TryStar"
        ):
            for name in ("body", "orelse", "finalbody"):
                yield from _module_level(getattr(node, name, []))
            for handler in getattr(node, "handlers", []):
                yield from _module_level(handler.body)


def _annotation_text(node: ast.expr) -> str:
    """``ast.unparse`` of an annotation, without its cost for plain (dotted) names."""
    return dotted(node) or ast.unparse(node)


def _param_names(args: ast.arguments) -> tuple[str, ...]:
    """Parameter names in the order :meth:`ModuleExtractor._params` lists them."""
    names = [arg.arg for arg in (*args.posonlyargs, *args.args)]
    if args.vararg is not None:
        names.append(args.vararg.arg)
    names.extend(arg.arg for arg in args.kwonlyargs)
    if args.kwarg is not None:
        names.append(args.kwarg.arg)
    return tuple(names)


def _local_variables(node: ast.FunctionDef | ast.AsyncFunctionDef, wanted: set[str]) -> set[str]:
    """Which of the ``wanted`` names the function binds locally: its parameters and the names
    its statements assign (``=``, ``+=``, ``for``, ``with ... as``, ``except ... as``, nested
    ``def`` / ``class``), unless declared ``global`` or ``nonlocal``. Nested scopes are not
    entered."""
    bound = set(_param_names(node.args)) & wanted
    if bound == wanted:  # a parameter cannot be declared global
        return bound
    targets: list[ast.expr] = []
    declared: set[str] = set()
    stack: list[ast.stmt] = list(node.body)
    while stack:
        statement = stack.pop()
        if isinstance(statement, ast.Assign):
            targets.extend(statement.targets)
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
            targets.append(statement.target)
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if statement.name in wanted:
                bound.add(statement.name)
        elif isinstance(statement, (ast.Global, ast.Nonlocal)):
            declared.update(statement.names)
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            targets.extend(item.optional_vars for item in statement.items if item.optional_vars)
        for attribute in _STATEMENT_LISTS.get(type(statement), ()):
            for child in getattr(statement, attribute):
                if isinstance(child, ast.stmt):
                    stack.append(child)
                    continue
                if isinstance(child, ast.ExceptHandler) and child.name in wanted:
                    bound.add(child.name)
                stack.extend(child.body)  # an except handler's or a match case's
    bound.update(name for target in targets for name in target_names(target) if name in wanted)
    return bound - declared


def _names_local_import(
    returns: Sequence[ast.expr], local_imports: Mapping[str, tuple[str, str | None]]
) -> bool:
    """Whether a return expression is a name imported inside the function (ALN408 reads it):
    one the converter turns into an :class:`~alignlint.model.values.ImportedName`."""
    return any(isinstance(node, ast.Name) and node.id in local_imports for node in returns)


@lru_cache(maxsize=64)
def _fewest_needles(needles: frozenset[str]) -> tuple[str, ...]:
    """The needles without those containing another one: a text contains one of the result
    exactly when it contains one of ``needles``."""
    distinct = sorted(needles, key=lambda needle: (len(needle), needle))
    kept: list[str] = []
    for needle in distinct:
        if not any(shorter in needle for shorter in kept):
            kept.append(needle)
    return tuple(kept)


#: Exceptions whose handler makes the imports of a ``try`` body optional.
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _catches_import_errors(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any((dotted(kind) or "").rpartition(".")[2] in _IMPORT_ERRORS for kind in kinds)


def _optional_import_lines(tree: ast.Module) -> tuple[tuple[int, int], ...]:
    """Line ranges whose imports the module can run without: ``try`` bodies with a handler of
    ``ImportError`` (or a base of it), and ``if TYPE_CHECKING:`` bodies."""
    ranges: list[tuple[int, int]] = []
    for node in _compound_statements(tree.body):
        body: list[ast.stmt] = []
        if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
            if any(_catches_import_errors(handler) for handler in handlers):
                body = getattr(node, "body", [])
        elif isinstance(node, ast.If) and (dotted(node.test) or "").endswith("TYPE_CHECKING"):
            body = node.body
        if body:
            ranges.append((body[0].lineno, body[-1].end_lineno or body[-1].lineno))
    return tuple(ranges)


#: The statement lists (and handlers, match cases) of each statement, handler and match case
#: class, in the order :func:`_compound_statements` pushes them (none: a simple statement).
_NESTING_KINDS: tuple[type[ast.AST], ...] = (
    *ast.stmt.__subclasses__(),
    ast.ExceptHandler,
    *_STATEMENT_LISTS,
)
_NESTING_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {
    kind: tuple(
        name
        for name in ("body", "orelse", "finalbody", "handlers", "cases")
        if name in kind._fields
    )
    for kind in _NESTING_KINDS
}


def _module_level_statements(statements: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """The simple statements module-level code runs (those of ``if``, ``try`` and ``with``
    bodies too, the ``__main__`` block excepted), in source order."""
    for node in statements:
        if isinstance(node, ast.If):
            if not is_main_guard(node.test):
                yield from _module_level_statements(node.body)
                yield from _module_level_statements(node.orelse)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            for name in ("body", "orelse", "finalbody"):
                yield from _module_level_statements(getattr(node, name, []))
            for handler in getattr(node, "handlers", []):
                yield from _module_level_statements(handler.body)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            yield from _module_level_statements(node.body)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node


def _top_level_names(statements: Sequence[ast.stmt]) -> tuple[frozenset[str], frozenset[str]]:
    """The names module-level code binds by an import, and by a ``def`` or ``class`` (those of
    ``if``, ``try`` and ``with`` bodies too)."""
    imported: set[str] = set()
    defined: set[str] = set()
    pending = list(statements)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            imported.update(a.asname or a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.update(a.asname or a.name for a in node.names if a.name != "*")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.If):
            pending.extend(node.body)
            pending.extend(node.orelse)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            for name in ("body", "orelse", "finalbody"):
                pending.extend(getattr(node, name, []))
            for handler in getattr(node, "handlers", []):
                pending.extend(handler.body)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            pending.extend(node.body)
    return frozenset(imported), frozenset(defined)


def _single_target(node: ast.stmt) -> tuple[str | None, ast.expr | None]:
    """``(name, value)`` of ``name = value`` or ``name: T = value``; Nones otherwise."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return (target.id, node.value) if isinstance(target, ast.Name) else (None, None)
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id, node.value
    return None, None


def _compound_statements(statements: Sequence[ast.stmt]) -> Iterator[ast.AST]:
    """Every statement holding statements (and handler, match case), nested ones included
    (bodies of compound statements, functions and classes), in source order, without visiting
    expressions or simple statements."""
    nesting = _NESTING_FIELDS
    stack: list[ast.AST] = [s for s in reversed(statements) if nesting.get(type(s)) != ()]
    while stack:
        node = stack.pop()
        yield node
        names = nesting.get(type(node))
        if names is None:  # not a statement class of this Python's grammar
            names = ("body", "orelse", "finalbody", "handlers", "cases")
        for name in names:
            children = getattr(node, name, None)
            if isinstance(children, list):
                stack.extend(
                    c
                    for c in reversed(children)
                    if isinstance(c, ast.AST) and nesting.get(type(c)) != ()
                )


def _deeper_than(statements: Sequence[ast.stmt], limit: int) -> bool:
    """Whether a node under ``statements`` lies more than ``limit`` levels down (statements at
    level 1): an upper bound of the body scanner's depth, which never descends further than
    the tree does."""
    return deeper_than(list(statements), limit)


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return dotted(target) or ""


#: pydantic's decorators of a method that validates the fields its arguments name.
FIELD_VALIDATORS = frozenset({"field_validator", "validator"})


def _validates_job_type(
    node: ast.FunctionDef | ast.AsyncFunctionDef, imports: Mapping[str, str]
) -> bool:
    """Whether ``node`` is a pydantic validator of ``job_type`` (``@field_validator("job_type")``,
    ``@validator("job_type", ...)``, also under the name an import binds it to: ``imports`` is
    what the module's imports bind, :func:`~alignlint.extract.exprs.imported_names`)."""
    for decorator in node.decorator_list:
        if not isinstance(decorator, ast.Call):
            continue
        name = _decorator_name(decorator)
        if (
            name.rpartition(".")[2] in FIELD_VALIDATORS
            or imports.get(name, "").rpartition(".")[2] in FIELD_VALIDATORS
        ) and any(
            isinstance(argument, ast.Constant) and argument.value == "job_type"
            for argument in decorator.args
        ):
            return True
    return False


@record
class BodiesRead:
    """Which bodies of a module that declares builder or config classes, or builds a DAG, are
    scanned at once; the others are deferred (:mod:`alignlint.extract.deferred`), so this
    decides how much work phase 1 does, never a fact.

    Linking and the rules read every method of a builder class (and of its bases), the
    environment a config method or property builds, and the DAG fields of every body. So the
    methods of a class that looks like a builder (a configured builder base among its bases or
    as its name, or ``Builder`` in either) are scanned at once, and so are the module-level
    functions of a module declaring one; so are the methods of a configured config base itself
    (every config inherits its members, which a builder may read), a method of any other
    class whose name mentions ``env``, and a pydantic validator of ``job_type`` (the job types a
    step accepts). Of the rest (a config's validators and derived fields,
    helper classes, a DAG module's other functions), a body whose own lines may hold a DAG
    call is scanned at once; every other body is deferred, its DAG fields known to be empty."""

    #: The configured builder base classes.
    builders: frozenset[str]
    #: The configured config base classes.
    configs: frozenset[str]
    #: Whether a text may hold a DAG call (:func:`alignlint.extract.may_build_a_dag`).
    may_build_a_dag: Callable[[str], bool]

    def builder_like(self, node: ast.ClassDef) -> bool:
        names = [node.name, *(dotted(base) or "" for base in node.bases)]
        return any(name.rpartition(".")[2] in self.builders or "Builder" in name for name in names)

    def read(self, node: ast.ClassDef) -> bool:
        """Whether the methods of ``node`` are scanned at once."""
        return node.name in self.configs or self.builder_like(node)


class ModuleExtractor:
    """Extracts the module-level facts of one parsed Python file."""

    def __init__(
        self,
        path: str,
        positions: Positions,
        scan: bool,
        dag_classes: frozenset[str],
        markers: tuple[str, ...] = (),
        record_scopes: bool = False,
        deferred: DeferredFile | None = None,
        dag_free: bool = False,
        bodies_read: BodiesRead | None = None,
    ) -> None:
        self.path = path
        #: When given, function and method bodies are left unscanned (see
        #: :mod:`alignlint.extract.deferred`), except those too deep to scan later unnoticed
        #: and, with :attr:`bodies_read`, those it says are read.
        self.deferred = deferred
        #: Which bodies are scanned at once (None: none of them; see :class:`BodiesRead`).
        self.bodies_read = bodies_read
        #: Bodies of the current scope are scanned at once (:meth:`_deferred_body`).
        self._read_scope = False
        #: A method whose name mentions ``env`` is scanned at once in the current class.
        self._env_methods_read = False
        #: The module's text shows it holds no DAG call: deferred bodies know theirs is empty.
        self._known_empty = _DAG_FIELDS if dag_free else frozenset()
        #: Record what each module-level function and class refers to (a registry may be
        #: computed in this file: see :class:`ScopeReferences`).
        self.record_scopes = record_scopes
        self.positions = positions
        self.scan = scan
        self.dag_classes = dag_classes
        self.markers = (*markers, *_FUNCTION_MARKERS)
        self.module, self.is_package, self.directory = module_name(path)
        self.conv = ExprConverter(positions)
        self.parts = ModuleParts()
        self._env_objects = {"os.environ"}
        self._getenv = {"os.getenv"}
        self._joins: set[str] = set()
        #: Module constants whose value mentions a container path (their uses are markers).
        self._container_constants: set[str] = set()
        #: Those of them bound to a path (a string, an f-string, a concatenation, a
        #: ``Path(...)``/``os.path.join(...)``/``str(...)`` call), not to a contract or a table.
        self._path_constants: set[str] = set()
        #: Module-level dict constants holding container paths (their key reads are recorded).
        self._path_tables: frozenset[str] = frozenset()
        #: The text searched for by :meth:`_worth_scanning` (None: to be recomputed).
        self._needles: tuple[str, ...] | None = None
        #: Line ranges whose imports are optional (see :func:`_optional_import_lines`).
        self._optional_lines: tuple[tuple[int, int], ...] = ()
        #: Module-level functions whose body was not scanned: name -> (index in functions, node).
        self._unscanned: dict[str, tuple[int, ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        #: Every module-level function so far: name -> (index in functions, node).
        self._defined: dict[str, tuple[int, ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        #: Module-level names bound by an import, and by a ``def`` or ``class``
        #: (:meth:`_uses`).
        self._top_names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
        #: The module's statements, and their name counts once needed (:meth:`_module_names`).
        self._module_statements: list[ast.stmt] = []
        self._names: ModuleNames | None = None
        #: What the module's imports bind (:func:`imported_names`): the classes it names.
        self._imported: dict[str, str] = {}
        #: The name the ``__main__`` block calls ``main`` by (:func:`main_name`).
        self.main_name = "main"

    # -- entry -------------------------------------------------------------------------------
    def run(self, tree: ast.Module) -> ModuleParts:
        self._module_statements = tree.body
        self._imported = imported_names(tree)
        self.main_name = self.parts.main_name = main_name(tree.body)
        self._optional_lines = _optional_import_lines(tree)
        self._path_tables = frozenset(_path_tables(tree.body))
        if self.bodies_read is not None:
            read = self.bodies_read
            self._read_scope = any(
                isinstance(node, ast.ClassDef) and read.builder_like(node)
                for node in _compound_statements(tree.body)
            )
        self._note_environ_aliases(tree.body)
        self._top_names = _top_level_names(tree.body)
        self._statements(tree.body, fallback=False)
        self.parts.module_uses = self._uses(list(_module_level_statements(tree.body)))
        if self.scan:
            if self.parts.module_code:
                self.parts.module_body = self._scan(self.parts.module_code, (), "<module>")
            self._scan_dict_callees()
            if self.deferred is not None and self._has_deferred():
                # A deferred body may pass a dict to any function not scanned yet: what each
                # holds is known once the deferred bodies are.
                for index, node in self._unscanned.values():
                    fact = self.parts.functions[index]
                    body = self._deferred_body(node, (index,), unscanned=True)
                    if body is not None:
                        self.parts.functions[index] = replace(fact, body=body)
        return self.parts

    @property
    def container_constants(self) -> frozenset[str]:
        """Names of the module-level assignments of a path whose text mentions a container
        path (``CODE = "/opt/ml/code"``; not ``X_CONTRACT = ScriptContract(...)``)."""
        return frozenset(self._path_constants)

    def _has_deferred(self) -> bool:
        return any(isinstance(f.body, DeferredBody) for f in self.parts.functions) or any(
            isinstance(m.body, DeferredBody) for c in self.parts.classes for m in c.methods
        )

    def _deferred_body(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        key: BodyKey,
        *,
        unscanned: bool = False,
    ) -> DeferredBody | None:
        """The body of ``node`` left for later, or None when it must be scanned now: it may
        nest deeper than the scanner goes (the note saying so belongs to this extraction), or
        :attr:`bodies_read` says it is read. A function not worth scanning (``unscanned``)
        is deferred whenever its depth allows: a deferred body may pass it a dict."""
        if self.deferred is None:
            return None
        known_empty = self._known_empty
        if self.bodies_read is not None and not unscanned:
            if self._read_scope or (self._env_methods_read and "env" in node.name.lower()):
                return None
            if _validates_job_type(node, self._imported):
                return None  # ALN403 reads what a `job_type` validator lets through
        if self.bodies_read is not None and known_empty != _DAG_FIELDS:
            if not self.bodies_read.may_build_a_dag(self.positions.lines_of(node)):
                known_empty = _DAG_FIELDS
            elif not unscanned:
                return None  # linking reads the DAG fields of every body
        if _deeper_than(node.body, _DEFER_MAX_DEPTH):
            return None
        return DeferredBody(self.deferred, key, known_empty)

    def _scan_dict_callees(self) -> None:
        """Scan skipped functions that a scanned one passes one of its parameters to (a path
        dict handed to a helper): their key uses count for the caller's dict."""
        pending = [
            passed.callee
            for function in self.parts.functions
            if not isinstance(function.body, DeferredBody)
            for passed in function.body.dict_passes
        ]
        while pending:
            found = self._unscanned.pop(pending.pop(), None)
            if found is None:
                continue
            index, node = found
            fact = self.parts.functions[index]
            local_imports, _ = self._local_imports_and_returns(node.body)
            converter = self.conv.with_imports(local_imports)
            body = self._scan(
                node.body,
                fact.param_names,
                node.name,
                converter,
                bool(local_imports),
                os_names(local_imports),
            )
            self.parts.functions[index] = replace(fact, body=body)
            pending.extend(passed.callee for passed in body.dict_passes)

    def _worth_scanning(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, params: tuple[str, ...]
    ) -> bool:
        """Whether a module-level function's body can hold body facts: it takes a parameter of
        the unified script signature or its text contains a marker."""
        if any(name in _ROLE_PARAMS for name in params):
            return True
        if self._needles is None:
            extra = (*self._env_objects, *self._getenv, *self._joins, *self._container_constants)
            tails = (name.rpartition(".")[2] for name in extra)
            self._needles = _fewest_needles(frozenset((*self.markers, *tails)))
        text = self.positions.lines_of(node)
        return any(needle in text for needle in self._needles)

    def _context(
        self,
        params: tuple[str, ...],
        scope: str,
        references: bool,
        local_os: OsNames | None = None,
    ) -> ScanContext:
        env_objects, getenv, joins = self._env_objects, self._getenv, self._joins
        if local_os is not None:
            env_objects = env_objects | local_os.env_objects
            getenv = getenv | local_os.getenv
            joins = joins | local_os.joins
        return ScanContext(
            params=params,
            scope=scope,
            env_objects=frozenset(env_objects),
            getenv_functions=frozenset(getenv),
            join_functions=frozenset(joins),
            dag_classes=self.dag_classes,
            record_key_writes="." in scope,
            path_tables=self._path_tables,
            main_name=self.main_name,
            record_references=references,
        )

    def _scan(
        self,
        statements: Sequence[ast.stmt],
        params: tuple[str, ...],
        scope: str,
        converter: ExprConverter | None = None,
        references: bool = False,
        local_os: OsNames | None = None,
    ) -> BodyFacts:
        """The body facts of ``statements``; ``local_os`` names ``os`` and its members under
        the names the scope's own imports bind (:func:`os_names`), besides the module's."""
        context = self._context(params, scope, references, local_os)
        scanner = BodyScanner(converter or self.conv, context, self._module_names)
        facts = scanner.scan(statements)
        if scanner.too_deep:
            span = self.positions.span(statements[0]) if statements else Span.whole_file(self.path)
            self.parts.notes.append(
                Unresolved(span, f"code in `{scope}` is nested too deeply; part of it was skipped")
            )
        return facts

    def _module_names(self) -> ModuleNames:
        if self._names is None:
            self._names = ModuleNames(self._module_statements)
        return self._names

    # -- module statements -------------------------------------------------------------------
    def _statements(self, statements: Sequence[ast.stmt], fallback: bool) -> None:
        for statement in statements:
            self._statement(statement, fallback)

    def _statement(self, node: ast.stmt, fallback: bool) -> None:
        if isinstance(node, ast.Import):
            for item in self._imports(node, fallback):
                self.parts.imports.append(item)
        elif isinstance(node, ast.ImportFrom):
            for item in self._imports(node, fallback):
                self.parts.imports.append(item)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            self._assignment(node, fallback)
            self.parts.module_code.append(node)
            if CONTAINER_PREFIX in self.positions.lines_of(node):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                self._container_constants.update(names)
                if _is_path_value(node.value):
                    self._path_constants.update(names)
                self._needles = None
        elif isinstance(node, ast.ClassDef):
            self.parts.classes.append(self._class(node, fallback))
            if self.record_scopes:
                self.parts.scope_references.append(self._scope_references(node))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            key = (len(self.parts.functions),)
            self._defined[node.name] = (len(self.parts.functions), node)
            self.parts.functions.append(self._function(node, node.name, False, key))
            if self.record_scopes:
                self.parts.scope_references.append(self._scope_references(node))
        elif isinstance(node, ast.If):
            if is_main_guard(node.test):
                self.parts.main_block_span = self.positions.span(node)
                self.parts.main_uses = self._uses(node.body)
                if self.scan:
                    statements, converter = self._main_statements(node.body)
                    local_os = os_names(self._local_imports_and_returns(statements)[0])
                    self.parts.main_block = self._scan(
                        statements, (), "__main__", converter, local_os=local_os
                    )
                return
            self.parts.module_code.append(ast.Expr(node.test))
            self._statements(node.body, fallback)
            self._statements(node.orelse, True)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            body: list[ast.stmt] = getattr(node, "body", [])
            handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
            self._statements(body, fallback)
            for handler in handlers:
                self._statements(handler.body, True)
            self._statements(getattr(node, "orelse", []), fallback)
            self._statements(getattr(node, "finalbody", []), fallback)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            self._statements(node.body, fallback)
        elif type(node).__name__ == "TypeAlias":  # ``type X = ...`` (Python 3.12)
            self._type_alias(node, fallback)
        else:
            self.parts.module_code.append(node)

    def _main_statements(
        self, block: Sequence[ast.stmt]
    ) -> tuple[list[ast.stmt], ExprConverter | None]:
        """What the ``__main__`` block runs: its statements, preceded, when it calls ``main``
        only through module-level functions defined above it (``if __name__ == "__main__":
        sys.exit(run())``, ``run`` building the dicts and calling ``main``; or ``cli()``
        calling ``run()``, up to :data:`_WRAPPER_DEPTH` deep), by those functions' bodies,
        innermost first, which are then the block's: their own facts hold no body. Each level
        must call exactly one function that leads to ``main``. The converter knows the
        functions' local imports."""
        statements = list(block)
        wrappers: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        current: Sequence[ast.stmt] = block
        while not _calls_main(current, self.main_name):
            called = {
                node.func.id
                for statement in current
                for node in ast.walk(statement)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            }
            leading = sorted(
                name
                for name in called
                if name in self._defined
                and self._defined[name][1] not in wrappers
                and self._leads_to_main(self._defined[name][1], _WRAPPER_DEPTH - len(wrappers))
            )
            if len(leading) != 1 or len(wrappers) == _WRAPPER_DEPTH:
                return statements, None
            function = self._defined[leading[0]][1]
            wrappers.append(function)
            current = function.body
        if not wrappers:
            return statements, None
        local_imports: dict[str, tuple[str, str | None]] = {}
        for function in wrappers:
            index = self._defined[function.name][0]
            local_imports.update(self._local_imports_and_returns(function.body)[0])
            self.parts.functions[index] = replace(self.parts.functions[index], body=EMPTY_BODY)
            self._unscanned.pop(function.name, None)
            statements[:0] = function.body
        return statements, self.conv.with_imports(local_imports)

    def _leads_to_main(self, function: ast.FunctionDef | ast.AsyncFunctionDef, depth: int) -> bool:
        """Whether ``function`` calls ``main``, itself or through functions defined above the
        ``__main__`` block, at most ``depth`` calls deep."""
        if depth <= 0:
            return False
        if _calls_main(function.body, self.main_name):
            return True
        return any(
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in self._defined
            and self._defined[node.func.id][1] is not function
            and self._leads_to_main(self._defined[node.func.id][1], depth - 1)
            for statement in function.body
            for node in ast.walk(statement)
        )

    def _type_alias(self, node: ast.stmt, fallback: bool) -> None:
        """A ``type X = ...`` statement binds ``X`` (its value is evaluated only when read, and
        is a type, not a value any rule resolves)."""
        target = getattr(node, "name", None)
        if isinstance(target, ast.Name):
            span = self.positions.span(target)
            value = Opaque(f"`{target.id}` is a type alias", self.positions.span(node))
            self.parts.assignments.append(AssignmentFact(target.id, value, span, fallback))

    def _imports(
        self, node: ast.Import | ast.ImportFrom, fallback: bool, local: bool = False
    ) -> Iterator[ImportFact]:
        span = self.positions.span(node)
        optional = any(start <= node.lineno <= end for start, end in self._optional_lines)
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                imported = alias.name if alias.asname else alias.name.split(".")[0]
                if not local and alias.asname:
                    self._note_os_alias(alias.name, None, bound)
                yield ImportFact(imported, None, bound, 0, alias.name, span, fallback, optional)
            return
        module = resolve_relative(self.directory, node.level, node.module)
        written = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                yield ImportFact(module, None, "*", node.level, written, span, fallback, optional)
                continue
            bound = alias.asname or alias.name
            if not local:
                self._note_os_alias(module, alias.name, bound)
            yield ImportFact(
                module, alias.name, bound, node.level, written, span, fallback, optional
            )

    def _scope_references(
        self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    ) -> ScopeReferences:
        """The names ``node`` reads, the imports inside it and its identifier-like strings."""
        names: dict[str, None] = {}
        imports: list[ImportFact] = []
        strings: dict[str, None] = {}
        for child in walk(node):
            if isinstance(child, ast.Name):
                if isinstance(child.ctx, ast.Load):
                    names[child.id] = None
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                imports.extend(self._imports(child, fallback=False, local=True))
            elif (
                isinstance(child, ast.Constant)
                and isinstance(child.value, str)
                and child.value.isidentifier()
            ):
                strings[child.value] = None
        return ScopeReferences(node.name, tuple(names), tuple(imports), tuple(strings))

    def _note_environ_aliases(self, statements: Sequence[ast.stmt]) -> None:
        """``ENV = os.environ`` at module level (``ENV: Mapping[str, str] = os.environ``, or
        through an ``os`` alias), ``ENV`` bound nowhere else in the module (no other
        assignment, parameter, ``global`` or import of that name): ``ENV`` is then
        ``os.environ`` in every scope of the module, above the binding too (a function runs
        after it). The module's ``os`` imports are noted first, as :meth:`_statements` would."""
        found: dict[str, None] = {}
        for node in _module_level_statements(statements):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for _ in self._imports(node, fallback=False):
                    pass
                continue
            target, value = _single_target(node)
            if target is None or value is None:
                continue
            if isinstance(value, ast.Name):
                known = value.id in self._env_objects
            else:
                known = (dotted(value) or "") in self._env_objects
            if known:
                found[target] = None
        if not found:
            return
        names = self._module_names()
        parameters = {
            node.arg for node in walk_all(self._module_statements) if isinstance(node, ast.arg)
        }
        for name in found:
            if names.binds.get(name, 0) == 1 and name not in parameters:
                self._env_objects.add(name)
                self._needles = None

    def _note_os_alias(self, module: str | None, name: str | None, bound: str) -> None:
        """A module-level import binding ``os`` or one of its members to ``bound``
        (:func:`os_names`): the module's code reads the environment or joins paths through
        it."""
        if module is None:
            return
        names = os_names({bound: (module, name)})
        if names is None:
            return
        self._needles = None
        self._env_objects.update(names.env_objects)
        self._getenv.update(names.getenv)
        self._joins.update(names.joins)

    def _assignment(self, node: ast.Assign | ast.AnnAssign, fallback: bool) -> None:
        if isinstance(node, ast.AnnAssign):
            if node.value is not None and isinstance(node.target, ast.Name):
                self.parts.assignments.append(
                    AssignmentFact(
                        node.target.id,
                        self.conv.convert(node.value),
                        self.positions.span(node.target),
                        fallback,
                    )
                )
            return
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.parts.assignments.append(
                    AssignmentFact(
                        target.id,
                        self.conv.convert(node.value),
                        self.positions.span(target),
                        fallback,
                    )
                )
            elif (
                isinstance(target, (ast.Tuple, ast.List))
                and isinstance(node.value, (ast.Tuple, ast.List))
                and len(target.elts) == len(node.value.elts)
            ):
                for element, value in zip(target.elts, node.value.elts, strict=False):
                    if isinstance(element, ast.Name):
                        self.parts.assignments.append(
                            AssignmentFact(
                                element.id,
                                self.conv.convert(value),
                                self.positions.span(element),
                                fallback,
                            )
                        )

    # -- functions ---------------------------------------------------------------------------
    def _params(self, args: ast.arguments) -> tuple[Param, ...]:
        params: list[Param] = []
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults.extend(args.defaults)
        kinds = ["positional"] * len(args.posonlyargs) + ["normal"] * len(args.args)
        for arg, default, kind in zip(positional, defaults, kinds, strict=False):
            params.append(self._param(arg, default, kind))
        if args.vararg is not None:
            params.append(self._param(args.vararg, None, "var_positional"))
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=False):
            params.append(self._param(arg, kw_default, "keyword_only"))
        if args.kwarg is not None:
            params.append(self._param(args.kwarg, None, "var_keyword"))
        return tuple(params)

    def _param(self, arg: ast.arg, default: ast.expr | None, kind: str) -> Param:
        annotation = _annotation_text(arg.annotation) if arg.annotation is not None else None
        converted = self.conv.convert(default) if default is not None else None
        return Param(arg.arg, converted, kind, annotation, self.positions.span(arg))

    def _local_imports_and_returns(
        self, body: Sequence[ast.stmt], statements: list[ast.Import | ast.ImportFrom] | None = None
    ) -> tuple[dict[str, tuple[str, str | None]], list[ast.expr]]:
        """Names bound by the body's imports, and its ``return`` values; the import statements
        themselves go to ``statements`` when given."""
        imports: dict[str, tuple[str, str | None]] = {}
        returns: list[ast.expr] = []
        stack: list[ast.AST] = [s for s in reversed(body) if type(s) in _WALKED_STATEMENTS]
        while stack:
            node = stack.pop()
            lists = _STATEMENT_LISTS.get(type(node))
            if lists is not None:
                for attribute in lists:
                    children: list[ast.AST] = getattr(node, attribute)
                    stack.extend(c for c in reversed(children) if type(c) in _WALKED_STATEMENTS)
                continue
            if statements is not None and isinstance(node, (ast.Import, ast.ImportFrom)):
                statements.append(node)
            if isinstance(node, ast.ImportFrom):
                module = resolve_relative(self.directory, node.level, node.module)
                if module is not None:
                    for alias in node.names:
                        if alias.name != "*":
                            imports[alias.asname or alias.name] = (module, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        imports[alias.asname] = (alias.name, None)
                    else:
                        top = alias.name.split(".")[0]
                        imports[top] = (top, None)
            elif isinstance(node, ast.Return):
                if node.value is not None:
                    returns.append(node.value)
        return imports, returns

    def _function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        scope: str,
        method: bool,
        key: BodyKey = (),
    ) -> FunctionFact:
        """A function's facts. Methods are always scanned; a module-level function only when
        it imports locally or :meth:`_worth_scanning` says so (else it may be scanned later, by
        :meth:`_scan_dict_callees`)."""
        names = _param_names(node.args)
        statements: list[ast.Import | ast.ImportFrom] = []
        local_imports, return_nodes = self._local_imports_and_returns(node.body, statements)
        for statement in statements:
            self.parts.local_imports.extend(self._imports(statement, False, local=True))
        converter = self.conv.with_imports(local_imports)
        references = method or bool(local_imports)
        body: BodyFacts = EMPTY_BODY
        if self.scan and (references or self._worth_scanning(node, names)):
            deferred = self._deferred_body(node, key)
            if deferred is not None:
                body = deferred
            else:
                local_os = os_names(local_imports)
                body = self._scan(node.body, names, scope, converter, references, local_os)
        elif self.scan and not method:
            self._unscanned[node.name] = (len(self.parts.functions), node)
        detailed = method or node.name == "main"
        returns: tuple[Expr, ...] = ()
        if (
            detailed
            or len(return_nodes) <= 1
            or _names_local_import(return_nodes, converter.local_imports)
        ):
            returns = tuple(self._returns(node, scope, return_nodes, converter))
        return FunctionFact(
            name=node.name,
            span=self.positions.span(node),
            name_span=self.positions.name_span(node),
            params=self._params(node.args) if detailed else (),
            param_names=names,
            decorators=tuple(self.conv.convert(d) for d in node.decorator_list),
            returns=returns,
            body=body,
            is_async=isinstance(node, ast.AsyncFunctionDef),
            typed_reads=typed_reads(node, self.positions, self._imported),
            uses=self._uses([node], frozenset(local_imports)),
        )

    def _uses(
        self, nodes: Sequence[ast.AST], local: frozenset[str] = frozenset()
    ) -> tuple[str, ...]:
        """The module-level functions, classes and imported names ``nodes`` load (``local``:
        names the code imports itself), each imported one also with the attributes read on it
        (``helpers.read_flag``), sorted: what code of another module it may run."""
        imported, defined = self._top_names
        imported = imported | local
        names = imported | defined
        if not names:
            return ()
        found: set[str] = set()
        for root in nodes:
            for node in walk(root):
                kind = type(node)
                if kind is ast.Name:
                    if node.id in names:  # type: ignore[attr-defined]
                        found.add(node.id)  # type: ignore[attr-defined]
                elif kind is ast.Attribute:
                    base = node.value  # type: ignore[attr-defined]
                    while isinstance(base, ast.Attribute):
                        base = base.value
                    if isinstance(base, ast.Name) and base.id in imported:
                        name = dotted(node)  # type: ignore[arg-type]
                        if name is not None:
                            found.add(name)
        return tuple(sorted(found))

    @staticmethod
    def _returns(
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        scope: str,
        return_nodes: Sequence[ast.expr],
        converter: ExprConverter,
    ) -> Iterator[Expr]:
        """The return expressions, a name bound inside the function (a local variable or a
        parameter) not being taken for the module-level name it shadows or does not have."""
        used = {
            name.id
            for expression in return_nodes
            for name in walk(expression)
            if isinstance(name, ast.Name) and name.id not in converter.local_imports
        }
        local = _local_variables(node, used) if used else set()
        if local:
            kind = "method" if "." in scope else "function"
            converter = converter.with_local_variables(frozenset(local), f"{kind} `{scope}`")
        return (converter.convert(r) for r in return_nodes)

    # -- classes -----------------------------------------------------------------------------
    def _class(self, node: ast.ClassDef, fallback: bool) -> ClassFact:
        read_scope, env_methods_read = self._read_scope, self._env_methods_read
        if self.bodies_read is not None:
            self._read_scope = self.bodies_read.read(node)
            self._env_methods_read = True
        fact = self._class_fact(node, fallback)
        self._read_scope, self._env_methods_read = read_scope, env_methods_read
        return fact

    def _class_fact(self, node: ast.ClassDef, fallback: bool) -> ClassFact:
        members: list[MemberFact] = []
        methods: list[FunctionFact] = []
        class_index = len(self.parts.classes)
        for statement in node.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                kind = self._method_kind(statement)
                if kind is None:
                    continue
                scope = f"{node.name}.{statement.name}"
                method = self._function(statement, scope, True, (class_index, len(methods)))
                methods.append(method)
                members.append(
                    MemberFact(statement.name, kind, method.name_span, None, None, False)
                )
            elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                members.append(self._annotated_member(statement, statement.target.id))
            elif isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        members.append(self._assigned_member(statement.value, target))
        return ClassFact(
            name=node.name,
            span=self.positions.span(node),
            name_span=self.positions.name_span(node),
            bases=tuple(self.conv.convert(base) for base in node.bases),
            keywords=tuple((k.arg, self.conv.convert(k.value)) for k in node.keywords),
            decorators=tuple(self.conv.convert(d) for d in node.decorator_list),
            members=tuple(members),
            methods=tuple(methods),
            fallback=fallback,
        )

    @staticmethod
    def _method_kind(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
        names = [_decorator_name(d) for d in node.decorator_list]
        if any(name.endswith((".setter", ".deleter")) for name in names):
            return None
        if any(name in _PROPERTY_DECORATORS for name in names):
            return "property"
        if "classmethod" in names:
            return "classmethod"
        if "staticmethod" in names:
            return "staticmethod"
        return "method"

    def _field_default(self, call: ast.Call) -> tuple[Expr | None, bool]:
        """Unwrap ``Field(...)`` / ``PrivateAttr(...)``: (default, required)."""
        for keyword in call.keywords:
            if keyword.arg == "default":
                return self.conv.convert(keyword.value), False
            if keyword.arg == "default_factory":
                span = self.positions.span(keyword.value)
                return Opaque("the default comes from a default_factory", span), False
        if call.args:
            first = call.args[0]
            if isinstance(first, ast.Constant) and first.value is Ellipsis:
                return None, True
            return self.conv.convert(first), False
        return None, True

    def _annotated_member(self, node: ast.AnnAssign, name: str) -> MemberFact:
        annotation = _annotation_text(node.annotation)
        span = self.positions.span(node)
        value = node.value
        if name == "model_config":
            default = self.conv.convert(value) if value is not None else None
            return MemberFact(name, "model_config", span, annotation, default, False)
        if annotation.startswith(("ClassVar", "typing.ClassVar")):
            default = self.conv.convert(value) if value is not None else None
            return MemberFact(name, "class_attribute", span, annotation, default, False)
        if isinstance(value, ast.Call):
            callee = _decorator_name(value).rpartition(".")[2]
            if callee in ("Field", "PrivateAttr"):
                default, required = self._field_default(value)
                kind = "private_attr" if callee == "PrivateAttr" else "field"
                return MemberFact(name, kind, span, annotation, default, required)
        if value is None:
            return MemberFact(name, "field", span, annotation, None, True)
        kind = "private_attr" if name.startswith("_") else "field"
        return MemberFact(name, kind, span, annotation, self.conv.convert(value), False)

    def _assigned_member(self, value: ast.expr, target: ast.Name) -> MemberFact:
        span = self.positions.span(target)
        name = target.id
        if name == "model_config":
            return MemberFact(name, "model_config", span, None, self.conv.convert(value), False)
        if isinstance(value, ast.Call) and _decorator_name(value).endswith("PrivateAttr"):
            default, _ = self._field_default(value)
            return MemberFact(name, "private_attr", span, None, default, False)
        return MemberFact(name, "class_attribute", span, None, self.conv.convert(value), False)


#: Calls whose result is a path built from their arguments.
_PATH_CALLS = frozenset({"Path", "PurePosixPath", "PurePath", "join", "str", "fspath"})


def _is_path_value(value: ast.expr | None) -> bool:
    """Whether a module constant's value is a path: a string, an f-string, a ``+`` or ``/``
    of such parts, or a call that builds one (``Path(...)``, ``os.path.join(...)``)."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str)
    if isinstance(value, (ast.JoinedStr, ast.BinOp)):
        return True
    if isinstance(value, ast.Call):
        return (dotted(value.func) or "").rpartition(".")[2] in _PATH_CALLS
    return False


def _path_tables(statements: Sequence[ast.stmt]) -> Iterator[str]:
    """Names of module-level dict displays with a container path among their values: a
    ``/opt/ml`` string, or a path built on a module constant holding one (``f"{ROOT}/x"``,
    ``os.path.join(ROOT, "x")``, ``ROOT + "/x"``, ``Path(ROOT) / "x"``)."""
    roots: set[str] = set()
    for node in statements:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        value = node.value
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [target.id for target in targets if isinstance(target, ast.Name)]
        if _is_container_path(value, roots):
            roots.update(names)
            continue
        if isinstance(value, ast.Dict) and any(
            _is_container_path(item, roots) for item in value.values
        ):
            yield from names


def _is_container_path(node: ast.expr, roots: Collection[str]) -> bool:
    """A ``/opt/ml`` string, or a path built on one of ``roots`` (constants holding one)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.startswith(CONTAINER_PREFIX)
    root: ast.expr | None = node
    while root is not None and not isinstance(root, ast.Name):
        if isinstance(root, ast.JoinedStr) and root.values:
            first = root.values[0]
            root = first.value if isinstance(first, ast.FormattedValue) else None
        elif isinstance(root, ast.BinOp) and isinstance(root.op, (ast.Add, ast.Div)):
            root = root.left
        elif isinstance(root, ast.Call) and root.args:
            root = root.args[0]
        else:
            root = None
    return isinstance(root, ast.Name) and root.id in roots
