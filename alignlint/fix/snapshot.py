"""What one analysis tells the fixer: the findings, and which steps each file belongs to.

The fix loop analyses the project after every pass. Besides the findings it needs the link
table, reduced to two maps: the steps each file belongs to (to tell which fixes a new finding can
come from) and the pieces linked to each step (to tell a fix that repaired a link: its step has a
piece it did not have before). An analyser that knows no steps (a test's toy analyser) returns
the findings alone; every file is then its own scope.

With project workspaces the project is linked once per view (:mod:`alignlint.model.workspaces`),
and a step of a workspace's view is another step than the shared step of the same name (the
workspace may override it): the maps hold the steps of every view, a workspace view's named
:func:`step_key` ``Name [workspace ID]``, and a finding's step is looked up the same way (its
``workspace``). Without workspaces the keys are the step names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from alignlint.core.records import record
from alignlint.core.types import Diagnostic

if TYPE_CHECKING:
    from alignlint.model import Project, Step
    from alignlint.run.result import Result


def step_key(name: str, workspace: str | None) -> str:
    """The key of step ``name`` of a workspace's view (``workspace``), or of the shared view."""
    return name if workspace is None else f"{name} [workspace {workspace}]"


def finding_step(diagnostic: Diagnostic) -> str | None:
    """The key of the step of ``diagnostic``, in the view that found it (None: no step)."""
    return step_key(diagnostic.step, diagnostic.workspace) if diagnostic.step else None


@record
class Snapshot:
    """The findings of one analysis and the project's links.

    ``reported`` are the findings the run reports (what fixing repairs); ``everything`` adds the
    findings outside the changed set (what the gate compares, so a fix cannot hide a new finding
    in a file nobody passed); ``steps`` maps a file to the steps it belongs to and ``pieces`` a
    step to its linked pieces (``kind:path:name``).
    """

    reported: tuple[Diagnostic, ...]
    everything: tuple[Diagnostic, ...]
    steps: Mapping[str, frozenset[str]] = field(default_factory=dict)
    pieces: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, value: Snapshot | Sequence[Diagnostic]) -> Snapshot:
        """``value`` as a snapshot (a bare sequence of findings: no links)."""
        if isinstance(value, Snapshot):
            return value
        found = tuple(value)
        return cls(found, found)

    @classmethod
    def from_result(cls, reported: Sequence[Diagnostic], result: Result) -> Snapshot:
        """The snapshot of an engine run whose findings shown are ``reported``: the links of
        every view it linked (run it with ``need_project`` to keep the workspace views)."""
        return cls.from_project(reported, result.unreported, result.project, result.views)

    @classmethod
    def from_project(
        cls,
        reported: Sequence[Diagnostic],
        unreported: Sequence[Diagnostic],
        project: Project | None,
        views: Sequence[Project] = (),
    ) -> Snapshot:
        """The snapshot of an engine run (``project``: its linked project, if it has one;
        ``views``: its workspace views)."""
        steps: dict[str, set[str]] = {}
        pieces: dict[str, frozenset[str]] = {}
        linked_views = [project] if project is not None else []
        linked_views.extend(view for view in views if view is not project)
        for linked_view in linked_views:
            workspace = linked_view.view.workspace.id if linked_view.view is not None else None
            for step in linked_view.steps:
                key = step_key(step.name, workspace)
                linked = _pieces(step)
                pieces[key] = frozenset(linked)
                for path in {piece.split(":", 2)[1] for piece in linked}:
                    steps.setdefault(path, set()).add(key)
        return cls(
            tuple(reported),
            (*reported, *unreported),
            {path: frozenset(names) for path, names in steps.items()},
            pieces,
        )

    def steps_of(self, path: str) -> frozenset[str]:
        """The steps ``path`` belongs to."""
        return self.steps.get(path, frozenset())


def _pieces(step: Step) -> list[str]:
    """The pieces linked to ``step``, as ``kind:path:name``."""
    found = []
    if step.registry_row is not None:
        found.append(f"registry:{step.registry_row.span.path}:{step.name}")
    for spec in step.all_specs():
        found.append(f"spec:{spec.path}:{spec.name}")
    if step.contract is not None:
        found.append(f"contract:{step.contract.path}:{step.contract.name}")
    if step.config is not None:
        found.append(f"config:{step.config.info.name_span.path}:{step.config.name}")
    if step.builder is not None:
        found.append(f"builder:{step.builder.info.name_span.path}:{step.builder.name}")
    if step.script is not None:
        found.append(f"script:{step.script.path}:")
    for node in step.dag_nodes:
        found.append(f"dag:{node.dag.path}:{node.dag.name}:{node.node}")
    return found
