"""Phase 1 facts: what one file declares, as frozen, picklable dataclasses (no parser objects).

A :class:`FileFacts` is a pure function of ``(path, bytes, extraction settings)``; its
``content_hash`` (sha256 of the bytes) lets a cache or a worker pool reuse it. Values that need
other modules to be understood are kept as expression IR (:mod:`alignlint.extract.ir`) and
evaluated in phase 2 (:mod:`alignlint.model.values`).
"""

from __future__ import annotations

from alignlint.core.records import record
from alignlint.core.types import Span, Unresolved
from alignlint.extract.directives import Directive
from alignlint.extract.ir import Call, Expr, compact

FACTS_SCHEMA = 55
"""Bumped whenever what extraction stores changes shape or meaning (part of the cache namespace)."""


@compact
@record(slots=True)
class FileError:
    """Why a file could not be read or parsed. ``kind`` is ``"syntax"`` or ``"undecodable"``.
    ``transient`` marks an outcome that may differ on the next run (the parser ran out of
    memory): facts holding one are never cached."""

    kind: str
    message: str
    span: Span
    transient: bool = False


@compact
@record(slots=True)
class ImportFact:
    """One imported name. ``module`` is absolute (relative imports resolved against the file's
    directory) or None when a relative import climbs above the project root. ``name`` is None for
    ``import a.b``; ``bound`` is the name bound in the importing scope (``"*"`` for star imports).
    ``fallback`` for imports in an ``except`` handler or ``else`` branch; ``optional`` for
    imports the code can run without: in a ``try`` body whose handlers catch ``ImportError``
    (or a base of it), or under ``if TYPE_CHECKING:``."""

    module: str | None
    name: str | None
    bound: str
    level: int
    written: str
    span: Span
    fallback: bool = False
    optional: bool = False


@compact
@record(slots=True)
class AssignmentFact:
    """A module-level ``NAME = value`` (or annotated assignment). ``fallback`` marks bindings in
    ``except`` handlers, which never override a binding made by the ``try`` body."""

    name: str
    value: Expr
    span: Span
    fallback: bool = False


@compact
@record(slots=True)
class Param:
    name: str
    default: Expr | None
    kind: str
    annotation: str | None
    span: Span


@compact
@record(slots=True)
class ConfigRead:
    """A use of a config attribute by a builder (``self.config.x``, ``config.x``,
    ``getattr(self.config, "x"[, default])``, ``hasattr(self.config, "x")``).

    ``guarded`` when the code only reaches it where ``hasattr(config, "x")`` holds (inside
    ``if hasattr(...)``, after ``hasattr(...) and``, after ``if not hasattr(...): return``);
    ``has_default`` for ``getattr`` with a default. ``required`` marks a requirement rather than
    a read: ``if not hasattr(config, "x"): raise ...`` (``via`` is ``"hasattr"``), also over a
    loop of literal names. ``called`` when the attribute is called (``self.config.get_x()``)."""

    attr: str
    span: Span
    via: str
    guarded: bool
    has_default: bool
    required: bool = False
    called: bool = False


@compact
@record(slots=True)
class TypedRead:
    """``name.attr`` where the code states ``name``'s class (``name: X`` parameter, or a local
    bound once by ``name = X(...)``): ``cls`` as written; ``store`` for assignments."""

    name: str
    cls: str
    attr: str
    span: Span
    store: bool


@compact
@record(slots=True)
class HyperparameterKey:
    """A key a script uses on the dict it loads from its hyperparameters file: ``kind`` is
    ``read`` (``d["k"]``), ``get`` (``d.get("k", default)``) or ``write`` (``d["k"] = ...``,
    ``d.setdefault``); ``tested`` when ``"k" in d`` appears in the same function."""

    key: str
    span: Span
    kind: str
    function: str
    tested: bool


