"""ALN306 dag-ambiguous-dependency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import candidate_label, dag_label, names

if TYPE_CHECKING:
    from alignlint.model import Project


class DagAmbiguousDependency(Rule):
    """## What it does
    Reports a DAG node dependency for which two or more predecessors offer outputs with exactly
    the same winning score. A dependency whose predecessors are not all known (part of the DAG,
    or a predecessor's outputs, cannot be read statically) is not reported: an unknown output
    may win it outright; `--statistics` lists it as not checked.

    ## Why is this bad?
    The resolver breaks the tie by node name, so which producer feeds the step depends on how
    the nodes are named, not on what the author meant. Renaming a node silently rewires the
    pipeline.

    ## Severity
    A warning: the pipeline builds and runs, but which producer feeds the step is an accident of
    naming.

    ## Example
    ```python
    dag.add_edge("TabularPreprocessing_Training", "XGBoostTraining")
    dag.add_edge("TabularPreprocessing_Validation", "XGBoostTraining")
    # both offer processed_data to training_data with the same score
    ```
    """

    code: ClassVar[str] = "ALN306"
    name: ClassVar[str] = "dag-ambiguous-dependency"
    summary: ClassVar[str] = "Two predecessors tie for one dependency of a DAG node"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for analysis in dependency_analysis(project).dags:
            for resolution in analysis.resolutions:
                chosen, rivals = resolution.chosen, resolution.rivals
                if not resolution.complete:
                    # An unknown predecessor may offer a better output: no tie can be claimed.
                    self.could_not_check(
                        f"dependency '{resolution.dependency.logical_name}' of node "
                        f"'{resolution.node}' in {dag_label(analysis.dag)}",
                        analysis.incomplete_reason(resolution.node),
                    )
                    continue
                if chosen is None or not rivals:
                    continue
                tied = [chosen, *rivals]
                related = [
                    Related(
                        analysis.producers[c.producer_step].output(c.output.logical_name).name_span,
                        f"candidate {candidate_label(c)}",
                    )
                    for c in tied
                ]
                node, dependency = resolution.node, resolution.dependency
                binding = analysis.bindings[node]
                yield self.diagnostic(
                    f"dependency '{dependency.logical_name}' of node '{node}' in "
                    f"{dag_label(analysis.dag)} is claimed equally by "
                    f"{names(candidate_label(c) for c in tied)} (total "
                    f"{chosen.score.total:.3f}); the resolver picks '{candidate_label(chosen)}' "
                    "by name order",
                    analysis.nodes[node],
                    related=related,
                    step=binding.step.name if binding.step else None,
                    subject=f"{analysis.dag.name}:{node}:{dependency.logical_name}",
                )
