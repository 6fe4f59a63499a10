"""ALN511 logical-name-case."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.registry._naming import SNAKE_CASE, to_snake_case


class LogicalNameCase(Rule):
    """## What it does
    Reports a dependency or output `logical_name` of a specification that is not snake_case
    (`calibration_data_input`). Off by default: select `ALN511` to enable it.

    ## Why is this bad?
    Logical names are matched across steps by name similarity and used as contract keys and
    SageMaker output names; one spelling convention keeps those matches exact.

    ## Severity
    Info, and off by default: a naming convention, advice by nature; nothing fails.

    ## Example
    ```python
    DependencySpec(logical_name="CalibrationData", ...)
    ```

    Use instead:
    ```python
    DependencySpec(logical_name="calibration_data", ...)
    ```
    """

    code: ClassVar[str] = "ALN511"
    name: ClassVar[str] = "logical-name-case"
    summary: ClassVar[str] = "Logical name is not snake_case"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.INFO
    opt_in: ClassVar[bool] = True

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for spec in project.specs:
            named = [("dependency", d.logical_name, d.name_span) for d in spec.dependencies]
            named += [("output", o.logical_name, o.name_span) for o in spec.outputs]
            for kind, logical_name, span in named:
                if SNAKE_CASE.match(logical_name):
                    continue
                yield self.diagnostic(
                    f"{kind} logical name `{logical_name}` of specification `{spec.name}` is not "
                    f"snake_case (e.g. `{to_snake_case(logical_name)}`)",
                    span,
                    subject=f"logical-name:{spec.name}.{logical_name}",
                )
