"""ALN502 unregistered-component."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope


class UnregisteredComponent(Rule):
    """## What it does
    Reports a builder or config class that is part of a step but that the step's registry row does
    not name: the builder was linked through `@register_builder("X")` (the decorator under any
    name it is imported or bound as) or the config through the builder's `isinstance` check,
    while the row's `builder_step_name` / `config_class` is missing or names another class. (A
    class no step uses at all is reported by ALN003.)

    ## Why is this bad?
    Tools that read the registry (pipeline assembly, config loading, documentation) do not find
    the class the step really uses.

    ## Severity
    Info: the step builds and runs with the class it really uses; only tools that read the
    registry miss it.

    ## Example
    ```python
    "XTraining": {"spec_type": "XTraining", "sagemaker_step_type": "Training"}  # no config_class
    ```

    Use instead:
    ```python
    "XTraining": {"config_class": "XTrainingConfig", "spec_type": "XTraining", ...}
    ```
    """

    code: ClassVar[str] = "ALN502"
    name: ClassVar[str] = "unregistered-component"
    summary: ClassVar[str] = "Builder or config class of a step is not named by its registry row"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.INFO

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            row = step.registry_row
            if row is None:
                continue
            pieces = (
                ("builder", "builder_step_name", step.builder),
                ("config", "config_class", step.config),
            )
            for kind, field, piece in pieces:
                if piece is None or row.text(field) in project.names_of(piece.info):
                    continue
                named = row.text(field)
                if named is None and row.field(field) is not None:
                    continue
                if named is not None and not project.classes_named(named):
                    continue  # ALN501 reports the row
                says = f"names `{named}`" if named is not None else f"has no `{field}`"
                message = (
                    f"{kind} class `{piece.name}` is used by step "
                    f"`{step.name}` but the registry row {says}"
                )
                yield self.diagnostic(
                    message,
                    piece.info.name_span,
                    related=[Related(row.span, f"registry row `{step.name}`")],
                    step=step.name,
                    subject=f"{field}:{piece.name}",
                )
