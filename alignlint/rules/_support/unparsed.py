"""Pieces that may be in a file that does not parse: a rule that would otherwise read a missing
piece as absent stays silent (ALN001 reports the file; :attr:`Project.unparsed_words`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alignlint.model import Project
    from alignlint.model.link import Step

#: What a rule records as not checked for such a step.
BUILDER_UNPARSED = "its builder may be in a file that does not parse"


def builder_may_be_unparsed(project: Project, step: Step | None) -> bool:
    """Whether ``step`` has no builder while a file that does not parse names the builder class
    or the config class of its registry row (the builder's own file, which checks its config's
    class): what the builder passes, sends or runs is then unknown, not nothing."""
    if step is None or step.builder is not None or step.registry_row is None:
        return False
    row = step.registry_row
    return any(
        name is not None and project.may_be_unparsed(name)
        for name in (row.text("builder_step_name"), row.text("config_class"))
    )
