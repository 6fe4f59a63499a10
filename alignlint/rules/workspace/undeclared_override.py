"""ALN605 undeclared-override."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.workspace._common import (
    LOCAL_STEPS,
    STEP_OVERRIDES,
    shared_rows,
    workspace_rows,
)


class UndeclaredOverride(Rule):
    """## What it does
    In a workspace that declares its overrides separately (`LOCAL_STEPS` for new steps,
    `STEP_OVERRIDES` for replaced shared ones), reports a `LOCAL_STEPS` row with the name of a
    shared step that `STEP_OVERRIDES` does not declare.

    ## Why is this bad?
    The local row silently shadows the shared step inside the workspace: every consumer in the
    workspace gets the workspace's version, although nobody declared the replacement. Either the
    name collides by accident, or the override should be declared as one.

    ## Severity
    A warning: the workspace builds, with its own version of the step; only the intent is
    unclear.

    ## Example
    ```python
    LOCAL_STEPS = {"Preprocess": {...}}  # shared library: Preprocess
    ```

    Use instead:
    ```python
    STEP_OVERRIDES = {"Preprocess": {...}}
    ```
    """

    code: ClassVar[str] = "ALN605"
    name: ClassVar[str] = "undeclared-override"
    summary: ClassVar[str] = "A workspace's local step shadows a shared step without an override"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        view = project.view
        if view is None:
            return
        rows = list(workspace_rows(project, view))
        declared = {i.row.name for i in rows if i.table.name == STEP_OVERRIDES}
        shared = shared_rows(project, view)
        for item in rows:
            name = item.row.name
            if item.table.name != LOCAL_STEPS or name in declared or name not in shared:
                continue
            yield self.diagnostic(
                f"LOCAL_STEPS row `{name}` shadows the shared step `{name}` without being "
                f"declared in STEP_OVERRIDES",
                item.row.span,
                related=[Related(shared[name].span, f"shared row `{name}`")],
                step=name,
                subject=f"shadow:{name}",
            )