@compact
@record(slots=True)
class KeyUse:
    """A use of a key of a path/env dict: ``d["K"]`` / ``d.get("K"[, default])``. Uses in one
    fallback chain (``a.get("x") or a.get("y")``, nested ``.get`` defaults) share ``group``.
    ``present`` when a test around the use proved the dict holds the key (``if "K" in d:``,
    ``"K" in d and d["K"]``)."""

    dict_name: str
    key: Expr
    span: Span
    kind: str
    has_default: bool
    group: int | None
    present: bool = False


@compact
@record(slots=True)
class EnvRead:
    """A read of an environment variable. ``default`` is None when there is no default.

    ``display`` marks a read whose value is only shown: inside an f-string, or an argument of
    ``print`` or a logging call. ``transforms`` are the normalisations the value goes through,
    one chain of steps per use (several when it is bound to a local name used more than once;
    none when it is only shown or never used; see :mod:`alignlint.extract.env_uses`), innermost
    first: ``lower``/``upper``/``strip``/``casefold``, ``int``/``float``/``str``/``bool``,
    ``eq:<text>`` (``== "text"`` or ``!=``), ``in:<a>,<b>`` (``in ("a", "b")``), ``or:<text>``
    (``value or "text"``), and last
    ``?<what>`` for code alignlint does not compute (``?passed to `_is_true()```). ``prefix`` is set for a loop over the whole environment that uses only
    the variables whose names start with it (``for k, v in os.environ.items(): if
    k.startswith(P): ...``): the read's ``name`` is then not one name (an ``Opaque``)."""

    name: Expr
    span: Span
    via: str
    default: Expr | None
    has_default: bool
    display: bool = False
    transforms: tuple[tuple[str, ...], ...] = ((),)
    prefix: Expr | None = None


@compact
@record(slots=True)
class ArgumentFact:
    """An ``add_argument(...)`` call: flags as written, explicit ``dest``, ``required``, ``default``."""

    flags: tuple[str, ...]
    dest: str | None
    required: Expr | None
    default: Expr | None
    span: Span
    dynamic: bool
    choices: Expr | None = None


@compact
@record(slots=True)
class Construction:
    """A ``ProcessingInput``/``ProcessingOutput``/``TrainingInput``/... call and, for training
    inputs, the channel name it is stored under (dict key or subscript) when written."""

    class_name: str
    call: Call
    channel: Expr | None


@compact
@record(slots=True)
class NamedUse:
    """A named thing used at a span (a SageMaker step class, a job-args attribute, ...)."""

    name: str
    span: Span


@compact
@record(slots=True)
class KeyWrite:
    """A key written into a mapping (dict display key, ``d["K"] = v``, ``d.update(K=...)``)."""

    key: Expr
    span: Span


@compact
@record(slots=True)
class ModuleWrite:
    """Module-level code changing a module-level mapping after binding it: ``NAME[k] = v``
    (``how`` ``"store"``, with ``key`` and ``value``), ``NAME.update(m)`` / ``NAME |= m``
    (``"update"``, ``value`` the mapping merged in; ``NAME.update(k=v)`` is a store),
    ``NAME.setdefault(k, v)`` (``"setdefault"``), ``del NAME[k]`` / ``NAME.pop(k)``
    (``"pop"``, with ``key``), or any other change (``.clear()``, ``.popitem()``, an
    augmented assignment other than ``|=``: ``how`` names it, ``key`` and ``value`` are
    None)."""

    name: str
    key: Expr | None
    value: Expr | None
    span: Span
    how: str


@compact
@record(slots=True)
class DictPass:
    """A parameter passed on, as it is, to another function of the same module (a tracked dict,
    ``input_paths``: :attr:`BodyFacts.dict_passes`) or to another method of the same object
    (``self._helper(inputs)``: :attr:`BodyFacts.self_passes`, ``callee`` the method's name), as
    the argument at ``position`` or the ``keyword`` one."""

    dict_name: str
    callee: str
    position: int | None
    keyword: str | None


@compact
@record(slots=True)
class SelfResult:
    """``self.name`` (``called``: ``self.name(...)``, ``arguments``: with arguments) whose value a
    method returns: ``return self._helper()``, a branch of a conditional return (``return
    self._helper() if c else {}``, ``return self._helper() or {}``), or ``d = self._helper()``
    ... ``return d`` with ``d`` a local name bound once (``local``: that name; the body may
    change the value before returning it). ``span`` is the expression's."""

    name: str
    called: bool
    arguments: bool
    span: Span
    local: str | None = None


