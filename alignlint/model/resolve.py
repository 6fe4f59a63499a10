"""Phase 2, part 1: find components by declaration and resolve their values."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field, replace
from typing import Any

from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Span, Unresolved
from alignlint.extract.facts import (
    WORKSPACE_TABLES,
    AssignmentFact,
    BodyFacts,
    ConfigRead,
    EnvRead,
    FileFacts,
    FunctionFact,
    ImportFact,
    KeyUse,
    NamedUse,
)
from alignlint.extract.ir import (
    Attr,
    Call,
    Concat,
    DictExpr,
    Expr,
    ImportedName,
    Lit,
    Name,
    Opaque,
    PathDiv,
    SubscriptExpr,
)
from alignlint.model.components import (
    ADDS_ANY_ROWS,
    ADDS_WORKSPACE_ROWS,
    WRITTEN_MORE_THAN_ONCE,
    Attribute,
    BuilderClass,
    BuiltObject,
    ClassInfo,
    CliArgument,
    ConfigClass,
    ContainerPath,
    Contract,
    Dag,
    Dependency,
    DynamicPart,
    Entry,
    EntryMap,
    EnvAccess,
    EnvironEntry,
    KeyAccess,
    MainEnviron,
    MissingImport,
    NameLookup,
    NameSet,
    Output,
    Registry,
    RegistryRow,
    RegistrySource,
    Script,
    Spec,
    StepTypeRef,
    text_of,
)
from alignlint.model.dag_layouts import DagReader
from alignlint.model.env_returns import (
    bound_value,
    config_member_name,
    merged_keys,
    returned_keys,
    super_method,
)
from alignlint.model.imported_env import ImportedRead, imported_env_reads
from alignlint.model.index import ModuleInfo, ProjectIndex
from alignlint.model.local_values import inline_locals
from alignlint.model.registry_sources import describe_via, trace_registry
from alignlint.model.self_passes import find_method, follow_passes, follow_results, self_member
from alignlint.model.values import (
    SPEC_TYPE_FUNCTIONS,
    AssignedSymbol,
    ClassRef,
    DictValue,
    EnumMember,
    ExternalRef,
    ExternalSymbol,
    FunctionSymbol,
    Instance,
    Located,
    ModuleSymbol,
    SeqValue,
    Symbol,
    Unknown,
    Value,
    merged_entries,
)

#: How many ``main = other`` assignments :meth:`Resolver.script_main` follows.
_MAIN_ALIAS_DEPTH = 4


@record
class ScriptMain:
    """The ``main`` a script runs (:meth:`Resolver.script_main`): the function, the facts of
    the other project module defining it (None: the script's own, or none), and why it cannot
    be read when it cannot."""

    function: FunctionFact | None
    module: FileFacts | None = None
    unknown: str | None = None


ENTRY_POINT_FIELDS = (
    "processing_entry_point",
    "training_entry_point",
    "inference_entry_point",
    "entry_point",
)

#: The decorator that registers a builder class for a step (``@register_builder("X")``).
REGISTER_BUILDER = "register_builder"


def entry_map(value: Value) -> EntryMap:
    """An :class:`EntryMap` from an evaluated mapping (string keys only)."""
    if isinstance(value, Unknown):
        return EntryMap(unknown=(value,))
    if not isinstance(value.value, DictValue):
        return EntryMap(unknown=(Unknown(value.span, "not a mapping"),), span=value.span)
    entries: dict[str, Entry] = {}
    unknown: list[Unknown] = []
    for key, item in value.value.entries:
        if isinstance(key, Located) and isinstance(key.value, str):
            entries[key.value] = Entry(key.value, key.span, item)
        elif isinstance(key, Unknown):
            unknown.append(key)
        else:
            unknown.append(Unknown(key.span, "mapping key is not a string"))
    return EntryMap(entries, tuple(unknown), value.span, value.value.display)


def name_set(value: Value) -> NameSet:
    if isinstance(value, Unknown):
        return NameSet(unknown=(value,))
    items: Iterable[Value]
    if isinstance(value.value, SeqValue):
        items = value.value.items
    elif isinstance(value.value, DictValue):
        items = [key for key, _ in value.value.entries]
    else:
        return NameSet(unknown=(Unknown(value.span, "not a list of names"),), span=value.span)
    names: dict[str, Span] = {}
    unknown: list[Unknown] = []
    for item in items:
        if isinstance(item, Located) and isinstance(item.value, str):
            names.setdefault(item.value, item.span)
        elif isinstance(item, Unknown):
            unknown.append(item)
    return NameSet(names, tuple(unknown), value.span)


def enum_text(value: Value) -> Value:
    """``DependencyType.PROCESSING_OUTPUT`` / ``"processing_output"`` -> ``"PROCESSING_OUTPUT"``."""
    if isinstance(value, Located):
        if isinstance(value.value, EnumMember):
            return Located(value.value.member, value.span)
        if isinstance(value.value, str):
            return Located(value.value.upper(), value.span)
        by_value = _external_enum_by_value(value.value)
        if by_value is not None:
            return Located(by_value.upper(), value.span)
        return Unknown(value.span, "not an enum member or string")
    return value


def _external_enum_by_value(value: object) -> str | None:
    """``DependencyType("processing_output")`` of an enum defined outside the project: the
    string it looks up (an enum-typed field holds a member; only its value is given)."""
    if not (isinstance(value, Instance) and value.cls is None):
        return None
    call = value.call
    if len(call.args) == 1 and not call.kwargs and isinstance(call.args[0], Lit):
        text = call.args[0].value
        return text if isinstance(text, str) else None
    return None


def describe_expr(expr: Expr | None) -> str:
    """Short source-like text of an IR expression (for link reasons)."""
    if expr is None:
        return "?"
    if isinstance(expr, Lit):
        return repr(expr.value) if not isinstance(expr.value, str) else f'"{expr.value}"'
    if isinstance(expr, Name):
        return expr.id
    if isinstance(expr, Call):
        head = describe_expr(expr.func)
        args = ", ".join(describe_expr(a) for a in expr.args)
        return f"{head}({args})"
    if isinstance(expr, Attr):
        return f"{describe_expr(expr.value)}.{expr.attr}"
    if isinstance(expr, ImportedName):
        return expr.name or expr.module
    return "..."


def _contains_container_literal(expr: Expr) -> bool:
    if isinstance(expr, Lit):
        return isinstance(expr.value, str) and expr.value.startswith("/opt/ml")
    if isinstance(expr, Concat):
        return any(_contains_container_literal(p) for p in expr.parts)
    if isinstance(expr, PathDiv):
        return _contains_container_literal(expr.left) or _contains_container_literal(expr.right)
    if isinstance(expr, Call):
        return any(_contains_container_literal(a) for a in expr.args)
    return False


def normalise_dest(flags: tuple[str, ...], dest: str | None) -> str | None:
    """argparse's ``dest``: explicit, else the first long flag, else the first flag."""
    if dest:
        return dest
    longs = [f for f in flags if f.startswith("--")]
    chosen = longs[0] if longs else (flags[0] if flags else None)
    if chosen is None:
        return None
    return chosen.lstrip("-").replace("-", "_")


@record(frozen=False)
class Resolved:
    """Everything phase 2 found, before linking."""

    contracts: list[Contract] = field(default_factory=list)
    specs: list[Spec] = field(default_factory=list)
    configs: list[ConfigClass] = field(default_factory=list)
    builders: list[BuilderClass] = field(default_factory=list)
    scripts: dict[str, Script] = field(default_factory=dict)
    registries: list[Registry] = field(default_factory=list)
    dags: list[Dag] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)


#: The workspace table whose rows replace shared rows (read first in a workspace's view).
OVERRIDES_TABLE = "STEP_OVERRIDES"


#: What :data:`KeyOf` gives for a key whose value is not known.
UNKNOWN_KEY = object()

#: The value of a ``__main__`` dict key (a literal, or a constant it names), else
#: :data:`UNKNOWN_KEY`: ``d["k"]`` and ``d[K]`` with ``K = "k"`` write the same key.
KeyOf = Callable[[Expr | None], object]


def _fixed_main_dict(name: str, block: BodyFacts) -> DictExpr | None:
    """The dict display a ``__main__``-local ``name`` is bound to, when it is bound once, never
    stored into and never used otherwise than to read one key (its keys are then known)."""
    bindings = [value for bound, value in block.local_bindings if bound == name]
    if len(bindings) != 1 or not isinstance(bindings[0], DictExpr):
        return None
    if any(store == name for store, _, _ in block.dict_stores) or any(
        used == name for used, _ in block.dict_other_uses
    ):
        return None
    return bindings[0]


