"""ALN501 registry-unknown-class."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project
from alignlint.model.values import Located
from alignlint.rules.base import Rule
from alignlint.rules.registry._common import closest, did_you_mean


class RegistryUnknownClass(Rule):
    """## What it does
    Reports a registry row whose `config_class` or `builder_step_name` names no class in the
    repository, with the closest config / builder class name. Silent for a field when the checked
    files hold no config class (or no builder class) at all, e.g. when only the registry is
    checked.

    ## Why is this bad?
    The pipeline looks classes up by these names; a renamed class leaves the step unbuildable,
    and every check that follows the registry silently skips the step.

    ## Example
    ```python
    "XGBoostTraining": {"config_class": "XgboostTrainingConfig", ...}  # class XGBoostTrainingConfig
    ```

    Use instead:
    ```python
    "XGBoostTraining": {"config_class": "XGBoostTrainingConfig", ...}
    ```
    """

    code: ClassVar[str] = "ALN501"
    name: ClassVar[str] = "registry-unknown-class"
    summary: ClassVar[str] = "Registry row names a config or builder class that does not exist"

    def check(self, project: Project) -> Iterator[Diagnostic]:
        kinds = (
            ("config_class", "config", sorted({c.name for c in project.configs})),
            ("builder_step_name", "builder", sorted({b.name for b in project.builders})),
        )
        for registry in project.registries:
            for name, row in registry.rows.items():
                for field, kind, candidates in kinds:
                    value = row.field(field)
                    if not candidates or not (
                        isinstance(value, Located) and isinstance(value.value, str)
                    ):
                        continue
                    if project.classes_named(value.value):
                        continue
                    message = (
                        f"registry row `{name}` names {field} `{value.value}` "
                        f"but no class of that name exists{did_you_mean(value.value, candidates)}"
                    )
                    suggestion = closest(value.value, candidates)
                    related = [
                        Related(info.name_span, f"{kind} class `{suggestion}`")
                        for info in project.classes_named(suggestion or "")[:1]
                    ]
                    yield self.diagnostic(
                        message,
                        value.span,
                        related=related,
                        step=name,
                        subject=f"{field}:{value.value}",
                    )