@compact
@record(slots=True)
class SelfStore:
    """A change a method may make to what a data attribute ``self.name`` holds, where ``kind``
    is one of:

    * ``"assign"``: ``self.name = value`` (or annotated); ``value`` is None when it is no one
      expression (an unpacking assignment);
    * ``"key"``: ``self.name[value] = ...``, ``self.name.setdefault(value, ...)``,
      ``self.name.update(value=...)`` (the keyword's name as a literal);
    * ``"merge"``: ``self.name.update(value)``, ``self.name.update(**value)``, ``self.name |=
      value``;
    * ``"alias"``: the value bound to a local name (``value``: that name), through which the
      body may change it;
    * ``"other"``: any other use that may change it (passed to a function, ``del
      self.name[k]``, a method other than ``get`` / ``copy`` / ``items`` / ``keys`` /
      ``values``, bound to another attribute, another augmented assignment).

    Reading it (``self.name[k]``, ``.get(k)``, ``k in self.name``, ``**self.name``, returning
    it, ``len()``, ``dict()`` and other builtins that only read) is no store. ``span`` is the
    ``self.name`` expression's."""

    name: str
    kind: str
    value: Expr | None
    span: Span


@compact
@record(slots=True)
class ReturnedValue:
    """A value a method may return, other than a member of ``self`` (:class:`SelfResult`): the
    value of a ``return``, or one branch of it when it is a conditional expression or a boolean
    operation (``a if c else b``, ``a or b``: each operand is a value it may return); a copy
    (``dict(x)``, ``list(x)``, ``x.copy()``) is read as the value it copies.

    ``local`` is the local name the value is returned through (None: returned as it is): a
    name bound once stands for its value; ``value`` is None when the name holds a container
    the body builds (bound to a display or an empty ``dict()`` / ``list()``, bound more than
    once, or a parameter): what it holds is then what the body writes into it. ``span`` is the
    returned expression's (the name's, for a container)."""

    value: Expr | None
    local: str | None
    span: Span


@compact
@record(slots=True)
class DagLoop:
    """``for <targets> in <iterable>:`` around a DAG call whose arguments use its targets."""

    targets: tuple[str, ...]
    iterable: Expr


@compact
@record(slots=True)
class DagCall:
    """``receiver.add_node(...)`` / ``receiver.add_edge(...)`` in one scope; ``loops`` are the
    enclosing ``for`` loops (outermost first) whose targets the arguments use, so that phase 2
    can add one node or edge per item of a known iterable."""

    scope: str
    receiver: str
    method: str
    args: tuple[Expr, ...]
    span: Span
    loops: tuple[DagLoop, ...] = ()


