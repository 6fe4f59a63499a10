"""ALN601 cross-workspace-import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope


class CrossWorkspaceImport(Rule):
    """## What it does
    Reports an import, in a project workspace, of a module that belongs to another workspace
    (by its path-based name or its name inside the workspace's `src/`). Imports of the shared
    library and of the workspace's own modules are fine.

    ## Why is this bad?
    Workspaces are isolated: each sees the shared library read-only and its own code. Another
    workspace's module is not on the path where this workspace runs (and may change without
    notice), so the import fails or silently couples two projects.

    ## Severity
    An error: the import fails where the workspace runs.

    ## Example
    ```python
    # workspaces/beta/src/beta_dev/steps/specs/scoring_spec.py
    from alpha_dev.steps.specs.feature_select_spec import FEATURE_SELECT_SPEC
    ```

    Use instead: move the piece into the shared library, or copy it into this workspace.
    """

    code: ClassVar[str] = "ALN601"
    name: ClassVar[str] = "cross-workspace-import"
    summary: ClassVar[str] = "A workspace imports another workspace's module"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        view = project.view
        if view is None:
            return
        for path, summary in project.files.items():
            if not view.owns(path) or summary.module is None:
                continue
            module = project.module_by_path(path)
            if module is None:
                continue
            for item in module.facts.imports:
                if item.module is None:
                    continue
                if project.index.find_module(item.module) is not None:
                    continue  # the view has it: the workspace's own code or the shared library
                owner = view.foreign.module_owner(item.module)
                if owner is None:
                    continue
                yield self.diagnostic(
                    f"import of `{item.module}`, a module of workspace `{owner}`: a workspace "
                    f"may use the shared library and its own modules only",
                    item.span,
                    subject=f"import:{item.module}",
                )
