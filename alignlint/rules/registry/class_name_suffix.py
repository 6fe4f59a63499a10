"""ALN512 config-class-suffix and ALN513 builder-class-suffix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.model import ClassInfo, Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.registry._common import concrete_steps


def _step_classes(project: Project, kind: str) -> list[tuple[ClassInfo, str]]:
    """The config (or builder) classes linked to a step, each once, with the step name (not
    those of an abstract registry row: a base class of a family of steps)."""
    found: dict[int, tuple[ClassInfo, str]] = {}
    for step in concrete_steps(project):
        piece = step.config if kind == "config" else step.builder
        if piece is not None:
            found.setdefault(id(piece), (piece.info, step.name))
    return sorted(found.values(), key=lambda item: (item[0].path, item[0].span.start))


class ConfigClassSuffix(Rule):
    """## What it does
    Reports a step's config class whose name does not end with `Config`
    (`ModelCalibrationConfig`); the classes of an abstract registry row (one whose config class
    is a base of other steps' configs, as ALN501 reads it) are bases, not reported. Off by
    default: select `ALN512` to enable it.

    ## Why is this bad?
    The suffix tells readers and tools which class of a step holds its parameters.

    ## Severity
    Info, and off by default: a naming convention, advice by nature; nothing fails.

    ## Example
    ```python
    class ModelCalibrationSettings(ProcessingStepConfigBase): ...
    ```

    Use instead:
    ```python
    class ModelCalibrationConfig(ProcessingStepConfigBase): ...
    ```
    """

    code: ClassVar[str] = "ALN512"
    name: ClassVar[str] = "config-class-suffix"
    summary: ClassVar[str] = "Config class name does not end with `Config`"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.INFO
    opt_in: ClassVar[bool] = True

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for info, step in _step_classes(project, "config"):
            if not info.name.endswith("Config"):
                yield self.diagnostic(
                    f"config class `{info.name}` of step `{step}` does not end with `Config` "
                    f"(e.g. `{step}Config`)",
                    info.name_span,
                    step=step,
                    subject=f"config-class:{info.name}",
                )


class BuilderClassSuffix(Rule):
    """## What it does
    Reports a step's builder class whose name does not end with `StepBuilder`
    (`ModelCalibrationStepBuilder`); the classes of an abstract registry row are bases, not
    reported. Off by default: select `ALN513` to enable it.

    ## Why is this bad?
    The suffix tells readers and tools which class of a step builds it.

    ## Severity
    Info, and off by default: a naming convention, advice by nature; nothing fails.

    ## Example
    ```python
    class ModelCalibrationBuilder(StepBuilderBase): ...
    ```

    Use instead:
    ```python
    class ModelCalibrationStepBuilder(StepBuilderBase): ...
    ```
    """

    code: ClassVar[str] = "ALN513"
    name: ClassVar[str] = "builder-class-suffix"
    summary: ClassVar[str] = "Builder class name does not end with `StepBuilder`"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.INFO
    opt_in: ClassVar[bool] = True

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for info, step in _step_classes(project, "builder"):
            if not info.name.endswith("StepBuilder"):
                yield self.diagnostic(
                    f"builder class `{info.name}` of step `{step}` does not end with "
                    f"`StepBuilder` (e.g. `{step}StepBuilder`)",
                    info.name_span,
                    step=step,
                    subject=f"builder-class:{info.name}",
                )
