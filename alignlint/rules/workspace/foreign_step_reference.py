"""ALN602 foreign-step-reference."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Severity, Span
from alignlint.model import Project, text_of
from alignlint.model.values import Located
from alignlint.model.workspaces import View
from alignlint.rules.base import Rule, Scope
from alignlint.rules.workspace._common import workspace_rows


class ForeignStepReference(Rule):
    """## What it does
    Reports a name, in a project workspace, of a step that only another workspace registers: an
    entry of a dependency's `compatible_sources`, a DAG node, or a registry row of the
    workspace's own tables. Shared steps and the workspace's own steps are fine.

    ## Why is this bad?
    Inside this workspace's context the hybrid registry resolves names workspace first, then
    shared: another workspace's step does not exist there. The dependency can never be wired to
    it, the DAG node has no builder, the row describes a step of another project.

    ## Severity
    An error: the name resolves to nothing in this workspace's context, so the pipeline cannot
    be built there.

    ## Example
    ```python
    # workspace beta
    DependencySpec(logical_name="selected_features", compatible_sources=["FeatureSelect"])
    # FeatureSelect is registered by workspace alpha only
    ```
    """

    code: ClassVar[str] = "ALN602"
    name: ClassVar[str] = "foreign-step-reference"
    summary: ClassVar[str] = "A workspace names a step only another workspace registers"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        view = project.view
        if view is None:
            return
        known = project.registry_rows
        for spec in project.specs:
            if not view.owns(spec.path):
                continue
            for dependency in spec.dependencies:
                for value in dependency.compatible_sources:
                    name = text_of(value)
                    if name is not None and isinstance(value, Located) and name not in known:
                        yield from self._foreign(view, name, value.span, "compatible source")
        for dag in project.dags:
            if not view.owns(dag.path):
                continue
            for node, span in dag.nodes.items():
                if node in known or node.rpartition("_")[0] in known:
                    continue
                base = node if node in view.foreign.steps else node.rpartition("_")[0]
                yield from self._foreign(view, base, span, f"DAG `{dag.name}` node")
        for item in workspace_rows(project, view):
            for field in ("config_class", "builder_step_name"):
                found = item.row.field(field)
                if not isinstance(found, Located) or not isinstance(found.value, str):
                    continue
                name = found.value
                owner = view.foreign.classes.get(name)
                if owner is not None and not project.classes_named(name):
                    yield self.diagnostic(
                        f"registry row `{item.row.name}` names {field} `{name}`, a class of "
                        f"workspace `{owner}`: it does not exist in workspace "
                        f"`{view.workspace.id}` or the shared library",
                        found.span,
                        subject=f"foreign-class:{item.row.name}:{field}",
                    )

    def _foreign(self, view: View, name: str, span: Span, what: str) -> Iterator[Diagnostic]:
        owner = view.foreign.steps.get(name)
        if owner is not None:
            yield self.diagnostic(
                f"{what} `{name}` is a step of workspace `{owner}`, not of the shared library or "
                f"of workspace `{view.workspace.id}`: it does not exist in this workspace's context",
                span,
                subject=f"foreign-step:{name}",
            )
