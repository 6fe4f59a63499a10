"""ALN308 dag-cycle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import dag_label

if TYPE_CHECKING:
    from alignlint.model import Project


class DagCycle(Rule):
    """## What it does
    Reports every cycle of a DAG (one per group of nodes that reach each other), at the edge
    that closes it. An edge from a node to itself is a cycle too. When part of a DAG is not
    known statically (edges added in a loop over an imported list), the cycles of its known
    edges are still reported and `--statistics` lists the DAG as not fully checked.

    ## Why is this bad?
    A pipeline's steps must run in a topological order; the assembler refuses a DAG with a
    cycle.

    ## Severity
    An error: the pipeline assembler refuses a DAG with a cycle.

    ## Example
    ```python
    dag.add_edge("XGBoostTraining", "XGBoostModelEval")
    dag.add_edge("XGBoostModelEval", "XGBoostTraining")
    ```
    """

    code: ClassVar[str] = "ALN308"
    name: ClassVar[str] = "dag-cycle"
    summary: ClassVar[str] = "A DAG has a cycle"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for analysis in dependency_analysis(project).dags:
            if analysis.dag.unknown:
                # The known edges' cycles are reported; unknown edges may close others.
                self.could_not_check(
                    f"cycles of {dag_label(analysis.dag)}",
                    f"part of the DAG is not known: {analysis.dag.unknown[0].reason}",
                )
            for cycle in analysis.cycles:
                path = " -> ".join(cycle.nodes)
                first = cycle.nodes[0]
                yield self.diagnostic(
                    f"{dag_label(analysis.dag)} has a cycle: {path}",
                    cycle.closing_edge.span,
                    related=[Related(analysis.nodes[first], f"node '{first}'")],
                    subject=f"{analysis.dag.name}:{path}",
                )
