"""ALN108 unread-required-env-var."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.script_contract._common import contract_label, pairings
from alignlint.rules.script_contract._env import env_reads, never_read

NOT_ALL_KNOWN = "the contract's required env vars are not all known"


class UnreadRequiredEnvVar(Rule):
    """## What it does
    Reports a variable of the contract's `required_env_vars` that the script never reads (in
    `main`, its helpers or the `__main__` block). A variable not read by name is not checked
    (`--statistics` lists it) when the script also reads a variable whose name alignlint cannot
    evaluate, uses the environment whole, or hands `environ_vars` to code defined elsewhere. A
    loop or comprehension over the environment that keeps only names with a prefix (`if
    k.startswith("P_")`) reads those names only. When part of `required_env_vars` cannot be
    evaluated, the names it does know are checked and the step is listed as not fully checked. Reads in the code of
    other project modules the script runs (module-level code of the modules it imports, the
    functions and classes of them its code uses) are its reads, and a name bound once to
    `os.environ` (`ENV = os.environ`) reads as it (see ALN107).

    ## Why is this bad?
    Every user must supply a value that has no effect (builders refuse or warn when a required
    variable is missing, and configs usually make its source a required field); often the script
    reads it under another name.

    ## Severity
    A warning: the job runs; the requirement is drift (a value asked for and never used), and a
    read under another name is reported where it breaks (ALN107).

    ## Example
    ```python
    # contract: required_env_vars=["LABEL_FIELD"]
    label = environ_vars["LABEL"]
    ```

    Use instead:
    ```python
    label = environ_vars["LABEL_FIELD"]
    ```
    """

    code: ClassVar[str] = "ALN108"
    name: ClassVar[str] = "unread-required-env-var"
    summary: ClassVar[str] = "Required env var of a contract is never read by its script"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for pairing in pairings(project):
            script = pairing.script
            reads = env_reads(project, script)
            required = pairing.contract.required_env_vars
            if not required.complete:
                self.could_not_check(f"step {pairing.step.name}", NOT_ALL_KNOWN)
            for name, span in required.names.items():
                if not never_read(self, reads, name, pairing.step.name):
                    continue
                message = (
                    f"{contract_label(pairing.contract)} requires env var `{name}` but script "
                    f"`{script.file_name}` never reads it"
                )
                yield self.diagnostic(
                    message,
                    span,
                    related=[Related(script.span, f"script {script.file_name}")],
                    step=pairing.step.name,
                    subject=f"env:{name}",
                )
