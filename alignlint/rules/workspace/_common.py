"""What the workspace rules share: the view's workspace, its registry tables and the shared rows."""

from __future__ import annotations

from collections.abc import Iterator

from alignlint.core.records import record
from alignlint.extract.facts import WORKSPACE_TABLES
from alignlint.model import Project, Registry, RegistryRow
from alignlint.model.workspaces import View

#: The table that holds a workspace's new steps when overrides are declared separately.
LOCAL_STEPS = "LOCAL_STEPS"
#: The table of a workspace's overrides of shared steps.
STEP_OVERRIDES = "STEP_OVERRIDES"


@record
class WorkspaceRow:
    """A row of one of the workspace's own registry tables."""

    table: Registry
    row: RegistryRow


def workspace_rows(project: Project, view: View) -> Iterator[WorkspaceRow]:
    """The rows of the workspace's registry tables (in table and row order)."""
    for registry in project.registries:
        if registry.name in WORKSPACE_TABLES and view.owns(registry.path) and not registry.computed:
            for row in registry.rows.values():
                yield WorkspaceRow(registry, row)


def shared_rows(project: Project, view: View) -> dict[str, RegistryRow]:
    """The shared registry's rows (first registry wins), None-safe."""
    rows: dict[str, RegistryRow] = {}
    for registry in project.registries:
        if not view.owns(registry.path):
            for name, row in registry.rows.items():
                rows.setdefault(name, row)
    return rows


def shared_registry_closed(project: Project, view: View) -> bool:
    """Whether every row of the shared registry is known statically (there is one)."""
    shared = [r for r in project.registries if not view.owns(r.path)]
    return bool(shared) and all(registry.closed for registry in shared)
