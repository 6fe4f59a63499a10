"""ALN408 missing-import."""

from __future__ import annotations

import difflib
import posixpath
import sys
import weakref
from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.records import record
from alignlint.core.types import Diagnostic, Related, Span
from alignlint.extract.facts import ImportFact
from alignlint.model import Project
from alignlint.model.index import ModuleInfo, ProjectIndex
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import SUGGESTION_CUTOFF, did_you_mean


@record
class _Import:
    """One imported name (``name`` None for ``import a.b``) and where it is written."""

    module: str
    name: str | None
    relative: bool
    written: str
    span: Span


def _imports(module: ModuleInfo) -> list[ImportFact]:
    """The module's imports the code cannot run without, by place and name: module level and
    inside functions (lazy imports); not those in a ``try`` that catches ``ImportError``, under
    ``if TYPE_CHECKING:`` or in an ``except``/``else`` fallback."""
    found = [
        imp
        for imp in (*module.facts.imports, *module.facts.local_imports)
        if imp.module is not None and imp.bound != "*" and not imp.optional and not imp.fallback
    ]
    found.sort(key=lambda imp: (imp.span, imp.name or ""))
    return found


def _means_standard_library(module: str) -> bool:
    """Whether an absolute import of ``module`` names a standard-library module (``typing``,
    ``re.sub``): the interpreter has most of them loaded before any project code runs, so even a
    project module of the same name (``utils/re.py`` under a directory without ``__init__.py``,
    where the package root is a guess) does not stand for it."""
    return module.partition(".")[0] in sys.stdlib_module_names


def _defines_any_name(target: ModuleInfo) -> bool:
    """Whether the module may define any name: a compiled module (alignlint cannot read it), a
    module with a module-level ``__getattr__`` (PEP 562, names defined on access) or whose code
    writes its ``globals()`` (protobuf's ``*_pb2``: names defined when it loads)."""
    facts = target.facts
    return facts.kind == "compiled" or "__getattr__" in target.symbols or facts.dynamic_globals


def _defined(target: ModuleInfo) -> list[str]:
    return sorted(
        name for name, binding in target.symbols.items() if not isinstance(binding, ImportFact)
    )


def _existing_ancestor(index: ProjectIndex, dotted: str) -> ModuleInfo | None:
    """The nearest package above ``dotted`` that is a module of the project."""
    parts = dotted.split(".")
    for end in range(len(parts) - 1, 0, -1):
        found = index.modules.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


_TOP_PACKAGES: weakref.WeakKeyDictionary[ProjectIndex, frozenset[str]] = weakref.WeakKeyDictionary()


def _top_packages(index: ProjectIndex) -> frozenset[str]:
    """The library's own top-level names: the first part of the package name of every module
    whose top-level directory is not inside a package (a package nested in another through a
    plain directory, such as a project template at ``lib/templates/ray/``, or a vendored copy
    of another distribution in ``lib/_vendor/``, is only importable by that name with its
    directory put on ``sys.path``). Computed once per index: asked for each import of every
    checked module."""
    found = _TOP_PACKAGES.get(index)
    if found is None:
        modules = index.modules.values()
        packages = {posixpath.dirname(m.path) for m in modules if m.facts.is_package}
        found = frozenset(
            module.package_name.partition(".")[0]
            for module in modules
            if not _inside_a_package(_import_root(module), packages)
        )
        _TOP_PACKAGES[index] = found
    return found


def _import_root(module: ModuleInfo) -> str:
    """The directory that must be on ``sys.path`` for ``module`` to be imported by its package
    name."""
    directory = posixpath.dirname(module.path)
    levels = module.package_name.count(".") + (1 if module.facts.is_package else 0)
    for _ in range(levels):
        directory = posixpath.dirname(directory)
    return directory


def _inside_a_package(directory: str, packages: set[str]) -> bool:
    while directory:
        if directory in packages:
            return True
        directory = posixpath.dirname(directory)
    return False


def _library_module(index: ProjectIndex, found: _Import) -> ModuleInfo | None:
    """For an import of a module that does not exist: the project package it would be in, when
    the import certainly means the checked library (relative, or absolute under one of its
    packages: the caller checks only those); None when it may name code outside the checked
    files."""
    if found.relative:
        return _existing_ancestor(index, found.module)
    parts = found.module.split(".")
    for end in range(len(parts) - 1, 0, -1):
        ancestor = index.find_module(".".join(parts[:end]))
        if ancestor is not None and ancestor.facts.is_package:
            return ancestor
    return None


def _is_namespace_package(index: ProjectIndex, dotted: str) -> bool:
    """Whether ``dotted`` is a directory of the project without ``__init__.py`` that holds
    modules (a namespace package: importable although no module has its name)."""
    prefix = dotted + "."
    return any(
        name.startswith(prefix) or module.package_name.startswith(prefix)
        for name, module in index.modules.items()
    )


