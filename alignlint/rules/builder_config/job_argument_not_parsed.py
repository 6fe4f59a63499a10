"""ALN403 job-argument-not-parsed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Span
from alignlint.model import BuilderClass, CliArgument, Project, Step
from alignlint.model.values import Located, SeqValue, Value
from alignlint.rules._support.job_arguments import (
    PassedArguments,
    choice_texts,
    option_key,
    parsed_as,
    parser_span,
    passed_arguments,
    reads_config,
    script_options,
    validated_values,
)
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import builder_label, did_you_mean


class JobArgumentNotParsed(Rule):
    """## What it does
    Reports a job argument the builder passes in its own `_get_job_arguments` (with the helper
    methods whose list it returns, `return self._build_args()`, read as if inlined; an f-string
    flag `f"--{NAME}"` counts when its parts are known) that the step script's `argparse`
    parser rejects:

    - a flag the parser does not define. Flags are matched as `argparse` matches them: exactly,
      or as a unique prefix of a long option. `--job_type` does not match an argument defined
      as `--job-type` (the two only share a `dest`). A script that builds an `ArgumentParser`
      without any argument and calls `parse_args()` defines no option at all: every flag is
      rejected;
    - the step's job type passed to an argument whose `choices=` exclude it: the builder passes
      `config.job_type` and the step is written for a job type the choices do not list. It is
      when the step has a spec variant for it (such as `calibration`), or when the builder's
      own check (`if self.config.job_type not in [...]: raise`) or the config's `job_type`
      validator (`@field_validator("job_type")` raising for a value not in a list; pydantic's
      decorator under any name it is imported as) lets it through.

    Silent when the script's options are not one known set (an argument whose flags cannot be
    read, sub-commands, parent parsers, no parser built in the script) or the builder passes no
    option alignlint can read (`--statistics` lists both), and, for options the parser does not
    define, when it parses with `parse_known_args()`, which leaves those to the script (a value
    outside an option's `choices` is still rejected, and reported). Arguments the base builder
    derives from the contract's `expected_arguments` are ALN112's.

    ## Why is this bad?
    `parse_args()` rejects unknown options and values outside `choices`: the container exits
    with a usage error (status 2) as soon as the job starts.

    ## Severity
    `error`: the job cannot start.

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
    summary: ClassVar[str] = "Builder passes a job argument the script's parser rejects"
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            script = step.script
            passed = passed_arguments(project, step)
            if script is None or passed is None or passed.method is None:
                continue
            if not passed.flags:
                if not passed.complete:
                    reason = "the builder passes job arguments alignlint cannot read"
                    if passed.method.unknown is not None:
                        reason += f" ({passed.method.unknown})"
                    self.could_not_check(
                        f"step {step.name} job arguments", f"{reason}, and no option it can"
                    )
                continue
            options = script_options(script)
            if options is None:
                self.could_not_check(
                    f"step {step.name}",
                    "the options of the script's parser are not one known set (no parser built "
                    "in the script, or an argument alignlint cannot read)",
                )
                continue
            builder = step.builder
            assert builder is not None
            if not script.lenient_parses:
                # ``parse_known_args()`` tolerates options it does not define, not a value
                # outside an option's choices.
                yield from self._undefined(step, builder, script.file_name, options, passed.flags)
            yield from self._excluded_choices(project, step, passed, options)

    def _undefined(
        self,
        step: Step,
        builder: BuilderClass,
        script_name: str,
        options: dict[str, CliArgument],
        flags: tuple[Located[str], ...],
    ) -> Iterator[Diagnostic]:
        defined = sorted({flag for a in options.values() for flag in a.flags})
        spellings = {option_key(option): option for option in defined}
        if options:
            shown = ", ".join(f"`{f}`" for f in defined)
        else:
            shown = "none (its parser has no argument, and `parse_args()` rejects every option)"
        script = step.script
        assert script is not None
        setup = parser_span(script)
        related = [Related(setup, "the script's parser and its arguments")] if setup else []
        for flag in flags:
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
                f"`{script_name}` defines no such option{hint}; it defines: {shown}"
            )
            yield self.diagnostic(
                message,
                flag.span,
                related=related,
                step=step.name,
                subject=f"job-argument:{key}",
            )

    def _excluded_choices(
        self, project: Project, step: Step, passed: PassedArguments, options: dict[str, CliArgument]
    ) -> Iterator[Diagnostic]:
        method = passed.method
        if method is None or not reads_config(method, "job_type"):
            return
        used: dict[str, tuple[Span, str]] | None = None  # read once, for restricted choices
        for flag in passed.flags:
            argument = parsed_as(flag.value, options)
            if argument is None or argument.dest != "job_type":
                continue
            choices = choice_texts(argument)
            if choices is None:
                continue
            if used is None:
                used = _job_types(project, step)
            allowed = {choice.lower() for choice in choices}
            excluded = {job: where for job, where in used.items() if job.lower() not in allowed}
            if not excluded:
                continue
            builder = step.builder
            assert builder is not None
            names = ", ".join(f"`{job}`" for job in sorted(excluded))
            message = (
                f"{builder_label(builder)} passes the job type (`config.job_type`) as "
                f"`{flag.value}`, but the script's parser only accepts choices "
                f"{', '.join(f'`{c}`' for c in choices)}: the step's {names} job type"
                f"{'s' if len(excluded) > 1 else ''} would exit with a usage error"
            )
            related = [Related(flag.span, f"`{flag.value}` in `_get_job_arguments`")]
            related.extend(Related(span, label) for _, (span, label) in sorted(excluded.items()))
            yield self.diagnostic(
                message,
                argument.span,
                related=related,
                step=step.name,
                subject=f"job-argument-choices:{argument.dest}",
            )


