"""ALN104 unused-contract-output."""

from __future__ import annotations

from typing import ClassVar

from alignlint.rules.base import Scope
from alignlint.rules.script_contract._keys import OUTPUTS, Direction, UnusedKeyRule


class UnusedContractOutput(UnusedKeyRule):
    """## What it does
    Reports a logical name of the contract's `expected_output_paths` that the script uses neither
    as a key of `output_paths` nor through its container path (a path literal at or below the
    declared path, or `SM_MODEL_DIR` / `SM_OUTPUT_DATA_DIR` for training outputs). The check is
    skipped when alignlint cannot see every use (see ALN103).

    ## Why is this bad?
    SageMaker uploads an empty directory and the next step, wired to that output through the
    specification, reads nothing.

    ## Severity
    An error: the step uploads an empty output, and every step wired to it through the
    specification receives nothing.

    ## Example
    ```python
    # contract: expected_output_paths={"model": "...", "metrics": "/opt/ml/processing/output/m"}
    def main(input_paths, output_paths, environ_vars, job_args):
        save(output_paths["model"])  # "metrics" is never written
    ```
    """

    code: ClassVar[str] = "ALN104"
    name: ClassVar[str] = "unused-contract-output"
    summary: ClassVar[str] = "Contract output is never used by its script"
    reads: ClassVar[Scope] = Scope.STEP
    direction: ClassVar[Direction] = OUTPUTS
