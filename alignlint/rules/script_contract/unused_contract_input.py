"""ALN103 unused-contract-input."""

from __future__ import annotations

from typing import ClassVar

from alignlint.core.types import Severity
from alignlint.rules.base import Scope
from alignlint.rules.script_contract._keys import INPUTS, Direction, UnusedKeyRule


class UnusedContractInput(UnusedKeyRule):
    """## What it does
    Reports a logical name of the contract's `expected_input_paths` that the script uses neither
    as a key of `input_paths` nor through its container path (a path literal at or below the
    declared path, or the `SM_CHANNEL_<NAME>` variable of a training channel).

    The check is skipped when alignlint cannot see every use: a key it cannot evaluate, the dict
    iterated (`input_paths.items()`; only shown, as in `logger.info(f"{list(input_paths)}")`,
    it uses nothing) or handed to a function defined elsewhere, or a `main` whose parameters
    are not named `input_paths`/`output_paths`. A path literal that is a parent of a declared
    path (`os.listdir("/opt/ml/processing/input")`) leaves only the inputs below it unchecked.
    `--statistics` lists what was not checked, and why.

    ## Why is this bad?
    The pipeline wires and downloads data the script never reads (cost, time), or, more often, the
    script reads the data under another name and the declared input is stale.

    ## Severity
    A warning: the job still runs (it downloads data it does not use); when the script reads the
    data under another name, ALN101 reports that read, which is what breaks.

    ## Example
    ```python
    # contract: expected_input_paths={"data": "...", "metadata": "/opt/ml/processing/input/meta"}
    def main(input_paths, output_paths, environ_vars, job_args):
        frame = read(input_paths["data"])  # "metadata" is never used
    ```
    """

    code: ClassVar[str] = "ALN103"
    name: ClassVar[str] = "unused-contract-input"
    summary: ClassVar[str] = "Contract input is never used by its script"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP
    direction: ClassVar[Direction] = INPUTS
