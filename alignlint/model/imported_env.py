"""Environment reads a script makes through other modules of the project: the code it imports.

Importing a module runs its module-level code, so ``USE_X = os.environ.get("USE_X", "false")``
in a module the script imports (at module level or inside a function) is the script's read, and
so are the reads in the modules that module imports in turn. A function or class of another
module is the script's code when the script uses it (``from .common_env import read_flag``,
``common_env.read_flag()``): its reads count, and so does what it uses in turn (a helper of its
module, a function it imports). Other functions of those modules run only if something calls
them and are not the script's.

The module-level code of every module imported, however far, is followed (each module runs
once); the functions used are followed :data:`MAX_MODULES` modules away from the script at
most. A read that cannot be attributed is an :class:`ImportedRead` without a read, whose
``reason`` says why: a function further away than that which may read the environment or run
imported code, or a ``from m import *`` of a module whose
functions or classes may read it (which of them the code uses is not recorded). Reads whose
name cannot be evaluated stay what they are (their name Unknown). ``environ_vars`` reads of
another module are not followed here: passing ``environ_vars`` to code of another module
already leaves the script's reads incomplete (``hands_off``).
"""

from __future__ import annotations

from collections.abc import Iterator

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.facts import EnvRead, FileFacts, FunctionFact, ImportFact
from alignlint.model.index import ModuleInfo, ProjectIndex
from alignlint.model.values import (
    AssignedSymbol,
    ClassSymbol,
    FunctionSymbol,
    ModuleSymbol,
    Symbol,
)

#: How many modules away from the script the functions it uses are followed.
MAX_MODULES = 4


@record
class ImportedRead:
    """An env read in another module that the script's code runs: ``read`` (None when it
    cannot be attributed, ``reason`` saying why, at ``span``), the ``module`` its name is
    evaluated in, ``where`` (``module.function``, ``module.Class.method`` or ``module``) and the
    script's import that brings it in (``imported_by``). ``params``: the parameter names of the
    function or method the read is in (a name read from one is not known there)."""

    read: EnvRead | None
    module: str
    where: str
    imported_by: Span
    span: Span
    reason: str | None = None
    params: tuple[str, ...] = ()


def imported_env_reads(
    index: ProjectIndex, facts: FileFacts, implementation: FileFacts | None = None
) -> list[ImportedRead]:
    """The env reads of the code the script of ``facts`` runs in other project modules, in the
    order they are found (each once). ``implementation``: the module defining the script's
    ``main`` when the script imports it, whose code is the script's own (read with it)."""
    script = index.module_by_path(facts.path)
    if script is None:
        return []
    own = [script]
    if implementation is not None:
        found = index.module_by_path(implementation.path)
        if found is not None:
            own.append(found)
    return list(_Follower(index, tuple(own)).reads())


