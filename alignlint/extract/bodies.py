"""One walk over a function body (or module-level code) collecting :class:`BodyFacts`.

The walk is recursive but bounded: beyond ``MAX_NESTING`` levels it stops descending and records a
note, so pathological nesting never raises ``RecursionError``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import field
from typing import Any

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.env_uses import (
    NORMALISING_METHODS,
    ModuleNames,
    ValueUses,
    is_display_call,
)
from alignlint.extract.exprs import ExprConverter, dotted
from alignlint.extract.facts import (
    EMPTY_BODY,
    ArgumentFact,
    BodyFacts,
    ConfigRead,
    Construction,
    DagCall,
    DagLoop,
    DictPass,
    EnvRead,
    KeyUse,
    KeyWrite,
    ModuleWrite,
    NamedUse,
    ReturnedValue,
    SelfResult,
    SelfStore,
)
from alignlint.extract.ir import Attr, Call, Expr, Lit, Name, Opaque
from alignlint.extract.mutations import changed_names
from alignlint.extract.self_stores import self_stores
from alignlint.extract.walk import children, walk, walk_all
from alignlint.sagemaker.step_classes import STEP_CLASSES

MAX_NESTING = 150
CONTAINER_PREFIX = "/opt/ml"
CONSTRUCTION_CLASSES = frozenset(
    {"ProcessingInput", "ProcessingOutput", "TrainingInput", "TransformInput"}
)
_PATH_CALLS = frozenset(
    {"os.path.join", "posixpath.join", "Path", "pathlib.Path", "PurePath", "PosixPath"}
)
_FLAG = re.compile(r"^--?[A-Za-z][\w-]*$")
#: Methods that use every key of a path dict at once (recorded as a use of an Unknown key).
_WHOLE_DICT_METHODS = frozenset({"items", "keys", "values", "copy"})
_CONFIG = "config"
#: The ``KeyUse.dict_name`` of comparisons with a spec's logical name.
_LOGICAL_NAME = "logical_name"
#: Attributes of a specification holding its dependencies / outputs by logical name.
_SPEC_PARTS = frozenset({"dependencies", "outputs"})
#: A contract's path maps, looked up by logical name.
_CONTRACT_MAPS = frozenset({"expected_input_paths", "expected_output_paths"})


def _bound_once(statements: Collection[ast.stmt], params: Collection[str]) -> frozenset[str]:
    """Names the statements bind exactly once (any binding form counts: assignment, loop or
    ``with`` target, walrus, ``except ... as``, import, nested ``def``), parameters excluded:
    a later use of such a name stands for the one value bound to it."""
    counts = _binding_counts(statements, params)
    return frozenset(name for name, count in counts.items() if count == 1)


def _binding_counts(statements: Collection[ast.stmt], params: Collection[str]) -> dict[str, int]:
    """How many times the statements bind each name they bind (see :func:`_bound_once`); a
    parameter, or a name declared ``global`` / ``nonlocal``, counts twice."""
    counts: dict[str, int] = dict.fromkeys(params, 2)
    for node in walk_all(statements):
        kind = type(node)
        name: str | None = None
        if kind is ast.Name:
            if type(node.ctx) is ast.Load:  # type: ignore[attr-defined]
                continue
            name = node.id  # type: ignore[attr-defined]
        elif kind in _NON_BINDING:
            continue
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            name = node.id
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = node.name
        elif isinstance(node, ast.ExceptHandler):
            name = node.name
        elif isinstance(node, ast.alias):
            name = node.asname or node.name.split(".")[0]
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for item in node.names:
                counts[item] = 2
        if name is not None:
            counts[name] = counts.get(name, 0) + 1
    return counts


def _copied(node: ast.expr) -> ast.expr | None:
    """``x`` for a shallow copy of it: ``dict(x)``, ``list(x)``, ``x.copy()``; else None."""
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    func = node.func
    if isinstance(func, ast.Name) and func.id in ("dict", "list") and len(node.args) == 1:
        argument = node.args[0]
        return None if isinstance(argument, ast.Starred) else argument
    if isinstance(func, ast.Attribute) and func.attr == "copy" and not node.args:
        return func.value
    return None


#: The literal parts of an f-string flag: ``--`` or ``-`` and what may follow in an option.
_FLAG_HEAD = re.compile(r"^--?[\w-]*$")
_FLAG_PART = re.compile(r"^[\w-]*$")


def _formatted_flag(node: ast.JoinedStr) -> bool:
    """Whether an f-string reads as a command-line option: ``f"--{name}"``, ``f"--{x}-type"``
    (a literal head ``-``/``--``, no space anywhere, at least one replacement field)."""
    parts = node.values
    head = parts[0] if parts else None
    if not (
        isinstance(head, ast.Constant)
        and isinstance(head.value, str)
        and _FLAG_HEAD.match(head.value)
    ):
        return False
    rest = parts[1:]
    return any(isinstance(part, ast.FormattedValue) for part in rest) and all(
        isinstance(part, ast.FormattedValue)
        or (
            isinstance(part, ast.Constant)
            and isinstance(part.value, str)
            and _FLAG_PART.match(part.value)
        )
        for part in rest
    )


def _container(node: ast.expr) -> bool:
    """Whether a local name bound to ``node`` holds a container its body then builds: a display
    or an empty ``dict()`` / ``list()`` (what the name holds is then what the body writes)."""
    if isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("dict", "list")
        and not node.args
        and not node.keywords
    )


#: Node classes that bind no name (no subclass of a class :func:`_bound_once` looks at).
_NON_BINDING = frozenset(
    {
        ast.Attribute,
        ast.Call,
        ast.Constant,
        ast.Subscript,
        ast.keyword,
        ast.Expr,
        ast.Assign,
        ast.Return,
        ast.BinOp,
        ast.Compare,
        ast.JoinedStr,
        ast.FormattedValue,
        ast.Dict,
        ast.List,
        ast.Tuple,
        ast.If,
        ast.BoolOp,
        ast.UnaryOp,
    }
)


@record
class ScanContext:
    """Names that mean something in the scanned scope."""

    params: tuple[str, ...] = ()
    scope: str = "<module>"
    env_objects: frozenset[str] = frozenset({"os.environ"})
    getenv_functions: frozenset[str] = frozenset({"os.getenv"})
    join_functions: frozenset[str] = frozenset()
    dag_classes: frozenset[str] = frozenset({"PipelineDAG"})
    #: Record keys written into mappings (in methods: what a builder or config puts into the
    #: job's environment).
    record_key_writes: bool = False
    #: Record the names the code reads (builders' spec references, local imports).
    record_references: bool = True
    #: Module-level dict constants of container paths: record which keys the code reads.
    path_tables: frozenset[str] = frozenset()
    #: The name the module calls its script's ``main`` by (``_main`` after ``from .impl import
    #: main as _main``).
    main_name: str = "main"


def _dict_key(dict_name: str, key: str) -> str:
    """A :func:`_name_key` proven present in a tracked dict (``if "X" in environ_vars:``,
    ``if "k" in input_paths:``) rather than in ``os.environ``: prefixed with the dict's name
    (no name key holds a space)."""
    return f"{dict_name} {key}"


def _none_test(test: ast.expr) -> tuple[ast.expr, bool] | None:
    """``x is None`` -> (x, True); ``x is not None`` -> (x, False); else None."""
    if (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Is, ast.IsNot))
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value is None
    ):
        return test.left, isinstance(test.ops[0], ast.Is)
    return None


def _test_operands(test: ast.expr) -> Iterator[ast.expr]:
    """The expressions whose value a test uses only for its truth: the test itself, through
    ``not``, the operands of ``and``/``or``, and the ``x`` of ``x is None`` / ``x is not None``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        yield from _test_operands(test.operand)
    elif isinstance(test, ast.BoolOp):
        for value in test.values:
            yield from _test_operands(value)
    else:
        none_test = _none_test(test)
        yield none_test[0] if none_test is not None else test


