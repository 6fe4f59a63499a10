"""What rules of other families ask about workspace views (without importing the workspace rules)."""

from __future__ import annotations

from alignlint.core.selectors import RuleName, is_selected
from alignlint.model import Project

#: The rule that reports a workspace naming another workspace's step (ALN602).
FOREIGN_STEP_REFERENCE = RuleName("ALN602", "foreign-step-reference")


def reported_as_foreign_step(project: Project, name: str) -> bool:
    """Whether, in a workspace's view, ``name`` is a step only another workspace registers and
    ALN602 runs: that rule reports it, so others leave it alone."""
    view = project.view
    return (
        view is not None
        and name in view.foreign.steps
        and name not in project.registry_rows
        and is_selected(FOREIGN_STEP_REFERENCE, project.settings)
    )