class _Follower:
    def __init__(self, index: ProjectIndex, own: tuple[ModuleInfo, ...]) -> None:
        self.index = index
        #: The script's module, and the module defining its ``main`` when it imports it.
        self.own = own
        self.seen: set[tuple[str, ...]] = set()
        self.found: list[ImportedRead] = []

    def reads(self) -> Iterator[ImportedRead]:
        for script in self.own:
            facts = script.facts
            for imp in (*facts.imports, *facts.local_imports):
                self._import(script, imp, 1, imp.span)
            uses = {*facts.module_uses, *facts.main_uses}
            for function in facts.functions:
                uses.update(function.uses)
            for cls in facts.classes:
                for method in cls.methods:
                    uses.update(method.uses)
            for use in sorted(uses):
                self._use(script, use, 0, None)
        return iter(self.found)

    # -- following ---------------------------------------------------------------------------
    def _import(self, info: ModuleInfo, imp: ImportFact, depth: int, via: Span) -> None:
        """The module-level code an import statement runs (and, for a star import, the
        names it brings in)."""
        if imp.module is None:
            return
        target = self.index.find_module(imp.module)
        if target is None:
            return
        self._module(target, depth, via)
        if imp.name is None and imp.level == 0 and imp.written != imp.module:
            # ``import a.b.c`` binds ``a`` and runs ``a.b.c`` too.
            imported = self.index.find_module(imp.written)
            if imported is not None:
                self._module(imported, depth, via)
        if imp.bound == "*":
            self._star(target, depth, via)
        elif imp.name is not None:
            submodule = self.index.find_module(f"{target.name}.{imp.name}")
            if submodule is not None and imp.name not in target.symbols:
                self._module(submodule, depth, via)

    def _use(self, info: ModuleInfo, use: str, depth: int, via: Span | None) -> None:
        """A name (``f``, ``helpers.f``) the code of module ``info`` loads."""
        head, *rest = use.split(".")
        imp = _local_import(info.facts, head) if head not in info.symbols else None
        binding = info.symbols.get(head)
        if imp is None and isinstance(binding, ImportFact):
            imp = binding
        if via is None:  # the script's own name: what it brings in comes through its import
            if imp is None:
                return  # the script's own function or class: already the script's code
            via = imp.span
        symbol: Symbol | None
        if imp is not None:
            if imp.module is None or imp.bound == "*":
                return
            symbol = self.index.import_target(imp.module, imp.name)
        else:
            symbol = self.index.lookup(info.name, head)
        for attr in rest:
            if not isinstance(symbol, ModuleSymbol):
                break
            symbol = self.index.lookup(symbol.module, attr)
        self._symbol(symbol, info, depth, via)

    def _symbol(self, symbol: Symbol | None, origin: ModuleInfo, depth: int, via: Span) -> None:
        module_name = _module_of(symbol)
        if module_name is None:
            return
        target = self.index.find_module(module_name)
        if target is None or self._is_own(target):
            return
        if target is not origin:
            depth += 1
        self._module(target, depth, via)
        if isinstance(symbol, FunctionSymbol):
            function = target.facts.function(symbol.name)
            if function is not None:
                self._function(target, function, symbol.name, depth, via)
        elif isinstance(symbol, ClassSymbol):
            info = self.index.classes.get(symbol.ref.qualname)
            for cls in info.mro() if info is not None else ():
                owner = self.index.find_module(cls.module)
                if owner is None or self._is_own(owner):
                    continue
                self._module(owner, depth, via)
                fact = self.index.class_fact(cls)
                for method in fact.methods:
                    self._function(owner, method, f"{cls.name}.{method.name}", depth, via)

    def _module(self, info: ModuleInfo, depth: int, via: Span) -> None:
        """The module-level code of ``info``, run when it is imported (with the module-level
        code of every module it imports, however far: each runs once)."""
        if self._is_own(info) or not self._first(("module", info.name)):
            return
        facts = info.facts
        if facts.reads_env:
            self._add(info, info.name, facts.module_body.env_reads, via)
        for imp in facts.imports:
            self._import(info, imp, depth, via)
        for use in facts.module_uses:
            self._use(info, use, depth, via)

    def _function(
        self, info: ModuleInfo, function: FunctionFact, name: str, depth: int, via: Span
    ) -> None:
        """A function (or method) of another module the script's code runs, :data:`MAX_MODULES`
        modules deep at most: further away, one that may read the environment itself or run
        imported code is not followed, and unknown."""
        if not self._first(("function", info.name, name)):
            return
        if depth > MAX_MODULES:
            imported = any(
                isinstance(info.symbols.get(use.partition(".")[0]), ImportFact)
                or _local_import(info.facts, use.partition(".")[0]) is not None
                for use in function.uses
            )
            if info.facts.reads_env or imported:
                self._unknown(info, function.span, via, "imported code this far from the script")
            return
        if info.facts.reads_env:
            where = f"{info.name}.{name}"
            self._add(info, where, function.body.env_reads, via, function.param_names)
        for use in function.uses:
            self._use(info, use, depth, via)

    def _star(self, info: ModuleInfo, depth: int, via: Span) -> None:
        """``from m import *``: which of the names it brings in the code uses is not recorded;
        when ``m`` may read the environment in a function or method, that is unknown."""
        if not self._first(("star", info.name)) or not info.facts.reads_env:
            return
        facts = info.facts
        if any(f.body.env_reads for f in facts.functions) or any(
            m.body.env_reads for c in facts.classes for m in c.methods
        ):
            self._unknown(
                info,
                via,
                via,
                f"names imported by `from {info.name} import *` are not followed",
            )

    def _is_own(self, info: ModuleInfo) -> bool:
        return any(info is own for own in self.own)

    # -- recording ---------------------------------------------------------------------------
    def _first(self, key: tuple[str, ...]) -> bool:
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def _add(
        self,
        info: ModuleInfo,
        where: str,
        reads: tuple[EnvRead, ...],
        via: Span,
        params: tuple[str, ...] = (),
    ) -> None:
        for read in reads:
            if read.via.startswith("environ_vars"):
                continue
            self.found.append(ImportedRead(read, info.name, where, via, read.span, params=params))

    def _unknown(self, info: ModuleInfo, span: Span, via: Span, reason: str) -> None:
        self.found.append(
            ImportedRead(None, info.name, info.name, via, span, f"{reason} may read env vars")
        )


def _local_import(facts: FileFacts, bound: str) -> ImportFact | None:
    """An import inside a function of ``facts`` binding ``bound`` (the first one)."""
    for imp in facts.local_imports:
        if imp.bound == bound:
            return imp
    return None


def _module_of(symbol: Symbol | None) -> str | None:
    if isinstance(symbol, ModuleSymbol):
        return symbol.module
    if isinstance(symbol, (FunctionSymbol, AssignedSymbol)):
        return symbol.module
    if isinstance(symbol, ClassSymbol):
        return symbol.ref.module
    return None
