"""The cross-module index: modules by dotted name and path, symbol lookup that follows imports
(absolute, relative, star, re-exports through ``__init__``), and classes with their bases
resolved transitively. Implements :class:`alignlint.model.values.Environment`."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator, Sequence
from dataclasses import field
from operator import itemgetter

from alignlint.core.records import record
from alignlint.core.source import module_stem
from alignlint.extract.facts import AssignmentFact, ClassFact, FileFacts, FunctionFact, ImportFact
from alignlint.extract.ir import Expr, Name
from alignlint.model.components import ClassInfo
from alignlint.model.local_values import inline_locals
from alignlint.model.values import (
    AssignedSymbol,
    ClassRef,
    ClassSymbol,
    Evaluator,
    ExternalRef,
    ExternalSymbol,
    FunctionSymbol,
    Located,
    ModuleSymbol,
    Symbol,
)

Binding = AssignmentFact | ClassFact | FunctionFact | ImportFact
_BUILTINS = frozenset(dir(builtins))
#: What a memo holds for a key it has not answered (None is an answer).
_UNSEEN = object()
#: External bases whose attributes are known well enough to call a hierarchy complete.
_COMPLETE_EXTERNAL_MODULES = ("pydantic", "typing", "abc", "enum", "builtins", "dataclasses")


@record(frozen=False)
class ModuleInfo:
    """One Python module of the project."""

    facts: FileFacts
    name: str
    package_name: str
    symbols: dict[str, Binding] = field(default_factory=dict)
    star_imports: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.facts.path


def _bindings(facts: FileFacts) -> tuple[dict[str, Binding], list[str]]:
    """Module-level name -> binding. Later bindings win, except that ``except``-handler
    (fallback) bindings never override a binding from normal code. An assignment that reads the
    name it rebinds (``NAME = {**NAME, ...}``, ``NAME = NAME | {...}``) reads the value the
    module's previous assignment of it bound."""
    # Ordered by where each binding starts (line, then column; a stable sort keeps the order of
    # kinds below for a tie), keyed by one number that is cheap to sort by.
    ordered: list[tuple[int, str, Binding]] = []
    stars: list[str] = []
    for imp in facts.imports:
        if imp.bound == "*":
            if imp.module is not None:
                stars.append(imp.module)
            continue
        span = imp.span
        ordered.append((span.line << 32 | span.column, imp.bound, imp))
    group: Sequence[AssignmentFact | ClassFact | FunctionFact]
    for group in (facts.assignments, facts.classes, facts.functions):
        for defined in group:
            span = defined.span
            ordered.append((span.line << 32 | span.column, defined.name, defined))
    ordered.sort(key=itemgetter(0))
    symbols: dict[str, Binding] = {}
    for _, name, binding in ordered:
        if name in symbols and getattr(binding, "fallback", False):
            continue
        previous = symbols.get(name)
        if isinstance(binding, AssignmentFact) and isinstance(previous, AssignmentFact):
            # `NAME = {**NAME, "X": ...}`: the name read on the right is the value bound before.
            value = inline_locals(binding.value, {name: previous.value})
            if value != binding.value:
                binding = AssignmentFact(name, value, binding.span, binding.fallback)
        symbols[name] = binding
    return symbols, stars


def _package_prefix(directory: str, package_dirs: frozenset[str]) -> list[str]:
    """The parts of a package-based name that ``directory`` (with its trailing ``/``, or empty
    for the root) contributes: the directories below the outermost package holding it (see
    :func:`_package_name`)."""
    directories = directory.split("/")[:-1]
    first = len(directories)
    while first > 0 and "/".join(directories[:first]) in package_dirs:
        first -= 1
    return directories[first:]


def _package_name(
    path: str, package_dirs: frozenset[str], prefixes: dict[str, list[str]] | None = None
) -> str:
    """The dotted name of the module at ``path`` counted from its outermost package.
    ``prefixes`` memoises :func:`_package_prefix` by directory (many modules share one)."""
    directory, separator, file_name = path.rpartition("/")
    directory += separator
    stem = module_stem(file_name)
    if prefixes is None:
        prefix = _package_prefix(directory, package_dirs)
    else:
        found = prefixes.get(directory)
        if found is None:
            found = prefixes[directory] = _package_prefix(directory, package_dirs)
        prefix = found
    return ".".join(prefix if stem == "__init__" else [*prefix, stem])