def _is_directory_of_modules(index: ProjectIndex, dotted: str, ancestor: ModuleInfo) -> bool:
    """Whether the missing module ``dotted`` is, below the package ``ancestor``, a directory
    without ``__init__.py`` that holds modules (a namespace package inside a package, whose
    modules :func:`_is_namespace_package` cannot see by name: their package root is a guess)."""
    if not ancestor.facts.is_package:
        return False
    for name in (ancestor.name, ancestor.package_name):
        if dotted.startswith(name + "."):
            base = posixpath.dirname(ancestor.path)
            below = dotted[len(name) + 1 :].replace(".", "/")
            prefix = f"{base}/{below}/" if base else f"{below}/"
            return any(path.startswith(prefix) for path in index.by_path)
    return False


def _is_unreadable_module(project: Project, dotted: str) -> bool:
    """Whether ``dotted`` may be a module of the project that could not be read or parsed (the
    index holds only the modules it read): the module exists, and what it defines is unknown.
    Matched by path-based name, as the index matches (whole, or a dotted suffix of it)."""
    unreadable = project.derived(
        "modules that could not be read",
        lambda: tuple(
            summary.module
            for summary in project.files.values()
            if summary.errors and summary.module is not None
        ),
    )
    suffix = "." + dotted
    return any(name == dotted or name.endswith(suffix) for name in unreadable)


def _closest_module(index: ProjectIndex, found: _Import, ancestor: ModuleInfo) -> str:
    """`` (did you mean `x`?)``: a module of the same package that defines the imported name
    (a move within the package), else a module of the same last name elsewhere in the library
    that provides it (a package moved up or sideways: ``..registry`` for ``lib.registry``), else
    the most similar module name (a rename); empty when none is close."""
    prefix = ancestor.name + "."
    candidates = sorted(
        (m for m in index.modules.values() if m.name.startswith(prefix)), key=lambda m: m.name
    )
    if found.name is not None:
        defining = [m.package_name for m in candidates if found.name in _defined(m)]
        if defining:
            best = max(
                defining,
                key=lambda n: (difflib.SequenceMatcher(None, found.written, n).ratio(), n),
            )
            return f" (did you mean `{best}`, which defines `{found.name}`?)"
    moved = _moved_module(index, found)
    if moved is not None:
        return f" (did you mean `{moved}`?)"
    by_name = {m.name: m.package_name for m in candidates}
    close = difflib.get_close_matches(found.module, by_name, n=1, cutoff=SUGGESTION_CUTOFF)
    return f" (did you mean `{by_name[close[0]]}`?)" if close else ""


def _moved_module(index: ProjectIndex, found: _Import) -> str | None:
    """The one module of the library, elsewhere, with the missing module's last name that
    provides the imported name (any such module for ``import a.b``); None when there is none
    or several."""
    last = found.module.rpartition(".")[2]
    same_name = {
        m.package_name
        for m in index.modules.values()
        if m.package_name.rpartition(".")[2] == last and m.package_name != found.module
    }
    if found.name is not None:
        same_name = {n for n in same_name if index.import_target(n, found.name) is not None}
    return next(iter(same_name)) if len(same_name) == 1 else None


def checked_modules(project: Project) -> list[str]:
    """Paths of the modules ALN408 checks: the modules of builders, configs, specs and
    contracts, and every other module of the directories that hold them (their helpers and
    ``__init__`` files, which the steps load with them)."""
    components = (
        {builder.info.path for builder in project.builders}
        | {config.info.path for config in project.configs}
        | {spec.path for spec in project.specs}
        | {contract.path for contract in project.contracts}
    )
    directories = {posixpath.dirname(path) for path in components}
    siblings = {
        module.path
        for module in project.index.modules.values()
        if posixpath.dirname(module.path) in directories
    }
    return sorted(components | siblings)


