"""ALN408 missing-import."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Span
from alignlint.extract.facts import FunctionFact, ImportFact
from alignlint.extract.ir import Expr, ImportedName
from alignlint.model import Project
from alignlint.model.index import ModuleInfo
from alignlint.rules.base import Rule
from alignlint.rules.builder_config._common import did_you_mean


@dataclass(frozen=True)
class _Import:
    module: str
    name: str
    span: Span


def _module_imports(module: ModuleInfo) -> Iterator[_Import]:
    for imp in module.facts.imports:
        if imp.module is not None and imp.name is not None and imp.bound != "*":
            yield _Import(imp.module, imp.name, imp.span)


def _functions(module: ModuleInfo) -> Iterator[FunctionFact]:
    yield from module.facts.functions
    for cls in module.facts.classes:
        yield from cls.methods


def _local_imports(module: ModuleInfo) -> Iterator[_Import]:
    """Imports inside functions and methods (``from ..specs.x import X_SPEC`` in a method)."""
    for function in _functions(module):
        expressions: list[Expr] = [*function.body.references, *function.returns]
        for expr in expressions:
            if isinstance(expr, ImportedName) and expr.name is not None:
                yield _Import(expr.module, expr.name, expr.span)


def _means_standard_library(module: str, target: ModuleInfo) -> bool:
    """Whether an import of ``module`` that the index matched to ``target`` only by a loose
    suffix (``typing`` -> ``steps/typing.py``) names a standard-library module instead."""
    top = module.partition(".")[0]
    return top in sys.stdlib_module_names and module not in (target.name, target.package_name)


def _defines_any_name(target: ModuleInfo) -> bool:
    """Whether a module-level ``__getattr__`` (PEP 562) may define any name on access."""
    return "__getattr__" in target.symbols


class MissingImport(Rule):
    """## What it does
    Reports a builder or config module that imports (at module level, inside a function, or in a
    `try: ... except ImportError:` block) a name from a module of the repository that does not
    define it — typically a spec, contract or config renamed without updating its users.

    ## Why is this bad?
    The import fails when the pipeline is built. Inside `try/except ImportError` it fails
    silently instead: the fallback value (often `None`) is used and the step is built without
    its specification or contract.

    Modules with a module-level `__getattr__` (PEP 562) may define any name and are not
    checked; an absolute import of a standard-library module (`from typing import Any`) is not
    matched to a repository module of the same last name.

    ## Example
    ```python
    from ..specs.x_spec import X_SPECIFICATION  # the module defines X_SPEC
    ```

    Use instead:
    ```python
    from ..specs.x_spec import X_SPEC
    ```
    """

    code: ClassVar[str] = "ALN408"
    name: ClassVar[str] = "missing-import"
    summary: ClassVar[str] = "Builder or config imports a name its repository module lacks"

    def check(self, project: Project) -> Iterator[Diagnostic]:
        paths = sorted(
            {builder.info.path for builder in project.builders}
            | {config.info.path for config in project.configs}
        )
        index = project.index
        for path in paths:
            module = project.module_by_path(path)
            if module is None:
                continue
            seen: set[Span] = set()
            imports = [*_module_imports(module), *_local_imports(module)]
            for found in sorted(imports, key=lambda i: i.span):
                if found.span in seen:
                    continue
                seen.add(found.span)
                target = index.find_module(found.module)
                if target is None or index.import_target(found.module, found.name) is not None:
                    continue
                if _means_standard_library(found.module, target) or _defines_any_name(target):
                    continue
                defined = sorted(
                    name
                    for name, binding in target.symbols.items()
                    if not isinstance(binding, ImportFact)
                )
                message = (
                    f"imports `{found.name}` from module `{target.name}`, which does not define "
                    f"it{did_you_mean(found.name, defined)}"
                )
                yield self.diagnostic(
                    message,
                    found.span,
                    related=[Related(Span.whole_file(target.path), f"module `{target.name}`")],
                    subject=f"import:{target.name}.{found.name}",
                )
