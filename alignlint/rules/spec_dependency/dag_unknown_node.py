"""ALN307 dag-unknown-node."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.rules.base import Rule
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import dag_label

if TYPE_CHECKING:
    from alignlint.model import Project


class DagUnknownNode(Rule):
    """## What it does
    Checks that every DAG node names a registered step (its generic specification) or one of its
    job-type variants (`TabularPreprocessing_Training`), and that a DAG's edges name declared
    nodes: a JSON DAG's edges must name nodes of its node list, and in a Python DAG that declares
    its nodes (`add_node`), an edge end that was never declared and differs from a declared node
    only by a job-type suffix (`XGBoostModelInference` beside `XGBoostModelInference_calibration`)
    is reported: `add_edge` silently creates a second node, and the declared one is left unwired.

    ## Why is this bad?
    The assembler cannot find a configuration, builder or specification for such a node, so the
    pipeline cannot be built, and none of the node's dependencies can be checked.

    A DAG none of whose nodes names a registered step, or anything spelled like one, is not one
    of the library's pipelines (a placeholder DAG built by tooling or a test): it is not checked,
    and `--statistics` lists it.

    ## Severity
    An error: the pipeline assembler cannot build a DAG with such a node.

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
        if project.registries and not project.registry_closed:
            if not project.dags:
                return
            for registry, _span, reason in project.registry_openings():
                self.could_not_check(
                    f"DAG node names (registry {registry.name})",
                    f"the registry may hold rows not known statically: {reason}",
                )
            return
        for analysis in dependency_analysis(project).dags:
            label = dag_label(analysis.dag)
            if analysis.foreign:
                self.could_not_check(
                    label, "none of its nodes names a step of the library: not one of its pipelines"
                )
                continue
            for node, binding in analysis.bindings.items():
                if binding.problem is None:
                    continue
                yield self.diagnostic(
                    f"node '{node}' in {label} {binding.problem}",
                    binding.span,
                    step=binding.step.name if binding.step else None,
                    subject=f"{analysis.dag.name}:{node}",
                )
            for node, edge, twin in analysis.job_type_twins():
                yield self.diagnostic(
                    f"edge '{edge.source}' -> '{edge.target}' in {label} names node '{node}', "
                    f"which the DAG never declares (add_edge creates it); it declares '{twin}', "
                    "which differs only by the job-type suffix",
                    edge.span,
                    related=[Related(analysis.dag.nodes[twin], f"declared node '{twin}'")],
                    subject=f"{analysis.dag.name}:{edge.source}->{edge.target}:{node}",
                )
            for node, edge in analysis.undeclared:
                yield self.diagnostic(
                    f"edge '{edge.source}' -> '{edge.target}' in {label} names node '{node}', "
                    "which the DAG does not declare in its nodes",
                    edge.span,
                    subject=f"{analysis.dag.name}:{edge.source}->{edge.target}:{node}",
                )
