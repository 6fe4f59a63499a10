"""The resolved components rules read: contracts, specs, configs, builders, scripts, registries
and DAGs. Every value is ``Located`` (known, with where it is written) or ``Unknown`` (with why);
mappings keep their known entries and the parts that could not be read.

Component objects compare by identity (``eq=False``): two specs "share a contract" when their
``contract`` attributes are the same object.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import field
from typing import Any

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.facts import ConfigRead, FunctionFact, NamedUse
from alignlint.model.values import ClassRef, Located, Unknown, Value

#: Why a ``__main__`` dict entry is unknown when the block writes its key more than once (a
#: fallback path in an ``else`` branch, an override): each written value keeps its own span.
WRITTEN_MORE_THAN_ONCE = "`__main__` writes this key more than once"


@record
class Entry:
    """One entry of a declared mapping: the key, where the key is written, and its value."""

    key: str
    key_span: Span
    value: Value


@record
class EntryMap:
    """A mapping read from source: known entries plus the parts that are Unknown.

    A whole mapping that cannot be read (``expected_input_paths=build_paths()``) has no entries
    and one Unknown; ``complete`` is False whenever any part is unknown.
    """

    entries: Mapping[str, Entry] = field(default_factory=dict)
    unknown: tuple[Unknown, ...] = ()
    span: Span | None = None
    #: Written as a dict display (not built by ``dict(...)``): a fix may add an entry to it.
    display: bool = True

    @property
    def complete(self) -> bool:
        return not self.unknown

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def items(self) -> Iterator[tuple[str, Entry]]:
        return iter(self.entries.items())

    def values(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def known_strings(self) -> dict[str, str]:
        """key -> value for entries whose value is a known string."""
        return {
            key: entry.value.value
            for key, entry in self.entries.items()
            if isinstance(entry.value, Located) and isinstance(entry.value.value, str)
        }


@record
class NameSet:
    """A declared list of names (``required_env_vars``): name -> span, plus unknown parts."""

    names: Mapping[str, Span] = field(default_factory=dict)
    unknown: tuple[Unknown, ...] = ()
    span: Span | None = None

    @property
    def complete(self) -> bool:
        return not self.unknown

    def __contains__(self, key: object) -> bool:
        return key in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)


# --------------------------------------------------------------------------------------------
# Contracts and specifications
# --------------------------------------------------------------------------------------------


@record(eq=False)
class Contract:
    """A script contract: ``X_CONTRACT = ScriptContract(...)`` (or a subclass, or returned)."""

    name: str
    module: str
    path: str
    span: Span
    name_span: Span
    class_name: str
    kind: str
    entry_point: Value | None
    inputs: EntryMap
    outputs: EntryMap
    required_env_vars: NameSet
    optional_env_vars: EntryMap
    expected_arguments: EntryMap
    framework_requirements: EntryMap
    description: Value | None

    @property
    def entry_point_name(self) -> str | None:
        ep = self.entry_point
        return ep.value if isinstance(ep, Located) and isinstance(ep.value, str) else None

    @property
    def label(self) -> str:
        return f"{self.module}.{self.name}"


@record
class StepTypeRef:
    """How a spec names its step type. ``function`` is ``get_spec_step_type`` /
    ``get_spec_step_type_with_job_type`` when called; ``argument`` is the step name passed to it
    (with its span) and ``registered`` whether that name is a registry key (None: no registry
    call or unknown argument)."""

    value: Value
    function: str | None = None
    argument: Value | None = None
    job_type_argument: Value | None = None
    registered: bool | None = None

    @property
    def text(self) -> str | None:
        return (
            self.value.value
            if isinstance(self.value, Located) and isinstance(self.value.value, str)
            else None
        )


@record(eq=False)
class Dependency:
    logical_name: str
    span: Span
    name_span: Span
    dependency_type: Value
    required: bool | None
    compatible_sources: tuple[Value, ...]
    compatible_sources_unknown: tuple[Unknown, ...]
    semantic_keywords: tuple[str, ...]
    data_type: Value
    description: Value | None


@record(eq=False)
class Output:
    logical_name: str
    span: Span
    name_span: Span
    output_type: Value
    property_path: Value
    aliases: tuple[Value, ...]
    data_type: Value
    description: Value | None


@record(eq=False)
class Spec:
    """A step specification ``X_SPEC = StepSpecification(...)``."""

    name: str
    module: str
    path: str
    span: Span
    name_span: Span
    step_type: StepTypeRef
    job_type: str | None
    node_type: Value
    contract: Contract | Unknown | None
    contract_span: Span | None
    dependencies: tuple[Dependency, ...]
    outputs: tuple[Output, ...]
    unknown_parts: tuple[Unknown, ...] = ()
    #: How ``script_contract=`` is written (``_get_x_contract()``), for link explanations.
    contract_expression: str = ""

    def dependency(self, logical_name: str) -> Dependency | None:
        return next((d for d in self.dependencies if d.logical_name == logical_name), None)

    def output(self, logical_name: str) -> Output | None:
        return next((o for o in self.outputs if o.logical_name == logical_name), None)

    @property
    def label(self) -> str:
        return f"{self.module}.{self.name}"


# --------------------------------------------------------------------------------------------
# Classes
# --------------------------------------------------------------------------------------------


@record(eq=False)
class ClassInfo:
    """A class of the project with its bases resolved across modules.

    ``ancestors`` are the simple names of every transitive base (project classes and external
    names). ``hierarchy_complete`` is False when a base could not be resolved (then "attribute
    does not exist" cannot be concluded)."""

    name: str
    module: str
    path: str
    span: Span
    name_span: Span
    ref: ClassRef
    bases: tuple[str, ...]
    base_refs: tuple[ClassInfo, ...]
    ancestors: tuple[str, ...]
    hierarchy_complete: bool
    decorators: tuple[Value, ...]

    @property
    def qualname(self) -> str:
        return self.ref.qualname

    def mro(self) -> Iterator[ClassInfo]:
        """This class, then its project bases depth-first left-to-right (no duplicates)."""
        seen: set[int] = set()
        stack: list[ClassInfo] = [self]
        while stack:
            current = stack.pop(0)
            if id(current) in seen:
                continue
            seen.add(id(current))
            yield current
            stack[0:0] = list(current.base_refs)


@record
class Attribute:
    """A config attribute: kind is field | private_attr | class_attribute | model_config |
    property | method | classmethod | staticmethod; ``owner`` is the defining class."""

    name: str
    kind: str
    span: Span
    default: Value | None
    required: bool
    owner: str
    annotation: str | None


@record(eq=False)
class ConfigClass:
    info: ClassInfo
    attributes: Mapping[str, Attribute]
    script_contract: Contract | Unknown | None
    script_contract_span: Span | None
    entry_points: Mapping[str, Attribute]

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def span(self) -> Span:
        return self.info.span


@record
class BuiltObject:
    """A ``ProcessingInput``/``ProcessingOutput``/``TrainingInput``/... the builder constructs."""

    class_name: str
    span: Span
    arguments: Mapping[str, Value]
    channel: Value | None


@record
class MissingImport:
    """``from <project module> import <name>`` where the module exists but the name does not."""

    module: str
    name: str
    span: Span


@record
class NameLookup:
    """A builder using a logical name: a key of the ``inputs`` its ``_get_inputs`` receives
    (side ``dependency``) or of the ``outputs`` of ``_get_outputs`` (``output``), also in the
    helper methods they hand them to (:mod:`alignlint.model.self_passes`), a comparison
    with a spec's logical name in those methods, or a key of the contract's path maps
    (``contract input`` / ``contract output``). ``key`` is evaluated through the method's local
    names and the builder's class constants; lookups of one fallback chain (``d.get("a",
    d.get("b"))``) or one ``in (...)`` test share ``chain``."""

    side: str
    key: Value
    span: Span
    kind: str
    has_default: bool
    chain: str | None
    method: str


@record(eq=False)
class BuilderClass:
    info: ClassInfo
    registered_name: Value | None
    config_class: ConfigClass | None
    config_class_names: tuple[Located[str], ...]
    spec_refs: tuple[Spec, ...]
    config_reads: tuple[ConfigRead, ...]
    env_var_keys: NameSet
    job_arguments: tuple[Located[str], ...]
    built_objects: tuple[BuiltObject, ...]
    step_classes: tuple[NamedUse, ...]
    missing_imports: tuple[MissingImport, ...]
    name_lookups: tuple[NameLookup, ...] = ()
    #: ``if self.config.x not in VALUES: raise`` in a method: (``x``, the values let through),
    #: evaluated through the method's local names and the class constants.
    accepted_values: tuple[tuple[str, Value], ...] = ()

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def span(self) -> Span:
        return self.info.span


# --------------------------------------------------------------------------------------------
# Scripts, registries, DAGs
# --------------------------------------------------------------------------------------------


@record
class KeyAccess:
    """A key used on ``input_paths``/``output_paths``; accesses of one fallback chain share
    ``group`` (a chain is satisfied when any alternative is declared). ``present`` when the
    script reads the key only where it tested the dict holds it (``if "k" in input_paths:``)."""

    key: Value
    span: Span
    kind: str
    has_default: bool
    group: str | None
    function: str
    present: bool = False


@record
class EnvAccess:
    """An environment variable read. ``default`` is None when there is no default; ``where`` is
    the function name, ``"<module>"`` or ``"__main__"``."""

    name: Value
    span: Span
    via: str
    default: Value | None
    has_default: bool
    where: str
    #: Only shown (an f-string, ``print`` or a logging call): not a behavioural default.
    display: bool = False
    #: The normalisations the value goes through, one chain per use (see
    #: ``EnvRead.transforms``).
    transforms: tuple[tuple[str, ...], ...] = ((),)
    #: A loop over the environment that uses only the variables whose names start with this
    #: (see ``EnvRead.prefix``); ``name`` is then Unknown.
    prefix: Value | None = None
    #: A read in another module of the project, which the script runs through this import
    #: statement of its own (:mod:`alignlint.model.imported_env`): findings about the read
    #: are reported there (:func:`reported_at`); ``span`` is the read's, in that module.
    imported_by: Span | None = None


def reported_at(read: EnvAccess) -> Span:
    """Where a finding about ``read`` is reported: at the read, or, for a read in another
    module, at the script's import that runs it."""
    return read.imported_by if read.imported_by is not None else read.span


@record
class ContainerPath:
    value: Value
    span: Span
    where: str


@record
class CliArgument:
    """An argparse argument: flags as written, normalised ``dest`` (``--job-type`` -> ``job_type``)."""

    flags: tuple[str, ...]
    dest: str | None
    required: bool | None
    default: Value | None
    span: Span
    dynamic: bool
    choices: Value | None = None


@record
class EnvironEntry:
    """One key the ``__main__`` block puts into the ``environ_vars`` dict it passes to ``main``:
    its value, and whether that value comes from the process environment (an env read) or from
    the script itself (a constant, a literal, an argument)."""

    key: str
    span: Span
    value: Value
    from_env: bool


@record
class MainEnviron:
    """The ``environ_vars`` dict ``__main__`` passes to ``main`` (display keys and later
    ``environ_vars["K"] = v``); ``complete`` is False when some key cannot be read or the dict
    may get keys alignlint does not see (``**`` merges, a second binding, ``.update()``, passed
    to other code before ``main``)."""

    entries: Mapping[str, EnvironEntry]
    complete: bool
    #: The dict display.
    span: Span | None = None
    #: ``__main__``'s own reads of the dict before it calls ``main``, in source order.
    read_backs: tuple[EnvAccess, ...] = ()


@record(eq=False)
class Script:
    path: str
    module: str | None
    main: FunctionFact | None
    input_keys: tuple[KeyAccess, ...]
    output_keys: tuple[KeyAccess, ...]
    env_reads: tuple[EnvAccess, ...]
    container_paths: tuple[ContainerPath, ...]
    main_block_span: Span | None
    main_block_inputs: EntryMap | None
    main_block_outputs: EntryMap | None
    arguments: tuple[CliArgument, ...]
    job_arg_reads: tuple[NamedUse, ...]
    #: Where the script parses with ``parse_known_args()``: options its parser does not define
    #: are then tolerated, not rejected.
    lenient_parses: tuple[Span, ...] = ()
    #: Where the script parses the command line with ``parse_args()``.
    strict_parses: tuple[Span, ...] = ()
    #: Where the script builds an ``argparse.ArgumentParser``.
    parsers: tuple[Span, ...] = ()
    #: The ``environ_vars`` dict ``__main__`` passes to ``main``, when it is a dict display.
    main_environ: MainEnviron | None = None
    #: Values of module-level path tables (``PATHS = {"OUT": "/opt/ml/..."}``) whose key no code
    #: reads, in a table never used whole: a path written there is not a use.
    unused_table_values: tuple[Span, ...] = ()
    #: The project module defining the ``main`` the script imports and runs (``from ._impl
    #: import main``), when it is not the script itself: its code is the script's too.
    implementation: str | None = None
    #: Why the ``main`` the script runs cannot be read (imported from outside the project, or
    #: bound dynamically); None when it is read or the script has none.
    main_unknown: str | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        """The files of the script's code: its own, and its :attr:`implementation`'s."""
        return (self.path,) if self.implementation is None else (self.path, self.implementation)

    @property
    def span(self) -> Span:
        """Where the script is: its ``main``, else (none, or one imported from its
        :attr:`implementation`) its file."""
        if self.main is not None and self.implementation is None:
            return self.main.name_span
        return Span.whole_file(self.path)

    @property
    def file_name(self) -> str:
        return self.path.rpartition("/")[2]


@record(eq=False)
class RegistryRow:
    name: str
    span: Span
    fields: Mapping[str, Value]

    def field(self, key: str) -> Value | None:
        return self.fields.get(key)

    def text(self, key: str) -> str | None:
        value = self.fields.get(key)
        return value.value if isinstance(value, Located) and isinstance(value.value, str) else None

    @property
    def config_class(self) -> Value | None:
        return self.fields.get("config_class")

    @property
    def builder_step_name(self) -> Value | None:
        return self.fields.get("builder_step_name")

    @property
    def spec_type(self) -> Value | None:
        return self.fields.get("spec_type")

    @property
    def sagemaker_step_type(self) -> Value | None:
        return self.fields.get("sagemaker_step_type")

    @property
    def description(self) -> Value | None:
        return self.fields.get("description")


@record
class RegistrySource:
    """A static table a computed registry's rows come from: the module constant ``name`` of
    ``module`` (assigned at ``span``) and how the registry's code reaches it (``via``)."""

    name: str
    module: str
    path: str
    span: Span
    via: str


#: What a registry's dynamic part may add: rows only inside a workspace context, or any row.
ADDS_WORKSPACE_ROWS = "workspace"
ADDS_ANY_ROWS = "any"


@record
class DynamicPart:
    """Code that builds a registry at run time: where (``span``), why it cannot be evaluated
    (``reason``), and what it may add beyond the static rows (``adds``: ``"workspace"`` rows that
    exist only inside a workspace context, or ``"any"`` row); ``workspace_tables`` names the
    per-workspace tables it reads."""

    span: Span
    reason: str
    adds: str
    workspace_tables: tuple[str, ...] = ()


@record(eq=False)
class Registry:
    """A step registry: its static rows, where they come from, and what is not known.

    ``rows`` are the rows known statically: the literal table itself, or, for a registry
    computed at run time, the rows of the static tables it is built from (``built_from``).
    ``unknown`` holds the parts of a literal table that could not be read (a ``**`` spread of an
    unknown mapping, a computed key); ``dynamic`` the computed part of the registry and what it
    may add. A name in ``rows`` is registered. A name absent from ``rows`` is not registered in
    the shared library's view when the registry is :attr:`closed`; otherwise it is unknown.
    """

    name: str
    path: str
    span: Span
    rows: Mapping[str, RegistryRow]
    unknown: tuple[Unknown, ...] = ()
    built_from: tuple[RegistrySource, ...] = ()
    dynamic: tuple[DynamicPart, ...] = ()

    @property
    def computed(self) -> bool:
        """Whether the registry is built at run time (its rows come from other tables)."""
        return bool(self.dynamic)

    @property
    def closed(self) -> bool:
        """Whether every row of the shared library's view is known: nothing unread in the
        literal, and a dynamic part (if any) adds rows only inside workspace contexts."""
        return not self.unknown and all(part.adds == ADDS_WORKSPACE_ROWS for part in self.dynamic)

    def openings(self) -> Iterator[tuple[Span, str]]:
        """Where and why rows beyond :attr:`rows` may exist (empty when :attr:`closed`)."""
        for unknown in self.unknown:
            yield unknown.span, unknown.reason
        for part in self.dynamic:
            if part.adds != ADDS_WORKSPACE_ROWS:
                yield part.span, part.reason


@record
class DagEdge:
    source: str
    target: str
    span: Span


#: How a DAG is written (``--statistics`` counts DAGs per layout).
LAYOUT_JSON = "JSON"
LAYOUT_JSON_NESTED = "JSON under dag"
LAYOUT_PYTHON_CALLS = "Python add_node/add_edge"
LAYOUT_PYTHON_LOOPS = "Python loops over lists"
LAYOUT_PYTHON_CONSTRUCTOR = "Python constructor"


@record(eq=False)
class Dag:
    """A pipeline DAG: ``origin`` is ``"json"`` or ``"python"`` (a JSON DAG's edges must name
    declared nodes; Python's ``add_edge`` creates them), ``layout`` how it is written (see
    :mod:`alignlint.model.dag_layouts`)."""

    name: str
    path: str
    span: Span
    nodes: Mapping[str, Span]
    edges: tuple[DagEdge, ...]
    origin: str
    unknown: tuple[Unknown, ...] = ()
    layout: str = LAYOUT_PYTHON_CALLS


@record
class DagNode:
    """One appearance of a step in a DAG (``job_type`` from a ``Name_jobtype`` node name)."""

    dag: Dag
    node: str
    span: Span
    job_type: str | None


def text_of(value: Any) -> str | None:
    """The string in a ``Located`` value, else None."""
    return value.value if isinstance(value, Located) and isinstance(value.value, str) else None
