"""ALN409 config-class-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import builder_label, isinstance_classes


class ConfigClassMismatch(Rule):
    """## What it does
    Reports a builder whose `isinstance(config, X)` check names a class other than the
    `config_class` its registry row names (a base class of the registry's config class is
    accepted). Silent when the registry's class is not in the repository (that is ALN501).

    ## Why is this bad?
    The pipeline passes the registry's config class to the builder, and the `isinstance` check
    rejects it: the step cannot be built, an `error`.

    ## Example
    ```python
    # registry: "XTraining": {"config_class": "XTrainingConfig", ...}
    if not isinstance(config, XTrainConfig):
        raise ValueError(...)
    ```

    Use instead:
    ```python
    if not isinstance(config, XTrainingConfig):
    ```
    """

    code: ClassVar[str] = "ALN409"
    name: ClassVar[str] = "config-class-mismatch"
    summary: ClassVar[str] = "Builder's isinstance check names another class than the registry"
    reads: ClassVar[Scope] = Scope.INTERFACES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            builder, row = step.builder, step.registry_row
            if builder is None or row is None:
                continue
            registered = row.config_class
            if not (isinstance(registered, Located) and isinstance(registered.value, str)):
                continue
            classes = project.classes_named(registered.value)
            if not classes:
                continue
            accepted = {registered.value}
            for info in classes:
                accepted.update((info.name, *info.ancestors))
            checked = isinstance_classes(project, builder)
            if not checked:
                continue
            names = {named.name for named in checked}
            if names & accepted:
                continue
            first = min(checked, key=lambda named: named.span)
            shown = ", ".join(f"`{n}`" for n in sorted(names))
            message = (
                f"{builder_label(builder)} checks `isinstance(config, {first.name})` but registry "
                f"row `{step.name}` names config_class `{registered.value}`"
                + (f" (checked: {shown})" if len(names) > 1 else "")
            )
            yield self.diagnostic(
                message,
                first.span,
                related=[Related(registered.span, f"registry row `{step.name}` config_class")],
                step=step.name,
                subject=f"config-class:{first.name}",
            )
