"""ALN603 workspace-id-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Severity
from alignlint.model import Project, text_of
from alignlint.model.values import Located
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.workspace._common import workspace_rows


class WorkspaceIdMismatch(Rule):
    """## What it does
    Reports a row of a workspace's `PROJECT_STEP_NAMES`, `LOCAL_STEPS` or `STEP_OVERRIDES` whose
    `workspace_id` is neither the workspace's folder name nor its `developer_id`
    (`WORKSPACE_METADATA`). The fix writes the workspace's id.

    ## Why is this bad?
    The hybrid registry files the row under the workspace it names: the step is missing from
    its own workspace's context and appears (or collides) in another one.

    ## Fix safety
    The fix writes the workspace's id into the row. It is unsafe: the row may have been copied
    into the wrong workspace, and belong where its `workspace_id` says.

    ## Severity
    An error: the step is missing from its own workspace's registry context.

    ## Example
    ```python
    # workspaces/beta/src/beta_dev/registry/workspace_registry.py
    LOCAL_STEPS = {"Scoring": {..., "workspace_id": "alpha"}}
    ```

    Use instead:
    ```python
    LOCAL_STEPS = {"Scoring": {..., "workspace_id": "beta"}}
    ```
    """

    code: ClassVar[str] = "ALN603"
    name: ClassVar[str] = "workspace-id-mismatch"
    summary: ClassVar[str] = "A workspace registry row names another workspace"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR
    fix_availability: ClassVar[FixAvailability] = FixAvailability.ALWAYS

    def check(self, project: Project) -> Iterator[Diagnostic]:
        view = project.view
        if view is None:
            return
        workspace = view.workspace
        for item in workspace_rows(project, view):
            value = item.row.field("workspace_id")
            written = text_of(value)
            if written is None or not isinstance(value, Located):
                continue
            if workspace.answers_to(written):
                continue
            names = " or ".join(f"`{name}`" for name in workspace.aliases)
            fix = Fix(
                f"Write workspace_id `{workspace.id}`",
                Applicability.UNSAFE,
                (Edit(value.span, f'"{workspace.id}"'),),
            )
            yield self.diagnostic(
                f"{item.table.name} row `{item.row.name}` has workspace_id `{written}`, but it "
                f"is in workspace {names} ({workspace.root})",
                value.span,
                fix=fix,
                step=item.row.name,
                subject=f"workspace-id:{item.row.name}:{written}",
            )