@compact
@record(slots=True)
class BodyFacts:
    """What a function body (or module-level code) does that rules care about."""

    config_reads: tuple[ConfigRead, ...] = ()
    isinstance_checks: tuple[tuple[str, Expr], ...] = ()
    key_uses: tuple[KeyUse, ...] = ()
    env_reads: tuple[EnvRead, ...] = ()
    job_arg_reads: tuple[NamedUse, ...] = ()
    arguments: tuple[ArgumentFact, ...] = ()
    container_paths: tuple[Expr, ...] = ()
    key_writes: tuple[KeyWrite, ...] = ()
    flags: tuple[Expr, ...] = ()
    constructions: tuple[Construction, ...] = ()
    step_classes: tuple[NamedUse, ...] = ()
    references: tuple[Expr, ...] = ()
    dict_passes: tuple[DictPass, ...] = ()
    #: Methods only: a parameter passed as it is to a method of the same object
    #: (``self._helper(inputs)``, ``self._helper(spec, inputs=inputs)``; ``self`` itself and
    #: calls with ``*args`` / ``**kwargs`` excepted). Such an argument is no use of the name
    #: among :attr:`references`: what the method does with it is what the callee does.
    self_passes: tuple[DictPass, ...] = ()
    #: Methods only: members of the same object whose value the method returns, as it is or
    #: through a local name bound once (``return self._helper()``): what the method returns is
    #: then (partly) what the helper returns. ``self`` there is no name the return expressions
    #: (:attr:`FunctionFact.returns`) can show, being a local name.
    returned_self: tuple[SelfResult, ...] = ()
    #: Methods only: every other value the method may return (see :class:`ReturnedValue`),
    #: in order; with :attr:`returned_self`, every value its ``return`` statements may give
    #: (nested ``def`` and ``class`` bodies excepted).
    returned_values: tuple[ReturnedValue, ...] = ()
    #: Methods only: the changes the body may make to data attributes of ``self`` (see
    #: :class:`SelfStore`), in source order: what ``return self._env`` gives is what every
    #: method of the class hierarchy stores there.
    self_stores: tuple[SelfStore, ...] = ()
    #: ``name = value`` in the ``__main__`` block, in order.
    local_bindings: tuple[tuple[str, Expr], ...] = ()
    main_calls: tuple[Call, ...] = ()
    dag_calls: tuple[DagCall, ...] = ()
    dag_creations: tuple[tuple[str, str, Call], ...] = ()
    #: ``parse_known_args()`` calls: the parser tolerates options it does not define.
    lenient_parses: tuple[Span, ...] = ()
    #: Strings a loop skips: ``if name == "x": ... continue`` (or ``name in ("x", "y")``).
    loop_skips: tuple[str, ...] = ()
    #: ``parse_args()`` calls that read the command line (no argument list given).
    strict_parses: tuple[Span, ...] = ()
    #: ``ArgumentParser(...)`` constructions.
    parsers: tuple[Span, ...] = ()
    #: Attributes read on ``self`` in a method (``self.x``), each once, in order.
    self_attrs: tuple[str, ...] = ()
    #: Methods called on ``super()`` (``super().get_x()``), each once.
    super_calls: tuple[str, ...] = ()
    #: Mappings merged into another (``d.update(x)`` with a non-display ``x``, ``{**x}``), where
    #: key writes are recorded.
    merges: tuple[Expr, ...] = ()
    #: ``name[key] = value`` in the ``__main__`` block: (name, key, value).
    dict_stores: tuple[tuple[str, Expr, Expr], ...] = ()
    #: ``name[key]`` / ``name.get(key[, default])`` in the ``__main__`` block, of a local name
    #: bound to a dict display there: (name, key, span, has a default).
    dict_reads: tuple[tuple[str, Expr, Span, bool], ...] = ()
    #: Other uses of such a name in the ``__main__`` block (passed on, ``.update()``, ``|=``,
    #: ``del name[k]``, ...), outside display contexts (f-strings, print and logging calls);
    #: in functions, writes into an ``environ_vars`` parameter (``environ_vars[k] = v``,
    #: ``.update()``, ``.setdefault()``, ``|=``, ``del``): (name, span). A use may change the
    #: keys the dict holds.
    dict_other_uses: tuple[tuple[str, Span], ...] = ()
    #: Keys read from module-level tables of container paths (``PATHS["K"]``, ``PATHS.get(K)``).
    table_reads: tuple[tuple[str, Expr], ...] = ()
    #: Tables of container paths used otherwise than by key (iterated, passed, returned).
    table_uses: tuple[str, ...] = ()
    #: Methods only: local names bound exactly once, by ``name = value`` (what a later use of
    #: the name stands for: ``name = "model_input"; inputs[name]``).
    local_values: tuple[tuple[str, Expr], ...] = ()
    #: ``if config.x not in VALUES: raise`` (subject ``"config.x"``, whatever names the config)
    #: and ``if v not in VALUES: raise`` with ``v`` a parameter (subject ``"v"``; ``v.lower()``
    #: too): what the code lets through, as (subject, the ``VALUES`` expression).
    accepted_values: tuple[tuple[str, Expr], ...] = ()
    #: Module-level code only: changes to module-level mappings (``STEP_NAMES["X"] = {...}``,
    #: ``STEP_NAMES.update({...})``), in source order.
    module_writes: tuple[ModuleWrite, ...] = ()


