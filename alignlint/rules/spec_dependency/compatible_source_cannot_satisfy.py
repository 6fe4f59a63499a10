"""ALN303 compatible-source-cannot-satisfy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import best_candidate_text, candidate_label
from alignlint.rules.spec_dependency.library import describe_spec, source_entries
from alignlint.rules.spec_dependency.views import data_type_conflict
from alignlint.sagemaker.matching import can_satisfy, rank_candidates, types_compatible

if TYPE_CHECKING:
    from alignlint.model import Project


class CompatibleSourceCannotSatisfy(Rule):
    """## What it does
    Checks that every registered step listed in a dependency's `compatible_sources` has an
    output the resolver would accept for that dependency (type gates passed, score at or above
    the threshold). The message names the source's best output and its score breakdown.

    ## Why is this bad?
    The list says which producers the dependency is meant to be wired to. A listed producer
    that cannot satisfy it means the list has drifted from the producers: an output was
    renamed or retyped, or the dependency changed, and the pipeline will not wire what the
    list promises.

    ## Severity
    A warning: the pipeline still wires the dependency from whatever predecessor satisfies it;
    the declared list has drifted from the producers.

    ## Example
    ```python
    DependencySpec(
        logical_name="model_input",
        dependency_type=DependencyType.MODEL_ARTIFACTS,
        compatible_sources=["TabularPreprocessing"],  # produces PROCESSING_OUTPUT only
    )
    ```
    """

    code: ClassVar[str] = "ALN303"
    name: ClassVar[str] = "compatible-source-cannot-satisfy"
    summary: ClassVar[str] = (
        "A listed compatible source has no output that can satisfy the dependency"
    )
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        analysis = dependency_analysis(project)
        library = analysis.library
        for resolution in analysis.resolutions:
            spec, dependency, view = resolution.spec, resolution.dependency, resolution.view
            for source in source_entries(dependency):
                if library.is_generic(source.value):
                    continue
                producers = [
                    p for p in library.producers_for_source(source.value) if p.spec is not spec
                ]
                if not producers or not all(p.complete for p in producers):
                    continue
                views = [p.view for p in producers]
                # Whether any output is accepted, without ranking them all (the usual answer;
                # can_satisfy is exactly that): the ranking is for the finding's text.
                if can_satisfy(view, views):
                    continue
                candidates = rank_candidates(view, views)
                if any(data_type_conflict(view, c.output) for c in candidates):
                    continue  # ALN309 reports the pair
                related = []
                if candidates:
                    best = candidates[0]
                    output = library.producer(best).output(best.output.logical_name)
                    related.append(
                        Related(output.name_span, f"best output {candidate_label(best)}")
                    )
                    declared = dependency.dependency_type
                    if isinstance(declared, Located) and not types_compatible(
                        view.dependency_type, best.output.output_type
                    ):
                        # The other side of a type mismatch: the dependency's own type.
                        related.append(
                            Related(
                                declared.span,
                                f"dependency type '{view.dependency_type}' of "
                                f"'{dependency.logical_name}'",
                                context=True,
                            )
                        )
                step = project.step_of(spec)
                yield self.diagnostic(
                    f"compatible source '{source.value}' of dependency '{dependency.logical_name}' "
                    f"in {describe_spec(spec)} has no output that can satisfy it; "
                    + best_candidate_text(candidates, f"'{source.value}' has no outputs"),
                    source.span,
                    related=related,
                    step=step.name if step else None,
                    subject=f"{describe_spec(spec)}:{dependency.logical_name}:{source.value}",
                )
