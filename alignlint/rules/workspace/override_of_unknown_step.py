"""ALN604 override-of-unknown-step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.workspace._common import (
    STEP_OVERRIDES,
    shared_registry_closed,
    shared_rows,
    workspace_rows,
)


class OverrideOfUnknownStep(Rule):
    """## What it does
    Reports a row of a workspace's `STEP_OVERRIDES` whose step the shared registry does not
    have (when every shared row is known statically). The closest shared name is suggested.

    ## Why is this bad?
    An override replaces the shared row of the same name inside the workspace. With no such
    shared row nothing is overridden: the name is misspelled, the shared step was renamed or
    removed, or the row is a new step that belongs in `LOCAL_STEPS`.

    ## Severity
    An error: the override replaces nothing, so the workspace runs the shared step (or none)
    instead of its own.

    ## Example
    ```python
    STEP_OVERRIDES = {"Postprocess": {...}}  # the shared library has Preprocess
    ```
    """

    code: ClassVar[str] = "ALN604"
    name: ClassVar[str] = "override-of-unknown-step"
    summary: ClassVar[str] = "A workspace overrides a step the shared registry does not have"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        view = project.view
        if view is None:
            return
        overrides = [i for i in workspace_rows(project, view) if i.table.name == STEP_OVERRIDES]
        if not overrides:
            return
        if not shared_registry_closed(project, view):
            self.could_not_check(
                f"overrides of workspace {view.workspace.id}",
                "the shared registry may hold rows not known statically",
            )
            return
        shared = shared_rows(project, view)
        import difflib

        for item in overrides:
            if item.row.name in shared:
                continue
            close = difflib.get_close_matches(item.row.name, sorted(shared), n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            related = [Related(shared[close[0]].span, f"shared row `{close[0]}`")] if close else []
            yield self.diagnostic(
                f"STEP_OVERRIDES row `{item.row.name}` overrides no shared step{hint}; a new "
                f"step of the workspace belongs in LOCAL_STEPS",
                item.row.span,
                related=related,
                step=item.row.name,
                subject=f"override:{item.row.name}",
            )