class ProjectIndex:
    """Modules and classes of the project; the symbol environment of the evaluator."""

    def __init__(self, files: Sequence[FileFacts]) -> None:
        python = [
            f
            for f in files
            if f.kind in ("python", "compiled") and f.module is not None and not f.errors
        ]
        package_dirs = frozenset(f.path.rpartition("/")[0] for f in python if f.is_package)
        self.modules: dict[str, ModuleInfo] = {}
        self.by_path: dict[str, ModuleInfo] = {}
        self._by_package: dict[str, ModuleInfo] = {}
        self._by_suffix: dict[str, list[ModuleInfo]] = {}
        #: The last part of every module's path-based and package-based name: a dotted name
        #: ending otherwise names no module (every way :meth:`find_module` matches keeps it).
        self._last_parts: set[str] = set()
        prefixes: dict[str, list[str]] = {}
        for facts in sorted(python, key=lambda f: f.path):
            assert facts.module is not None
            symbols, stars = _bindings(facts)
            package_name = _package_name(facts.path, package_dirs, prefixes)
            info = ModuleInfo(facts, facts.module, package_name, symbols, stars)
            self.modules.setdefault(info.name, info)
            self.by_path[facts.path] = info
            self._by_package.setdefault(info.package_name, info)
            self._last_parts.add(info.name.rpartition(".")[2])
            self._last_parts.add(info.package_name.rpartition(".")[2])
            parts = info.name.split(".")
            for start in range(1, len(parts)):
                self._by_suffix.setdefault(".".join(parts[start:]), []).append(info)
        #: :meth:`find_module` answers by dotted name (the modules never change once indexed).
        self._module_memo: dict[str, ModuleInfo | None] = {}
        self._lookup_memo: dict[tuple[str, str], Symbol | None] = {}
        self._active: set[tuple[str, str]] = set()
        self.evaluator = Evaluator(self)
        self.classes: dict[str, ClassInfo] = {}
        self.classes_by_name: dict[str, list[ClassInfo]] = {}
        #: Other module-level names a class is bound to in its own module (``PrepConfig =
        #: PrepSettings``, kept after a rename), by qualified name: the class is also found
        #: by those names (:attr:`classes_by_name`).
        self.class_aliases: dict[str, tuple[str, ...]] = {}
        self._class_facts: dict[str, ClassFact] = {}
        self._registry_lookup: Callable[[str], str | None] = lambda _name: None
        self._build_classes()

    # -- modules -----------------------------------------------------------------------------
    def find_module(self, dotted: str) -> ModuleInfo | None:
        """A module by path-based name, package-based name, or unique dotted suffix."""
        found = self._module_memo.get(dotted, _UNSEEN)
        if found is not _UNSEEN:
            return found  # type: ignore[return-value]
        found = self._find_module(dotted)
        self._module_memo[dotted] = found
        return found

    def _find_module(self, dotted: str) -> ModuleInfo | None:
        if dotted.rpartition(".")[2] not in self._last_parts:
            return None  # most misses: a name looked up as a submodule (``pkg.mod.some_name``)
        found = self.modules.get(dotted) or self._by_package.get(dotted)
        if found is not None:
            return found
        candidates = self._by_suffix.get(dotted)
        if candidates and len(candidates) == 1:
            return candidates[0]
        parts = dotted.split(".")
        # ``pkg.sub.mod`` when the project root is ``pkg`` itself (two parts at least remain).
        for start in range(1, len(parts) - 1):
            shorter = ".".join(parts[start:])
            found = self.modules.get(shorter) or self._by_package.get(shorter)
            if found is not None:
                return found
        return None

    def module_by_path(self, path: str) -> ModuleInfo | None:
        return self.by_path.get(path)

    # -- Environment -------------------------------------------------------------------------
    def lookup(self, module: str, name: str) -> Symbol | None:
        key = (module, name)
        found = self._lookup_memo.get(key, _UNSEEN)
        if found is not _UNSEEN:
            return found  # type: ignore[return-value]
        if key in self._active:
            return None
        self._active.add(key)
        try:
            result = self._lookup(module, name)
        finally:
            self._active.discard(key)
        self._lookup_memo[key] = result
        return result

    def _lookup(self, module: str, name: str) -> Symbol | None:
        info = self.find_module(module)
        if info is None:
            return ExternalSymbol(f"{module}.{name}")
        binding = info.symbols.get(name)
        if binding is None:
            for star in info.star_imports:
                found = self.import_target(star, name)
                if found is not None and not isinstance(found, ExternalSymbol):
                    return found
            # (No module's name ends with most names looked up: no submodule to search for.)
            if name in self._last_parts:
                submodule = self.find_module(f"{info.name}.{name}")
                if submodule is not None:
                    return ModuleSymbol(submodule.name)
            if name in _BUILTINS:
                return ExternalSymbol(f"builtins.{name}")
            return None
        if isinstance(binding, AssignmentFact):
            return AssignedSymbol(info.name, name, binding.value)
        if isinstance(binding, ClassFact):
            return ClassSymbol(ClassRef(info.name, name))
        if isinstance(binding, FunctionFact):
            return FunctionSymbol(info.name, name, binding.single_return, bool(binding.param_names))
        if binding.module is None:
            return None
        return self.import_target(binding.module, binding.name)

    def import_target(self, module: str, name: str | None) -> Symbol | None:
        info = self.find_module(module)
        if name is None:
            return ModuleSymbol(info.name) if info is not None else ExternalSymbol(module)
        if info is None:
            return ExternalSymbol(f"{module}.{name}")
        found = self.lookup(info.name, name)
        if found is not None:
            return found
        submodule = self.find_module(f"{info.name}.{name}")
        return ModuleSymbol(submodule.name) if submodule is not None else None

    def class_attribute(self, ref: ClassRef, attr: str) -> tuple[str, Expr] | None:
        info = self.classes.get(ref.qualname)
        if info is None:
            return None
        for cls in info.mro():
            fact = self._class_facts[cls.qualname]
            for member in fact.members:
                if member.name == attr and member.default is not None:
                    return cls.module, member.default
        return None

    def class_constants(self, ref: ClassRef) -> Iterator[tuple[str, str, Expr]]:
        info = self.classes.get(ref.qualname)
        for cls in info.mro() if info is not None else ():
            for member in self._class_facts[cls.qualname].members:
                if member.default is not None:
                    yield member.name, cls.module, member.default

    def is_enum(self, ref: ClassRef) -> bool:
        info = self.classes.get(ref.qualname)
        return info is not None and any(name.endswith("Enum") for name in info.ancestors)

    def set_registry(self, lookup: Callable[[str], str | None]) -> None:
        self._registry_lookup = lookup

    def registry_spec_type(self, step_name: str) -> str | None:
        return self._registry_lookup(step_name)

    # -- classes -----------------------------------------------------------------------------
    def class_fact(self, info: ClassInfo) -> ClassFact:
        return self._class_facts[info.qualname]

    def _build_classes(self) -> None:
        pending: dict[str, tuple[ModuleInfo, ClassFact]] = {}
        for info in self.modules.values():
            for fact in info.facts.classes:
                qualname = f"{info.name}.{fact.name}"
                if qualname not in pending or not fact.fallback:
                    pending[qualname] = (info, fact)
        building: set[str] = set()

        def build(qualname: str) -> ClassInfo | None:
            if qualname in self.classes:
                return self.classes[qualname]
            if qualname not in pending or qualname in building:
                return None
            building.add(qualname)
            module, fact = pending[qualname]
            bases: list[str] = []
            base_refs: list[ClassInfo] = []
            complete = True
            ancestors: list[str] = []
            for base in fact.bases:
                value = self.evaluator.evaluate(base, module.name)
                target = value.value if isinstance(value, Located) else None
                if isinstance(target, ClassRef):
                    resolved = build(target.qualname)
                    bases.append(target.name)
                    if resolved is None:
                        complete = False
                        continue
                    base_refs.append(resolved)
                    ancestors.extend([resolved.name, *resolved.ancestors])
                    complete = complete and resolved.hierarchy_complete
                elif isinstance(target, ExternalRef):
                    bases.append(target.name)
                    ancestors.append(target.name)
                    if not target.dotted.startswith(_COMPLETE_EXTERNAL_MODULES):
                        complete = False
                else:
                    complete = False
            decorators = tuple(self.evaluator.evaluate(d, module.name) for d in fact.decorators)
            info = ClassInfo(
                name=fact.name,
                module=module.name,
                path=module.path,
                span=fact.span,
                name_span=fact.name_span,
                ref=ClassRef(module.name, fact.name),
                bases=tuple(bases),
                base_refs=tuple(base_refs),
                ancestors=tuple(dict.fromkeys(ancestors)),
                hierarchy_complete=complete,
                decorators=decorators,
            )
            building.discard(qualname)
            self.classes[qualname] = info
            self._class_facts[qualname] = fact
            return info

        for qualname in sorted(pending):
            build(qualname)
        for cls in sorted(self.classes.values(), key=lambda c: (c.path, c.span.start)):
            self.classes_by_name.setdefault(cls.name, []).append(cls)
        self._alias_classes()

    def _alias_classes(self) -> None:
        """``Alias = ClassName`` at the top level of the module defining ``ClassName`` (bound
        once there): the class is also known as ``Alias``."""
        found: dict[str, list[str]] = {}
        for module in sorted(self.modules.values(), key=lambda m: m.path):
            bindings: dict[str, int] = {}
            for assignment in module.facts.assignments:
                bindings[assignment.name] = bindings.get(assignment.name, 0) + 1
            for assignment in module.facts.assignments:
                value = assignment.value
                if not isinstance(value, Name) or bindings[assignment.name] != 1:
                    continue
                cls = self.classes.get(f"{module.name}.{value.id}")
                if cls is None or assignment.name == cls.name:
                    continue
                if f"{module.name}.{assignment.name}" in self.classes:
                    continue
                found.setdefault(cls.qualname, []).append(assignment.name)
                self.classes_by_name.setdefault(assignment.name, []).append(cls)
        self.class_aliases = {qualname: tuple(names) for qualname, names in found.items()}
