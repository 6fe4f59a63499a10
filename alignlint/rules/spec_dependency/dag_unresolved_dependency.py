"""ALN304 dag-unresolved-dependency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import (
    best_candidate_text,
    candidate_label,
    dag_label,
    names,
)

if TYPE_CHECKING:
    from alignlint.model import Project


class DagUnresolvedDependency(Rule):
    """## What it does
    Wires every DAG node's dependencies from the outputs of its predecessors, exactly as the
    pipeline assembler does, and reports a required dependency that no predecessor output
    satisfies. The finding is at the node and names the best predecessor candidate with its
    score breakdown and why it failed (a type gate, or a score below the threshold).

    DAGs are read in every layout: JSON files (`nodes` and `edges` at the top level or under a
    `dag` object, as in `*.dag.json`), Python `add_node` / `add_edge` calls (also in loops over
    lists and mappings), and `PipelineDAG(nodes=..., edges=...)`; `--statistics` counts them per
    layout. When part of a DAG, or a predecessor's outputs, cannot be read, the dependencies
    that depend on it are not reported, and `--statistics` lists them with the reason.

    DAG nodes are a specification's step type (`TabularPreprocessing_Training`), a registered
    step name, or a step name with a job-type suffix.

    ## Why is this bad?
    Assembling the pipeline fails for that node ("required inputs were neither provided nor
    resolved"), typically because an edge is missing, points at the wrong producer, or an output
    was renamed or retyped.

    A dependency the step's builder takes from its configuration by design is not wired and is
    not reported: the builder's `_get_inputs(self, inputs)` never reads the `inputs` it is given,
    or builds that input (`ProcessingInput` / `TrainingInput`) with a `source` read from
    `self.config`. A builder that reads `inputs[name]` needs the dependency wired. The helper
    methods `_get_inputs` hands its `inputs` to (`return self._build_inputs(inputs)`) are read as
    part of it; when such a helper is not defined in the project, what the builder takes from
    the pipeline is unknown and its node's dependencies are not checked.

    ## Severity
    An error: the builder cannot build the step without the input, so the pipeline cannot be
    assembled.

    ## Example
    ```python
    dag.add_node("TabularPreprocessing_Training")
    dag.add_node("XGBoostTraining")
    # missing: dag.add_edge("TabularPreprocessing_Training", "XGBoostTraining")
    ```

    ## Options
    Dependencies declared external (`external-inputs`, `external-input-pattern`) are uploaded,
    not wired, and are never reported.
    """

    code: ClassVar[str] = "ALN304"
    name: ClassVar[str] = "dag-unresolved-dependency"
    summary: ClassVar[str] = (
        "A DAG node's required dependency is not resolved from its predecessors"
    )
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for analysis in dependency_analysis(project).dags:
            for resolution in analysis.resolutions:
                if resolution.may_be_unresolved:
                    self.could_not_check(
                        f"dependency '{resolution.dependency.logical_name}' of node "
                        f"'{resolution.node}' in {dag_label(analysis.dag)}",
                        analysis.incomplete_reason(resolution.node),
                    )
                if not resolution.unresolved:
                    continue
                node, dependency = resolution.node, resolution.dependency
                if resolution.predecessors:
                    why = best_candidate_text(
                        resolution.candidates, "its predecessors have no outputs"
                    )
                    reason = f" from its predecessors ({names(resolution.predecessors)}); {why}"
                else:
                    reason = ": the node has no predecessors"
                related = [Related(dependency.name_span, f"dependency '{dependency.logical_name}'")]
                if resolution.candidates:
                    best = resolution.candidates[0]
                    output = analysis.producers[best.producer_step].output(best.output.logical_name)
                    related.append(
                        Related(output.name_span, f"best candidate {candidate_label(best)}")
                    )
                binding = analysis.bindings[node]
                yield self.diagnostic(
                    f"required dependency '{dependency.logical_name}' of node '{node}' in "
                    f"{dag_label(analysis.dag)} is not resolved{reason}",
                    analysis.nodes[node],
                    related=related,
                    step=binding.step.name if binding.step else None,
                    subject=f"{analysis.dag.name}:{node}:{dependency.logical_name}",
                )
