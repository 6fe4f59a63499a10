"""ALN115 non-unified-main (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.extract.facts import FunctionFact
from alignlint.model import Project, Script
from alignlint.rules.base import Rule, Scope
from alignlint.rules.script_contract._common import pairings

UNIFIED_PARAMETERS = ("input_paths", "output_paths", "environ_vars", "job_args")
UNIFIED = f"main({', '.join(UNIFIED_PARAMETERS)})"
_POSITIONAL_KINDS = ("positional", "normal")
_VARIADIC_KINDS = ("var_positional", "var_keyword")


def signature_problem(main: FunctionFact) -> str | None:
    """Why ``main`` does not have the unified signature, or None when it has it (trailing
    parameters with defaults, and ``*args`` / ``**kwargs``, are fine)."""
    params = list(main.params)
    leading = [p for p in params[: len(UNIFIED_PARAMETERS)] if p.kind in _POSITIONAL_KINDS]
    names = tuple(p.name for p in leading)
    if names != UNIFIED_PARAMETERS:
        return f"its parameters start with ({', '.join(names)})"
    for extra in params[len(UNIFIED_PARAMETERS) :]:
        if extra.kind not in _VARIADIC_KINDS and extra.default is None:
            return f"its extra parameter `{extra.name}` has no default"
    return None


class NonUnifiedMain(Rule):
    """## What it does
    Reports a script linked to a contract whose `main` is not the unified
    `main(input_paths, output_paths, environ_vars, job_args)`: missing, with other leading
    parameters, or with an extra parameter that has no default. Extra trailing parameters with
    defaults (`logger=None`) are fine. Opt-in: select `ALN115` to enable it.

    A `main` the script imports from another module of the project (`from ._impl import
    main`, its `__main__` block calling it) is that module's function. One imported from
    outside the project, or bound dynamically, is not known: the script is listed as not
    checked.

    ## Why is this bad?
    Only the unified interface lets the contract drive the script: alignlint checks keys, env vars
    and arguments inside `main`, and tests and local runs can call every script the same way.

    ## Severity
    A warning: the script runs, but the contract cannot drive it and alignlint checks less of
    it.

    ## Example
    ```python
    def main(data_dir, output_dir):
        ...
    ```

    Use instead:
    ```python
    def main(input_paths, output_paths, environ_vars, job_args, logger=None):
        ...
    ```
    """

    code: ClassVar[str] = "ALN115"
    name: ClassVar[str] = "non-unified-main"
    summary: ClassVar[str] = "Script main lacks the unified signature"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP
    opt_in: ClassVar[bool] = True

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for pairing in pairings(project):
            script = pairing.script
            related = [Related(pairing.contract.name_span, f"contract {pairing.contract.name}")]
            if script.main_unknown is not None:
                self.could_not_check(f"script {script.file_name}", script.main_unknown)
                continue
            problem, span = self._problem(script)
            if problem is None:
                continue
            yield self.diagnostic(
                f"script `{script.file_name}` {problem}; the unified interface is `{UNIFIED}`",
                span,
                related=related,
                step=pairing.step.name,
                subject="main",
            )

    @staticmethod
    def _problem(script: Script) -> tuple[str | None, Span]:
        if script.main is None:
            return "defines no `main` function", Span.whole_file(script.path)
        problem = signature_problem(script.main)
        return (f"has `main` but {problem}" if problem else None), script.main.name_span