class MissingImport(Rule):
    """## What it does
    Reports a builder, config, specification or contract module, or another module of the
    packages that hold them (a helper such as `configs/utils.py`, an `__init__.py`), that
    imports, from the library itself, a module that does not exist or a name its module does
    not define: typically a module renamed or moved, or a spec, contract or config renamed,
    without updating its users. It names the closest existing module (one that defines the
    imported name, when there is one, or the one module of the same name elsewhere in the
    library that provides it) or name. Imports at module level and inside functions (lazy
    imports, such as a builder picking its spec by job type) are checked.

    A compiled module (`_speedups.cpython-311-x86_64-linux-gnu.so`, `x.pyd`) is a module the
    library has, whose names alignlint cannot read; so is a module that does not parse (ALN001
    reports it). Imports the code can run without are not reported: inside a `try` whose handler
    catches `ImportError`, under `if TYPE_CHECKING:`, or in an `except` fallback. Modules with a
    module-level `__getattr__` (PEP 562), or whose code writes their `globals()` (protobuf's
    generated `*_pb2` modules), may define any name and are not checked. A name is defined
    however module-level code binds it: by an assignment, `def`, `class` or import, and also as
    a `for` target, by `with ... as`, by unpacking (`a, b = load()`), an assignment expression
    or a `match` capture, or as a `global` of one of its functions (defined once the function
    runs); not by `except ... as` (deleted when the handler ends) or in the `__main__` block. A
    name a module binds by importing it is checked where that import is written, not at every re-import; an absolute
    import is checked only under one of the checked library's own packages (a standard-library
    module such as `typing` or `re` is never matched to a project module of that name), and a
    missing module only where the package that would hold it is among the checked files.

    ## Why is this bad?
    The import raises `ImportError` when the step is loaded (a lazy import: when the builder
    runs), so the step, and every pipeline that uses it, cannot be built: an `error`.

    ## Example
    ```python
    from ..specs.x_spec import X_SPECIFICATION  # the module defines X_SPEC
    from ..specs.x_training import X_TRAINING_SPEC  # the module is x_training_spec
    ```

    Use instead:
    ```python
    from ..specs.x_spec import X_SPEC
    from ..specs.x_training_spec import X_TRAINING_SPEC
    ```
    """

    code: ClassVar[str] = "ALN408"
    name: ClassVar[str] = "missing-import"
    summary: ClassVar[str] = "Step module imports a module or name its library does not have"
    reads: ClassVar[Scope] = Scope.INTERFACES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        # Whether an import is reported depends only on what it imports (the module, the name,
        # whether it is relative: a relative import's module is resolved already); where it is
        # written only goes into the message. The same imports recur in every step's modules,
        # so the imports found fine are remembered.
        fine: set[tuple[str, str | None, bool]] = set()
        for path in checked_modules(project):
            module = project.module_by_path(path)
            if module is None:
                continue
            seen: set[tuple[Span, str | None]] = set()
            for imp in _imports(module):
                if (imp.span, imp.name) in seen:
                    continue
                seen.add((imp.span, imp.name))
                assert imp.module is not None  # _imports keeps only those
                imported = (imp.module, imp.name, imp.level > 0)
                if imported in fine:
                    continue
                found = _Import(imp.module, imp.name, imp.level > 0, imp.written, imp.span)
                diagnostic = self._check_import(project, found)
                if diagnostic is None:
                    fine.add(imported)
                else:
                    yield diagnostic

    def _check_import(self, project: Project, found: _Import) -> Diagnostic | None:
        index = project.index
        if not found.relative and (
            _means_standard_library(found.module)
            or found.module.partition(".")[0] not in _top_packages(index)
        ):
            return None  # another distribution's module, or one the check cannot place
        target = index.find_module(found.module)
        if target is None:
            if _is_unreadable_module(project, found.module):
                return None  # it exists; ALN001/ALN002 reports why it could not be read
            return self._missing_module(index, found)
        if found.name is None or found.name in target.symbols:
            # Bound there, by a definition or an import: an import's own module and name are
            # checked where that import is written (a chain that cannot be followed, such as
            # a third-party ``slugify`` re-exported by the library's ``utils/slugify.py``, is
            # not a missing name).
            return None
        if index.import_target(found.module, found.name) is not None:
            return None
        if _defines_any_name(target) or found.name in target.facts.other_bindings:
            return None  # defined, by code alignlint does not follow or with an unknown value
        message = (
            f"imports `{found.name}` from module `{target.package_name}`, which does not define "
            f"it{did_you_mean(found.name, _defined(target))}"
        )
        return self.diagnostic(
            message,
            found.span,
            related=[Related(Span.whole_file(target.path), f"module `{target.package_name}`")],
            subject=f"import:{target.name}.{found.name}",
        )

    def _missing_module(self, index: ProjectIndex, found: _Import) -> Diagnostic | None:
        ancestor = _library_module(index, found)
        if (
            ancestor is None
            or _is_namespace_package(index, found.module)
            or _is_directory_of_modules(index, found.module, ancestor)
        ):
            return None
        what = (
            f"`{found.name}` from `{found.written}`"
            if found.name is not None
            else f"`{found.written}`"
        )
        message = (
            f"imports {what}, a module that does not exist in the library"
            f"{_closest_module(index, found, ancestor)}"
        )
        return self.diagnostic(
            message,
            found.span,
            related=[Related(Span.whole_file(ancestor.path), f"package `{ancestor.package_name}`")],
            subject=f"import:{found.module}.{found.name or ''}",
        )
