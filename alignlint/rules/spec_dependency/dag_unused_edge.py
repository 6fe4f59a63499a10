"""ALN305 dag-unused-edge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import candidate_label, dag_label

if TYPE_CHECKING:
    from alignlint.model import Project


class DagUnusedEdge(Rule):
    """## What it does
    Reports a DAG edge whose source would feed a dependency of the target, but that dependency
    is wired to another predecessor: the source has an output the resolver accepts for the
    dependency (a score at the threshold or above), and another predecessor's output scores
    higher. The dependencies are wired as the pipeline assembler does.

    An edge whose source offers nothing any dependency of the target accepts is an *ordering*
    edge (a gate: the assembler turns every predecessor into `depends_on`) and is not reported.
    Edges that another DAG rule explains are left to it: edges on a cycle (ALN308), an edge
    whose source is the best failing candidate of an unresolved dependency (ALN304), and an
    edge whose source lost a tie (ALN306). An edge into a node whose wiring is not fully known
    (part of the DAG, or a predecessor's outputs, cannot be read) is not reported;
    `--statistics` lists it with the reason.

    ## Why is this bad?
    The data the edge was drawn for goes elsewhere: the branch that produces it is dead work,
    and the DAG does not do what it says. Usually the dependency's name, type or
    `compatible_sources` favour the other predecessor, or the source's output was renamed.

    ## Severity
    A warning: the pipeline builds and runs, but not with the data flow the DAG describes.

    ## Example
    ```python
    dag.add_edge("TabularPreprocessing_calibration", "ModelCalibration")
    dag.add_edge("XGBoostModelEval", "ModelCalibration")  # its output wins the only dependency
    ```
    """

    code: ClassVar[str] = "ALN305"
    name: ClassVar[str] = "dag-unused-edge"
    summary: ClassVar[str] = "A DAG edge's data goes to another predecessor's output"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for analysis in dependency_analysis(project).dags:
            for edge in analysis.edges:
                binding = analysis.bindings.get(edge.target)
                if binding is not None and binding.spec is not None:
                    if not analysis.is_checkable(edge.target):
                        self.could_not_check(
                            f"edge {edge.source} -> {edge.target} in {dag_label(analysis.dag)}",
                            analysis.incomplete_reason(edge.target),
                        )
                        continue
                if (
                    not analysis.is_checkable(edge.target)
                    or analysis.feeds(edge)
                    or analysis.explained(edge)
                ):
                    continue
                shadowed = analysis.shadowed(edge)
                if not shadowed:
                    continue
                target = analysis.bindings[edge.target]
                first = shadowed[0]
                chosen = first.chosen
                assert chosen is not None  # shadowed resolutions have a chosen candidate
                mine = next(
                    c
                    for c in first.candidates
                    if c.producer_step == edge.source and c.score.accepted
                )
                why = (
                    f"dependency '{first.dependency.logical_name}' of '{edge.target}' takes "
                    f"{candidate_label(chosen)} ({chosen.score.total:.2f}) over "
                    f"{candidate_label(mine)} ({mine.score.total:.2f})"
                )
                related = [
                    Related(
                        first.dependency.name_span, f"dependency '{first.dependency.logical_name}'"
                    )
                ]
                yield self.diagnostic(
                    f"edge '{edge.source}' -> '{edge.target}' in {dag_label(analysis.dag)} "
                    f"feeds nothing: {why}",
                    edge.span,
                    related=related,
                    step=target.step.name if target.step else None,
                    subject=f"{analysis.dag.name}:{edge.source}->{edge.target}",
                )
