"""ALN102 undeclared-output-key."""

from __future__ import annotations

from typing import ClassVar

from alignlint.rules.base import Scope
from alignlint.rules.script_contract._keys import OUTPUTS, Direction, UndeclaredKeyRule


class UndeclaredOutputKey(UndeclaredKeyRule):
    """## What it does
    Checks every key the script uses on `output_paths` (`output_paths["K"]`,
    `output_paths.get("K")`, keys taken from a loop over a literal list or a local constant) in
    `main` and in every function `main` passes the dict to, against the logical names of the
    contract's `expected_output_paths`. A fallback chain (nested `.get` defaults, `or`, a
    conditional key, a loop over candidates that stops at the first found; see ALN101) is one
    use: aligned when one of its keys is declared, reported once when none is. Keys alignlint
    cannot evaluate are not checked.

    ## Why is this bad?
    The contract's outputs are what SageMaker uploads: the script fails with `KeyError` at run
    time, or writes somewhere SageMaker never uploads. When the `__main__` block maps the key to
    a declared output's path the job still works, but script and contract name the output
    differently; the message then names the contract's output for that path, and ALN106 does
    not report the `__main__` entry again (one drift, one finding, see ALN101).

    ## Severity
    `error` when nothing gives the script the key; `warning` when the `__main__` block maps it
    itself (naming drift that does not break the job yet), or when the script uses the key only
    after testing that `output_paths` holds it (the job runs without writing that output).

    ## Example
    ```python
    # contract: expected_output_paths={"processed_data": "/opt/ml/processing/output"}
    def main(input_paths, output_paths, environ_vars, job_args):
        write(output_paths["processed"])
    ```

    Use instead:
    ```python
    def main(input_paths, output_paths, environ_vars, job_args):
        write(output_paths["processed_data"])
    ```
    """

    code: ClassVar[str] = "ALN102"
    name: ClassVar[str] = "undeclared-output-key"
    summary: ClassVar[str] = "Script uses an output key its contract does not declare"
    reads: ClassVar[Scope] = Scope.STEP
    direction: ClassVar[Direction] = OUTPUTS
