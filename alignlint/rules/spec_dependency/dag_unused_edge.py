"""ALN305 dag-unused-edge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.rules.base import Rule
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import dag_label

if TYPE_CHECKING:
    from alignlint.model import Project


class DagUnusedEdge(Rule):
    """## What it does
    Reports a DAG edge whose source feeds none of the target's dependencies when the target's
    dependencies are wired from its predecessors, as the pipeline assembler does. Edges that
    another DAG rule explains are left to it: edges on a cycle (ALN308), an edge whose source is
    the best failing candidate of an unresolved dependency (ALN304), and an edge whose source
    lost a tie (ALN306).

    ## Why is this bad?
    The edge only orders the two steps. Usually it was meant to carry data: the target's
    dependency resolves to another predecessor, or the source's output no longer matches
    (renamed or retyped), so the data flows differently from what the DAG suggests.

    ## Example
    ```python
    dag.add_edge("Payload", "XGBoostTraining")  # training consumes no payload samples
    ```
    """

    code: ClassVar[str] = "ALN305"
    name: ClassVar[str] = "dag-unused-edge"
    summary: ClassVar[str] = "A DAG edge feeds none of the target's dependencies"
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for analysis in dependency_analysis(project).dags:
            for edge in analysis.edges:
                if (
                    not analysis.is_checkable(edge.target)
                    or analysis.feeds(edge)
                    or analysis.explained(edge)
                ):
                    continue
                target = analysis.bindings[edge.target]
                assert target.spec is not None  # checkable nodes are bound
                if target.spec.dependencies:
                    why = f"no dependency of '{edge.target}' is resolved to an output of '{edge.source}'"
                else:
                    why = f"'{edge.target}' has no dependencies"
                yield self.diagnostic(
                    f"edge '{edge.source}' -> '{edge.target}' in {dag_label(analysis.dag)} "
                    f"feeds nothing: {why}",
                    edge.span,
                    step=target.step.name if target.step else None,
                    subject=f"{analysis.dag.name}:{edge.source}->{edge.target}",
                )
