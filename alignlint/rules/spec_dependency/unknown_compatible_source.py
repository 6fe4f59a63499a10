"""ALN301 unknown-compatible-source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model.values import Located
from alignlint.rules._support.literals import replace_value
from alignlint.rules.base import FixAvailability, Rule
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import names
from alignlint.rules.spec_dependency.library import Library, describe_spec, source_entries
from alignlint.sagemaker.matching import strip_job_type

if TYPE_CHECKING:
    from alignlint.model import Project


class UnknownCompatibleSource(Rule):
    """## What it does
    Checks that every `compatible_sources` entry of a dependency names a registered step type
    (a job-type suffix such as `_Training` is ignored) or a configured generic kind such as
    `ProcessingStep`.

    ## Why is this bad?
    The resolver gives a producer listed in `compatible_sources` a higher score. An entry naming
    no step (a typo, or a step renamed since) never matches, so the intended producer loses
    that bonus and another output may win the dependency without anyone noticing.

    ## Example
    ```python
    DependencySpec(
        logical_name="training_data",
        compatible_sources=["TabularPreprocesing"],
    )
    ```

    Use instead:
    ```python
    DependencySpec(
        logical_name="training_data",
        compatible_sources=["TabularPreprocessing"],
    )
    ```

    ## Fix safety
    When exactly one registered name is spelled close to the entry, the fix replaces the entry
    with it (keeping a job-type suffix). It is unsafe: the close name may not be the step the
    author meant.

    ## Options
    The generic kinds are the `generic-sources` setting.
    """

    code: ClassVar[str] = "ALN301"
    name: ClassVar[str] = "unknown-compatible-source"
    summary: ClassVar[str] = "A compatible source names no registered step type"
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        library = dependency_analysis(project).library
        if not library.registry_complete:
            return
        for spec in project.specs:
            step = project.step_of(spec)
            for dependency in spec.dependencies:
                for source in source_entries(dependency):
                    if library.is_registered(source.value) or library.is_generic(source.value):
                        continue
                    where = (
                        f"compatible source '{source.value}' of dependency "
                        f"'{dependency.logical_name}' in {describe_spec(spec)}"
                    )
                    yield self._finding(library, source, where, step.name if step else None)

    def _finding(
        self, library: Library, source: Located[str], where: str, step: str | None
    ) -> Diagnostic:
        close = library.close_names(source.value)
        fix = None
        if len(close) == 1:
            replacement = close[0] + source.value[len(strip_job_type(source.value)) :]
            hint = f"; did you mean '{replacement}'?"
            fix = Fix(
                f"Replace with '{replacement}'",
                Applicability.UNSAFE,
                (replace_value(source, replacement),),
            )
        elif close:
            hint = f"; close registered steps: {names(close)}"
        else:
            closest = library.closest_name(source.value)
            hint = f"; the closest registered step is '{closest}'" if closest else ""
        suggested = close[0] if close else library.closest_name(source.value)
        row = library.project.registry_rows.get(suggested) if suggested else None
        related = [Related(row.span, f"registered step '{suggested}'")] if row else []
        return self.diagnostic(
            f"{where} names no registered step type{hint}",
            source.span,
            related=related,
            fix=fix,
            step=step,
            subject=where,
        )
