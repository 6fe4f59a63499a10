"""ALN401 unknown-config-attribute."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule
from alignlint.rules.builder_config._common import (
    builder_config,
    builder_label,
    builders_with_steps,
    closest,
    config_label,
    did_you_mean,
)
from alignlint.rules.builder_config._config_view import ConfigView, config_view


def _suggestion_definitions(views: Sequence[ConfigView], suggestion: str | None) -> list[Related]:
    """Where the suggested attribute is defined in the project (once per definition), so the
    finding also points at the field a rename left behind."""
    if suggestion is None:
        return []
    spans = {
        attribute.span
        for view in views
        if (attribute := view.config.attributes.get(suggestion)) is not None
    }
    return [Related(span, f"`{suggestion}` is defined here") for span in sorted(spans)]


class UnknownConfigAttribute(Rule):
    """## What it does
    Reports a builder reading a config attribute that its config class does not have:
    `self.config.x`, `config.x` on the config passed to the builder, or
    `getattr(self.config, "x")`. The config class comes from the builder's
    `isinstance(config, X)` check, else the registry row's `config_class`, else the `config`
    annotation; its attributes are collected through the whole class hierarchy across modules
    (pydantic fields, `PrivateAttr`s, properties, methods, class attributes, `model_config`,
    and the fields of alignlint's runtime config bases). When any base class is unknown, or the
    model allows extra attributes, the rule stays silent.

    A read guarded by `hasattr(self.config, "x")`, or a `getattr` with a default, is reported
    as a warning: the guard hides the missing field at run time instead of failing.

    ## Why is this bad?
    The attribute access raises `AttributeError` when the pipeline is built — usually after a
    config field was renamed and the builder was not. A guarded read silently skips the setting.

    ## Example
    ```python
    class XConfig(ProcessingStepConfigBase):
        label_field: str

    class XStepBuilder(StepBuilderBase):
        def _get_environment_variables(self):
            return {"LABEL_FIELD": self.config.label_name}
    ```

    Use instead:
    ```python
            return {"LABEL_FIELD": self.config.label_field}
    ```
    """

    code: ClassVar[str] = "ALN401"
    name: ClassVar[str] = "unknown-config-attribute"
    summary: ClassVar[str] = "Builder reads a config attribute its config class does not define"

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for builder, step in builders_with_steps(project):
            resolved = builder_config(project, builder, step)
            if resolved is None or not builder.config_reads:
                continue
            views = [config_view(project, config) for config in resolved.configs]
            if not all(view.complete for view in views):
                continue
            known = frozenset().union(*(view.names for view in views))
            configs = " / ".join(config_label(view.config) for view in views)
            for read in sorted(builder.config_reads, key=lambda r: r.span):
                if read.attr in known or read.attr.startswith("__"):
                    continue
                written = (
                    f'getattr(self.config, "{read.attr}")'
                    if read.via == "getattr"
                    else f"{read.via}.{read.attr}"
                )
                hidden = read.guarded or read.has_default
                message = (
                    f"{builder_label(builder)} reads `{written}` but {configs} defines no "
                    f"attribute `{read.attr}`{did_you_mean(read.attr, known)}"
                )
                if hidden:
                    guard = "`hasattr` guard" if read.guarded else "`getattr` default"
                    message += f"; the {guard} hides the missing field at run time"
                related = [
                    Related(view.config.info.name_span, f"config class `{view.config.name}`")
                    for view in views
                ]
                related.extend(_suggestion_definitions(views, closest(read.attr, known)))
                yield self.diagnostic(
                    message,
                    read.span,
                    related=related,
                    step=step.name if step is not None else None,
                    subject=f"config-attribute:{builder.name}.{read.attr}",
                    severity=Severity.WARNING if hidden else None,
                )
