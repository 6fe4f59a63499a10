"""ALN307 dag-unknown-node."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.rules._support.step_types import registered_types, spelled_like_registered
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import dag_label

if TYPE_CHECKING:
    from alignlint.model import Project
    from alignlint.rules.spec_dependency.dag_resolution import NodeBinding


class DagUnknownNode(Rule):
    """## What it does
    Checks that every DAG node names a registered step (its generic specification) or one of its
    job-type variants (`TabularPreprocessing_Training`), and that a DAG's edges name declared
    nodes: a JSON DAG's edges must name nodes of its node list, and in a Python DAG that declares
    its nodes (`add_node`), an edge end that was never declared and differs from a declared node
    only by a job-type suffix (`XGBoostModelInference` beside `XGBoostModelInference_calibration`)
    or, naming no step itself, is spelled like a declared node (`XGBoostTraining_trainign` beside
    `XGBoostTraining_training`) is reported: `add_edge` silently creates a second node, and the
    declared one is left unwired.

    ## Why is this bad?
    The assembler cannot find a configuration, builder or specification for such a node, so the
    pipeline cannot be built, and none of the node's dependencies can be checked.

    A DAG none of whose nodes names a registered step, or anything spelled like one, is not one
    of the library's pipelines (a placeholder DAG built by tooling or a test): it is not checked,
    and `--statistics` lists it.

    When the registry is computed at run time and may add rows of any name, a node that names no
    registered step is reported only when it differs from a registered name by letter case, `_`
    or `-`; any other may name a row added at run time (`--statistics` lists it). Edges and
    job-type variants are checked as usual.

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
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        openings = [reason for _, _, reason in project.registry_openings()]
        registered = registered_types(project)
        for analysis in dependency_analysis(project).dags:
            label = dag_label(analysis.dag)
            if analysis.foreign:
                self.could_not_check(
                    label, "none of its nodes names a step of the library: not one of its pipelines"
                )
                continue
            twins = analysis.job_type_twins()
            mistyped = {node for node, _, _, _ in twins}
            for node, binding in analysis.bindings.items():
                if binding.problem is None or node in mistyped:
                    continue  # a mistyped edge end is reported at its edge, with the node meant
                if (
                    openings
                    and binding.step is None
                    and spelled_like_registered(node, registered) is None
                ):
                    self.could_not_check(
                        f"node '{node}' in {label}",
                        f"the registry may hold rows not known statically: {openings[0]}",
                    )
                    continue
                if _may_be_unparsed(project, node, binding):
                    self.could_not_check(
                        f"node '{node}' in {label}",
                        "a file that does not parse may declare its step or specification",
                    )
                    continue
                yield self.diagnostic(
                    f"node '{node}' in {label} {binding.problem}",
                    binding.span,
                    step=binding.step.name if binding.step else None,
                    subject=f"{analysis.dag.name}:{node}",
                )
            for node, edge, twin, how in twins:
                yield self.diagnostic(
                    f"edge '{edge.source}' -> '{edge.target}' in {label} names node '{node}', "
                    f"which the DAG never declares (add_edge creates it); it declares '{twin}', "
                    f"which {how}",
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


def _may_be_unparsed(project: Project, node: str, binding: NodeBinding) -> bool:
    """Whether the step or specification a node stands for may be in a file that does not parse:
    the node's name, the step name before its job-type suffix, or its step's name is a word of
    such a file (a specification names its step type: ``get_spec_step_type("X")``)."""
    names = {node, node.rpartition("_")[0]}
    if binding.step is not None:
        names.add(binding.step.name)
    return any(name and project.may_be_unparsed(name) for name in names)
