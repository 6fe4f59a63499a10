"""ALN420 job-arguments-not-delivered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project
from alignlint.rules._support.job_arguments import (
    delivered,
    parsed_as,
    passed_arguments,
    script_options,
)
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import builder_label


class JobArgumentsNotDelivered(Rule):
    """## What it does
    Reports a builder whose own `_get_job_arguments` builds job arguments that never reach the
    job: no method of the builder's hierarchy calls `self._get_job_arguments` (to pass the
    result as `arguments=`/`job_arguments=`), so the flags it builds (itself or in the helper
    methods whose list it returns) are dead code. Silent when a base class alignlint cannot
    read might call it.

    ## Why is this bad?
    The script never receives the arguments: it runs on its argparse defaults whatever the
    config says (a `job_type` set in the config, a DAG node for a job-type variant), and nothing
    fails to say so.

    ## Severity
    `warning` when the script's parser defines one of the flags (it expects a value the config
    holds and never gets it: likely drift); `info` otherwise (dead code in the builder).

    ## Example
    ```python
    class TrainStepBuilder(StepBuilderBase):
        def _get_job_arguments(self):
            return ["--job_type", self.config.job_type]

        def create_step(self, **kwargs):
            estimator = self._create_estimator()  # no arguments are passed
            return TrainingStep(name=self._get_step_name(), estimator=estimator)
    ```

    Use instead: pass `self._get_job_arguments()` to the job (for a framework estimator, as
    hyperparameters the script reads), or delete the method and the script's option.
    """

    code: ClassVar[str] = "ALN420"
    name: ClassVar[str] = "job-arguments-not-delivered"
    summary: ClassVar[str] = "Builder builds job arguments that never reach the job"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            builder = step.builder
            passed = passed_arguments(project, step)
            if builder is None or passed is None or passed.method is None or not passed.flags:
                continue
            found = delivered(project, builder)
            if found is None:
                self.could_not_check(
                    f"step {step.name}",
                    "a base class of the builder that alignlint cannot read may call "
                    "_get_job_arguments",
                )
            if found is not False:
                continue
            options = script_options(step.script) if step.script is not None else None
            expected = [
                flag.value
                for flag in passed.flags
                if options and parsed_as(flag.value, options) is not None
            ]
            flags = ", ".join(f"`{flag.value}`" for flag in passed.flags)
            message = (
                f"{builder_label(builder)} builds job arguments ({flags}) in "
                f"`{passed.method.owner}._get_job_arguments`, but no method of the builder calls "
                "it: the job never receives them"
            )
            related: list[Related] = []
            if expected and step.script is not None:
                message += (
                    f"; script `{step.script.file_name}` defines "
                    f"{', '.join(f'`{flag}`' for flag in expected)} and runs on its default"
                )
                argument = parsed_as(expected[0], options or {})
                if argument is not None:
                    related.append(Related(argument.span, "the script's option"))
            yield self.diagnostic(
                message,
                passed.method.method.name_span,
                related=related,
                step=step.name,
                subject="job-arguments-not-delivered",
                severity=None if expected else Severity.INFO,
            )
