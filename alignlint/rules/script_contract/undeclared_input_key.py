"""ALN101 undeclared-input-key."""

from __future__ import annotations

from typing import ClassVar

from alignlint.rules.script_contract._keys import INPUTS, Direction, UndeclaredKeyRule


class UndeclaredInputKey(UndeclaredKeyRule):
    """## What it does
    Checks every key the script uses on `input_paths` (`input_paths["K"]`,
    `input_paths.get("K")`, keys taken from a loop over a literal list or a local constant) in
    `main` and in every function `main` passes the dict to, against the logical names of the
    contract's `expected_input_paths`.

    A fallback chain (`input_paths.get("model_input") or input_paths.get("model_dir")`, or a
    nested `.get` default) is fine when at least one alternative is declared. Keys alignlint
    cannot evaluate are not checked.

    ## Why is this bad?
    At run time `input_paths` holds exactly the contract's inputs: a key the contract does not
    declare raises `KeyError` (or silently yields `None` with `.get`) inside the container, after
    the pipeline has been built and started.

    ## Example
    ```python
    # contract: expected_input_paths={"data_input": "/opt/ml/processing/input/data"}
    def main(input_paths, output_paths, environ_vars, job_args):
        frame = read(input_paths["DATA"])
    ```

    Use instead:
    ```python
    def main(input_paths, output_paths, environ_vars, job_args):
        frame = read(input_paths["data_input"])
    ```
    """

    code: ClassVar[str] = "ALN101"
    name: ClassVar[str] = "undeclared-input-key"
    summary: ClassVar[str] = "Script reads an input key its contract does not declare"
    direction: ClassVar[Direction] = INPUTS
