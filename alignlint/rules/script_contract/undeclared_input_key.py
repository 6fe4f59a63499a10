"""ALN101 undeclared-input-key."""

from __future__ import annotations

from typing import ClassVar

from alignlint.rules.base import Scope
from alignlint.rules.script_contract._keys import INPUTS, Direction, UndeclaredKeyRule


class UndeclaredInputKey(UndeclaredKeyRule):
    """## What it does
    Checks every key the script uses on `input_paths` (`input_paths["K"]`,
    `input_paths.get("K")`, keys taken from a loop over a literal list or a local constant) in
    `main` and in every function `main` passes the dict to, against the logical names of the
    contract's `expected_input_paths`.

    A fallback chain is one read: `input_paths.get("model_input", input_paths.get("model_dir"))`
    (nested `.get` defaults, any depth), `input_paths.get("a") or input_paths.get("b")`,
    `input_paths["a" if "a" in input_paths else "b"]`, `x["a"] if "a" in x else x["b"]` and a
    loop over candidate names that stops at the first one found (`break`/`return`). It is aligned
    when a key of the chain is declared (the alternatives are tolerance for old names), and
    reported once, at its first key, when none is. A loop that reads every key of its list is
    not a chain. Keys alignlint cannot evaluate are not checked, and neither is a `main` whose
    parameters are not named `input_paths`/`output_paths` (its keys are not read; `--statistics`
    lists the step).

    ## Why is this bad?
    In the pipeline the inputs are the contract's: a key the contract does not declare raises
    `KeyError` (or silently yields `None` with `.get`) inside the container, after the pipeline
    has been built and started. When the script's own `__main__` block maps the key to the right
    container path, the job still runs, but the script and its contract now name the same input
    differently, and the next change to one of them breaks it. When that path is one the contract
    declares under another name, the message names that contract input, and ALN106 (which would
    report the same drift at the `__main__` entry) leaves it to this rule while it runs: the
    finding is where `main` uses the key, the code to rename (with the `__main__` entry).

    ## Severity
    `error` when nothing gives the script the key (the job fails or reads nothing); `warning`
    when the `__main__` block maps the key itself (naming drift that does not break the job yet),
    or when the script uses the key only after testing that `input_paths` holds it (`if "k" in
    input_paths:`, `"k" in input_paths and ...`, `if input_paths.get("k"):`, or `x =
    input_paths.get("k")` then `if x is not None:`): the job runs, and the code for that input
    never does.

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
    reads: ClassVar[Scope] = Scope.STEP
    direction: ClassVar[Direction] = INPUTS
