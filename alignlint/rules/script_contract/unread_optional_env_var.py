"""ALN116 unread-optional-env-var."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.script_contract._common import (
    contract_label,
    is_platform_env_var,
    pairings,
)
from alignlint.rules.script_contract._env import env_reads, never_read

NOT_ALL_KNOWN = "the contract's optional env vars are not all known"


class UnreadOptionalEnvVar(Rule):
    """## What it does
    Reports a variable of the contract's `optional_env_vars` that the script never reads (in
    `main`, its helpers, module-level code or the `__main__` block; `"X" in os.environ` counts
    as a read, and so does each name of a loop over a literal list). A variable not read by
    name is not checked (`--statistics` lists it) when the script also reads a variable whose
    name alignlint cannot evaluate, uses the environment whole (`os.environ.items()`,
    `dict(os.environ)`, passing it on), or hands `environ_vars` to code defined elsewhere. A
    loop or comprehension over the environment that keeps only names with a prefix (`if
    k.startswith("P_")`) reads those names only. Variables the platform sets or uses
    (`SM_*`, the `platform-env-vars` settings) are not reported. Required variables are
    ALN108's. When part of `optional_env_vars` cannot be evaluated (merged from a value
    alignlint cannot read), the names it does know are checked and the step is listed as not
    fully checked. Reads in
    the code of other project modules the script runs (module-level code of the modules it
    imports, the functions and classes of them its code uses) are its reads, and a name bound
    once to `os.environ` (`ENV = os.environ`) reads as it (see ALN107).

    ## Why is this bad?
    The base builder sends every optional variable (the config's value, else the contract
    default), and the contract tells users the step honours it: a config setting for it is
    silently ignored. Often the script reads the value from somewhere else now (a
    hyperparameter, another variable) and the contract was not updated.

    ## Severity
    `warning`: the job runs, but a documented setting has no effect (likely drift).

    ## Example
    ```python
    # contract: optional_env_vars={"CHUNK_SIZE": "5000", "MAX_WORKERS": "4"}
    workers = int(os.environ.get("MAX_WORKERS", "4"))  # CHUNK_SIZE is never read
    ```

    Use instead: read `CHUNK_SIZE` where the script chunks its data, or remove it from the
    contract (and the config field that feeds it).
    """

    code: ClassVar[str] = "ALN116"
    name: ClassVar[str] = "unread-optional-env-var"
    summary: ClassVar[str] = "Optional env var of a contract is never read by its script"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        platform = project.settings.all_platform_env_vars
        for pairing in pairings(project):
            script = pairing.script
            optional = pairing.contract.optional_env_vars
            if not optional.complete:
                self.could_not_check(f"step {pairing.step.name}", NOT_ALL_KNOWN)
            reads = env_reads(project, script)
            for name, entry in optional.items():
                if is_platform_env_var(name, platform):
                    continue
                if not never_read(self, reads, name, pairing.step.name):
                    continue
                message = (
                    f"{contract_label(pairing.contract)} declares optional env var `{name}` but "
                    f"script `{script.file_name}` never reads it: a config value for it has no "
                    "effect"
                )
                yield self.diagnostic(
                    message,
                    entry.key_span,
                    related=[Related(script.span, f"script {script.file_name}")],
                    step=pairing.step.name,
                    subject=f"env:{name}",
                )
