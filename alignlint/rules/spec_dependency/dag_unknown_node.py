"""ALN307 dag-unknown-node."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.rules.base import Rule
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import dag_label

if TYPE_CHECKING:
    from alignlint.model import Project


class DagUnknownNode(Rule):
    """## What it does
    Checks that every DAG node names a registered step (its generic specification) or one of its
    job-type variants (`TabularPreprocessing_Training`), and that a JSON DAG's edges name
    declared nodes.

    ## Why is this bad?
    The assembler cannot find a configuration, builder or specification for such a node, so the
    pipeline cannot be built, and none of the node's dependencies can be checked.

    ## Example
    ```python
    dag.add_node("XGBoostTrainig")
    ```

    Use instead:
    ```python
    dag.add_node("XGBoostTraining")
    ```
    """

    code: ClassVar[str] = "ALN307"
    name: ClassVar[str] = "dag-unknown-node"
    summary: ClassVar[str] = "A DAG node names no registered step or job-type variant"
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        if any(registry.unknown for registry in project.registries):
            return
        for analysis in dependency_analysis(project).dags:
            label = dag_label(analysis.dag)
            for node, binding in analysis.bindings.items():
                if binding.problem is None:
                    continue
                yield self.diagnostic(
                    f"node '{node}' in {label} {binding.problem}",
                    binding.span,
                    step=binding.step.name if binding.step else None,
                    subject=f"{analysis.dag.name}:{node}",
                )
            for node, edge in analysis.undeclared:
                yield self.diagnostic(
                    f"edge '{edge.source}' -> '{edge.target}' in {label} names node '{node}', "
                    "which the DAG does not declare in its nodes",
                    edge.span,
                    subject=f"{analysis.dag.name}:{edge.source}->{edge.target}:{node}",
                )