def _job_types(project: Project, step: Step) -> dict[str, tuple[Span, str]]:
    """The job types the step is written for: its spec variants (the builder picks one by
    ``config.job_type``), and the values that pass every check of ``job_type`` there is: the
    builder's own (``if self.config.job_type not in [...]: raise``) and the config's validators
    (a value must pass them all; a check whose values are not known leaves this part out). A
    DAG node's suffix is only a node label (the config behind the node holds the job type), so
    DAG nodes are not evidence on their own."""
    found: dict[str, tuple[Span, str]] = {}
    for job_type, spec in sorted(step.specs.items(), key=lambda item: str(item[0])):
        if job_type is not None:
            found.setdefault(job_type, (spec.name_span, f"spec variant {spec.name}"))
    checks: list[tuple[Value, str]] = []
    if step.builder is not None:
        where = "the builder's `config.job_type` check"
        checks.extend((v, where) for a, v in step.builder.accepted_values if a == "job_type")
    if step.config is not None:
        where = f"the `job_type` validator of {step.config.name}"
        checks.extend((v, where) for v in validated_values(project, step, "job_type"))
    passing: dict[str, tuple[Span, str]] | None = None
    for values, where in checks:
        accepted = _accepted(values)
        if accepted is None:
            return found
        if passing is None:
            passing = {
                value.lower(): (span, f"a job type {where} accepts") for value, span in accepted
            }
        else:
            kept = {value.lower() for value, _ in accepted}
            passing = {job: place for job, place in passing.items() if job in kept}
    known = {job.lower() for job in found}
    for job, place in (passing or {}).items():
        if job not in known:
            found[job] = place
    return found


def _accepted(values: Value) -> list[tuple[str, Span]] | None:
    """The strings of a known list of strings (with their spans); None otherwise."""
    if not (isinstance(values, Located) and isinstance(values.value, SeqValue)):
        return None
    items = [
        (item.value, item.span)
        for item in values.value.items
        if isinstance(item, Located) and isinstance(item.value, str)
    ]
    return items if len(items) == len(values.value.items) else None