def _name_key(node: ast.expr) -> str | None:
    """What identifies the variable an expression names, for matching a read with the test
    guarding it: a string literal, or a plain name (a constant, a loop variable)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return f"'{node.value}"
    if isinstance(node, ast.Name):
        return node.id
    return None


@record(frozen=False)
class _Collector:
    config_reads: list[ConfigRead] = field(default_factory=list)
    isinstance_checks: list[tuple[str, Expr]] = field(default_factory=list)
    key_uses: list[KeyUse] = field(default_factory=list)
    env_reads: list[EnvRead] = field(default_factory=list)
    job_arg_reads: list[NamedUse] = field(default_factory=list)
    arguments: list[ArgumentFact] = field(default_factory=list)
    container_paths: list[Expr] = field(default_factory=list)
    key_writes: list[KeyWrite] = field(default_factory=list)
    flags: list[Expr] = field(default_factory=list)
    constructions: list[Construction] = field(default_factory=list)
    step_classes: list[NamedUse] = field(default_factory=list)
    references: dict[str, Expr] = field(default_factory=dict)
    dict_passes: list[DictPass] = field(default_factory=list)
    self_passes: list[DictPass] = field(default_factory=list)
    returned_self: list[SelfResult] = field(default_factory=list)
    returned_values: list[ReturnedValue] = field(default_factory=list)
    self_stores: list[SelfStore] = field(default_factory=list)
    local_bindings: list[tuple[str, Expr]] = field(default_factory=list)
    main_calls: list[Call] = field(default_factory=list)
    dag_calls: list[DagCall] = field(default_factory=list)
    dag_creations: list[tuple[str, str, Call]] = field(default_factory=list)
    lenient_parses: list[Span] = field(default_factory=list)
    loop_skips: list[str] = field(default_factory=list)
    strict_parses: list[Span] = field(default_factory=list)
    parsers: list[Span] = field(default_factory=list)
    self_attrs: dict[str, None] = field(default_factory=dict)
    super_calls: dict[str, None] = field(default_factory=dict)
    merges: list[Expr] = field(default_factory=list)
    dict_stores: list[tuple[str, Expr, Expr]] = field(default_factory=list)
    module_writes: list[ModuleWrite] = field(default_factory=list)
    dict_reads: list[tuple[str, Expr, Span, bool]] = field(default_factory=list)
    dict_other_uses: list[tuple[str, Span]] = field(default_factory=list)
    table_reads: list[tuple[str, Expr]] = field(default_factory=list)
    table_uses: dict[str, None] = field(default_factory=dict)
    local_values: list[tuple[str, Expr]] = field(default_factory=list)
    accepted_values: list[tuple[str, Expr]] = field(default_factory=list)

    def freeze(self) -> BodyFacts:
        if not any(vars(self).values()):
            return EMPTY_BODY
        return BodyFacts(
            config_reads=tuple(self.config_reads),
            isinstance_checks=tuple(self.isinstance_checks),
            key_uses=tuple(self.key_uses),
            env_reads=tuple(self.env_reads),
            job_arg_reads=tuple(self.job_arg_reads),
            arguments=tuple(self.arguments),
            container_paths=tuple(self.container_paths),
            key_writes=tuple(self.key_writes),
            flags=tuple(self.flags),
            constructions=tuple(self.constructions),
            step_classes=tuple(self.step_classes),
            references=tuple(self.references.values()),
            dict_passes=tuple(self.dict_passes),
            self_passes=tuple(self.self_passes),
            returned_self=tuple(self.returned_self),
            returned_values=tuple(self.returned_values),
            self_stores=tuple(self.self_stores),
            local_bindings=tuple(self.local_bindings),
            main_calls=tuple(self.main_calls),
            dag_calls=tuple(self.dag_calls),
            dag_creations=tuple(self.dag_creations),
            lenient_parses=tuple(self.lenient_parses),
            loop_skips=tuple(self.loop_skips),
            strict_parses=tuple(self.strict_parses),
            parsers=tuple(self.parsers),
            self_attrs=tuple(self.self_attrs),
            super_calls=tuple(self.super_calls),
            merges=tuple(self.merges),
            dict_stores=tuple(self.dict_stores),
            module_writes=tuple(self.module_writes),
            dict_reads=tuple(self.dict_reads),
            dict_other_uses=tuple(self.dict_other_uses),
            table_reads=tuple(self.table_reads),
            table_uses=tuple(self.table_uses),
            local_values=tuple(self.local_values),
            accepted_values=tuple(self.accepted_values),
        )


def _contains_container_literal(node: ast.AST) -> bool:
    return any(
        isinstance(child, ast.Constant)
        and isinstance(child.value, str)
        and child.value.startswith(CONTAINER_PREFIX)
        for child in walk(node)
    )


def _is_path_suffix(node: ast.expr) -> bool:
    """A string literal that continues a path (``"/models"``)."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value[:1] == "/"


def _named_root_fstring(node: ast.JoinedStr) -> bool:
    """``f"{ROOT}/rest"``: a path built on a name (a constant of the module, an attribute),
    which may hold a container path: resolving says (as for ``ROOT / "rest"``)."""
    values = node.values
    return (
        len(values) > 1
        and isinstance(values[0], ast.FormattedValue)
        and isinstance(values[0].value, (ast.Name, ast.Attribute))
        and _is_path_suffix(values[1])
    )


def _named_root_concat(node: ast.BinOp) -> bool:
    """``ROOT + "/rest"`` (``+`` chains included): a path built on a name, as
    :func:`_named_root_fstring`."""
    current: ast.expr = node
    suffix = False
    while isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
        suffix = suffix or _is_path_suffix(current.right)
        current = current.left
    return suffix and isinstance(current, (ast.Name, ast.Attribute))


def _dag_call_arguments(node: ast.Call, method: str) -> list[ast.expr]:
    """The node names a DAG's ``add_node``/``add_edge`` call passes, in parameter order:
    positional ones, then ``src=``/``dst=`` (``add_edge``) or the one keyword of ``add_node``
    (``node=``, ``name=``); ``add_edge(*edge)`` passes ``edge[0]`` and ``edge[1]``. Anything
    else is kept as written (a starred argument is not a known string)."""
    args = list(node.args)
    if method == "add_edge" and len(args) == 1 and isinstance(args[0], ast.Starred):
        star = args[0]
        parts: list[ast.expr] = []
        for index in (0, 1):
            part = ast.Subscript(value=star.value, slice=ast.Constant(index), ctx=ast.Load())
            ast.copy_location(part.slice, star)
            parts.append(ast.copy_location(part, star))
        return parts
    named = {keyword.arg: keyword.value for keyword in node.keywords if keyword.arg is not None}
    if method == "add_edge":
        for name in ("src", "dst")[len(args) :]:
            if name in named:
                args.append(named[name])
    elif not args and len(named) == 1:
        args.extend(named.values())
    return args


def _parsed_namespace(node: ast.Assign) -> str | None:
    """The name ``args, _ = parser.parse_known_args()`` or ``args =
    parser.parse_known_args()[0]`` binds to the parsed namespace (``args = parser.parse_args()``
    is read where calls are)."""
    if len(node.targets) != 1:
        return None
    target, value = node.targets[0], node.value
    if (
        isinstance(target, ast.Tuple)
        and len(target.elts) == 2
        and isinstance(target.elts[0], ast.Name)
        and isinstance(value, ast.Call)
    ):
        name, call = target.elts[0].id, value
    elif (
        isinstance(target, ast.Name)
        and isinstance(value, ast.Subscript)
        and isinstance(value.slice, ast.Constant)
        and value.slice.value == 0
        and isinstance(value.value, ast.Call)
    ):
        name, call = target.id, value.value
    else:
        return None
    return name if (dotted(call.func) or "").endswith("parse_known_args") else None


def _target_names(target: ast.expr) -> tuple[str, ...]:
    """``x`` -> ("x",); ``a, b`` -> ("a", "b"); anything else -> ()."""
    if isinstance(target, ast.Name):
        return (target.id,)
    if isinstance(target, (ast.Tuple, ast.List)) and all(
        isinstance(item, ast.Name) for item in target.elts
    ):
        return tuple(item.id for item in target.elts if isinstance(item, ast.Name))
    return ()


def _ir_names(expr: Expr) -> list[str]:
    """The plain names an IR expression reads (an attribute's or a call's base included)."""
    found: list[str] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            found.append(node.id)
        elif isinstance(node, Attr):
            stack.append(node.value)
        elif isinstance(node, Call):
            stack.extend((node.func, *node.args))
    return found


