"""ALN302 unsatisfiable-dependency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import best_candidate_text, candidate_label
from alignlint.rules.spec_dependency.library import describe_spec

if TYPE_CHECKING:
    from alignlint.model import Project


class UnsatisfiableDependency(Rule):
    """## What it does
    Scores every required dependency against every output of every specification in the
    project, exactly as the runtime resolver does (type gates, then a score that must reach the
    threshold), and reports a dependency no output can satisfy. The message names the best
    candidate and its score breakdown.

    Two specifications of one step type (a generic spec beside its training variant) are both
    producers. While a specification's step type or outputs are not all known, any dependency
    may be satisfied by it: the rule is silent on the dependencies it would report and
    `--statistics` lists them, with the specifications that are not known.

    ## Why is this bad?
    No pipeline can wire such a dependency: the step fails when the pipeline is assembled, in
    every DAG that uses it.

    ## Severity
    An error: the pipeline assembler cannot wire the dependency and fails in every DAG that uses
    the step.

    ## Example
    ```python
    DependencySpec(
        logical_name="model_input",
        dependency_type=DependencyType.MODEL_ARTIFACTS,
    )
    # ... while no specification has a MODEL_ARTIFACTS output
    ```

    ## Options
    Inputs that are uploaded rather than wired (a pretrained model, a hyperparameters file) are
    declared with the `external-inputs` setting (`"logical_name"` or `"StepType.logical_name"`)
    or matched by the `external-input-pattern` regular expression; they are never reported.
    """

    code: ClassVar[str] = "ALN302"
    name: ClassVar[str] = "unsatisfiable-dependency"
    summary: ClassVar[str] = "No producer in the project can satisfy a required dependency"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        analysis = dependency_analysis(project)
        for resolution in analysis.resolutions:
            if resolution.satisfiable or resolution.external or not resolution.view.required:
                continue
            if not resolution.complete:
                self.could_not_check(
                    f"dependency '{resolution.dependency.logical_name}' of "
                    f"{describe_spec(resolution.spec)}",
                    "an unknown output may satisfy it: " + "; ".join(analysis.library.unknown[:3]),
                )
                continue
            spec, dependency = resolution.spec, resolution.dependency
            best = resolution.best
            related = []
            if best is not None:
                output = analysis.library.producer(best).output(best.output.logical_name)
                related.append(Related(output.name_span, f"best candidate {candidate_label(best)}"))
            step = project.step_of(spec)
            yield self.diagnostic(
                f"required dependency '{dependency.logical_name}' of {describe_spec(spec)} "
                "cannot be satisfied by any producer in the project; "
                + best_candidate_text(resolution.candidates, "no specification has outputs"),
                dependency.name_span,
                related=related,
                step=step.name if step else None,
                subject=f"{describe_spec(spec)}:{dependency.logical_name}",
            )