EMPTY_BODY = BodyFacts()
"""The facts of a body that does nothing rules care about (shared: one object in a pickle)."""


@compact
@record(slots=True)
class FunctionFact:
    """A function or method: parameters, return expressions (local imports resolved) and body.

    Only what phase 2 and the rules read is kept, since facts are cached and unpickled on every
    run: ``params`` are detailed (defaults, kinds, annotations, spans) for methods and ``main``
    and empty for other module-level functions, whose parameters are only looked up by name
    (``param_names`` holds every function's names, in order). ``returns`` of a module-level
    function is kept when it is the single return (what evaluating a call follows) or when a
    return names a local import; it is empty otherwise.
    """

    name: str
    span: Span
    name_span: Span
    params: tuple[Param, ...]
    param_names: tuple[str, ...]
    decorators: tuple[Expr, ...]
    returns: tuple[Expr, ...]
    body: BodyFacts
    is_async: bool = False
    #: Attribute uses on names of a stated class (see :class:`TypedRead`).
    typed_reads: tuple[TypedRead, ...] = ()
    #: The module-level functions and classes and the imported names (with the attributes
    #: read on those: ``helpers.read_flag``) the function loads, nested scopes included,
    #: sorted: the code of its module or of another one it may run (env reads in imported
    #: modules count as the script's).
    uses: tuple[str, ...] = ()

    @property
    def single_return(self) -> Expr | None:
        return self.returns[0] if len(self.returns) == 1 else None


@compact
@record(slots=True)
class MemberFact:
    """A class-body member. ``kind``: field | private_attr | class_attribute | model_config |
    property | method | classmethod | staticmethod. ``default`` is unwrapped from
    ``Field(default=...)`` / ``PrivateAttr(default=...)``; ``required`` for fields without one."""

    name: str
    kind: str
    span: Span
    annotation: str | None
    default: Expr | None
    required: bool


@compact
@record(slots=True)
class ClassFact:
    """A class statement. ``keywords`` are its class keywords as written (``metaclass=...``,
    pydantic's ``extra="allow"``), keyword ``None`` standing for ``**mapping``."""

    name: str
    span: Span
    name_span: Span
    bases: tuple[Expr, ...]
    keywords: tuple[tuple[str | None, Expr], ...]
    decorators: tuple[Expr, ...]
    members: tuple[MemberFact, ...]
    methods: tuple[FunctionFact, ...]
    fallback: bool = False

    def method(self, name: str) -> FunctionFact | None:
        for method in self.methods:
            if method.name == name:
                return method
        return None


WORKSPACE_TABLES = ("LOCAL_STEPS", "STEP_OVERRIDES", "PROJECT_STEP_NAMES")
"""The per-workspace tables of a hybrid registry (new steps, overrides of shared steps, a
project's rows): code that reads them adds registry rows only inside a workspace context."""


@compact
@record(slots=True)
class ScopeReferences:
    """What one module-level function or class refers to, nested scopes included: the names it
    reads, the imports made inside it, and the identifier-like string constants it holds
    (``getattr(module, "TABLE")``). Recorded only in files that mention a registry name or a
    :data:`WORKSPACE_TABLES` name, where a registry may be computed: :mod:`alignlint.model.registry_sources` follows these to the
    static tables such a registry is built from."""

    name: str
    names: tuple[str, ...]
    imports: tuple[ImportFact, ...]
    strings: tuple[str, ...]


@compact
@record(slots=True)
class JsonDag:
    """A DAG read from a JSON file: node names and edges, each with the span of its text.
    ``nested`` when the file holds them under a top-level ``dag`` object."""

    span: Span
    nodes: tuple[tuple[str, Span], ...]
    edges: tuple[tuple[str, str, Span], ...]
    nested: bool = False


