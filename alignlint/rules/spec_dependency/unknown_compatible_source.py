"""ALN301 unknown-compatible-source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model.values import Located
from alignlint.rules._support.literals import replace_value
from alignlint.rules._support.workspaces import reported_as_foreign_step
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.spec_dependency.analysis import dependency_analysis
from alignlint.rules.spec_dependency.explain import names
from alignlint.rules.spec_dependency.library import (
    FREE_LABEL,
    SUFFIXED,
    Library,
    SourceReading,
    describe_spec,
    source_entries,
)

if TYPE_CHECKING:
    from alignlint.model import Project, Spec


class UnknownCompatibleSource(Rule):
    """## What it does
    Checks that every `compatible_sources` entry of a dependency names a registered step (or a
    configured generic kind such as `ProcessingStep`). An entry that does not is reported by
    what it most likely is:

    - a registered name with a job-type suffix (`TabularPreprocessing_Training`,
      `TabularPreprocessing-Training`): the resolver strips the job type from the producer and
      compares base step names, so such an entry never matches;
    - a misspelling of a registered name: another case or separator (`XgboostModel`), a close
      spelling, or the SDK's class naming (`PayloadStep` for the step `Payload`);
    - a free label far from every step name (`DataLoad`, `UserProvided`): advice only.

    ## Why is this bad?
    The resolver gives a producer listed in `compatible_sources` a higher score. An entry naming
    no step never matches, so the intended producer loses that bonus and another output may win
    the dependency without anyone noticing.

    ## Severity
    A suffixed or misspelled entry is a warning: the author meant a real step, and the
    dependency does not get the producer they listed. A free label is `info`: it names no step
    at all and matches nothing, which is dead declaration rather than likely drift.

    When the registry is computed at run time and its code may add rows of any name, a free
    label may name such a row: it is not reported (`--statistics` lists it); suffixed and
    misspelled entries still are, since they mean a step the registry holds.

    ## Example
    ```python
    DependencySpec(
        logical_name="training_data",
        compatible_sources=["TabularPreprocesing", "TabularPreprocessing_Training"],
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
    When the entry means exactly one registered step, the fix replaces it with that step's name
    (a suffixed entry loses its suffix). It is unsafe: the producer starts receiving the bonus,
    which may change how the dependency resolves. There is no fix when that name is already
    listed, or for a free label.

    ## Options
    The generic kinds are the `generic-sources` setting.
    """

    code: ClassVar[str] = "ALN301"
    name: ClassVar[str] = "unknown-compatible-source"
    summary: ClassVar[str] = "A compatible source names no registered step type"
    reads: ClassVar[Scope] = Scope.INTERFACES
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        library = dependency_analysis(project).library
        if not library.registered:
            for registry, _span, reason in project.registry_openings():
                self.could_not_check(
                    f"compatible sources (registry {registry.name})",
                    f"no registry row is known: {reason}",
                )
            return
        openings = project.registry_openings()
        for spec in project.specs:
            for dependency in spec.dependencies:
                # Names the list already means: registered entries, then each entry a fix names.
                listed = {
                    source.value
                    for source in source_entries(dependency)
                    if library.is_registered(source.value)
                }
                for source in source_entries(dependency):
                    if library.is_registered(source.value) or library.is_generic(source.value):
                        continue
                    if reported_as_foreign_step(project, source.value):
                        continue  # ALN602: another workspace's step
                    reading = library.classify_source(source.value)
                    where = (
                        f"compatible source '{source.value}' of dependency "
                        f"'{dependency.logical_name}' in {describe_spec(spec)}"
                    )
                    if reading.kind == FREE_LABEL and not library.registry_closed:
                        _registry, _span, reason = openings[0]
                        self.could_not_check(
                            where, f"the registry may hold rows not known statically: {reason}"
                        )
                        continue
                    yield self._finding(project, library, spec, source, reading, where, listed)

    def _finding(
        self,
        project: Project,
        library: Library,
        spec: Spec,
        source: Located[str],
        reading: SourceReading,
        where: str,
        listed: set[str],
    ) -> Diagnostic:
        """The finding for an entry read as ``reading``; ``listed`` holds the names the list
        already means (a fix adds its name, so two entries never get the same one)."""
        severity: Severity | None = None
        meant: str | None = None
        if reading.kind == FREE_LABEL:
            suggested = library.closest_name(source.value)
            text = f"{where} names no registered step type, nor one spelled like it"
            if suggested:
                text += f" (the closest is '{suggested}')"
            severity = Severity.INFO
        else:
            suggested = reading.meant[0]
            if reading.kind == SUFFIXED:
                text = (
                    f"{where} carries the job-type suffix '{reading.suffix}': the resolver "
                    "compares base step names, so it never matches"
                )
            else:
                text = f"{where} names no registered step type"
            if len(reading.meant) > 1:
                text += f"; close registered steps: {names(list(reading.meant))}"
            elif suggested in listed:
                text += f"; it means '{suggested}', which is listed already"
            else:
                meant = suggested
                text += (
                    f"; use '{meant}'" if reading.kind == SUFFIXED else f"; did you mean '{meant}'?"
                )
        fix = None
        if meant is not None:
            listed.add(meant)
            fix = Fix(
                f"Replace with '{meant}'", Applicability.UNSAFE, (replace_value(source, meant),)
            )
        row = project.registry_rows.get(suggested) if suggested else None
        related = [Related(row.span, f"registered step '{suggested}'")] if row else []
        step = project.step_of(spec)
        return self.diagnostic(
            text,
            source.span,
            related=related,
            fix=fix,
            step=step.name if step else None,
            subject=where,
            severity=severity,
        )
