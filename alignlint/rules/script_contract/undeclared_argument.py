"""ALN111 undeclared-argument."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model import CliArgument, Project
from alignlint.model.values import Located
from alignlint.rules.base import FixAvailability, Rule
from alignlint.rules.script_contract._args import is_option
from alignlint.rules.script_contract._common import (
    Pairing,
    argument_name,
    backticked,
    contract_label,
    pairings,
)
from alignlint.rules.script_contract._dict_entry import add_entry


class UndeclaredArgument(Rule):
    """## What it does
    Reports an option the script's `argparse` parser defines (`parser.add_argument("--x")`) that
    the contract's `expected_arguments` does not declare. Names are compared as argparse does:
    `--job-type`, `--job_type` and a `job_type` contract key are the same argument (`dest`).
    Arguments whose flags or `dest` alignlint cannot evaluate are not checked.

    ## Why is this bad?
    The builder passes exactly the contract's arguments. An option the contract does not declare
    always has its argparse default in the pipeline, and a required one makes the job fail with
    "the following arguments are required".

    ## Example
    ```python
    # contract: expected_arguments={"job_type": "training"}
    parser.add_argument("--job_type", required=True)
    parser.add_argument("--mode", default="fast")
    ```

    Use instead:
    ```python
    # contract: expected_arguments={"job_type": "training", "mode": "fast"}
    ```

    ## Fix safety
    The fix adds the argument to the contract's `expected_arguments`, with the argparse default
    as its value (an empty string when there is none). It is unsafe: the value is passed to every
    run of the step, and the option may be a leftover the script should drop instead.
    """

    code: ClassVar[str] = "ALN111"
    name: ClassVar[str] = "undeclared-argument"
    summary: ClassVar[str] = "Script defines a CLI argument its contract does not declare"
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for pairing in pairings(project):
            declared_map = pairing.contract.expected_arguments
            if not declared_map.complete:
                continue
            declared = {argument_name(key) for key in declared_map}
            for argument in sorted(pairing.script.arguments, key=lambda a: a.span):
                if argument.dynamic or argument.dest is None or not is_option(argument):
                    continue
                if argument.dest in declared:
                    continue
                yield self._finding(pairing, argument, argument.dest)

    def _finding(self, pairing: Pairing, argument: CliArgument, dest: str) -> Diagnostic:
        contract = pairing.contract
        declared_map = contract.expected_arguments
        flag = next((f for f in argument.flags if f.startswith("--")), argument.flags[0])
        message = (
            f"script defines argument `{flag}` (dest `{dest}`) but {contract_label(contract)} "
            f"declares no such argument in `expected_arguments`; declared: "
            f"{backticked(declared_map)}"
        )
        anchor = declared_map.span or contract.name_span
        fix = None
        name = flag.lstrip("-")
        default = ""
        if isinstance(argument.default, Located) and isinstance(
            argument.default.value, (str, int, float)
        ):
            default = str(argument.default.value)
        insertion = add_entry(declared_map, contract, name, default)
        if insertion is not None:
            fix = Fix(
                f"Add `{name}` to `expected_arguments` of {contract.name}",
                Applicability.UNSAFE,
                (),
                (insertion,),
            )
        return self.diagnostic(
            message,
            argument.span,
            related=[Related(anchor, f"arguments declared by {contract.name}")],
            fix=fix,
            step=pairing.step.name,
            subject=f"argument:{dest}",
        )
