"""ALN404 required-argument-not-passed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project
from alignlint.rules._support.job_arguments import (
    option_key,
    parsed_as,
    passed_arguments,
    script_options,
)
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import builder_label


class RequiredArgumentNotPassed(Rule):
    """## What it does
    Reports an `argparse` option the step script declares with `required=True` that the step's
    builder never passes: neither its own `_get_job_arguments` nor, when it has none, the base
    builder's convention (`--<key> <value>` for each key of the contract's
    `expected_arguments`). Only checked when everything the builder passes is known (its method,
    or the helper methods whose list it returns as it is, returns literal flag lists; a list
    returned through a local name may have been extended). Steps without a builder are
    ALN111's.

    ## Why is this bad?
    `parse_args()` exits with "the following arguments are required" and the job fails at start.

    ## Severity
    `error`: the job cannot start.

    ## Example
    ```python
    # script: parser.add_argument("--job_type", required=True)
    def _get_job_arguments(self):
        return ["--mode", self.config.mode]
    ```

    Use instead:
    ```python
        return ["--mode", self.config.mode, "--job_type", self.config.job_type]
    ```
    """

    code: ClassVar[str] = "ALN404"
    name: ClassVar[str] = "required-argument-not-passed"
    summary: ClassVar[str] = "Script requires an argument the builder never passes"
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            builder, script = step.builder, step.script
            if builder is None or script is None:
                continue
            passed = passed_arguments(project, step)
            if passed is None:
                continue
            options = script_options(script)
            if not options:
                continue
            parsed = {
                id(argument)
                for flag in passed.flags
                if (argument := parsed_as(flag.value, options)) is not None
            }
            seen: set[int] = set()
            for argument in sorted(options.values(), key=lambda a: a.span):
                if id(argument) in seen or argument.required is not True:
                    continue
                seen.add(id(argument))
                if id(argument) in parsed:
                    continue
                shown = "/".join(f"`{flag}`" for flag in argument.flags)
                if not passed.complete:
                    # Unknown scoped to the options no literal flag passes.
                    unknown = passed.method.unknown if passed.method is not None else None
                    self.could_not_check(
                        f"option {shown} of step {step.name}",
                        unknown
                        or "the builder's _get_job_arguments does not return literal flag lists",
                    )
                    continue
                keys = {option_key(flag) for flag in argument.flags if flag.startswith("-")}
                passed_text = ", ".join(f"`{f.value}`" for f in passed.flags) or "none"
                if passed.method is not None:
                    how = f"in `_get_job_arguments` (passes: {passed_text})"
                    related = [
                        Related(
                            passed.method.method.name_span,
                            f"`{passed.method.owner}._get_job_arguments`",
                        )
                    ]
                else:
                    how = (
                        "(it has no `_get_job_arguments` of its own: the base builder passes the "
                        f"contract's `expected_arguments`: {passed_text})"
                    )
                    related = [Related(builder.info.name_span, f"builder `{builder.name}`")]
                message = (
                    f"script `{script.file_name}` requires {shown} but {builder_label(builder)} "
                    f"never passes it {how}"
                )
                yield self.diagnostic(
                    message,
                    argument.span,
                    related=related,
                    step=step.name,
                    subject=f"required-argument:{sorted(keys)[0] if keys else argument.dest}",
                )