def _compared_literals(test: ast.expr) -> list[str]:
    """The strings ``test`` compares a name with (``name == "x"``, ``name in ("x", "y")``,
    either side of an ``or``)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return [text for value in test.values for text in _compared_literals(value)]
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return []
    left, (op,), (right,) = test.left, test.ops, test.comparators
    if isinstance(op, ast.Eq):
        for a, b in ((left, right), (right, left)):
            if isinstance(a, ast.Name) and isinstance(b, ast.Constant) and isinstance(b.value, str):
                return [b.value]
    if isinstance(op, ast.In) and isinstance(left, ast.Name):
        if isinstance(right, (ast.Tuple, ast.List, ast.Set)):
            return [
                item.value
                for item in right.elts
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            ]
    return []


class BodyScanner:
    """Collects body facts from a list of statements in a single bounded walk."""

    def __init__(
        self,
        converter: ExprConverter,
        context: ScanContext,
        module_names: Callable[[], ModuleNames] | None = None,
    ) -> None:
        self.conv = converter
        self.ctx = context
        #: The whole module's name counts, for module-level code and ``__main__`` (whose names
        #: are globals, see :class:`ValueUses`).
        self._module_names = module_names
        self.out = _Collector()
        self.too_deep = False
        self._depth = 0
        self._guards: frozenset[str] = frozenset()
        self._group: int | None = None
        self._next_group = 0
        self._loop_items: dict[str, Expr] = {}
        #: Loop targets of loops that stop at the first candidate found (``break``/``return``):
        #: the keys they try form one fallback chain, with this group.
        self._loop_groups: dict[str, int] = {}
        self._local_seqs: dict[str, Expr] = {}
        #: Enclosing ``for`` loops (outermost first), for DAG calls inside them.
        self._loops: list[DagLoop] = []
        #: Literal item nodes of local sequences and of loop variables iterating them.
        self._local_seq_nodes: dict[str, tuple[ast.expr, ...]] = {}
        self._loop_nodes: dict[str, tuple[ast.expr, ...]] = {}
        #: Variables a test around the node being visited proves set (``if "X" in os.environ:``),
        #: by :func:`_name_key` of the expression naming them (see :meth:`_guarded`).
        self._env_present: frozenset[str] = frozenset()
        #: The body scanned, whether it is a method's, and how many times it binds each name
        #: and which names it binds once (:func:`_binding_counts`, :func:`_bound_once`; computed
        #: once, at the first question: see :meth:`_local_counts`).
        self._body: Collection[ast.stmt] = ()
        self._method = False
        self._counts: dict[str, int] | None = None
        self._single: frozenset[str] | None = None
        #: ``.get`` calls on a path dict whose value an ``if`` only tests (``if
        #: input_paths.get("k"):``), by id, and the local names bound once to such a call
        #: (``x = input_paths.get("k")``) with the index of its key use.
        self._tested_gets: set[int] = set()
        self._get_names: dict[str, tuple[str, ast.expr, int]] = {}
        #: Local names that hold a spec's logical name (``name = dep.logical_name``, ``for name,
        #: dep in self.spec.dependencies.items()``).
        self._logical_vars: set[str] = set()
        #: Callees of the calls seen (``self.config.get_x`` in ``self.config.get_x()``), by id.
        self._callees: set[int] = set()
        #: Parameter nodes passed as they are to a method of ``self`` (not references).
        self._passed_on: set[int] = set()
        self._parsed_args: set[str] = {"job_args"}
        self._in_path = False
        #: Depth of f-strings and print/logging calls around the node being visited.
        self._display = 0
        #: Where the values of env reads go (built at the first read, see :meth:`_value_chains`).
        self._value_uses: ValueUses | None = None
        #: Names of path tables read by key here (not a use of the whole table).
        self._keyed: set[int] = set()
        #: ``os.environ`` nodes used to read or write one variable (not a use of all of them).
        self._env_objects_read: set[int] = set()
        #: Local names bound once to the environment (``env = os.environ``): each stands for
        #: it after its binding (:meth:`_environ_alias`).
        self._env_aliases: set[str] = set()
        self._channel: Expr | None = None
        #: ``__main__`` only: local names bound to a dict display (or ``dict(...)``), and the
        #: nodes of those names that read one key (``name[k]``, ``name.get(k)``: not another
        #: use of the dict).
        self._main_dicts: set[str] = set()
        self._main_dict_reads: set[int] = set()
        self._params = frozenset(context.params)
        #: The last parts of the environment objects' dotted names (``environ``).
        self._env_tails = frozenset(name.rpartition(".")[2] for name in context.env_objects)
        #: Local names bound to the builder's config: the ``config`` parameter, then simple
        #: aliases (``config = self.config``, ``cfg = config``) in the order they are bound.
        self._config_names: set[str] = {_CONFIG} & self._params
        #: Depth of nested ``def`` / ``class`` statements around the node being visited (their
        #: ``return`` statements are not the method's).
        self._nested = 0
        #: Methods only: the value of each local name bound once by a simple assignment
        #: outside nested ``def`` / ``class`` statements (``env = self._helper()``).
        self._bound_values: dict[str, ast.expr] = {}
        self._changed: frozenset[str] | None = None

    def scan(self, statements: Collection[ast.stmt]) -> BodyFacts:
        self._body = statements
        self._method = "." in self.ctx.scope  # a method: follow values through its local names
        try:
            for statement in statements:
                self.visit(statement)
        finally:
            # The value chains hold bound methods of this scanner: a cycle, which phase 1
            # (run with the collector paused) would keep alive with the whole AST it reaches.
            self._value_uses = None
        if self._method and self.ctx.record_key_writes:
            self.out.self_stores = self_stores(statements, self.conv)
        return self.out.freeze()

    def _local_counts(self) -> dict[str, int]:
        """How many times the body binds each name (:func:`_binding_counts`)."""
        if self._counts is None:
            self._counts = _binding_counts(self._body, self._params)
        return self._counts

    def _single_here(self) -> frozenset[str]:
        """The names the body binds exactly once (functions too)."""
        if self._single is None:
            self._single = frozenset(n for n, count in self._local_counts().items() if count == 1)
        return self._single

    def _bound_once(self) -> frozenset[str]:
        """The names a method binds exactly once, whose values it follows (none outside
        methods)."""
        return self._single_here() if self._method else frozenset()

    def _bind_get(self, name: str, value: ast.expr, index: int) -> None:
        """``x = input_paths.get("k")``: remember ``x`` (bound once here) as that ``.get``, so
        that a test of ``x`` is a test of the key (:meth:`_mark_tested_gets`)."""
        found = self._path_get(value) if not isinstance(value, ast.Name) else None
        if found is None:
            return
        if name in self._single_here():
            self._get_names[name] = (*found, index)

    def _namespace_alias(self, name: str, value: ast.expr) -> bool:
        """Whether ``name = value`` makes ``name`` another name for the parsed arguments
        (``ja = job_args``): ``value`` is one, and ``name`` is bound nowhere else here."""
        if not (isinstance(value, ast.Name) and value.id in self._parsed_args):
            return False
        return name in self._single_here()

    # -- traversal ---------------------------------------------------------------------------
    def visit(self, node: ast.AST) -> None:
        # No ``try``/``finally`` around the handler: an exception abandons the whole scan (the
        # file's extraction fails), so the depth need not be restored on the way out.
        if self._depth > MAX_NESTING:
            self.too_deep = True
            return
        self._depth += 1
        handler = _HANDLERS.get(type(node))
        if handler is None:  # :meth:`generic`, inlined
            for child in children(node):
                self.visit(child)
        else:
            handler(self, node)
        self._depth -= 1

    def generic(self, node: ast.AST) -> None:
        for child in children(node):
            self.visit(child)

    @contextmanager
    def _guarded(
        self, attrs: frozenset[str] = frozenset(), env: frozenset[str] = frozenset()
    ) -> Iterator[None]:
        """Visit with the config attributes ``attrs`` known present (``hasattr``) and the
        variables ``env`` (:func:`_name_key`) known set in ``os.environ``."""
        saved = self._guards, self._env_present
        self._guards = saved[0] | attrs
        self._env_present = saved[1] | env
        try:
            yield
        finally:
            self._guards, self._env_present = saved

    def _env_tested(self, test: ast.expr, when: bool) -> frozenset[str]:
        """The variables (:func:`_name_key`) ``test`` proves set in ``os.environ``, and the keys
        it proves held by a tracked dict (:func:`_dict_key`), where it is ``when``: ``X in
        os.environ`` (true), ``X not in os.environ`` (false), ``not``, and the operands of
        ``and`` (true) / ``or`` (false)."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self._env_tested(test.operand, not when)
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And if when else ast.Or):
            found: frozenset[str] = frozenset()
            for operand in test.values:
                found |= self._env_tested(operand, when)
            return found
        held = self._held_by_get(test, when)
        if held is not None:
            return frozenset({held})
        if (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.In if when else ast.NotIn)
        ):
            key = _name_key(test.left)
            if key is None:
                return frozenset()
            if self._is_env_object(test.comparators[0]):
                return frozenset({key})
            dict_name = self._key_dict(test.comparators[0])
            if dict_name is not None:
                return frozenset({_dict_key(dict_name, key)})
        return frozenset()

    def _tested_present(self, dict_name: str, key: ast.expr) -> bool:
        """Whether a test around this read proved ``dict_name`` holds ``key``."""
        tested = _name_key(key)
        return tested is not None and _dict_key(dict_name, tested) in self._env_present

    def _path_get(self, node: ast.expr) -> tuple[str, ast.expr] | None:
        """``d.get(k)`` / ``d.get(k, None)`` on a path dict (``input_paths``, ``output_paths``;
        not ``environ_vars``), or a local name bound once to one: (the dict, the key)."""
        if isinstance(node, ast.Name):
            bound = self._get_names.get(node.id)
            return bound[:2] if bound is not None else None
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and not node.keywords
            and (
                len(node.args) == 1
                or (
                    len(node.args) == 2
                    and isinstance(node.args[1], ast.Constant)
                    and node.args[1].value is None
                )
            )
        ):
            return None
        dict_name = self._key_dict(node.func.value)
        if dict_name is None or dict_name == "environ_vars":
            return None
        return dict_name, node.args[0]

    def _held_by_get(self, test: ast.expr, when: bool) -> str | None:
        """The key (:func:`_dict_key`) a path dict holds where ``test`` is ``when``, when
        ``test`` tests a ``.get`` of it: ``d.get(k)`` or ``d.get(k) is not None`` (true), ``d.get(k)
        is None`` (false), also through a name bound to the ``.get``."""
        operand: ast.expr | None = test if when else None
        none_test = _none_test(test)
        if none_test is not None:
            tested, is_none = none_test
            operand = tested if is_none != when else None
        found = self._path_get(operand) if operand is not None else None
        if found is None:
            return None
        key = _name_key(found[1])
        return _dict_key(found[0], key) if key is not None else None

    def _mark_tested_gets(self, test: ast.expr) -> None:
        """Record the ``.get`` uses of a path dict that ``test`` only tests: the script handles
        the key's absence there (its key use is ``present``)."""
        for operand in _test_operands(test):
            if isinstance(operand, ast.Name) and operand.id in self._get_names:
                index = self._get_names[operand.id][2]
                use = self.out.key_uses[index]
                self.out.key_uses[index] = KeyUse(
                    use.dict_name, use.key, use.span, use.kind, use.has_default, use.group, True
                )
            elif self._path_get(operand) is not None:
                self._tested_gets.add(id(operand))

    # -- helpers -----------------------------------------------------------------------------
    def _is_config(self, node: ast.expr) -> str | None:
        """``"self.config"``, or the local name (``"config"``, an alias such as ``"cfg"``), when
        ``node`` is the builder's config object."""
        if (
            isinstance(node, ast.Attribute)
            and node.attr == _CONFIG
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            return "self.config"
        if isinstance(node, ast.Name) and node.id in self._config_names:
            return node.id
        return None

    def _config_dump(self, node: ast.expr) -> str | None:
        """``"self.config.model_dump()"`` when ``node`` is the config dumped to a dict of its
        fields (``model_dump()`` / ``dict()``, without arguments or with ``mode=`` only: other
        arguments change its keys), directly or through a local name of a method bound once to
        it."""
        if isinstance(node, ast.Name) and node.id in self._bound_once():
            bound = self._bound_values.get(node.id)
            if bound is None or bound is node or node.id in self._changed_dicts():
                return None
            return self._config_dump(bound)
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("model_dump", "dict")
            and not node.args
            and all(keyword.arg == "mode" for keyword in node.keywords)
        ):
            return None
        via = self._is_config(node.func.value)
        return None if via is None else f"{via}.{node.func.attr}()"

    def _changed_dicts(self) -> frozenset[str]:
        """The local names whose keys the body may change (``d[k] = v``, ``del d[k]``,
        ``d.update(...)``, any method but ``get`` / ``items`` / ``keys`` / ``values`` /
        ``copy``)."""
        if self._changed is None:
            self._changed = frozenset(changed_names(walk_all(self._body)))
        return self._changed

    def _dump_read(self, dump: ast.expr, key: ast.expr, span_of: ast.AST, get: bool) -> None:
        """``<config dump>["x"]`` / ``<config dump>.get("x")``: a read of field ``x`` (``get``:
        with a default, as ``getattr`` with one)."""
        via = self._config_dump(dump)
        if via is None or not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return
        self.out.config_reads.append(
            ConfigRead(
                key.value,
                self.conv.positions.span(span_of),
                f"{via}.get" if get else f"{via}[]",
                key.value in self._guards,
                get,
            )
        )

    def _bind(self, name: str, value: ast.expr | None) -> None:
        """Track a local binding: ``name`` aliases the config when ``value`` is the config."""
        if value is not None and self._is_config(value) is not None:
            self._config_names.add(name)
        else:
            self._config_names.discard(name)

    def _hasattr_call(self, node: ast.AST) -> list[tuple[str, ast.expr]]:
        """``hasattr(<config>, "x")`` -> [("x", the name node)]; over a loop variable bound to
        literal names (``for attr in ["a", "b"]: hasattr(self.config, attr)``), one pair per
        name; else []."""
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "hasattr"
            and len(node.args) == 2
            and self._is_config(node.args[0]) is not None
        ):
            return []
        return self._attribute_names(node.args[1])

    def _attribute_names(self, node: ast.expr) -> list[tuple[str, ast.expr]]:
        """The literal attribute name(s) ``node`` stands for, each with the node that writes it."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [(node.value, node)]
        if isinstance(node, ast.Name) and node.id in self._loop_nodes:
            return [
                (item.value, item)
                for item in self._loop_nodes[node.id]
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            ]
        return []

    def _getattr_test(self, test: ast.expr) -> list[tuple[str, ast.expr]]:
        """``getattr(<config>, "x", <falsy default>)`` as a truth test (or ``... is not
        None`` with a ``None`` default): where it is true, the config has ``x``."""
        none_test = _none_test(test)
        if none_test is not None and not none_test[1]:
            test = none_test[0]
        if not (
            isinstance(test, ast.Call)
            and isinstance(test.func, ast.Name)
            and test.func.id == "getattr"
            and len(test.args) == 3
            and not test.keywords
            and isinstance(test.args[2], ast.Constant)
            and not test.args[2].value
            and self._is_config(test.args[0]) is not None
        ):
            return []
        return self._attribute_names(test.args[1])

    def _present(self, test: ast.expr, when: bool) -> dict[str, ast.expr]:
        """Config attributes that ``hasattr`` (or a ``getattr`` with a falsy default) proves
        present where ``test`` is ``when`` (``hasattr``, ``not``, ``and``, ``or``), each with
        its call."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self._present(test.operand, not when)
        if isinstance(test, ast.BoolOp):
            parts = [self._present(value, when) for value in test.values]
            if isinstance(test.op, ast.And) == when:  # all operands hold
                return {name: node for part in parts for name, node in part.items()}
            common = set.intersection(*(set(part) for part in parts)) if parts else set()
            return {name: parts[0][name] for name in sorted(common)}
        if when:
            found = self._hasattr_call(test) or self._getattr_test(test)
            return {name: test for name, _ in found}
        return {}

    def _hasattr_guards(self, test: ast.expr) -> frozenset[str]:
        return frozenset(self._present(test, True))

    def _environ_alias(self, name: str) -> bool:
        """Whether ``name = <the environment>`` makes the local ``name`` another name for
        ``os.environ`` from here on: the scope binds it only there (no parameter, ``global``
        or ``nonlocal`` of that name). Module-level aliases are known before the scan
        (:attr:`ScanContext.env_objects`)."""
        if self.ctx.scope == "<module>" or name not in self._single_here():
            return False
        self._env_aliases.add(name)
        return True

    def _is_env_object(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.ctx.env_objects or node.id in self._env_aliases
        # ``dotted`` ends with the attribute: most attributes end no environment object's name.
        if not isinstance(node, ast.Attribute) or node.attr not in self._env_tails:
            return False
        name = dotted(node)
        return name is not None and name in self.ctx.env_objects

    def _key_dict(self, node: ast.expr) -> str | None:
        """The dict a key is looked up in: a parameter (``input_paths``, a builder's
        ``inputs``), or a contract's path map (``self.contract.expected_input_paths``)."""
        if isinstance(node, ast.Name) and node.id in self._params:
            return node.id
        if isinstance(node, ast.Attribute) and node.attr in _CONTRACT_MAPS:
            return dotted(node)
        return None

    def _key_expr(self, node: ast.expr) -> tuple[Expr, str]:
        if isinstance(node, ast.Name):
            if node.id in self._loop_items:
                return self._loop_items[node.id], "loop"
        return self.conv.convert(node), "key"

    def _key_group(self, node: ast.expr) -> int | None:
        """The fallback chain a key use belongs to: the enclosing chain, else the chain of a loop
        over candidate keys that stops at the first one found."""
        if self._group is not None:
            return self._group
        if isinstance(node, ast.Name):
            return self._loop_groups.get(node.id)
        return None

    def _alternative_keys(self, node: ast.expr, dict_name: str) -> list[ast.expr] | None:
        """``"a" if "a" in d else "b"`` used as a key of ``d``: the keys it tries, in order."""
        if isinstance(node, ast.IfExp) and self._tests_membership(node.test, dict_name):
            return [node.body, node.orelse]
        return None

    def _tests_membership(self, test: ast.expr, dict_name: str) -> bool:
        """Whether ``test`` asks whether ``dict_name`` has a key (``"k" in d``, ``d.get("k")``)."""
        for node in ast.walk(test):
            if (
                isinstance(node, ast.Compare)
                and len(node.ops) == 1
                and isinstance(node.ops[0], (ast.In, ast.NotIn))
                and self._key_dict(node.comparators[0]) == dict_name
            ):
                return True
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and self._key_dict(node.func.value) == dict_name
            ):
                return True
        return False

    def _chained_dict(self, node: ast.expr) -> str | None:
        """The path dict whose keys ``node`` reads (``d["k"]``, ``d.get("k")``), else None."""
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            return self._key_dict(node.value)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
        ):
            return self._key_dict(node.func.value)
        return None

    def _new_group(self) -> int:
        self._next_group += 1
        return self._next_group

    # -- statements --------------------------------------------------------------------------
    def visit_If(self, node: ast.If) -> None:
        if node.body and isinstance(node.body[-1], ast.Continue):
            self.out.loop_skips.extend(_compared_literals(node.test))
        self._mark_tested_gets(node.test)
        self.visit(node.test)
        missing = self._present(node.test, False)
        with self._guarded(self._hasattr_guards(node.test), self._env_tested(node.test, True)):
            for statement in node.body:
                self.visit(statement)
        with self._guarded(frozenset(missing), self._env_tested(node.test, False)):
            for statement in node.orelse:
                self.visit(statement)
        last = node.body[-1] if node.body else None
        if isinstance(last, ast.Raise):
            # ``if not hasattr(config, "x"): raise``: the builder requires ``x``.
            self._requirements(node.test)
            self._accepted_values(node.test)
        elif isinstance(last, (ast.Return, ast.Continue, ast.Break)) and missing:
            # ``if not hasattr(config, "x"): return``: what follows is guarded.
            self._guards = self._guards | frozenset(missing)

    def _accepted_values(self, test: ast.expr) -> None:
        """``if config.x not in VALUES: raise`` (``config.x``) or ``if v.lower() not in VALUES:
        raise`` with ``v`` a parameter (a validator's ``v``): record what is let through."""
        if not (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], ast.NotIn)
        ):
            return
        tested = test.left
        while (
            isinstance(tested, ast.Call)
            and isinstance(tested.func, ast.Attribute)
            and tested.func.attr in NORMALISING_METHODS
            and not tested.args
            and not tested.keywords
        ):
            tested = tested.func.value
        if isinstance(tested, ast.Attribute) and self._is_config(tested.value) is not None:
            subject = f"{_CONFIG}.{tested.attr}"
        elif isinstance(tested, ast.Name) and tested.id in self._params:
            subject = tested.id
        else:
            return
        self.out.accepted_values.append((subject, self.conv.convert(test.comparators[0])))

    def _requirements(self, test: ast.expr) -> None:
        """Record each ``hasattr`` that makes the failing branch of ``test`` raise."""
        for name, call in sorted(self._present(test, False).items()):
            for attr, written in self._hasattr_call(call):
                if attr == name:
                    span = self.conv.positions.span(written)
                    self.out.config_reads.append(
                        ConfigRead(attr, span, "hasattr", False, False, required=True)
                    )

    def visit_For(self, node: ast.For) -> None:
        targets = _target_names(node.target)
        if targets:
            iterable = node.iter
            if isinstance(iterable, ast.Name) and iterable.id in self._local_seqs:
                loop_iterable = self._local_seqs[iterable.id]
            else:
                loop_iterable = self.conv.convert(iterable)
            self._loops.append(DagLoop(targets, loop_iterable))
        try:
            self._visit_for(node)
        finally:
            if targets:
                self._loops.pop()

    def _visit_for(self, node: ast.For) -> None:
        self._note_logical_loop(node)
        prefix = self._prefix_loop(node)
        if prefix is not None:
            self._prefix_read(node.iter, prefix)
        self.visit(node.iter)
        if isinstance(node.iter, ast.Name):
            self._whole_dict_use(node.iter, "iterated")
        target = node.target.id if isinstance(node.target, ast.Name) else None
        iterable: Expr | None = None
        if isinstance(node.iter, (ast.List, ast.Tuple, ast.Set)):
            iterable = self.conv.convert(node.iter)
        elif isinstance(node.iter, ast.Name):
            iterable = self._local_seqs.get(node.iter.id) or self.conv.convert(node.iter)
        previous = self._loop_items.get(target) if target else None
        previous_group = self._loop_groups.pop(target, None) if target else None
        previous_nodes = self._loop_nodes.get(target) if target else None
        if target and iterable is not None:
            self._loop_items[target] = iterable
            if _stops_early(node.body):
                self._loop_groups[target] = self._new_group()
        if target:
            nodes = self._literal_items(node.iter)
            if nodes is None:
                self._loop_nodes.pop(target, None)
            else:
                self._loop_nodes[target] = nodes
        for statement in [*node.body, *node.orelse]:
            self.visit(statement)
        if target and iterable is not None:
            self._loop_groups.pop(target, None)
            if previous is None:
                self._loop_items.pop(target, None)
            else:
                self._loop_items[target] = previous
        if target and previous_group is not None:
            self._loop_groups[target] = previous_group
        if target:
            if previous_nodes is None:
                self._loop_nodes.pop(target, None)
            else:
                self._loop_nodes[target] = previous_nodes

    def _note_logical_loop(self, node: ast.For) -> None:
        """``for name, dep in self.spec.dependencies.items()`` / ``for name in spec.outputs``:
        ``name`` holds a logical name."""
        iterable = node.iter
        if (
            isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr in ("items", "keys")
        ):
            iterable = iterable.func.value
        if not (isinstance(iterable, ast.Attribute) and iterable.attr in _SPEC_PARTS):
            return
        target = node.target
        if isinstance(target, ast.Tuple) and target.elts:
            target = target.elts[0]
        if isinstance(target, ast.Name):
            self._logical_vars.add(target.id)

    def _logical_name_compare(self, node: ast.Compare) -> None:
        """``logical_name == "model_input"`` / ``logical_name in ("a", "b")`` on a name that
        holds a spec's logical name: a lookup by name (one group per comparison)."""
        if len(node.ops) == 1 and len(node.comparators) == 1:
            left, right = node.left, node.comparators[0]
            if isinstance(left, ast.Constant) and isinstance(right, ast.Name):
                left, right = right, left
            if isinstance(left, ast.Name) and left.id in self._logical_vars:
                items = right.elts if isinstance(right, (ast.Tuple, ast.List, ast.Set)) else [right]
                names = [
                    item
                    for item in items
                    if isinstance(item, ast.Constant) and isinstance(item.value, str)
                ]
                group = self._new_group() if len(names) > 1 else None
                for item in names:
                    span = self.conv.positions.span(item)
                    key = self.conv.convert(item)
                    self.out.key_uses.append(
                        KeyUse(_LOGICAL_NAME, key, span, "compare", False, group)
                    )

    def _literal_items(self, node: ast.expr) -> tuple[ast.expr, ...] | None:
        """The items of a literal list/tuple/set iterated directly or through a local name."""
        if isinstance(node, ast.Name):
            return self._local_seq_nodes.get(node.id)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return tuple(node.elts)
        return None

    def visit_Assign(self, node: ast.Assign) -> None:
        value = node.value
        parsed = _parsed_namespace(node)
        if parsed is not None:
            self._parsed_args.add(parsed)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if self._is_env_object(value) and (
                name in self.ctx.env_objects or self._environ_alias(name)
            ):
                # ``ENV = os.environ``: another name for the environment, no use of it.
                self._env_objects_read.add(id(value))
            if name in self._bound_once():
                self.out.local_values.append((name, self.conv.convert(value)))
                if not self._nested:
                    self._bound_values[name] = value
            if isinstance(value, ast.Attribute) and value.attr == _LOGICAL_NAME:
                self._logical_vars.add(name)
            else:
                self._logical_vars.discard(name)
            self._local_seq_nodes.pop(name, None)
            if isinstance(value, (ast.List, ast.Tuple)):
                self._local_seqs[name] = self.conv.convert(value)
                self._local_seq_nodes[name] = tuple(value.elts)
            if self.ctx.scope == "__main__":
                self.out.local_bindings.append((name, self.conv.convert(value)))
                if isinstance(value, ast.Dict) or (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Name)
                    and value.func.id == "dict"
                ):
                    self._main_dicts.add(name)
            if isinstance(value, ast.Call):
                callee = dotted(value.func) or ""
                if callee.endswith("parse_args") or callee.endswith("parse_known_args"):
                    self._parsed_args.add(name)
                elif callee.rpartition(".")[2] in self.ctx.dag_classes:
                    self.out.dag_creations.append((self.ctx.scope, name, self.conv.call(value)))
            elif self._namespace_alias(name, value):
                self._parsed_args.add(name)
        for target in node.targets:
            if (
                self.ctx.scope == "<module>"
                and isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
            ):
                self._module_write(target.value.id, node, "store", target.slice, node.value)
            if (
                self.ctx.scope == "__main__"
                and isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
            ):
                self.out.dict_stores.append(
                    (target.value.id, self.conv.convert(target.slice), self.conv.convert(value))
                )
            if isinstance(target, ast.Subscript) and isinstance(value, ast.Call):
                if (dotted(value.func) or "").rpartition(".")[2] in CONSTRUCTION_CLASSES:
                    self._channel = self.conv.convert(target.slice)
        uses_before = len(self.out.key_uses)
        self.visit(value)
        self._channel = None
        if (
            len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and len(self.out.key_uses) == uses_before + 1
            and self.out.key_uses[uses_before].group is None
        ):
            self._bind_get(node.targets[0].id, value, uses_before)
        for target in node.targets:
            self.visit(target)
            if isinstance(target, ast.Name):
                self._bind(target.id, value)

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        if value is not None and not self._nested and self._method:
            for returned, local, container in self._returned(value, None, frozenset()):
                if container:
                    span = self.conv.positions.span(returned)
                    self.out.returned_values.append(ReturnedValue(None, local, span))
                    continue
                result = self._self_result(returned, local)
                if result is not None:
                    self.out.returned_self.append(result)
                else:
                    converted = self.conv.convert(returned)
                    self.out.returned_values.append(ReturnedValue(converted, local, converted.span))
        self.generic(node)

    def _returned(
        self, node: ast.expr, local: str | None, seen: frozenset[str]
    ) -> Iterator[tuple[ast.expr, str | None, bool]]:
        """The values a returned expression may give (see
        :class:`~alignlint.extract.facts.ReturnedValue`), each with the local name it is
        returned through and whether it is a local name holding a container the body builds
        (given as the name itself)."""
        if isinstance(node, ast.IfExp):
            yield from self._returned(node.body, local, seen)
            yield from self._returned(node.orelse, local, seen)
        elif isinstance(node, ast.BoolOp):
            for operand in node.values:
                yield from self._returned(operand, local, seen)
        elif (copied := _copied(node)) is not None:
            yield from self._returned(copied, local, seen)
        elif isinstance(node, ast.Name) and node.id in self._local_counts():
            bound = self._bound_values.get(node.id)
            if bound is None or node.id in seen or _container(bound):
                yield node, local or node.id, True
            else:
                yield from self._returned(bound, local or node.id, seen | {node.id})
        else:
            yield node, local, False

    def visit_FunctionDef(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    ) -> None:
        self._nested += 1
        self.generic(node)
        self._nested -= 1

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def _self_result(self, node: ast.expr, local: str | None) -> SelfResult | None:
        """``self.x`` or ``self.x(...)`` (returned through the local name ``local``) as a
        :class:`SelfResult`; None for anything else."""
        called = isinstance(node, ast.Call)
        target = node.func if isinstance(node, ast.Call) else node
        if not (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
        ):
            return None
        arguments = isinstance(node, ast.Call) and bool(node.args or node.keywords)
        span = self.conv.positions.span(node)
        return SelfResult(target.attr, called, arguments, span, local)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        """``x: T = value`` is ``x = value`` (its annotation read as any expression);
        ``x: T`` alone binds nothing."""
        self.visit(node.annotation)
        if node.value is None:
            self.visit(node.target)
            if isinstance(node.target, ast.Name):
                self._bind(node.target.id, None)
            return
        self.visit_Assign(ast.Assign(targets=[node.target], value=node.value))

    # -- expressions -------------------------------------------------------------------------
    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        # ``hasattr(c, "x") and c.x``, ``not hasattr(c, "x") or c.x is None``: each operand is
        # evaluated only where the operands before it let evaluation go on.
        # An ``or`` that tests no ``hasattr`` is a fallback chain (its reads share a group).
        # Likewise ``"k" in input_paths and input_paths["k"]`` (tests of a dict's keys).
        goes_on_when = isinstance(node.op, ast.And)
        if goes_on_when or any(self._present(value, False) for value in node.values):
            guards: frozenset[str] = frozenset()
            present: frozenset[str] = frozenset()
            for value in node.values:
                with self._guarded(guards, present):
                    self.visit(value)
                guards = guards | frozenset(self._present(value, goes_on_when))
                present = present | self._env_tested(value, goes_on_when)
            return
        saved = self._group
        self._group = saved if saved is not None else self._new_group()
        for value in node.values:
            self.visit(value)
        self._group = saved

    def visit_IfExp(self, node: ast.IfExp) -> None:
        """``d["a"] if "a" in d else d["b"]``: both branches read the same dict and the test asks
        which key it has, so the reads form one fallback chain."""
        dict_name = self._chained_dict(node.body)
        if (
            self._group is not None
            or dict_name is None
            or self._chained_dict(node.orelse) != dict_name
            or not self._tests_membership(node.test, dict_name)
        ):
            self._mark_tested_gets(node.test)
            self.visit(node.test)
            with self._guarded(env=self._env_tested(node.test, True)):
                self.visit(node.body)
            with self._guarded(env=self._env_tested(node.test, False)):
                self.visit(node.orelse)
            return
        self._group = self._new_group()
        try:
            self.visit(node.body)
            self.visit(node.orelse)
        finally:
            self._group = None
        self.visit(node.test)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self._table_read(node.value, node.slice)
        if self._is_env_object(node.value):
            self._env_objects_read.add(id(node.value))
        span = self.conv.positions.span(node)
        if not isinstance(node.ctx, ast.Load) and self._key_dict(node.value) == "environ_vars":
            self.out.dict_other_uses.append(("environ_vars", span))
        if isinstance(node.ctx, ast.Store):
            if self.ctx.record_key_writes:
                self.out.key_writes.append(KeyWrite(self.conv.convert(node.slice), span))
            self.visit(node.slice)
            return
        if isinstance(node.ctx, ast.Load):
            self._main_dict_read(node.value, node.slice, span, False)
            if self.ctx.record_key_writes:
                self._dump_read(node.value, node.slice, node, False)
            if self._is_env_object(node.value):
                self._env_objects_read.add(id(node.value))
                set_here = _name_key(node.slice) in self._env_present
                via = "os.environ[] if present" if set_here else "os.environ[]"
                self._env_read(node, node.slice, via, None)
            else:
                dict_name = self._key_dict(node.value)
                if dict_name == "environ_vars":
                    set_here = self._tested_present(dict_name, node.slice)
                    via = "environ_vars[] if present" if set_here else "environ_vars[]"
                    self._env_read(node, node.slice, via, None)
                elif dict_name is not None:
                    alternatives = self._alternative_keys(node.slice, dict_name)
                    if alternatives is not None:
                        group = self._group if self._group is not None else self._new_group()
                        for alternative in alternatives:
                            key = self.conv.convert(alternative)
                            use = KeyUse(dict_name, key, span, "subscript", False, group)
                            self.out.key_uses.append(use)
                    else:
                        key, kind = self._key_expr(node.slice)
                        kind = "loop" if kind == "loop" else "subscript"
                        chain = self._key_group(node.slice)
                        present = self._tested_present(dict_name, node.slice)
                        self.out.key_uses.append(
                            KeyUse(dict_name, key, span, kind, False, chain, present)
                        )
        self.generic(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self._is_env_object(node):
            self._whole_env_use(node)
            return
        if isinstance(node.ctx, ast.Load):
            via = self._is_config(node.value)
            if via is not None:
                self.out.config_reads.append(
                    ConfigRead(
                        node.attr,
                        self.conv.positions.span(node),
                        via,
                        node.attr in self._guards,
                        False,
                        called=id(node) in self._callees,
                    )
                )
            elif isinstance(node.value, ast.Name) and node.value.id in self._parsed_args:
                self.out.job_arg_reads.append(NamedUse(node.attr, self.conv.positions.span(node)))
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                self.out.self_attrs[node.attr] = None
        self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> None:
        if self._is_env_object(node):
            self._whole_env_use(node)
        if (
            node.id in self._main_dicts
            and isinstance(node.ctx, ast.Load)
            and id(node) not in self._main_dict_reads
            and self._display == 0
        ):
            self.out.dict_other_uses.append((node.id, self.conv.positions.span(node)))
        if (
            node.id in self.ctx.path_tables
            and isinstance(node.ctx, ast.Load)
            and id(node) not in self._keyed
        ):
            self.out.table_uses[node.id] = None
        if (
            self.ctx.record_references
            and isinstance(node.ctx, ast.Load)
            and node.id not in self.out.references
            and id(node) not in self._passed_on
        ):
            self.out.references[node.id] = self.conv.convert(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if not isinstance(value, str):
            return
        if value.startswith(CONTAINER_PREFIX) and not self._in_path:
            self.out.container_paths.append(self.conv.convert(node))
        elif value[:1] == "-" and _FLAG.match(value):
            self.out.flags.append(self.conv.convert(node))

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=False):
            if key is None and self.ctx.record_key_writes:
                self.out.merges.append(self.conv.convert(value))
            if key is not None:
                if self.ctx.record_key_writes:
                    self.out.key_writes.append(
                        KeyWrite(self.conv.convert(key), self.conv.positions.span(key))
                    )
                self.visit(key)
            saved = self._channel
            if key is not None and isinstance(value, ast.Call):
                self._channel = self.conv.convert(key)
            self.visit(value)
            self._channel = saved

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Div) and not self._in_path:
            if isinstance(node.left, (ast.Name, ast.Attribute, ast.Call, ast.BinOp)) or (
                _contains_container_literal(node)
            ):
                self._path_composition(node)
                return
        if (
            isinstance(node.op, ast.Add)
            and not self._in_path
            and (_contains_container_literal(node) or _named_root_concat(node))
        ):
            self._path_composition(node)
            return
        self.generic(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        flag = not self._display and _formatted_flag(node)
        self._display += 1
        try:
            if not self._in_path and (
                _contains_container_literal(node) or _named_root_fstring(node)
            ):
                self._path_composition(node)
                return
            if flag:
                # ``f"--{name}"``: the flag is the whole string (its evaluated value), not its
                # literal head ``"--job-"`` of ``f"--job-{kind}"``.
                self.out.flags.append(self.conv.convert(node))
                for part in node.values:
                    if isinstance(part, ast.FormattedValue):
                        self.visit(part)
                return
            self.generic(node)
        finally:
            self._display -= 1

    def visit_Compare(self, node: ast.Compare) -> None:
        self._logical_name_compare(node)
        if (
            len(node.ops) == 1
            and isinstance(node.ops[0], (ast.In, ast.NotIn))
            and self._is_env_object(node.comparators[0])
        ):
            # ``"X" in os.environ`` reads whether X is set.
            self._env_objects_read.add(id(node.comparators[0]))
            self._env_read(node, node.left, "in os.environ", None)
        self.generic(node)

    def _whole_env_use(self, node: ast.expr) -> None:
        """``os.environ`` used otherwise than to read one variable (``.items()``, ``dict(...)``,
        passed on): any variable may be read, recorded as a read of an unknown name."""
        if id(node) in self._env_objects_read or not isinstance(
            getattr(node, "ctx", None), ast.Load
        ):
            return
        span = self.conv.positions.span(node)
        name = Opaque("the environment is used whole", span)
        self.out.env_reads.append(EnvRead(name, span, "os.environ", None, False))

    def _path_composition(self, node: ast.expr) -> None:
        self.out.container_paths.append(self.conv.convert(node))
        self._in_path = True
        try:
            self.generic(node)
        finally:
            self._in_path = False

    def visit_Call(self, node: ast.Call) -> None:
        callee = dotted(node.func) or ""
        short = callee.rpartition(".")[2]
        if is_display_call(node):
            self._display += 1
            try:
                self._visit_call(node, callee, short)
            finally:
                self._display -= 1
            return
        self._visit_call(node, callee, short)

    def _visit_call(self, node: ast.Call, callee: str, short: str) -> None:
        channel, self._channel = self._channel, None
        self._callees.add(id(node.func))
        if (
            self.ctx.scope == "<module>"
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.attr in _MAPPING_CHANGES
        ):
            self._module_call_write(node, node.func.value.id, node.func.attr)
        if (
            isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
            and "." in self.ctx.scope
        ):
            self._self_passes(node, node.func.attr)
        if (
            isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Call)
            and dotted(node.func.value.func) == "super"
        ):
            self.out.super_calls[node.func.attr] = None
        if (
            self.ctx.record_key_writes
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
        ):
            self._dump_read(node.func.value, node.args[0], node, True)
        if callee == "isinstance" and len(node.args) == 2:
            subject = dotted(node.args[0]) or "?"
            self.out.isinstance_checks.append((subject, self.conv.convert(node.args[1])))
        elif callee == "getattr" and len(node.args) >= 2 and self._is_config(node.args[0]):
            name = node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                self.out.config_reads.append(
                    ConfigRead(
                        name.value,
                        self.conv.positions.span(node),
                        "getattr",
                        name.value in self._guards,
                        len(node.args) == 3,
                    )
                )
        elif short in CONSTRUCTION_CLASSES:
            self.out.constructions.append(Construction(short, self.conv.call(node), channel))
        elif short in STEP_CLASSES:
            self.out.step_classes.append(NamedUse(short, self.conv.positions.span(node)))
        elif callee in self.ctx.getenv_functions and node.args:
            self._env_get(node, "os.getenv")
        elif callee == self.ctx.main_name:
            self.out.main_calls.append(self.conv.call(node))
        elif short == "ArgumentParser":
            span = self.conv.positions.span(node)
            self.out.parsers.append(span)
            if any(k.arg in ("parents", None) for k in node.keywords):
                # Options inherited from parent parsers are not seen: the set is not known.
                self.out.arguments.append(ArgumentFact((), None, None, None, span, True))
        if isinstance(node.func, ast.Attribute):
            chain = self._method_call(node, node.func)
            if chain is not None:
                # A path dict's ``.get(key, default)``: a read of the same dict in the default is
                # the next key of the same fallback chain (visited once, in the chain).
                self.visit(node.func)
                self.visit(node.args[0])
                saved = self._group
                self._group = chain
                for arg in node.args[1:]:
                    self.visit(arg)
                self._group = saved
                for keyword in node.keywords:
                    self.visit(keyword.value)
                return
        if (
            (callee in _PATH_CALLS or callee in self.ctx.join_functions)
            and not self._in_path
            and node.args
        ):
            self._path_composition(node)
            return
        if isinstance(node.func, ast.Name):
            self._dict_passes(node, node.func.id)
        self.generic(node)

    def _method_call(self, node: ast.Call, func: ast.Attribute) -> int | None:
        """Record what a method call means; for a path dict's ``.get`` with a default, the
        fallback chain its default belongs to (the caller visits the arguments)."""
        method = func.attr
        receiver = func.value
        span = self.conv.positions.span(node)
        if method == "get" and node.args:
            self._table_read(receiver, node.args[0])
            self._main_dict_read(receiver, node.args[0], span, len(node.args) > 1)
            if self._is_env_object(receiver):
                self._env_objects_read.add(id(receiver))
                self._env_get(node, "os.environ.get")
                return None
            dict_name = self._key_dict(receiver)
            if dict_name == "environ_vars":
                self._env_get(node, "environ_vars.get")
            elif dict_name is not None:
                has_default = len(node.args) > 1
                alternatives = self._alternative_keys(node.args[0], dict_name)
                group = self._key_group(node.args[0])
                if group is None and (has_default or alternatives is not None):
                    group = self._new_group()
                if alternatives is not None:
                    for alternative in alternatives:
                        key = self.conv.convert(alternative)
                        self.out.key_uses.append(
                            KeyUse(dict_name, key, span, "get", has_default, group)
                        )
                else:
                    key, kind = self._key_expr(node.args[0])
                    kind = "loop" if kind == "loop" else "get"
                    present = (
                        self._tested_present(dict_name, node.args[0])
                        or id(node) in self._tested_gets
                    )
                    self.out.key_uses.append(
                        KeyUse(dict_name, key, span, kind, has_default, group, present)
                    )
                if has_default:
                    return group
        elif method in _ENV_WRITES and self._is_env_object(receiver):
            self._env_objects_read.add(id(receiver))
        elif method in _ENV_WRITES and self._key_dict(receiver) == "environ_vars":
            self.out.dict_other_uses.append(("environ_vars", span))
        elif method in _WHOLE_DICT_METHODS and not node.args:
            self._whole_dict_use(receiver, f".{method}()")
        elif method == "add_argument":
            self.out.arguments.append(self._argument(node))
        elif method == "add_subparsers":
            # Sub-commands: the options the parser accepts are no longer one known set.
            self.out.arguments.append(ArgumentFact((), None, None, None, span, True))
        elif method == "parse_known_args":
            self.out.lenient_parses.append(span)
        elif method == "parse_args":
            if not node.args and all(
                k.arg == "args" and isinstance(k.value, ast.Constant) and k.value.value is None
                for k in node.keywords
            ):
                self.out.strict_parses.append(span)
        elif method == "update":
            for keyword in node.keywords:
                if keyword.arg is not None and self.ctx.record_key_writes:
                    self.out.key_writes.append(KeyWrite(Lit(keyword.arg, span), span))
            if self.ctx.record_key_writes:
                for arg in node.args:
                    if not isinstance(arg, ast.Dict):
                        self.out.merges.append(self.conv.convert(arg))
        elif method in ("add_node", "add_edge"):
            receiver_name = dotted(receiver)
            if receiver_name is not None:
                args = _dag_call_arguments(node, method)
                self.out.dag_calls.append(
                    DagCall(
                        self.ctx.scope,
                        receiver_name,
                        method,
                        tuple(self.conv.convert(arg) for arg in args),
                        span,
                        self._loops_used_by(args),
                    )
                )
        return None

    def _main_dict_read(self, table: ast.expr, key: ast.expr, span: Span, default: bool) -> None:
        """``name[k]`` / ``name.get(k)`` in ``__main__`` on a local dict display."""
        if isinstance(table, ast.Name) and table.id in self._main_dicts:
            self._main_dict_reads.add(id(table))
            self.out.dict_reads.append((table.id, self.conv.convert(key), span, default))

    def _module_write(
        self,
        name: str,
        node: ast.AST,
        how: str,
        key: ast.expr | None = None,
        value: ast.expr | None = None,
    ) -> None:
        """Record a change of module-level mapping ``name`` (see :class:`ModuleWrite`)."""
        self.out.module_writes.append(
            ModuleWrite(
                name,
                self.conv.convert(key) if key is not None else None,
                self.conv.convert(value) if value is not None else None,
                self.conv.positions.span(node),
                how,
            )
        )

    def _module_call_write(self, node: ast.Call, name: str, method: str) -> None:
        """``NAME.update(...)`` (each mapping merged in, each keyword a store) or another
        method changing ``NAME`` at module level."""
        if method in ("pop", "setdefault") and node.args and not node.keywords:
            value = node.args[1] if method == "setdefault" and len(node.args) > 1 else None
            self._module_write(name, node, method, node.args[0], value)
            return
        if method != "update":
            self._module_write(name, node, method)
            return
        if len(node.args) > 1:
            self._module_write(name, node, "update()")
            return
        for arg in node.args:
            self._module_write(name, node, "update", value=arg)
        for keyword in node.keywords:
            if keyword.arg is None:
                self._module_write(name, node, "update", value=keyword.value)
            else:
                key = ast.Constant(keyword.arg)
                ast.copy_location(key, keyword)
                self._module_write(name, node, "store", key, keyword.value)

    def visit_Delete(self, node: ast.Delete) -> None:
        if self.ctx.scope == "<module>":
            for target in node.targets:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    self._module_write(target.value.id, node, "pop", target.slice)
        self.generic(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        target = node.target
        if self.ctx.scope == "<module>" and isinstance(target, ast.Name):
            if isinstance(node.op, ast.BitOr):
                self._module_write(target.id, node, "update", value=node.value)
            else:
                self._module_write(target.id, node, type(node.op).__name__)
        if isinstance(target, ast.Name) and (
            target.id in self._main_dicts or self._key_dict(target) == "environ_vars"
        ):
            self.out.dict_other_uses.append((target.id, self.conv.positions.span(target)))
        self.generic(node)

    def _table_read(self, table: ast.expr, key: ast.expr) -> None:
        """``TABLE["K"]`` / ``TABLE.get("K")`` on a module-level table of container paths."""
        if isinstance(table, ast.Name) and table.id in self.ctx.path_tables:
            self._keyed.add(id(table))
            self.out.table_reads.append((table.id, self.conv.convert(key)))

    def _loops_used_by(self, args: list[ast.expr]) -> tuple[DagLoop, ...]:
        """The enclosing loops whose targets ``args`` read, with the loops their iterables
        need in turn (outermost first)."""
        needed = {child.id for arg in args for child in walk(arg) if isinstance(child, ast.Name)}
        used: list[DagLoop] = []
        for loop in reversed(self._loops):
            if needed & set(loop.targets):
                used.append(loop)
                needed |= set(_ir_names(loop.iterable))
        return tuple(reversed(used))

    def _whole_dict_use(self, node: ast.expr, how: str) -> None:
        """A path dict used as a whole (``d.items()``, ``for k in d``): any key may be used;
        not when the use is only shown (in an f-string, or given to ``print`` or a logging
        call: ``logger.info(f"inputs: {list(input_paths.keys())}")`` uses no path)."""
        dict_name = self._key_dict(node)
        if dict_name is None or dict_name == "environ_vars" or self._display > 0:
            return
        span = self.conv.positions.span(node)
        key = Opaque(f"every key of `{dict_name}` is used ({how})", span)
        self.out.key_uses.append(KeyUse(dict_name, key, span, "iteration", False, None))

    def _env_get(self, node: ast.Call, via: str) -> None:
        default_node = node.args[1] if len(node.args) > 1 else None
        for keyword in node.keywords:
            if keyword.arg == "default":
                default_node = keyword.value
        self._env_read(node, node.args[0], via, default_node)

    def _env_read(
        self, node: ast.expr, name: ast.expr, via: str, default_node: ast.expr | None
    ) -> None:
        """One read of the variable ``name``; in a loop over a literal sequence
        (``for name in (A, B): os.environ.get(name)``), one read of each item."""
        default = self.conv.convert(default_node) if default_node is not None else None
        span = self.conv.positions.span(node)
        transforms = self._value_chains(node) if via != "in os.environ" else ((),)
        names = (
            self._loop_nodes[name.id]
            if isinstance(name, ast.Name) and name.id in self._loop_nodes
            else (name,)
        )
        for each in names:
            self.out.env_reads.append(
                EnvRead(
                    self.conv.convert(each),
                    span,
                    via,
                    default,
                    default_node is not None,
                    self._display > 0,
                    transforms,
                )
            )

    def _prefix_loop(self, node: ast.For) -> ast.expr | None:
        """``P`` of ``for k[, v] in os.environ[.items()|.keys()]: if k.startswith(P): ...``, a
        loop whose whole body is that ``if`` (no ``else`` anywhere): it uses only the variables
        whose names start with ``P``. None for any other loop."""
        if node.orelse or len(node.body) != 1:
            return None
        test = node.body[0]
        if not isinstance(test, ast.If) or test.orelse:
            return None
        return self._prefix_filter(node.iter, node.target, test.test)

    def _prefix_filter(
        self, iterable: ast.expr, target: ast.expr, test: ast.expr
    ) -> ast.expr | None:
        """``P`` when ``iterable`` is the environment (``.items()``, ``.keys()`` or itself),
        ``target`` binds the name first and ``test`` is ``name.startswith(P)``; the environment
        object is then counted as read (not used whole)."""
        if (
            isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr in ("items", "keys")
            and not iterable.args
        ):
            iterable = iterable.func.value
        if not self._is_env_object(iterable):
            return None
        if isinstance(target, ast.Tuple) and target.elts:
            target = target.elts[0]
        if not (
            isinstance(target, ast.Name)
            and isinstance(test, ast.Call)
            and isinstance(test.func, ast.Attribute)
            and test.func.attr == "startswith"
            and isinstance(test.func.value, ast.Name)
            and test.func.value.id == target.id
            and len(test.args) == 1
            and not test.keywords
        ):
            return None
        self._env_objects_read.add(id(iterable))
        return test.args[0]

    def _prefix_read(self, iterable: ast.expr, prefix: ast.expr) -> None:
        span = self.conv.positions.span(iterable)
        name = Opaque("the variables whose names start with a prefix are read", span)
        self.out.env_reads.append(
            EnvRead(name, span, "os.environ prefix", None, False, prefix=self.conv.convert(prefix))
        )

    def visit_comprehension(self, node: ast.comprehension) -> None:
        """``{k: v for k, v in os.environ.items() if k.startswith(P)}``: a prefix read."""
        if len(node.ifs) == 1:
            prefix = self._prefix_filter(node.iter, node.target, node.ifs[0])
            if prefix is not None:
                self._prefix_read(node.iter, prefix)
        self.generic(node)

    def _value_chains(self, node: ast.expr) -> tuple[tuple[str, ...], ...]:
        """Where the value of the env read ``node`` goes (see ``EnvRead.transforms``)."""
        if self._value_uses is None:
            module = self._module_names if self.ctx.scope in ("<module>", "__main__") else None
            self._value_uses = ValueUses(self._body, self._single_here, module)
        return self._value_uses.chains(node)

    def _argument(self, node: ast.Call) -> ArgumentFact:
        flags: list[str] = []
        dynamic = False
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                flags.append(arg.value)
            else:
                dynamic = True
        dest: str | None = None
        required: Expr | None = None
        default: Expr | None = None
        choices: Expr | None = None
        for keyword in node.keywords:
            if keyword.arg == "dest":
                if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                    dest = keyword.value.value
                else:
                    dynamic = True
            elif keyword.arg == "required":
                required = self.conv.convert(keyword.value)
            elif keyword.arg == "default":
                default = self.conv.convert(keyword.value)
            elif keyword.arg == "choices":
                choices = self.conv.convert(keyword.value)
            elif keyword.arg is None:
                dynamic = True
        return ArgumentFact(
            tuple(flags), dest, required, default, self.conv.positions.span(node), dynamic, choices
        )

    def _dict_passes(self, node: ast.Call, callee: str) -> None:
        for position, arg in enumerate(node.args):
            if isinstance(arg, ast.Name) and arg.id in self._params:
                self.out.dict_passes.append(DictPass(arg.id, callee, position, None))
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg and isinstance(value, ast.Name) and value.id in self._params:
                self.out.dict_passes.append(DictPass(value.id, callee, None, keyword.arg))

    def _self_passes(self, node: ast.Call, method: str) -> None:
        """``self.method(..., p, ..., k=q)`` with ``p``, ``q`` parameters: see
        :attr:`~alignlint.extract.facts.BodyFacts.self_passes`."""
        if any(isinstance(arg, ast.Starred) for arg in node.args) or any(
            keyword.arg is None for keyword in node.keywords
        ):
            return  # which parameter receives what is not known
        passed = [
            (arg, DictPass(arg.id, method, position, None))
            for position, arg in enumerate(node.args)
            if isinstance(arg, ast.Name) and arg.id in self._params and arg.id != "self"
        ]
        passed.extend(
            (keyword.value, DictPass(keyword.value.id, method, None, keyword.arg))
            for keyword in node.keywords
            if isinstance(keyword.value, ast.Name)
            and keyword.value.id in self._params
            and keyword.value.id != "self"
        )
        for arg, fact in passed:
            self._passed_on.add(id(arg))
            self.out.self_passes.append(fact)

    # -- nested scopes -----------------------------------------------------------------------
    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.body)


def _stops_early(statements: list[ast.stmt]) -> bool:
    """Whether a loop body leaves the loop (``break``/``return``) outside nested loops and
    functions: a loop over candidate keys that stops at the first one found."""
    stack: list[ast.AST] = list(statements)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Break, ast.Return)):
            return True
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))
    return False


#: Methods that write the environment (not reads of it).
_ENV_WRITES = frozenset({"setdefault", "update", "pop", "__setitem__", "clear"})
#: Methods that change a mapping (module-level code changing a module-level table).
_MAPPING_CHANGES = frozenset(
    {"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__", "__ior__"}
)

#: ``visit_<NodeType>`` handlers by node class (looked up once instead of per node).
_HANDLERS: dict[type[ast.AST], Callable[[BodyScanner, Any], None]] = {
    getattr(ast, name.removeprefix("visit_")): getattr(BodyScanner, name)
    for name in dir(BodyScanner)
    if name.startswith("visit_")
}