@compact
@record(slots=True)
class YamlRegistry:
    """A step registry read from a YAML file: ``rows`` is a dict display of literal keys and
    values with their spans, or an ``Opaque`` saying why the file could not be read."""

    name: str
    span: Span
    rows: Expr


@compact
@record(slots=True)
class FileFacts:
    """Everything phase 1 knows about one file.

    ``kind`` is ``python``, ``json``, ``yaml``, ``other`` (read, nothing extracted) or
    ``compiled``: a compiled extension module, never read, known only to exist. ``module`` is
    the path-based dotted name (``steps/specs/x_spec.py`` -> ``steps.specs.x_spec``,
    a package's ``__init__.py`` -> the package); phase 2 adds package-root aware names.
    ``scanned`` is False when the cheap text test showed the file can hold no component body
    facts (imports, constants and classes are still recorded). ``directives`` are the file's
    suppression comments (any decodable file, even one that does not parse).
    """

    path: str
    content_hash: str
    kind: str
    module: str | None
    is_package: bool
    errors: tuple[FileError, ...] = ()
    imports: tuple[ImportFact, ...] = ()
    #: Imports inside function and method bodies (lazy imports), in source order.
    local_imports: tuple[ImportFact, ...] = ()
    #: Keys used on the dict loaded from the hyperparameters file (scripts).
    hyperparameter_keys: tuple[HyperparameterKey, ...] = ()
    #: Reads of the module constants that mention a container path and are bound once
    #: (scripts: :mod:`alignlint.extract.constant_reads`).
    container_constant_reads: tuple[NamedUse, ...] = ()
    assignments: tuple[AssignmentFact, ...] = ()
    classes: tuple[ClassFact, ...] = ()
    functions: tuple[FunctionFact, ...] = ()
    module_body: BodyFacts = EMPTY_BODY
    #: The ``if __name__ == "__main__":`` block, with the body of the one function it calls
    #: ``main`` through, if it calls ``main`` only that way (that function's body is then empty).
    main_block: BodyFacts | None = None
    main_block_span: Span | None = None
    #: The name the ``__main__`` block calls the script's ``main`` by: ``main``, or the name
    #: a module binding no ``main`` imports it under (``from .impl import main as _main``).
    main_name: str = "main"
    json_dag: JsonDag | None = None
    yaml_registry: YamlRegistry | None = None
    #: Per module-level function and class, what it refers to (files naming a registry only).
    scope_references: tuple[ScopeReferences, ...] = ()
    #: What module-level code (outside functions, classes and the ``__main__`` block) and the
    #: ``__main__`` block load, as :attr:`FunctionFact.uses`.
    module_uses: tuple[str, ...] = ()
    main_uses: tuple[str, ...] = ()
    #: The text mentions ``environ`` or ``getenv``: only then may its code read the
    #: environment (every way to reach it names one of them).
    reads_env: bool = False
    notes: tuple[Unresolved, ...] = ()
    scanned: bool = True
    line_count: int = 0
    #: Code of the module hands out or writes its namespace (``globals()``): it may define
    #: names no statement shows (:mod:`alignlint.extract.dynamic_globals`).
    dynamic_globals: bool = False
    #: Module-level names bound without a value of their own (a ``for`` target, ``with ... as
    #: x``, ``a, b = load()``, ``(x := ...)``: :mod:`alignlint.extract.module_bindings`).
    other_bindings: tuple[str, ...] = ()
    #: A Python file that does not parse: every identifier-like word of its text, sorted (what
    #: it may define or refer to, when a rule would report a piece missing).
    unparsed_words: tuple[str, ...] = ()
    directives: tuple[Directive, ...] = ()

    @property
    def cacheable(self) -> bool:
        """Whether these facts may be stored: no error of theirs is transient."""
        return not any(error.transient for error in self.errors)

    def function(self, name: str) -> FunctionFact | None:
        for function in self.functions:
            if function.name == name:
                return function
        return None

    def references_of(self, name: str) -> ScopeReferences | None:
        """What the module-level function or class ``name`` refers to, when recorded."""
        for scope in self.scope_references:
            if scope.name == name:
                return scope
        return None
