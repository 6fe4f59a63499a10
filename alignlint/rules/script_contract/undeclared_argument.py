"""ALN111 undeclared-argument."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related
from alignlint.model import CliArgument, Project
from alignlint.model.values import Located
from alignlint.rules._support.job_arguments import choice_texts
from alignlint.rules._support.unparsed import BUILDER_UNPARSED, builder_may_be_unparsed
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.script_contract._args import (
    UNREADABLE_ARGUMENT,
    is_option,
    unreadable_argument,
)
from alignlint.rules.script_contract._common import (
    Pairing,
    argument_name,
    backticked,
    contract_label,
    pairings,
)
from alignlint.rules.script_contract._dict_entry import add_entry

#: Why an option the known part of ``expected_arguments`` does not declare is not checked.
PARTLY_KNOWN = "the contract's expected_arguments are not all known"


class UndeclaredArgument(Rule):
    """## What it does
    Reports a required option of the script's `argparse` parser
    (`parser.add_argument("--x", required=True)`) that nothing passes, for a step without a
    builder: the contract's `expected_arguments` (which the base builder turns into
    `--<key> <value>`) does not declare it. Names are compared as argparse compares `dest`s:
    `--job-type`, `--job_type` and a `job_type` contract key are the same argument. Arguments
    whose flags or `dest` alignlint cannot evaluate are not checked, nor (listed in
    `--statistics`) an option `expected_arguments` may declare in a part alignlint cannot
    evaluate.

    Optional options (no `required=True`) are fine: argparse gives them their default. When the
    step has a builder, that builder decides what is passed (its `_get_job_arguments`, often
    with values from the config such as `["--job_type", self.config.job_type]`, or the base
    convention over `expected_arguments`), and ALN404 owns the question; `expected_arguments`
    holds static values only, so an option the builder passes needs no entry there.

    ## Why is this bad?
    `parse_args()` exits with "the following arguments are required" and the job fails at start.

    ## Severity
    `error`: the job cannot start.

    ## Example
    ```python
    # contract: expected_arguments={"job_type": "training"}; no builder
    parser.add_argument("--job_type", required=True)
    parser.add_argument("--mode", required=True)
    ```

    Use instead:
    ```python
    # contract: expected_arguments={"job_type": "training", "mode": "fast"}
    ```

    ## Fix safety
    When the script says which value the option takes (a literal `default=`, which argparse
    ignores for a required option, or a single `choices=` entry), the fix adds the argument to
    the contract's `expected_arguments` with that value. It is unsafe: the value is passed to
    every run of the step, and the option may be a leftover the script should drop instead.
    Without such a value there is no fix: alignlint does not write a value nobody chose.
    """

    code: ClassVar[str] = "ALN111"
    name: ClassVar[str] = "undeclared-argument"
    summary: ClassVar[str] = "Script requires a CLI argument that nothing passes"
    reads: ClassVar[Scope] = Scope.STEP
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        with_builder = {id(step.contract) for step in project.steps if step.builder is not None}
        for pairing in pairings(project):
            if id(pairing.contract) in with_builder:
                continue
            if builder_may_be_unparsed(project, pairing.step):
                self.could_not_check(f"step {pairing.step.name} arguments", BUILDER_UNPARSED)
                continue
            declared_map = pairing.contract.expected_arguments
            declared = {argument_name(key) for key in declared_map}
            if unreadable_argument(pairing.script):
                self.could_not_check(f"step {pairing.step.name} arguments", UNREADABLE_ARGUMENT)
            for argument in sorted(pairing.script.arguments, key=lambda a: a.span):
                if argument.dynamic or argument.dest is None or not is_option(argument):
                    continue
                if argument.required is not True or argument.dest in declared:
                    continue
                if not declared_map.complete:
                    # (Perhaps declared by the part alignlint cannot read.)
                    shown = "/".join(f"`{flag}`" for flag in argument.flags)
                    self.could_not_check(
                        f"option {shown} of step {pairing.step.name}", PARTLY_KNOWN
                    )
                    continue
                yield self._finding(pairing, argument, argument.dest)

    def _finding(self, pairing: Pairing, argument: CliArgument, dest: str) -> Diagnostic:
        contract = pairing.contract
        declared_map = contract.expected_arguments
        flag = next((f for f in argument.flags if f.startswith("--")), argument.flags[0])
        message = (
            f"script requires argument `{flag}` (dest `{dest}`) but {contract_label(contract)} "
            f"declares no such argument in `expected_arguments` and no builder passes it; "
            f"declared: {backticked(declared_map)}"
        )
        anchor = declared_map.span or contract.name_span
        fix = None
        name = flag.lstrip("-")
        value = chosen_value(argument)
        insertion = None if value is None else add_entry(declared_map, contract, name, value)
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


def chosen_value(argument: CliArgument) -> str | None:
    """The value the script's author chose for a required option: its argparse default (a
    literal string or number), else its only choice; None when the code does not say which value
    the job needs (the fix must not invent one)."""
    default = argument.default
    if isinstance(default, Located) and isinstance(default.value, (str, int, float)):
        if not isinstance(default.value, bool):
            return str(default.value)
    choices = choice_texts(argument)
    if choices is not None and len(choices) == 1:
        return choices[0]
    return None
