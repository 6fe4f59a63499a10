"""ALN404 required-argument-not-passed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project
from alignlint.rules.base import Rule
from alignlint.rules.builder_config._common import builder_label
from alignlint.rules.builder_config._job_args import (
    job_arguments_method,
    option_key,
    parsed_as,
    script_options,
)


class RequiredArgumentNotPassed(Rule):
    """## What it does
    Reports an `argparse` option the step script declares with `required=True` that the builder's
    `_get_job_arguments` never passes. Only checked when the builder's method returns literal
    lists (every flag is a string literal), so the full set of passed flags is known.

    ## Why is this bad?
    `parse_args()` exits with "the following arguments are required" and the job fails at start.

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

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            builder, script = step.builder, step.script
            if builder is None or script is None:
                continue
            method = job_arguments_method(project, builder)
            if method is None or not method.complete:
                continue
            options = script_options(script)
            if options is None:
                continue
            passed = {
                id(argument)
                for flag in builder.job_arguments
                if (argument := parsed_as(flag.value, options)) is not None
            }
            seen: set[int] = set()
            for argument in sorted(options.values(), key=lambda a: a.span):
                if id(argument) in seen or argument.required is not True:
                    continue
                seen.add(id(argument))
                if id(argument) in passed:
                    continue
                keys = {option_key(flag) for flag in argument.flags if flag.startswith("-")}
                shown = "/".join(f"`{flag}`" for flag in argument.flags)
                passed_text = ", ".join(f"`{f.value}`" for f in builder.job_arguments) or "none"
                message = (
                    f"script `{script.file_name}` requires {shown} but {builder_label(builder)} never "
                    f"passes it in `_get_job_arguments` (passes: {passed_text})"
                )
                yield self.diagnostic(
                    message,
                    argument.span,
                    related=[
                        Related(method.method.name_span, f"`{method.owner}._get_job_arguments`")
                    ],
                    step=step.name,
                    subject=f"required-argument:{sorted(keys)[0] if keys else argument.dest}",
                )
