"""ALN501 registry-unknown-class."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model import Project
from alignlint.model.components import RegistryRow
from alignlint.model.values import Located
from alignlint.rules._support.literals import replace_value
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.registry._common import abstract_rows, closest_class


class RegistryUnknownClass(Rule):
    """## What it does
    Reports a registry row whose `config_class` or `builder_step_name` names no class in the
    repository. The suggestion is the class the step's own builder uses when there is one (the
    config class its `isinstance` check names, or the builder whose config class is the row's),
    else the closest config / builder class name, when the names are alike also without the
    ending they share (`HyperTuneStepBuilder` and `PrepStepBuilder` are not: `HyperTune` and
    `Prep` differ). A class imported from outside the project that
    a project config or builder derives from exists. Silent for a field when the checked files
    hold no config class (or no builder class) at all, e.g. when only the registry is checked.

    An *abstract* row, whose `config_class` is a base of other rows' config classes (or one of
    the configured config base classes), describes a family of steps rather than a buildable
    step: nothing builds it, so its `builder_step_name` is not checked.

    ## Why is this bad?
    The pipeline looks classes up by these names; a renamed class leaves the step unbuildable,
    and every check that follows the registry silently skips the step.

    ## Severity
    An error: the pipeline assembler finds a step's config and builder classes through these
    names, so no pipeline that uses the step can be built.

    ## Fix safety
    When the suggestion is the class the step's own builder uses, the fix writes it into the
    row. It is unsafe: the class may have been renamed on purpose and the builder left behind.

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
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        configs = sorted({c.name for c in project.configs})
        builders = sorted({b.name for b in project.builders})
        abstract = abstract_rows(project)
        # Classes outside the project that project classes derive from exist too.
        external = {
            name
            for info in (*(c.info for c in project.configs), *(b.info for b in project.builders))
            for name in info.ancestors
        }
        for _registry, row in project.unique_registry_rows():
            for field, kind, candidates in (
                ("config_class", "config", configs),
                ("builder_step_name", "builder", builders),
            ):
                value = row.field(field)
                if not candidates or not (
                    isinstance(value, Located) and isinstance(value.value, str)
                ):
                    continue
                if project.classes_named(value.value) or value.value in external:
                    continue
                if field == "builder_step_name" and id(row) in abstract:
                    continue
                if project.may_be_unparsed(value.value):
                    self.could_not_check(
                        f"registry row `{row.name}` ({field} `{value.value}`)",
                        "a file that does not parse may define the class",
                    )
                    continue
                suggestion, why = _suggestion(project, row, field, value.value, candidates)
                hint = f" (did you mean `{suggestion}`{why}?)" if suggestion else ""
                related = [
                    Related(info.name_span, f"{kind} class `{suggestion}`")
                    for info in project.classes_named(suggestion or "")[:1]
                ]
                fix = None
                if suggestion is not None and why:
                    fix = Fix(
                        f"Replace with `{suggestion}`",
                        Applicability.UNSAFE,
                        (replace_value(Located(value.value, value.span), suggestion),),
                    )
                yield self.diagnostic(
                    f"registry row `{row.name}` names {field} `{value.value}` "
                    f"but no class of that name exists{hint}",
                    value.span,
                    related=related,
                    fix=fix,
                    step=row.name,
                    subject=f"{field}:{value.value}",
                )


def _suggestion(
    project: Project, row: RegistryRow, field: str, written: str, candidates: list[str]
) -> tuple[str | None, str]:
    """The class to suggest for a dangling ``field`` of ``row`` and why: the one the step's own
    builder uses, else the closest name (:func:`closest_class`)."""
    step = project.step(row.name)
    if field == "config_class" and step is not None and step.builder is not None:
        config = step.builder.config_class
        if config is not None:
            return config.name, f", which {step.builder.name} checks its config against"
    if field == "builder_step_name":
        config_name = row.text("config_class")
        users = sorted(
            {
                builder.name
                for builder in project.builders
                if builder.config_class is not None and builder.config_class.name == config_name
            }
        )
        if len(users) == 1:
            return users[0], f", which builds `{config_name}`"
    return closest_class(written, candidates), ""
