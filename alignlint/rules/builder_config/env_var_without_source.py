"""ALN402 env-var-without-source."""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import ConfigClass, Project, Step, text_of
from alignlint.rules._support.env_sources import (
    convention_attribute,
    explicit_env_keys,
    replaces_convention,
    sent_env,
)
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import (
    builder_config,
    builder_label,
    config_label,
    contract_label,
)
from alignlint.rules.builder_config._config_view import annotation_classes, config_view
from alignlint.sagemaker.suggestions import close_names


def convention_fills(
    project: Project, configs: tuple[ConfigClass, ...], attribute: str
) -> bool | None:
    """Whether ``config.<attribute>`` or ``config.hyperparameters.<attribute>`` exists for every
    config class; None when that cannot be known."""
    answer: bool | None = True
    for config in configs:
        view = config_view(project, config)
        direct = view.has(attribute)
        if direct:
            continue
        has_hyperparameters = view.has("hyperparameters")
        if has_hyperparameters is None or direct is None:
            answer = None
            continue
        if not has_hyperparameters:
            return False
        classes = (
            annotation_classes(project, config.attributes["hyperparameters"].annotation)
            if ("hyperparameters" in config.attributes)
            else None
        )
        if classes is None:
            answer = None
            continue
        nested = [config_view(project, cls).has(attribute) for cls in classes]
        if any(found is None for found in nested):
            answer = None
        elif not any(nested):
            return False
    return answer


