"""ALN117 unread-sent-env-var."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.model import Project, Step
from alignlint.rules._support.env_sources import sent_env
from alignlint.rules.base import Rule, Scope
from alignlint.rules.script_contract._common import (
    contract_label,
    is_platform_env_var,
    pairings,
)
from alignlint.rules.script_contract._env import (
    declared_env_vars,
    env_declarations_complete,
    env_reads,
    never_read,
)


class UnreadSentEnvVar(Rule):
    """## What it does
    Reports an environment variable the step's builder puts into the job's environment by name
    (a key its `_get_environment_variables` writes, or one of a config method or property it
    merges, such as `config.get_environment_variables()`, or a member declared `env =
    property(_build_env)`; a helper method whose result either returns or merges, `return
    self._build_env()` or a branch of a conditional return, is read as part of it) that the contract
    declares neither in `required_env_vars` nor in `optional_env_vars` and the script never
    reads. Variables the platform or the OS use (the `platform-env-vars` settings) are not
    reported. A variable not read by name is not checked (`--statistics` lists it) when the
    script also reads a variable alignlint cannot name, uses the environment whole, or hands
    `environ_vars` to code defined elsewhere. A loop or comprehension over the environment
    that keeps only names with a prefix (`if k.startswith("P_")`) reads those names only. A
    variable the contract's known env vars do not name is not checked (and listed) when part of
    them cannot be evaluated. Reads in the code of
    other project modules the script runs (module-level code of the modules it imports, the
    functions and classes of them its code uses) are its reads, and a name bound once to
    `os.environ` (`ENV = os.environ`) reads as it (see ALN107).

    ## Why is this bad?
    The value travels from the config to the job and is dropped there: a user who sets it sees
    no effect, and nothing documents the variable. It is often a leftover of a rename on the
    script side, or a setting that was never wired.

    ## Severity
    `warning` when a method or property of the config class (or a base) builds the variable,
    such as `get_environment_variables()`: the config offers it as a setting of the job, and a
    user who sets it sees no effect, as for an optional variable the script never reads
    (ALN116). `info` when the builder's own code adds it: plumbing of values that usually
    serve other purposes too (the pipeline name, the region), dead in this job; advice to
    remove or wire up.

    ## Example
    ```python
    class XConfig(ProcessingStepConfigBase):
        def get_environment_variables(self):
            return {"LABEL_FIELD": self.label, "METRIC_CHOICES": ",".join(self.metrics)}
    # contract declares LABEL_FIELD only; the script never reads METRIC_CHOICES
    ```
    """

    code: ClassVar[str] = "ALN117"
    name: ClassVar[str] = "unread-sent-env-var"
    summary: ClassVar[str] = "Builder sends an env var that neither contract nor script knows"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        platform = project.settings.all_platform_env_vars
        for pairing in pairings(project):
            contract, script = pairing.contract, pairing.script
            sent = sent_env(project, pairing.step)
            if sent is None:
                continue
            complete = env_declarations_complete(contract)
            reads = env_reads(project, script)
            declared = declared_env_vars(contract)
            for name, span in sorted(sent.keys.items(), key=lambda item: (item[1], item[0])):
                if name in declared or is_platform_env_var(name, platform):
                    continue
                if not complete:
                    if reads.unread(name) is not False:
                        # (Perhaps declared by the part of the contract alignlint cannot read.)
                        self.could_not_check(
                            f"env var {name} of step {pairing.step.name}",
                            "the contract's env vars are not all known",
                        )
                    continue
                if not never_read(self, reads, name, pairing.step.name):
                    continue
                builder = pairing.step.builder
                assert builder is not None
                message = (
                    f"builder `{builder.name}` sends env var `{name}` but "
                    f"{contract_label(contract)} does not declare it and script "
                    f"`{script.file_name}` never reads it"
                )
                yield self.diagnostic(
                    message,
                    span,
                    related=[Related(script.span, f"script {script.file_name}")],
                    step=pairing.step.name,
                    subject=f"env:{name}",
                    severity=None if _offered_by_config(pairing.step, span) else Severity.INFO,
                )


def _offered_by_config(step: Step, span: Span) -> bool:
    """Whether the key written at ``span`` is written by a method or property of the step's
    config class or one of its bases (a setting the config offers), not the builder's own code."""
    config = step.config
    if config is None and step.builder is not None:
        config = step.builder.config_class
    return config is not None and any(cls.span.contains(span) for cls in config.info.mro())
