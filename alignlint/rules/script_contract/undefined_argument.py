"""ALN112 undefined-argument."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.script_contract._args import (
    UNREADABLE_ARGUMENT,
    defined_dests,
    spellings,
    unreadable_argument,
)
from alignlint.rules.script_contract._common import (
    argument_name,
    backticked,
    contract_label,
    pairings,
)


class UndefinedArgument(Rule):
    """## What it does
    Reports an argument of the contract's `expected_arguments` that the script's `argparse`
    parser does not define. Names are compared as argparse does (`--job-type` and `--job_type`
    share the `dest` `job_type`). Skipped when the script defines no argument at all (its parser
    is built elsewhere) or one alignlint cannot evaluate, and when it parses with
    `parse_known_args()`, which leaves options it does not define to the script.

    ## Why is this bad?
    The builder passes `--<name> <value>` for every declared argument; `parse_args()` rejects an
    option the parser does not define ("unrecognized arguments") and the job fails at start.

    ## Severity
    An error: `parse_args()` rejects the option and the job fails at start.

    ## Example
    ```python
    # contract: expected_arguments={"job_type": "training"}
    parser.add_argument("--job", required=True)
    ```

    Use instead:
    ```python
    parser.add_argument("--job_type", required=True)
    ```
    """

    code: ClassVar[str] = "ALN112"
    name: ClassVar[str] = "undefined-argument"
    summary: ClassVar[str] = "Contract argument is not defined by its script's parser"
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for pairing in pairings(project):
            script = pairing.script
            dests = defined_dests(script)
            if dests is None and unreadable_argument(script):
                if pairing.contract.expected_arguments:
                    self.could_not_check(f"step {pairing.step.name} arguments", UNREADABLE_ARGUMENT)
                continue
            if dests is None or script.lenient_parses:
                continue
            first = min(argument.span for argument in dests.values())
            for key, entry in pairing.contract.expected_arguments.items():
                dest = argument_name(key)
                if dest in dests:
                    continue
                message = (
                    f"{contract_label(pairing.contract)} declares argument `{key}` but script "
                    f"`{script.file_name}` defines no {spellings(dest)} option; it defines: "
                    f"{backticked(dests)}"
                )
                yield self.diagnostic(
                    message,
                    entry.key_span,
                    related=[Related(first, "the script's argparse arguments")],
                    step=pairing.step.name,
                    subject=f"argument:{dest}",
                )