class EnvVarWithoutSource(Rule):
    """## What it does
    Reports a required environment variable of a step's script contract that nothing supplies:
    the builder does not set it in `_get_environment_variables` (dict display keys, subscript
    assignments, `update(...)`, `dict(K=v)`, module and class constants returned or merged,
    also in the helper methods whose result it returns or merges, `return self._build_env()`,
    and a data attribute it returns, `return self._env`, with whatever the class hierarchy
    stores there, `self._env = {...}` in `__init__`; also the keys of the config members and
    project base classes it reaches, `env.update(self.config.get_environment_variables())`),
    and the base builder's convention cannot
    fill it either — `StepBuilderBase` reads each required `FOO_BAR` from `config.foo_bar`, else
    from `config.hyperparameters.foo_bar`, so one of them must exist — unless the builder's
    `_get_environment_variables` returns nothing but mappings whose keys are all known, which
    replace the base builder's result instead of extending it. Platform variables such as
    `SM_MODEL_DIR` (the `platform-env-vars` settings) are set by SageMaker and never reported.
    Silent when the builder's keys, the contract's required variables or the config hierarchy
    cannot be fully read (a value the method may return whose keys alignlint does not read,
    such as `return build_env(self.config)`, a config allowing extra fields, among others);
    `--statistics` lists each variable skipped because the builder's keys or the contract's
    list are not all known, with the reason.

    It also reports an optional variable whose config source was renamed: the base builder's
    convention fills it from `config.<name>`, no config class has that field, but one has a field
    close to it (`max_workers` vs `max_worker_count`). The job then always gets the contract
    default, whatever the user sets.

    ## Why is this bad?
    The script reads the variable with `os.environ["FOO_BAR"]`; without a source the job
    fails at run time (or the builder refuses to build the step). For an optional variable, the
    config setting is silently ignored.

    ## Severity
    `error` for a required variable (the job or the build fails); `warning` for an optional one
    (the job runs on the contract default: likely drift).

    ## Example
    ```python
    X_CONTRACT = ScriptContract(..., required_env_vars=["LABEL_FIELD"])

    class XConfig(ProcessingStepConfigBase):
        label_column: str
    ```

    Use instead:
    ```python
    class XConfig(ProcessingStepConfigBase):
        label_field: str
    ```
    """

    code: ClassVar[str] = "ALN402"
    name: ClassVar[str] = "env-var-without-source"
    summary: ClassVar[str] = "Required env var of the contract has no source in builder or config"
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            builder, contract = step.builder, step.contract
            if builder is None or contract is None:
                continue
            keys = explicit_env_keys(project, builder)
            sent = sent_env(project, step)
            # The keys of config members and project bases the builder's method reaches send
            # the variable too (``env.update(self.config.get_environment_variables())``).
            reached = sent.keys if sent is not None else {}
            names = sorted(contract.required_env_vars.names.items(), key=lambda item: item[1])
            platform = project.settings.all_platform_env_vars
            if not contract.required_env_vars.complete:
                self.could_not_check(
                    f"step {step.name} required env vars",
                    "the contract's required env vars are not all known",
                )
            unsourced = [
                (env_var, span)
                for env_var, span in names
                if env_var not in keys
                and env_var not in reached
                and not any(fnmatchcase(env_var, p) for p in platform)
            ]
            if not keys.complete:
                reason = keys.unknown[0].reason
                for env_var, _ in unsourced:
                    self.could_not_check(
                        f"step {step.name} env var {env_var}",
                        f"what the builder sends cannot be fully read: {reason}",
                    )
                continue
            resolved = builder_config(project, builder, step)
            if resolved is None:
                continue  # ALN401 lists the builder: its config class is not known
            replaced = replaces_convention(project, builder)
            for env_var, span in unsourced:
                attribute = convention_attribute(env_var)
                configs = " / ".join(config_label(config) for config in resolved.configs)
                fills = None if replaced else convention_fills(project, resolved.configs, attribute)
                if replaced:
                    source = (
                        f"the `_get_environment_variables` of {builder_label(builder)} returns a "
                        "dict without it and does not call the base builder's (whose convention "
                        f"would read `config.{attribute}`)"
                    )
                elif fills is False:
                    source = (
                        f"{builder_label(builder)} does not set it in `_get_environment_variables` "
                        f"and {configs} has no field `{attribute}` "
                        f"(nor `hyperparameters.{attribute}`)"
                    )
                else:
                    continue
                message = (
                    f"required env var `{env_var}` of {contract_label(contract)} has no source: "
                    f"{source}"
                )
                related = [
                    Related(config.info.name_span, f"config class `{config.name}`")
                    for config in resolved.configs
                ]
                related.append(
                    Related(keys.span or builder.info.name_span, f"builder `{builder.name}`")
                )
                yield self.diagnostic(
                    message,
                    span,
                    related=related,
                    step=step.name,
                    subject=f"env-var:{env_var}",
                )
            yield from self._renamed_optional_sources(project, step, resolved.configs)

    def _renamed_optional_sources(
        self, project: Project, step: Step, configs: tuple[ConfigClass, ...]
    ) -> Iterator[Diagnostic]:
        """Optional variables the base convention would fill from ``config.<name>``, where no
        config class has that field but one has a field close to it (a rename on the config
        side): the job always runs on the contract default."""
        builder, contract = step.builder, step.contract
        assert builder is not None and contract is not None
        sent = sent_env(project, step)
        if sent is None or not sent.convention or not contract.optional_env_vars.complete:
            return
        platform = project.settings.all_platform_env_vars
        for env_var, entry in contract.optional_env_vars.items():
            if env_var in sent.keys or any(fnmatchcase(env_var, p) for p in platform):
                continue
            attribute = convention_attribute(env_var)
            if convention_fills(project, configs, attribute) is not False:
                continue
            for config in configs:
                view = config_view(project, config)
                fields = [
                    name for name, member in config.attributes.items() if member.kind == "field"
                ]
                renamed = _renamed(attribute, [*fields, *view.names])
                if renamed is None:
                    continue
                default = text_of(entry.value)
                shown = f" `{default}`" if default is not None else ""
                message = (
                    f"optional env var `{env_var}` of {contract_label(contract)} always gets the "
                    f"contract default{shown}: the base builder fills it from `config."
                    f"{attribute}`, which {config_label(config)} does not have; it has "
                    f"`{renamed}` (renamed?)"
                )
                member = config.attributes.get(renamed)
                related = [
                    Related(
                        member.span if member is not None else config.info.name_span,
                        f"`{renamed}` of config class `{config.name}`",
                    )
                ]
                yield self.diagnostic(
                    message,
                    entry.key_span,
                    related=related,
                    step=step.name,
                    subject=f"env-var:{env_var}",
                    severity=Severity.WARNING,
                )
                break


#: How close a config field must be to the convention's attribute to be its renamed source.
RENAME_CUTOFF = 0.8


def _renamed(attribute: str, names: list[str]) -> str | None:
    """The public name in ``names`` closest to ``attribute`` when it is close enough to be a
    rename (the shared ranking of :mod:`alignlint.sagemaker.suggestions`, a stricter cutoff)."""
    public = [name for name in set(names) if name.lower() != attribute and not name.startswith("_")]
    found = close_names(attribute, public, cutoff=RENAME_CUTOFF)
    return found[0] if found else None
