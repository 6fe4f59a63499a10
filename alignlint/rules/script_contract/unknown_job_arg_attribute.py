"""ALN113 unknown-job-arg-attribute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.script_contract._args import (
    UNREADABLE_ARGUMENT,
    defined_dests,
    unreadable_argument,
)
from alignlint.rules.script_contract._common import SUGGESTION_CUTOFF, backticked, closest


class UnknownJobArgAttribute(Rule):
    """## What it does
    Reports a read of an attribute of the parsed arguments (`job_args.x` in `main` and its
    helpers, `args.x` where `args = parser.parse_args()`, and through a name bound once to
    either, `ja = job_args`) that no argument of the script's
    `argparse` parser defines as its `dest`. Skipped when the script defines no argument at all
    (its parser is built elsewhere) or one alignlint cannot evaluate.

    ## Why is this bad?
    `argparse.Namespace` only has the attributes of the defined arguments: the read raises
    `AttributeError` inside the container.

    ## Severity
    An error: the read raises `AttributeError` in the container.

    ## Example
    ```python
    parser.add_argument("--job-type")
    ...
    split = job_args.job_typ
    ```

    Use instead:
    ```python
    split = job_args.job_type
    ```
    """

    code: ClassVar[str] = "ALN113"
    name: ClassVar[str] = "unknown-job-arg-attribute"
    summary: ClassVar[str] = "Script reads a job argument its parser does not define"
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for script in project.scripts.values():
            if script.main_unknown is not None:
                # What the script's ``main`` reads of ``job_args`` is not known.
                self.could_not_check(f"script {script.file_name}", script.main_unknown)
            dests = defined_dests(script)
            if dests is None:
                if unreadable_argument(script) and script.job_arg_reads:
                    self.could_not_check(f"script {script.file_name}", UNREADABLE_ARGUMENT)
                continue
            step = project.step_of(script)
            for read in sorted(script.job_arg_reads, key=lambda r: r.span):
                if read.name in dests or read.name.startswith("_"):
                    continue
                message = (
                    f"script reads job argument `{read.name}` but its argparse parser defines "
                    f"no argument with that dest (AttributeError at run time); defined: "
                    f"{backticked(dests)}"
                )
                suggestion = closest(read.name, dests, cutoff=SUGGESTION_CUTOFF)
                if suggestion is not None:
                    message += f"; did you mean `{suggestion}`?"
                target = dests[suggestion] if suggestion is not None else None
                related = (
                    [Related(target.span, f"argument with dest `{suggestion}`")]
                    if target is not None
                    else []
                )
                yield self.diagnostic(
                    message,
                    read.span,
                    related=related,
                    step=step.name if step is not None else None,
                    subject=f"job-arg:{read.name}",
                )