def _with_stores(expr: Expr, name: str, block: BodyFacts, key_of: KeyOf) -> Expr:
    """A ``__main__`` dict display with the ``name[key] = value`` stores that follow it (the
    keys ``__main__`` adds, conditionally or not, before passing the dict to ``main``)."""
    if not isinstance(expr, DictExpr):
        return expr
    stores = [(key, value) for store, key, value in block.dict_stores if store == name]
    if not stores:
        return expr
    items: list[tuple[Expr | None, Expr]] = [*expr.items, *stores]
    keys = [key_of(key) for key, _ in items]
    written: dict[object, int] = {}
    for key in keys:
        if key is not UNKNOWN_KEY:
            written[key] = written.get(key, 0) + 1
    # A key written more than once (a fallback path in an ``else`` branch, an override) maps
    # to one of several paths: which one is not known.
    return DictExpr(
        tuple(
            (key, Opaque(WRITTEN_MORE_THAN_ONCE, value.span))
            if known is not UNKNOWN_KEY and written[known] > 1
            else (key, value)
            for (key, value), known in zip(items, keys, strict=True)
        ),
        expr.span,
    )


def _with_local_tables(expr: DictExpr, block: BodyFacts, key_of: KeyOf) -> DictExpr:
    """``expr`` with each value ``TABLE["K"]`` read from a fixed ``__main__``-local table
    (``TABLE = {"K": "/opt/ml/..."}``) replaced by the table's value for ``K``."""
    items: list[tuple[Expr | None, Expr]] = []
    for key, value in expr.items:
        if isinstance(value, SubscriptExpr) and isinstance(value.value, Name):
            index = key_of(value.index)
            table = _fixed_main_dict(value.value.id, block)
            found = [
                item
                for table_key, item in (table.items if table is not None else ())
                if index is not UNKNOWN_KEY and key_of(table_key) == index
            ]
            if len(found) == 1:
                value = found[0]
        items.append((key, value))
    return DictExpr(tuple(items), expr.span)


