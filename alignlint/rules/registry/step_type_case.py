"""ALN510 step-type-case."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.model import Project
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.registry._naming import PASCAL_CASE, to_pascal_case


class StepTypeCase(Rule):
    """## What it does
    Reports a registry step name (a `STEP_NAMES` key) or `spec_type` that is not PascalCase
    (`ModelCalibration`). Off by default: select `ALN510` to enable it.

    ## Why is this bad?
    Job-type variants are formed as `<StepType>_<JobType>`; an underscore or lower-case letter in
    the step type itself makes those names ambiguous and breaks the convention other tools rely
    on.

    ## Severity
    Info, and off by default: a naming convention, advice by nature; nothing fails.

    ## Example
    ```python
    STEP_NAMES = {"model_calibration": {...}}
    ```

    Use instead:
    ```python
    STEP_NAMES = {"ModelCalibration": {...}}
    ```
    """

    code: ClassVar[str] = "ALN510"
    name: ClassVar[str] = "step-type-case"
    summary: ClassVar[str] = "Step type is not PascalCase"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.INFO
    opt_in: ClassVar[bool] = True

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for registry, row in project.unique_registry_rows():
            name = row.name
            if not PASCAL_CASE.match(name):
                yield self.diagnostic(
                    f"step name `{name}` in `{registry.name}` is not PascalCase "
                    f"(e.g. `{to_pascal_case(name)}`)",
                    row.span,
                    step=name,
                    subject=f"step-name:{name}",
                )
            spec_type = row.spec_type
            if (
                isinstance(spec_type, Located)
                and isinstance(spec_type.value, str)
                and spec_type.value != name
                and not PASCAL_CASE.match(spec_type.value)
            ):
                yield self.diagnostic(
                    f"spec_type `{spec_type.value}` of registry row `{name}` is not "
                    f"PascalCase (e.g. `{to_pascal_case(spec_type.value)}`)",
                    spec_type.span,
                    step=name,
                    subject=f"spec-type:{spec_type.value}",
                )
