"""ALN403 job-argument-not-parsed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project
from alignlint.rules.base import Rule
from alignlint.rules.builder_config._common import builder_label, did_you_mean
from alignlint.rules.builder_config._job_args import (
    job_arguments_method,
    option_key,
    parsed_as,
    script_options,
)


class JobArgumentNotParsed(Rule):
    """## What it does
    Reports a flag the builder passes in `_get_job_arguments` that the step script's `argparse`
    parser does not define. Flags are matched as `argparse` matches them: exactly, or as a unique
    prefix of a long option. `--job_type` does not match an argument defined as `--job-type`
    (the two only share a `dest`). Silent when the script defines no argument at all (its parser
    is built elsewhere) or one whose flags cannot be read, and when it parses with
    `parse_known_args()`, which leaves options it does not define to the script.

    ## Why is this bad?
    `parse_args()` rejects unknown options: the container exits with a usage error as soon as the
    job starts.

    ## Example
    ```python
    def _get_job_arguments(self):
        return ["--mode", self.config.mode]
    # script: parser.add_argument("--job_type")
    ```

    Use instead:
    ```python
        return ["--job_type", self.config.job_type]
    ```
    """

    code: ClassVar[str] = "ALN403"
    name: ClassVar[str] = "job-argument-not-parsed"
    summary: ClassVar[str] = "Builder passes a job argument the script's parser does not define"

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            builder, script = step.builder, step.script
            if builder is None or script is None or not builder.job_arguments:
                continue
            if job_arguments_method(project, builder) is None:
                continue
            options = script_options(script)
            if options is None or script.lenient_parses:
                continue
            first = min(argument.span for argument in options.values())
            defined = sorted({flag for a in options.values() for flag in a.flags})
            spellings = {option_key(option): option for option in defined}
            for flag in builder.job_arguments:
                if parsed_as(flag.value, options) is not None:
                    continue
                key = option_key(flag.value)
                hint = (
                    f"; argparse matches option strings literally: the script defines "
                    f"`{spellings[key]}`, which only shares its dest with `{flag.value}`"
                    if key in spellings
                    else did_you_mean(flag.value, defined)
                )
                message = (
                    f"{builder_label(builder)} passes job argument `{flag.value}` but script "
                    f"`{script.file_name}` defines no such option{hint}; "
                    f"it defines: {', '.join(f'`{f}`' for f in defined)}"
                )
                yield self.diagnostic(
                    message,
                    flag.span,
                    related=[Related(first, "the script's argparse arguments")],
                    step=step.name,
                    subject=f"job-argument:{key}",
                )