class Resolver:
    """Finds and resolves every component of an indexed project."""

    def __init__(
        self,
        index: ProjectIndex,
        settings: Settings,
        files: Iterable[FileFacts],
        preferred: Callable[[str], bool] | None = None,
    ) -> None:
        self.index = index
        #: In a workspace's view: whether a path is the workspace's (its registry tables are
        #: registries there, read before the shared ones, so that its rows win).
        self.preferred = preferred
        self.files = sorted(files, key=lambda f: f.path)
        self.settings = settings
        self.ev = index.evaluator
        names = settings.base_classes
        self.contract_names = frozenset((*names.contracts, *names.training_contracts))
        self.training_names = frozenset(names.training_contracts)
        self.spec_names = frozenset(names.specs)
        self.builder_names = frozenset(names.builders)
        self.config_names = frozenset(names.configs)
        self.dag_names = frozenset(names.dags)
        self.out = Resolved()
        self._contracts_by_call: dict[Span, Contract] = {}
        self._specs_by_call: dict[Span, Spec] = {}
        self._rows: dict[str, RegistryRow] = {}
        #: Literal registry tables by (module, constant), so a computed registry built from one
        #: shares its row objects.
        self._tables: dict[tuple[str, str], Registry] = {}
        #: Memos of lookups derived from ``_rows`` (rows are only ever added), by row count.
        self._spec_types_memo: tuple[int, dict[str, str]] = (-1, {})
        self._builder_rows_memo: tuple[int, dict[str, list[str | None]]] = (-1, {})
        #: Config classes by simple name (the smallest path wins), by ``configs`` dict identity.
        self._configs_by_name_memo: tuple[int, int, dict[str, ConfigClass]] = (-1, -1, {})

    def note(self, value: Value | None) -> None:
        if isinstance(value, Unknown):
            self.out.unresolved.append(Unresolved(value.span, value.reason))

    # -- driver ------------------------------------------------------------------------------
    def run(self) -> Resolved:
        self._registries()
        self.index.set_registry(self._registry_spec_type)
        for module in self._modules():
            self._module_instances(module)
        self._classes()
        self._scripts()
        self._dags()
        return self.out

    def _modules(self) -> list[ModuleInfo]:
        return sorted(self.index.modules.values(), key=lambda m: m.path)

    # -- registry ----------------------------------------------------------------------------
    def _registries(self) -> None:
        registry_names = set(self.settings.base_classes.registries)
        computed: list[tuple[ModuleInfo, AssignmentFact, Unknown]] = []
        modules = self._modules()
        preferred = self.preferred
        if preferred is not None:
            modules.sort(key=lambda m: not preferred(m.path))
        for module in modules:
            names = registry_names
            if preferred is not None and preferred(module.path):
                names = registry_names | set(WORKSPACE_TABLES)
            assignments = list(module.facts.assignments)
            if names is not registry_names:
                # A declared override wins over a local row of the same name (as at run time).
                assignments.sort(key=lambda a: a.name != OVERRIDES_TABLE)
            for assignment in assignments:
                if assignment.name not in names or assignment.fallback:
                    continue
                bound = module.symbols.get(assignment.name)
                if isinstance(bound, AssignmentFact) and bound.span != assignment.span:
                    continue  # rebound later in the module: that binding is the registry
                value = self.ev.constant(module.name, assignment.name, assignment.span)
                if isinstance(value, Unknown):
                    computed.append((module, assignment, value))
                    continue
                value = self._with_module_writes(module, assignment, value)
                registry = self._add_registry(module.path, assignment.name, assignment.span, value)
                if registry is not None:
                    self._tables[(module.name, assignment.name)] = registry
        for facts in self.files:
            found = facts.yaml_registry
            if found is not None:
                value = self.ev.evaluate(found.rows, facts.path)
                self._add_registry(facts.path, found.name, found.span, value)
        from_yaml = any(r.rows for r in self.out.registries if r.path.endswith((".yaml", ".yml")))
        for module, assignment, unknown in computed:
            registry = self._computed_registry(module, assignment, unknown)
            if from_yaml and not registry.rows:
                # ``STEP_NAMES = yaml.safe_load(...)``: the YAML file read here is that registry.
                continue
            if not registry.rows:
                self.note(unknown)
            self.out.registries.append(registry)
            for step_name, row in registry.rows.items():
                self._rows.setdefault(step_name, row)

    def _with_module_writes(
        self, module: ModuleInfo, assignment: AssignmentFact, value: Located[Any]
    ) -> Located[Any]:
        """The mapping ``assignment`` binds, with the changes the module's own top-level code
        makes to it afterwards (``NAME["X"] = {...}``, ``NAME.update({...})``, ``NAME |=
        {...}``, ``NAME.setdefault("X", {...})``, ``del NAME["X"]``): later entries replace
        earlier ones, a removed key is gone; any other change (``.clear()``, a key or a mapping
        merged in that is not known, a change made before the name is assigned again) is an
        unknown entry, so the table is not taken as complete."""
        if not isinstance(value.value, DictValue):
            return value
        first = min(
            (
                a.span
                for a in module.facts.assignments
                if a.name == assignment.name and not a.fallback
            ),
            default=assignment.span,
        )
        writes = [
            write
            for write in module.facts.module_body.module_writes
            if write.name == assignment.name and first < write.span
        ]
        if not writes:
            return value
        entries = list(value.value.entries)
        before = [write for write in writes if write.span < assignment.span]
        if before:
            # A change made before the name is rebound: the rebinding may keep it
            # (`NAME = {**NAME, ...}`) or drop it; which rows it leaves is not followed.
            unknown = Unknown(
                before[0].span, f"`{assignment.name}` is changed before it is assigned again"
            )
            entries.append((unknown, unknown))
            writes = [write for write in writes if assignment.span < write.span]
        for write in writes:
            key = self.ev.evaluate(write.key, module.name) if write.key is not None else None
            known = key.value if isinstance(key, Located) else UNKNOWN_KEY
            item = self.ev.evaluate(write.value, module.name) if write.value is not None else None
            if write.how == "store" and key is not None and item is not None:
                entries.append((key, item))
                continue
            if write.how == "setdefault" and isinstance(key, Located) and item is not None:
                if not any(isinstance(k, Located) and k.value == known for k, _ in entries):
                    entries.append((key, item))
                continue
            if write.how == "pop" and known is not UNKNOWN_KEY:
                entries = [
                    (k, v) for k, v in entries if not (isinstance(k, Located) and k.value == known)
                ]
                continue
            if write.how == "update" and isinstance(item, Located):
                if isinstance(item.value, DictValue):
                    entries.extend(item.value.entries)
                    continue
            reason = (
                f"`{assignment.name}` is updated with a mapping that is not known"
                if write.how == "update"
                else f"`{write.how}` changes `{assignment.name}` after it is assigned"
            )
            unknown = Unknown(write.span, reason)
            entries.append((unknown, unknown))
        return Located(DictValue(merged_entries(entries), value.value.display), value.span)

    def _computed_registry(
        self, module: ModuleInfo, assignment: AssignmentFact, unknown: Unknown
    ) -> Registry:
        """A registry computed at run time: its rows are those of the static tables its code is
        built from (:mod:`alignlint.model.registry_sources`); the rest is its dynamic part."""
        trace = trace_registry(self.index, module.name, assignment.name, assignment.value)
        rows: dict[str, RegistryRow] = {}
        unknown_parts: list[Unknown] = []
        sources: list[RegistrySource] = []
        for table in trace.tables:
            registry = self._tables.get((table.module, table.name))
            holder = self.index.find_module(table.module)
            if holder is None:
                continue
            span = next(
                (a.span for a in holder.facts.assignments if a.name == table.name),
                table.value.span,
            )
            if registry is None:
                registry = self._registry(holder.path, table.name, span, table.value)
                if registry is None:
                    continue
                self._tables[(table.module, table.name)] = registry
            for step_name, row in registry.rows.items():
                rows.setdefault(step_name, row)
            unknown_parts.extend(registry.unknown)
            sources.append(
                RegistrySource(table.name, holder.name, holder.path, span, describe_via(table.via))
            )
        adds = ADDS_WORKSPACE_ROWS if trace.workspace_tables and sources else ADDS_ANY_ROWS
        reason = f"{assignment.name} is computed at run time ({unknown.reason})"
        part = DynamicPart(unknown.span, reason, adds, trace.workspace_tables)
        return Registry(
            assignment.name,
            module.path,
            assignment.span,
            rows,
            tuple(unknown_parts),
            tuple(sources),
            (part,),
        )

    def _add_registry(self, path: str, name: str, span: Span, value: Value) -> Registry | None:
        registry = self._registry(path, name, span, value)
        if registry is not None:
            self.out.registries.append(registry)
            for step_name, row in registry.rows.items():
                self._rows.setdefault(step_name, row)
        return registry

    def _registry(self, path: str, name: str, span: Span, value: Value) -> Registry | None:
        if isinstance(value, Unknown):
            self.note(value)
            return Registry(name, path, span, {}, (value,))
        if not isinstance(value.value, DictValue):
            return None
        rows: dict[str, RegistryRow] = {}
        unknown: list[Unknown] = []
        for key, row in value.value.entries:
            if not (isinstance(key, Located) and isinstance(key.value, str)):
                if isinstance(key, Unknown):
                    unknown.append(key)
                continue
            fields: dict[str, Value] = {}
            if isinstance(row, Located) and isinstance(row.value, DictValue):
                for field_key, field_value in row.value.entries:
                    if isinstance(field_key, Located) and isinstance(field_key.value, str):
                        fields[field_key.value] = field_value
            elif isinstance(row, Unknown):
                unknown.append(row)
            rows[key.value] = RegistryRow(key.value, key.span, fields)
        for item in unknown:
            self.note(item)
        return Registry(name, path, span, rows, tuple(unknown))

    def _registry_spec_type(self, step_name: str) -> str | None:
        row = self._rows.get(step_name)
        if row is None:
            return None
        return row.text("spec_type") or step_name

    # -- contracts and specs -----------------------------------------------------------------
    def _class_names(self, instance: Instance) -> set[str]:
        names = {instance.class_name}
        if instance.cls is not None:
            info = self.index.classes.get(instance.cls.qualname)
            if info is not None:
                names.update(info.ancestors)
        return names

    def _module_instances(self, module: ModuleInfo) -> None:
        # `_spec = StepSpecification(...)` then `X_SPEC = _spec`: the public name names it.
        public: dict[str, AssignmentFact] = {}
        for assignment in module.facts.assignments:
            if isinstance(assignment.value, Name) and not assignment.name.startswith("_"):
                public.setdefault(assignment.value.id, assignment)
        for assignment in module.facts.assignments:
            if not isinstance(assignment.value, Call):
                continue
            value = self.ev.constant(module.name, assignment.name, assignment.span)
            if isinstance(value, Located) and isinstance(value.value, Instance):
                named = assignment
                if assignment.name.startswith("_") and assignment.name in public:
                    named = public[assignment.name]
                self.component(value.value, named.name, named.span)
        for function in module.facts.functions:
            returned = function.single_return
            if isinstance(returned, Call):
                value = self.ev.evaluate(returned, module.name)
                if isinstance(value, Located) and isinstance(value.value, Instance):
                    if value.value.call is returned:
                        self.component(value.value, f"{function.name}()", function.name_span)

    def component(self, instance: Instance, name: str, name_span: Span) -> Contract | Spec | None:
        """The contract or spec an instance is (resolved once per constructor call)."""
        known = self._contracts_by_call.get(instance.call.span) or self._specs_by_call.get(
            instance.call.span
        )
        if known is not None:
            return known
        classes = self._class_names(instance)
        if classes & self.contract_names:
            contract = self._contract(instance, name, name_span, classes)
            self._contracts_by_call[instance.call.span] = contract
            self.out.contracts.append(contract)
            return contract
        if classes & self.spec_names:
            spec = self._spec(instance, name, name_span)
            self._specs_by_call[instance.call.span] = spec
            self.out.specs.append(spec)
            return spec
        return None

    def contract_value(self, value: Value) -> Contract | Unknown | None:
        if isinstance(value, Unknown):
            return value
        if value.value is None:
            return None
        if isinstance(value.value, Instance):
            origin = value.value.origin
            name = origin[1] if origin else f"{value.value.class_name}(...)"
            found = self.component(value.value, name, self._origin_span(origin, value.span))
            if isinstance(found, Contract):
                return found
            return Unknown(value.span, f"`{name}` is not a script contract")
        return Unknown(value.span, "the value is not a script contract")

    def _origin_span(self, origin: tuple[str, str] | None, fallback: Span) -> Span:
        """The span of the variable that holds an instance (``X_CONTRACT`` in
        ``X_CONTRACT = ScriptContract(...)``), else ``fallback``."""
        if origin is None:
            return fallback
        module = self.index.find_module(origin[0])
        binding = module.symbols.get(origin[1]) if module is not None else None
        return binding.span if isinstance(binding, AssignmentFact) else fallback

    def _arg(self, instance: Instance, key: str) -> Value | None:
        """The value of argument ``key`` of the call that built ``instance`` (a keyword, or a
        positional argument bound to that parameter); None when the call does not pass it."""
        expr = self._argument(instance, key)
        if expr is None:
            return None
        value = expr if isinstance(expr, Unknown) else self.ev.evaluate(expr, instance.module)
        self.note(value)
        return value

    def _argument(self, instance: Instance, key: str) -> Expr | Unknown | None:
        """The expression the call that built ``instance`` passes as parameter ``key``: its
        keyword, or the positional argument at that parameter's place in the class's
        ``__init__``; Unknown when the call has positional arguments that cannot be matched to
        parameters (the class or its ``__init__`` is not in the project)."""
        call = instance.call
        expr = call.keyword(key)
        if expr is not None or not call.args:
            return expr
        names = self._positional_parameters(instance)
        if names is None:
            return Unknown(
                call.span,
                f"`{instance.class_name}(...)` gets positional arguments alignlint cannot match "
                "to its parameters",
            )
        if key in names and names.index(key) < len(call.args):
            return call.args[names.index(key)]
        return None

    def _positional_parameters(self, instance: Instance) -> tuple[str, ...] | None:
        """The parameters positional arguments of ``instance``'s class bind, in order: those
        of the nearest ``__init__`` of its project class and bases, ``self`` excluded; None
        when not known (no such ``__init__`` in the project, or one taking ``*args``)."""
        info = self.index.classes.get(instance.cls.qualname) if instance.cls else None
        for cls in info.mro() if info is not None else ():
            init = self.index.class_fact(cls).method("__init__")
            if init is None:
                continue
            if any(param.kind == "var_positional" for param in init.params):
                return None
            names = [p.name for p in init.params if p.kind in ("positional", "normal")]
            return tuple(names[1:])
        return None

    def _map_arg(self, instance: Instance, key: str) -> EntryMap:
        value = self._arg(instance, key)
        if value is None:
            return EntryMap()
        result = entry_map(value)
        for unknown in result.unknown:
            if unknown is not value:
                self.note(unknown)
        return result

    def _contract(
        self, instance: Instance, name: str, name_span: Span, classes: set[str]
    ) -> Contract:
        required = self._arg(instance, "required_env_vars")
        module = instance.origin[0] if instance.origin else instance.module
        path = instance.call.span.path
        return Contract(
            name=name,
            module=module,
            path=path,
            span=instance.call.span,
            name_span=name_span,
            class_name=instance.class_name,
            kind="training" if classes & self.training_names else "processing",
            entry_point=self._arg(instance, "entry_point"),
            inputs=self._map_arg(instance, "expected_input_paths"),
            outputs=self._map_arg(instance, "expected_output_paths"),
            required_env_vars=name_set(required) if required is not None else NameSet(),
            optional_env_vars=self._map_arg(instance, "optional_env_vars"),
            expected_arguments=self._map_arg(instance, "expected_arguments"),
            framework_requirements=self._map_arg(instance, "framework_requirements"),
            description=self._arg(instance, "description"),
        )

    def _step_type(self, instance: Instance) -> StepTypeRef:
        expr = self._argument(instance, "step_type")
        if expr is None:
            return StepTypeRef(Unknown(instance.call.span, "the spec has no step_type"))
        if isinstance(expr, Unknown):
            self.note(expr)
            return StepTypeRef(expr)
        value = self.ev.evaluate(expr, instance.module)
        self.note(value)
        function = (
            self.ev.spec_type_function(expr, instance.module) if isinstance(expr, Call) else None
        )
        if isinstance(expr, Call) and function is not None:
            argument = self.ev.evaluate(expr.args[0], instance.module) if expr.args else None
            job = self.ev.evaluate(expr.args[1], instance.module) if len(expr.args) > 1 else None
            registered = None
            if isinstance(argument, Located) and isinstance(argument.value, str):
                registered = argument.value in self._rows
            return StepTypeRef(value, function, argument, job, registered)
        return StepTypeRef(value)

    def _job_type(self, step_type: StepTypeRef) -> str | None:
        text = step_type.text
        if step_type.function == SPEC_TYPE_FUNCTIONS[1]:
            job = text_of(step_type.job_type_argument)
            return job.lower() if job else None
        if text is None or text in self._spec_types() or "_" not in text:
            return None
        prefix, _, suffix = text.rpartition("_")
        return suffix.lower() if prefix in self._spec_types() else None

    def _spec_types(self) -> dict[str, str]:
        count, found = self._spec_types_memo
        if count != len(self._rows):
            found = {row.text("spec_type") or name: name for name, row in self._rows.items()}
            self._spec_types_memo = (len(self._rows), found)
        return found

    def _items(self, value: Value | None) -> Iterator[Value]:
        if value is None:
            return
        if isinstance(value, Located) and isinstance(value.value, SeqValue):
            yield from value.value.items
        elif isinstance(value, Located) and isinstance(value.value, DictValue):
            for _, item in value.value.entries:
                yield item
        else:
            yield value

    def _spec(self, instance: Instance, name: str, name_span: Span) -> Spec:
        step_type = self._step_type(instance)
        argument = self._argument(instance, "script_contract")
        contract_expr = argument if not isinstance(argument, Unknown) else None
        contract: Contract | Unknown | None = argument if isinstance(argument, Unknown) else None
        if contract_expr is not None:
            contract = self.contract_value(self.ev.evaluate(contract_expr, instance.module))
        self.note(contract if isinstance(contract, Unknown) else None)
        unknown: list[Unknown] = []
        dependencies: list[Dependency] = []
        for item in self._items(self._arg(instance, "dependencies")):
            dependency = self._dependency(item)
            if isinstance(dependency, Unknown):
                unknown.append(dependency)
            else:
                dependencies.append(dependency)
        outputs: list[Output] = []
        for item in self._items(self._arg(instance, "outputs")):
            output = self._output(item)
            if isinstance(output, Unknown):
                unknown.append(output)
            else:
                outputs.append(output)
        node_type = self._arg(instance, "node_type")
        return Spec(
            name=name,
            module=instance.origin[0] if instance.origin else instance.module,
            path=instance.call.span.path,
            span=instance.call.span,
            name_span=name_span,
            step_type=step_type,
            job_type=self._job_type(step_type),
            node_type=enum_text(node_type)
            if node_type is not None
            else Unknown(instance.call.span, "no node_type"),
            contract=contract,
            contract_span=contract_expr.span if contract_expr is not None else None,
            dependencies=tuple(dependencies),
            outputs=tuple(outputs),
            unknown_parts=tuple(unknown),
            contract_expression=describe_expr(contract_expr),
        )

    def _logical(self, item: Value) -> tuple[Instance, str, Span] | Unknown:
        if isinstance(item, Unknown):
            return item
        if not isinstance(item.value, Instance):
            return Unknown(item.span, "not a DependencySpec/OutputSpec call")
        instance = item.value
        name = self._arg(instance, "logical_name")
        if name is None and instance.call.args:
            name = self.ev.evaluate(instance.call.args[0], instance.module)
        if not (isinstance(name, Located) and isinstance(name.value, str)):
            reason = name.reason if isinstance(name, Unknown) else "no logical_name"
            return Unknown(instance.call.span, f"logical name is unknown: {reason}")
        return instance, name.value, name.span

    def _strings(self, value: Value | None) -> tuple[tuple[Value, ...], tuple[Unknown, ...]]:
        if value is None:
            return (), ()
        if isinstance(value, Unknown):
            return (), (value,)
        if not isinstance(value.value, SeqValue):
            return (), (Unknown(value.span, "not a list"),)
        return value.value.items, tuple(i for i in value.value.items if isinstance(i, Unknown))

    def _bool(self, value: Value | None, default: bool) -> bool | None:
        if value is None:
            return default
        if isinstance(value, Located) and isinstance(value.value, bool):
            return value.value
        return None

    def _dependency(self, item: Value) -> Dependency | Unknown:
        found = self._logical(item)
        if isinstance(found, Unknown):
            return found
        instance, logical, name_span = found
        required = self._arg(instance, "required")
        sources, sources_unknown = self._strings(self._arg(instance, "compatible_sources"))
        keywords, _ = self._strings(self._arg(instance, "semantic_keywords"))
        dependency_type = self._arg(instance, "dependency_type")
        data_type = self._arg(instance, "data_type")
        return Dependency(
            logical_name=logical,
            span=instance.call.span,
            name_span=name_span,
            dependency_type=enum_text(dependency_type)
            if dependency_type is not None
            else Unknown(instance.call.span, "no dependency_type"),
            required=self._bool(required, True),
            compatible_sources=sources,
            compatible_sources_unknown=sources_unknown,
            semantic_keywords=tuple(
                k.value for k in keywords if isinstance(k, Located) and isinstance(k.value, str)
            ),
            data_type=data_type if data_type is not None else Located("S3Uri", instance.call.span),
            description=self._arg(instance, "description"),
        )

    def _output(self, item: Value) -> Output | Unknown:
        found = self._logical(item)
        if isinstance(found, Unknown):
            return found
        instance, logical, name_span = found
        output_type = self._arg(instance, "output_type")
        property_path = self._arg(instance, "property_path")
        aliases, _ = self._strings(self._arg(instance, "aliases"))
        data_type = self._arg(instance, "data_type")
        return Output(
            logical_name=logical,
            span=instance.call.span,
            name_span=name_span,
            output_type=enum_text(output_type)
            if output_type is not None
            else Unknown(instance.call.span, "no output_type"),
            property_path=property_path
            if property_path is not None
            else Unknown(instance.call.span, "no property_path"),
            aliases=aliases,
            data_type=data_type if data_type is not None else Located("S3Uri", instance.call.span),
            description=self._arg(instance, "description"),
        )

    # -- classes -----------------------------------------------------------------------------
    def _classes(self) -> None:
        classes = sorted(self.index.classes.values(), key=lambda c: (c.path, c.span.start))
        named_configs = {row.text("config_class") for row in self._rows.values()} - {None}
        configs: dict[str, ConfigClass] = {}
        excluded = self.contract_names | self.spec_names | self.builder_names | self.dag_names
        for info in classes:
            ancestry = set(info.ancestors)
            if ancestry & excluded or info.name in excluded:
                continue
            names = {info.name, *self.index.class_aliases.get(info.qualname, ())}
            if ancestry & self.config_names or names & named_configs:
                config = self._config(info)
                configs[info.qualname] = config
                self.out.configs.append(config)
        named_builders = {row.text("builder_step_name") for row in self._rows.values()} - {None}
        for info in classes:
            names = {info.name, *self.index.class_aliases.get(info.qualname, ())}
            if (
                set(info.ancestors) & self.builder_names
                or names & named_builders
                or self._is_registered(info)
            ):
                self.out.builders.append(self._builder(info, configs))

    def _is_registered(self, info: ClassInfo) -> bool:
        """Decorated with ``@register_builder`` (a builder by declaration)."""
        return any(
            self._registers_builder(d.func if isinstance(d, Call) else d, info.module)
            for d in self.index.class_fact(info).decorators
        )

    def _registers_builder(self, decorator: Expr, module: str) -> bool:
        """Whether ``decorator`` (a decorator, or the function a decorator call calls) is the
        ``register_builder`` function, by the name written or the one it resolves to
        (``register_builder as register``, ``register = registry.register_builder``)."""
        if describe_expr(decorator).rpartition(".")[2] == REGISTER_BUILDER:
            return True
        return self.ev.defined_name(decorator, module) == REGISTER_BUILDER

    def _methods(self, info: ClassInfo) -> Iterator[tuple[ClassInfo, FunctionFact]]:
        for cls in info.mro():
            for method in self.index.class_fact(cls).methods:
                yield cls, method

    def _find_method(self, info: ClassInfo, name: str) -> tuple[ClassInfo, FunctionFact] | None:
        return next(((c, m) for c, m in self._methods(info) if m.name == name), None)

    def _config(self, info: ClassInfo) -> ConfigClass:
        attributes: dict[str, Attribute] = {}
        for cls in reversed(list(info.mro())):
            fact = self.index.class_fact(cls)
            for member in fact.members:
                default = (
                    self.ev.evaluate(member.default, cls.module)
                    if member.default is not None
                    else None
                )
                attributes[member.name] = Attribute(
                    member.name,
                    member.kind,
                    member.span,
                    default,
                    member.required,
                    cls.name,
                    member.annotation,
                )
        contract: Contract | Unknown | None = None
        contract_span: Span | None = None
        found = self._find_method(info, "get_script_contract")
        if found is not None:
            owner, method = found
            if method.returns:
                returned = method.returns[-1]
                contract_span = returned.span
                contract = self.contract_value(self.ev.evaluate(returned, owner.module))
                self.note(contract if isinstance(contract, Unknown) else None)
        entry_points = {name: attributes[name] for name in ENTRY_POINT_FIELDS if name in attributes}
        return ConfigClass(info, attributes, contract, contract_span, entry_points)

    def _builder(self, info: ClassInfo, configs: dict[str, ConfigClass]) -> BuilderClass:
        fact = self.index.class_fact(info)
        registered: Value | None = None
        for decorator in fact.decorators:
            if isinstance(decorator, Call) and self._registers_builder(decorator.func, info.module):
                argument = decorator.keyword("step_type") or (
                    decorator.args[0] if decorator.args else None
                )
                registered = (
                    self.ev.evaluate(argument, info.module)
                    if argument is not None
                    else Located(None, decorator.span)
                )
            elif not isinstance(decorator, Call) and self._registers_builder(
                decorator, info.module
            ):
                registered = Located(None, decorator.span)
        config_names: list[Located[str]] = []
        reads: list[ConfigRead] = []
        references: dict[str, Expr] = {}
        built: list[BuiltObject] = []
        step_classes: list[NamedUse] = []
        lookups: list[NameLookup] = []
        accepted: list[tuple[str, Value]] = []
        roles = self._lookup_roles(info)
        for method in fact.methods:
            body = method.body
            locals_ = dict(body.local_values)
            lookups.extend(self._name_lookups(info, method, locals_, roles.get(method.name, {})))
            accepted.extend(
                (subject.removeprefix("config."), self._builder_value(info, values, locals_))
                for subject, values in body.accepted_values
                if subject.startswith("config.")
            )
            reads.extend(body.config_reads)
            step_classes.extend(body.step_classes)
            for subject, class_expr in body.isinstance_checks:
                if subject in ("config", "self.config"):
                    config_names.extend(self._class_names_of(class_expr, info))
            for reference in body.references:
                references.setdefault(describe_expr(reference), reference)
            for construction in body.constructions:
                arguments = {
                    key: self._builder_value(info, value, locals_)
                    for key, value in construction.call.kwargs
                    if key is not None
                }
                channel = (
                    self._builder_value(info, construction.channel, locals_)
                    if construction.channel is not None
                    else None
                )
                built.append(
                    BuiltObject(construction.class_name, construction.call.span, arguments, channel)
                )
            if method.name == "__init__":
                for param in method.params:
                    if param.name == "config" and param.annotation:
                        annotation = param.annotation.strip("'\"").rpartition(".")[2]
                        config_names.append(Located(annotation, param.span))
        spec_refs: list[Spec] = []
        for reference in references.values():
            value = self.ev.evaluate(reference, info.module)
            if isinstance(value, Located) and isinstance(value.value, Instance):
                spec = self._specs_by_call.get(value.value.call.span)
                if spec is not None and spec not in spec_refs:
                    spec_refs.append(spec)
        config = self._builder_config(info, config_names, configs)
        return BuilderClass(
            info=info,
            registered_name=registered,
            config_class=config,
            config_class_names=tuple(config_names),
            spec_refs=tuple(spec_refs),
            config_reads=tuple(reads),
            env_var_keys=self._env_keys(info),
            job_arguments=self._job_arguments(info),
            built_objects=tuple(built),
            step_classes=tuple(step_classes),
            missing_imports=self._missing_imports(info),
            name_lookups=tuple(lookups),
            accepted_values=tuple(accepted),
        )

    def _builder_value(self, info: ClassInfo, expr: Expr, locals_: dict[str, Expr]) -> Value:
        """A value in a builder method: through the method's local names, and ``self.X`` /
        ``ClassName.X`` as the class constant (of the builder or a project base)."""
        return self.ev.evaluate_in_class(inline_locals(expr, locals_), info.ref, info.module)

    def _lookup_roles(self, info: ClassInfo) -> dict[str, dict[str | None, str]]:
        """For each method of ``info`` itself that gets the ``inputs`` of ``_get_inputs`` or
        the ``outputs`` of ``_get_outputs``: the parameter that holds them there (None: the
        method takes none) and its side (``dependency`` / ``output``). The methods are found
        as ``self`` calls them, and the helpers they hand the mapping to
        (``self._build_inputs(inputs)``) count as part of them; a parameter that gets both
        sides' mappings is neither's."""
        roles: dict[str, dict[str | None, str]] = {}
        ambiguous: set[tuple[str, str | None]] = set()
        for name, side in (("_get_inputs", "dependency"), ("_get_outputs", "output")):
            found = find_method(self.index, info, name)
            if found is None:
                continue
            owner, method = found
            params = [p for p in method.param_names if p not in ("self", "cls")]
            if not params:
                if owner is info:
                    roles.setdefault(name, {})[None] = side
                continue
            followed = follow_passes(self.index, info, owner, method, params[0])
            for reached in followed.reached:
                if reached.owner is not info:
                    continue
                sides = roles.setdefault(reached.method.name, {})
                if sides.setdefault(reached.param, side) != side:
                    ambiguous.add((reached.method.name, reached.param))
        for method_name, param in ambiguous:
            del roles[method_name][param]
        return roles

    def _name_lookups(
        self,
        info: ClassInfo,
        method: FunctionFact,
        locals_: dict[str, Expr],
        roles: dict[str | None, str],
    ) -> Iterator[NameLookup]:
        """The logical names a builder method looks up (see :class:`NameLookup`); ``roles``
        maps the parameter holding the ``inputs`` / ``outputs`` mapping to its side (see
        :meth:`_lookup_roles`)."""
        for use in method.body.key_uses:
            if use.dict_name == "logical_name":
                sides = list(dict.fromkeys(roles.values()))
            elif use.dict_name in roles:
                sides = [roles[use.dict_name]]
            elif use.dict_name.endswith(".expected_input_paths"):
                sides = ["contract input"]
            elif use.dict_name.endswith(".expected_output_paths"):
                sides = ["contract output"]
            else:
                sides = []
            if not sides:
                continue
            chain = f"{method.name}:{use.group}" if use.group is not None else None
            value = self._builder_value(info, use.key, locals_)
            for side in sides:
                if (
                    use.kind == "loop"
                    and isinstance(value, Located)
                    and isinstance(value.value, SeqValue)
                ):
                    for item in value.value.items:
                        yield NameLookup(
                            side, item, use.span, "loop", use.has_default, chain, method.name
                        )
                    continue
                yield NameLookup(
                    side, value, use.span, use.kind, use.has_default, chain, method.name
                )

    def _class_names_of(self, expr: Expr, info: ClassInfo) -> list[Located[str]]:
        value = self.ev.evaluate_in_class(expr, info.ref, info.module)
        values = (
            value.value.items
            if isinstance(value, Located) and isinstance(value.value, SeqValue)
            else (value,)
        )
        names: list[Located[str]] = []
        for item in values:
            if isinstance(item, Located) and isinstance(item.value, (ClassRef, ExternalRef)):
                names.append(Located(item.value.name, item.span))
        return names

    def _builder_config(
        self, info: ClassInfo, names: list[Located[str]], configs: dict[str, ConfigClass]
    ) -> ConfigClass | None:
        by_name = self._configs_by_name(configs)
        for name in names:
            if name.value in by_name:
                return by_name[name.value]
        rows = self._builder_rows()
        for builder_name in (info.name, *self.index.class_aliases.get(info.qualname, ())):
            for config_name in rows.get(builder_name, ()):
                if config_name in by_name:
                    return by_name[config_name]
        return None

    def _configs_by_name(self, configs: dict[str, ConfigClass]) -> dict[str, ConfigClass]:
        """``configs`` by simple name; on a clash the one with the smallest path wins."""
        key, count, found = self._configs_by_name_memo
        if key != id(configs) or count != len(configs):
            ordered = sorted(configs.values(), key=lambda c: c.info.path, reverse=True)
            found = {c.name: c for c in ordered}
            # The aliases a config's module binds it to name it too; own names win.
            for config in ordered[::-1]:
                for alias in self.index.class_aliases.get(config.info.qualname, ()):
                    found.setdefault(alias, config)
            self._configs_by_name_memo = (id(configs), len(configs), found)
        return found

    def _builder_rows(self) -> dict[str, list[str | None]]:
        """Builder name -> the ``config_class`` of every registry row naming it, in row order."""
        count, found = self._builder_rows_memo
        if count != len(self._rows):
            found = {}
            for row in self._rows.values():
                builder = row.text("builder_step_name")
                if builder is not None:
                    found.setdefault(builder, []).append(row.text("config_class"))
            self._builder_rows_memo = (len(self._rows), found)
        return found

    def _env_keys(self, info: ClassInfo) -> NameSet:
        """The keys the nearest ``_get_environment_variables`` writes, with the helper methods
        whose result it returns or merges (``return self._build_env()``); a value it may return
        whose keys are not read (``return build_env(self.config)``) leaves them unknown."""
        found = self._find_method(info, "_get_environment_variables")
        if found is None:
            return NameSet()
        owner, method = found
        names: dict[str, Span] = {}
        unknown: list[Unknown] = []
        followed = follow_results(self.index, info, owner, method)
        if followed.unknown is not None:
            unknown.append(Unknown(method.name_span, followed.unknown))
        bodies = {(reached.owner.qualname, reached.method.name) for reached in followed.reached}
        for reached in followed.reached:
            chain = ("_get_environment_variables", reached.method.name)
            returned = returned_keys(
                self.index, info, reached.owner, reached.method, chain, builder=True, reached=bodies
            )
            for name, span in returned.keys:
                names.setdefault(name, span)
            unknown.extend(Unknown(method.name_span, part.reason) for part in returned.unknown)
            for merged in reached.method.body.merges:
                merged = bound_value(reached.method, merged)
                member = self_member(merged)
                if member is not None and find_method(self.index, info, member[0]) is not None:
                    continue  # a helper method: followed
                if config_member_name(merged) is not None or super_method(merged) in chain:
                    continue  # a config member, or the base's result: read elsewhere
                read = merged_keys(self.index, reached.owner, reached.method, merged)
                for name, span in read.keys:
                    names.setdefault(name, span)
                unknown.extend(Unknown(method.name_span, part.reason) for part in read.unknown)
            for write in reached.method.body.key_writes:
                value = self.ev.evaluate(write.key, reached.owner.module)
                if isinstance(value, Located) and isinstance(value.value, str):
                    names.setdefault(value.value, write.span)
                elif isinstance(value, Unknown):
                    unknown.append(value)
        return NameSet(names, tuple(unknown), method.name_span)

    def _job_arguments(self, info: ClassInfo) -> tuple[Located[str], ...]:
        """The flags the nearest ``_get_job_arguments`` writes, with the helper methods whose
        result it returns (``return self._build_args()``)."""
        found = self._find_method(info, "_get_job_arguments")
        if found is None:
            return ()
        owner, method = found
        flags: list[Located[str]] = []
        for reached in follow_results(self.index, info, owner, method).reached:
            body = reached.method.body
            local = dict(body.local_values)
            for flag in body.flags:
                if isinstance(flag, Concat) and local:  # f"--{name}", name bound once
                    flag = inline_locals(flag, local)
                value = self.ev.evaluate(flag, reached.owner.module)
                if isinstance(value, Located) and isinstance(value.value, str):
                    flags.append(Located(value.value, value.span))
        return tuple(flags)

    def _missing_imports(self, info: ClassInfo) -> tuple[MissingImport, ...]:
        module = self.index.find_module(info.module)
        if module is None:
            return ()
        return tuple(self.missing_imports(module))

    def missing_imports(self, module: ModuleInfo) -> Iterator[MissingImport]:
        """Imports from a project module of a name that module does not define."""
        for imp in module.facts.imports:
            if imp.module is None or imp.name is None:
                continue
            target = self.index.find_module(imp.module)
            if target is None:
                continue
            if self.index.import_target(imp.module, imp.name) is None:
                yield MissingImport(target.name, imp.name, imp.span)

    # -- scripts -----------------------------------------------------------------------------
    def _scripts(self) -> None:
        """Every module whose ``main`` takes the path dicts is a script: its own, or one it
        imports (:meth:`script_main`) and its ``__main__`` block calls (not a package
        re-exporting a ``main``); except a module defining the ``main`` another script imports:
        its code is that script's."""
        found: dict[str, tuple[ModuleInfo, ScriptMain]] = {}
        for module in self._modules():
            script_main = self.script_main(module.facts)
            main = script_main.function
            block = module.facts.main_block
            if script_main.module is not None and (block is None or not block.main_calls):
                continue
            if main is not None and {"input_paths", "output_paths"} <= {
                p.name for p in main.params
            }:
                found[module.path] = (module, script_main)
        implementations = {
            script_main.module.path
            for _, script_main in found.values()
            if script_main.module is not None
        }
        for path, (module, _) in found.items():
            if path not in implementations:
                self.out.scripts[path] = self.script(module.facts)

    def script_main(self, facts: FileFacts) -> ScriptMain:
        """The ``main`` a script runs: its own, or the function of another project module it
        imports under the name its ``__main__`` block calls (``from ._impl import main``,
        ``from .impl import main as _main``, an absolute import, a re-export); or why that
        function cannot be read (imported from outside the project, bound dynamically)."""
        own = facts.function("main")
        if own is not None:
            return ScriptMain(own)
        name = facts.main_name
        head = name.partition(".")[0]
        info = self.index.module_by_path(facts.path)
        binding = info.symbols.get(head) if info is not None else None
        calls = facts.main_block is not None and bool(facts.main_block.main_calls)
        if binding is None or info is None:
            if not calls:
                return ScriptMain(None)
            return ScriptMain(
                None,
                unknown=f"the `__main__` block calls `{name}`, which the module does not bind "
                "at module level (imported inside the block, or not at all)",
            )
        if not isinstance(binding, (ImportFact, AssignmentFact)):
            return ScriptMain(None)
        symbol = self._main_symbol(info.name, name)
        if isinstance(symbol, FunctionSymbol) and symbol.name == "main":
            target = self.index.find_module(symbol.module)
            function = target.facts.function(symbol.name) if target is not None else None
            if target is not None and function is not None and target.path != facts.path:
                return ScriptMain(function, target.facts)
        if isinstance(symbol, ExternalSymbol):
            origin = symbol.dotted.rpartition(".")[0] or symbol.dotted
            why = f"`{name}` is imported from `{origin}`, outside the project"
        elif isinstance(symbol, FunctionSymbol) and symbol.name != "main":
            # Only a ``main``'s parameters are read in detail (phase 1).
            why = (
                f"`{name}` is `{symbol.name}` of `{symbol.module}`, not followed under another name"
            )
        elif isinstance(binding, ImportFact):
            why = (
                f"`{name}` is imported from `{binding.written}`, where alignlint finds no function"
            )
        else:
            why = f"`{name}` is bound to a value alignlint cannot follow"
        return ScriptMain(None, unknown=f"{why}: what the script's `main` reads is not known")

    def _main_symbol(self, module: str, name: str) -> Symbol | None:
        """What ``name`` (``main``, ``_main``, ``impl.main``) stands for in ``module``: imports
        followed, then attributes of a module (``impl.main``), and a module-level assignment of
        a name or module attribute (``main = impl.main``)."""
        head, *attrs = name.split(".")
        symbol = self.index.lookup(module, head)
        for attr in attrs:
            symbol = self._attribute_symbol(symbol, attr)
        for _ in range(_MAIN_ALIAS_DEPTH):
            if not isinstance(symbol, AssignedSymbol):
                break
            symbol = self._expr_symbol(symbol.module, symbol.value)
        return symbol

    def _expr_symbol(self, module: str, expr: Expr) -> Symbol | None:
        """The symbol of a name or a module attribute (``impl.main``) in ``module``."""
        if isinstance(expr, Name):
            return self.index.lookup(module, expr.id)
        if isinstance(expr, Attr):
            return self._attribute_symbol(self._expr_symbol(module, expr.value), expr.attr)
        return None

    def _attribute_symbol(self, symbol: Symbol | None, attr: str) -> Symbol | None:
        if isinstance(symbol, ModuleSymbol):
            return self.index.lookup(symbol.module, attr)
        if isinstance(symbol, ExternalSymbol):
            return ExternalSymbol(f"{symbol.dotted}.{attr}")
        return None

    def script(self, facts: FileFacts) -> Script:
        """The script facts of a file (built once per path). When its ``main`` is imported from
        another project module (:meth:`script_main`), that module's code is the script's too:
        its key uses, env reads, paths and arguments count, evaluated in that module."""
        known = self.out.scripts.get(facts.path)
        if known is not None:
            return known
        module = facts.module or ""
        found = self.script_main(facts)
        main = found.function
        sources: list[tuple[FileFacts, str, bool]] = [(facts, module, True)]
        if found.module is not None:
            sources.append((found.module, found.module.module or "", False))
        input_keys: list[KeyAccess] = []
        output_keys: list[KeyAccess] = []
        env_reads: list[EnvAccess] = []
        paths: list[ContainerPath] = []
        arguments: list[CliArgument] = []
        bodies: list[tuple[str, BodyFacts]] = []
        unused_table_values: list[Span] = []
        for source, source_module, own in sources:
            source_bodies = list(self._bodies(source, main_block=own))
            bodies.extend(source_bodies)
            input_part, output_part = self._key_uses(source, source_module)
            input_keys.extend(input_part)
            output_keys.extend(output_part)
            source_paths = self._read_bodies(source_bodies, source_module, env_reads, arguments)
            paths.extend(self._without_composed_roots(source, source_module, source_paths))
            unused_table_values.extend(
                self._unused_table_values(source, source_module, source_bodies)
            )
        env_reads.extend(self._imported_env_reads(facts, found.module))
        inputs, outputs = self._main_block_maps(facts, main, module)
        return Script(
            path=facts.path,
            module=facts.module,
            main=main,
            input_keys=tuple(input_keys),
            output_keys=tuple(output_keys),
            env_reads=tuple(env_reads),
            container_paths=tuple(paths),
            main_block_span=facts.main_block_span,
            main_block_inputs=inputs,
            main_block_outputs=outputs,
            arguments=tuple(arguments),
            job_arg_reads=tuple(read for _, body in bodies for read in body.job_arg_reads),
            lenient_parses=tuple(span for _, body in bodies for span in body.lenient_parses),
            strict_parses=tuple(span for _, body in bodies for span in body.strict_parses),
            parsers=tuple(span for _, body in bodies for span in body.parsers),
            main_environ=self._main_environ(facts, main, module),
            unused_table_values=tuple(unused_table_values),
            implementation=found.module.path if found.module is not None else None,
            main_unknown=found.unknown,
        )

    def _key_uses(self, facts: FileFacts, module: str) -> tuple[list[KeyAccess], list[KeyAccess]]:
        """The input and output key uses of the functions of ``facts`` (dicts followed from
        ``main`` and from parameters of the unified names)."""
        functions = {f.name: f for f in facts.functions}
        roles = self._dict_roles(functions)
        input_keys: list[KeyAccess] = []
        output_keys: list[KeyAccess] = []
        for function in facts.functions:
            for use in function.body.key_uses:
                role = roles.get((function.name, use.dict_name))
                if role == "input_paths":
                    input_keys.extend(self._key_access(use, function.name, module))
                elif role == "output_paths":
                    output_keys.extend(self._key_access(use, function.name, module))
        return input_keys, output_keys

    def _read_bodies(
        self,
        bodies: list[tuple[str, BodyFacts]],
        module: str,
        env_reads: list[EnvAccess],
        arguments: list[CliArgument],
    ) -> list[ContainerPath]:
        """Add the env reads and parser arguments of ``bodies`` (of ``module``) to
        ``env_reads`` and ``arguments``; return their container paths."""
        paths: list[ContainerPath] = []
        for where, body in bodies:
            for read in body.env_reads:
                default = (
                    self.ev.evaluate(read.default, module) if read.default is not None else None
                )
                env_reads.append(
                    EnvAccess(
                        self.ev.evaluate(read.name, module),
                        read.span,
                        read.via,
                        default,
                        read.has_default,
                        where,
                        read.display,
                        read.transforms,
                        self.ev.evaluate(read.prefix, module) if read.prefix is not None else None,
                    )
                )
            for expr in body.container_paths:
                value = self.ev.evaluate(expr, module)
                if (
                    isinstance(value, Located)
                    and isinstance(value.value, str)
                    and value.value.startswith("/opt/ml")
                ):
                    paths.append(ContainerPath(Located(value.value, expr.span), expr.span, where))
                elif isinstance(value, Unknown) and _contains_container_literal(expr):
                    paths.append(ContainerPath(value, expr.span, where))
            for argument in body.arguments:
                required = (
                    self.ev.evaluate(argument.required, module)
                    if argument.required is not None
                    else None
                )
                arguments.append(
                    CliArgument(
                        argument.flags,
                        normalise_dest(argument.flags, argument.dest),
                        self._bool(required, False),
                        self.ev.evaluate(argument.default, module)
                        if argument.default is not None
                        else None,
                        argument.span,
                        argument.dynamic,
                        self.ev.evaluate(argument.choices, module)
                        if argument.choices is not None
                        else None,
                    )
                )
        return paths

    def _imported_env_reads(
        self, facts: FileFacts, implementation: FileFacts | None
    ) -> Iterator[EnvAccess]:
        """The env reads of the code the script runs in other modules of the project
        (:mod:`alignlint.model.imported_env`; ``implementation``, the module defining its
        ``main``, is read with the script), each evaluated in its own module."""
        for found in imported_env_reads(self.index, facts, implementation):
            read = found.read
            if read is None:
                reason = found.reason or "imported code may read env vars"
                yield EnvAccess(
                    Unknown(found.span, reason),
                    found.span,
                    "os.environ",
                    None,
                    False,
                    found.where,
                    imported_by=found.imported_by,
                )
                continue
            module = found.module
            yield EnvAccess(
                self._imported_read_name(read, found),
                read.span,
                read.via,
                self.ev.evaluate(read.default, module) if read.default is not None else None,
                read.has_default,
                found.where,
                read.display,
                read.transforms,
                self.ev.evaluate(read.prefix, module) if read.prefix is not None else None,
                imported_by=found.imported_by,
            )

    def _imported_read_name(self, read: EnvRead, found: ImportedRead) -> Value:
        """The name an env read in another module reads, evaluated there; a parameter of the
        function the read is in (``os.environ.get(name)`` in ``def read_flag(name)``) is
        Unknown as such, not as a name the project does not define."""
        value = self.ev.evaluate(read.name, found.module)
        name = read.name
        if (
            isinstance(value, Unknown)
            and isinstance(name, Name)
            and name.id in found.params
            and value.reason == f"`{name.id}` is not defined in the project"
        ):
            return Unknown(value.span, f"`{name.id}` is a parameter of `{found.where}`")
        return value

    def _without_composed_roots(
        self, facts: FileFacts, module: str, paths: list[ContainerPath]
    ) -> list[ContainerPath]:
        """``paths`` without the value of each module constant holding a container path
        (``CODE = "/opt/ml/code"``) that the code reads only as the root of paths it builds and
        alignlint evaluates (``f"{CODE}/models"``, ``os.path.join(CODE, "x")``): those paths
        are what the script uses, as the ``"/opt/ml/code"`` of ``Path("/opt/ml/code") / "x"``
        is no use of its own. A constant read anywhere else (``sys.path.append(CODE)``, a
        path alignlint cannot evaluate), or not read at all, stays a use."""
        reads: dict[str, list[Span]] = {}
        for read in facts.container_constant_reads:
            reads.setdefault(read.name, []).append(read.span)
        if not reads:
            return paths
        built = [path.span for path in paths if text_of(path.value) is not None]
        roots: list[Span] = []
        for assignment in facts.assignments:
            spans = reads.get(assignment.name)
            if spans is None:
                continue
            value = self.ev.evaluate(assignment.value, module)
            if not (
                isinstance(value, Located)
                and isinstance(value.value, str)
                and value.value.startswith("/opt/ml")
            ):
                continue
            where = assignment.value.span
            if all(
                any(span.contains(read) and not where.contains(span) for span in built)
                for read in spans
            ):
                roots.append(where)
        return [
            path
            for path in paths
            if path.where != "<module>" or not any(root.contains(path.span) for root in roots)
        ]

    def _unused_table_values(
        self, facts: FileFacts, module: str, bodies: list[tuple[str, BodyFacts]]
    ) -> Iterator[Span]:
        """The values of module-level path tables whose key no code reads (see
        ``Script.unused_table_values``); ``bodies`` are the file's (:meth:`_bodies`)."""
        keys: dict[str, set[str]] = {}
        whole: set[str] = set()
        for _, body in bodies:
            whole.update(body.table_uses)
            for table, key_expr in body.table_reads:
                key = self.ev.evaluate(key_expr, module)
                if isinstance(key, Located) and isinstance(key.value, str):
                    keys.setdefault(table, set()).add(key.value)
                else:
                    whole.add(table)
        for assignment in facts.assignments:
            table = assignment.name
            if table in whole or not isinstance(assignment.value, DictExpr):
                continue
            read = keys.get(table, set())
            for item_key, item_value in assignment.value.items:
                if isinstance(item_key, Lit) and isinstance(item_key.value, str):
                    if item_key.value not in read:
                        yield item_value.span

    @staticmethod
    def _bodies(facts: FileFacts, main_block: bool = True) -> Iterator[tuple[str, BodyFacts]]:
        """The bodies of a module (its ``__main__`` block only when ``main_block``: a script's
        implementation module runs under the script's)."""
        yield "<module>", facts.module_body
        for function in facts.functions:
            yield function.name, function.body
        for cls in facts.classes:
            for method in cls.methods:
                yield f"{cls.name}.{method.name}", method.body
        if main_block and facts.main_block is not None:
            yield "__main__", facts.main_block

    @staticmethod
    def _dict_roles(functions: dict[str, FunctionFact]) -> dict[tuple[str, str], str]:
        """(function, parameter) -> role, following dicts passed on from ``main``."""
        roles: dict[tuple[str, str], str] = {}
        queue: list[tuple[str, str, str]] = []
        main = functions.get("main")
        if main is not None:
            for param in main.params:
                if param.name in ("input_paths", "output_paths"):
                    queue.append(("main", param.name, param.name))
        for function in functions.values():
            for name in function.param_names:
                if name in ("input_paths", "output_paths"):
                    queue.append((function.name, name, name))
        while queue:
            function_name, param_name, role = queue.pop()
            if (function_name, param_name) in roles:
                continue
            roles[(function_name, param_name)] = role
            caller = functions.get(function_name)
            if caller is None:
                continue
            for passed in caller.body.dict_passes:
                if passed.dict_name != param_name or passed.callee not in functions:
                    continue
                callee = functions[passed.callee]
                params = callee.param_names
                target = passed.keyword if passed.keyword in params else None
                if passed.position is not None and passed.position < len(params):
                    target = params[passed.position]
                if target is not None:
                    queue.append((callee.name, target, role))
        return roles

    def _key_access(self, use: KeyUse, function: str, module: str) -> Iterator[KeyAccess]:
        group = f"{function}:{use.group}" if use.group is not None else None
        value = self.ev.evaluate(use.key, module)
        if use.kind == "loop":
            if isinstance(value, Located) and isinstance(value.value, SeqValue):
                for item in value.value.items:
                    yield KeyAccess(item, use.span, "loop", use.has_default, group, function)
                return
            yield KeyAccess(
                value
                if isinstance(value, Unknown)
                else Unknown(use.span, "loop over a value that is not a list"),
                use.span,
                "loop",
                use.has_default,
                group,
                function,
            )
            return
        yield KeyAccess(value, use.span, use.kind, use.has_default, group, function, use.present)

    def _main_block_maps(
        self, facts: FileFacts, main: FunctionFact | None, module: str
    ) -> tuple[EntryMap | None, EntryMap | None]:
        block = facts.main_block
        if block is None or main is None or not block.main_calls:
            return None, None
        call = block.main_calls[0]
        params = [p.name for p in main.params]
        passed: dict[str, Expr] = {}
        for position, arg in enumerate(call.args):
            if position < len(params):
                passed[params[position]] = arg
        for key, arg in call.kwargs:
            if key is not None:
                passed[key] = arg
        local = dict(block.local_bindings)
        key_of = functools.partial(self._key_of, module=module)
        result: list[EntryMap | None] = []
        for role in ("input_paths", "output_paths"):
            expr = passed.get(role)
            built_by_call = False
            if isinstance(expr, Name) and expr.id in local:
                bound = local[expr.id]
                display = self._mapping_display(bound, module)
                built_by_call = display is not None and display is not bound
                expr = _with_stores(display or bound, expr.id, block, key_of)
            if isinstance(expr, DictExpr):
                expr = _with_local_tables(expr, block, key_of)
            if expr is None:
                result.append(None)
                continue
            mapping = entry_map(self.ev.evaluate(expr, module))
            # A mapping ``dict(...)`` builds has no display a fix could add an entry to.
            result.append(replace(mapping, display=False) if built_by_call else mapping)
        return result[0], result[1]

    def _key_of(self, key: Expr | None, module: str) -> object:
        """:data:`KeyOf` in ``module``: a literal key, or the string or number a constant
        names (evaluated only when the key is not a literal)."""
        if isinstance(key, Lit):
            return key.value
        if key is None:
            return UNKNOWN_KEY
        value = self.ev.evaluate(key, module)
        if isinstance(value, Located) and isinstance(value.value, (str, int)):
            return value.value
        return UNKNOWN_KEY

    def _main_environ(
        self, facts: FileFacts, main: FunctionFact | None, module: str
    ) -> MainEnviron | None:
        """The ``environ_vars`` dict ``__main__`` passes to ``main``, when it is a dict display
        (directly or through a local name), with the keys stored into it afterwards."""
        block = facts.main_block
        if block is None or main is None or not block.main_calls:
            return None
        call = block.main_calls[0]
        params = [p.name for p in main.params]
        expr: Expr | None = None
        for position, arg in enumerate(call.args):
            if position < len(params) and params[position] == "environ_vars":
                expr = arg
        expr = call.keyword("environ_vars") or expr
        passed = expr
        local = dict(block.local_bindings)
        name = expr.id if isinstance(expr, Name) else None
        if name is not None and name in local:
            expr = local[name]
        display = self._mapping_display(expr, module)
        if display is None:
            return None
        env_spans = [read.span for read in block.env_reads]
        items: list[tuple[Expr | None, Expr]] = list(display.items)
        complete = True
        read_backs: list[EnvAccess] = []
        if name is not None:
            items.extend((key, value) for store, key, value in block.dict_stores if store == name)
            bindings = sum(1 for bound, _ in block.local_bindings if bound == name)
            others = [
                span
                for used, span in block.dict_other_uses
                if used == name and (passed is None or span != passed.span)
            ]
            complete = bindings == 1 and not others and len(block.main_calls) == 1
            for used, read_key, span, has_default in block.dict_reads:
                if used == name and span < call.span:
                    via = "environ_vars.get" if has_default else "environ_vars[]"
                    key_value = self.ev.evaluate(read_key, module)
                    read_backs.append(
                        EnvAccess(key_value, span, via, None, has_default, "__main__")
                    )
        entries: dict[str, EnvironEntry] = {}
        for key_expr, value_expr in items:
            key = self.ev.evaluate(key_expr, module) if key_expr is not None else None
            if not (isinstance(key, Located) and isinstance(key.value, str)):
                complete = False
                continue
            source = value_expr
            if isinstance(source, Name) and source.id in local:
                source = local[source.id]
            from_env = any(source.span.contains(span) for span in env_spans)
            entries[key.value] = EnvironEntry(
                key.value, key.span, self.ev.evaluate(source, module), from_env
            )
        return MainEnviron(entries, complete, display.span, tuple(read_backs))

    def _mapping_display(self, expr: Expr | None, module: str) -> DictExpr | None:
        """``expr`` as a dict display: itself, or the display a ``dict(...)`` call stands for
        (``dict(K=v, **m)``; a positional display gives its items, any other positional value
        is a ``**`` spread); None for anything else."""
        if isinstance(expr, DictExpr):
            return expr
        if not isinstance(expr, Call) or len(expr.args) > 1:
            return None
        func = self.ev.evaluate(expr.func, module)
        if not (
            isinstance(func, Located)
            and isinstance(func.value, ExternalRef)
            and func.value.dotted == "builtins.dict"
        ):
            return None
        items: list[tuple[Expr | None, Expr]] = []
        for arg in expr.args:
            items.extend(arg.items if isinstance(arg, DictExpr) else [(None, arg)])
        items.extend(
            (Lit(key, value.span) if key is not None else None, value) for key, value in expr.kwargs
        )
        return DictExpr(tuple(items), expr.span)

    # -- DAGs --------------------------------------------------------------------------------
    def _dags(self) -> None:
        reader = DagReader(self.ev, self.dag_names, self.note)
        for module in self._modules():
            self.out.dags.extend(reader.python_dags(module, list(self._bodies(module.facts))))
        for facts in self.files:
            dag = reader.json_dag(facts)
            if dag is not None:
                self.out.dags.append(dag)
