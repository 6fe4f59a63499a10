"""ALN503 unregistered-step-type."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project
from alignlint.rules._support.step_types import (
    registered_types,
    spelled_like_registered,
    unregistered_step_type,
)
from alignlint.rules.base import Rule, Scope
from alignlint.rules.registry._common import closest, did_you_mean


class UnregisteredStepType(Rule):
    """## What it does
    Reports a specification whose `step_type` is not a registered step: a literal that is neither a
    registry key nor a row's `spec_type` (with or without a `_JobType` suffix), or a
    `get_spec_step_type("X")` / `get_spec_step_type_with_job_type("X", ...)` call whose `"X"` is
    not a key of `STEP_NAMES`. The closest registered name is suggested.

    When the registry is computed at run time and may add rows of any name, only a step type
    that differs from a registered one by letter case, `_` or `-` is reported (it means that
    step); any other may name a row added at run time, and `--statistics` lists it as not
    checked.

    ## Why is this bad?
    `get_spec_step_type` raises at import time for an unknown name; a literal step type that is not
    registered makes the dependency resolver and the pipeline assembler ignore the spec.

    ## Severity
    An error: `get_spec_step_type` raises for an unknown name when the spec module is imported,
    so the pipeline that imports it fails to load; a literal step type that is not registered
    takes the spec out of dependency resolution.

    ## Example
    ```python
    step_type=get_spec_step_type("XgboostTraining")  # registered: XGBoostTraining
    ```

    Use instead:
    ```python
    step_type=get_spec_step_type("XGBoostTraining")
    ```
    """

    code: ClassVar[str] = "ALN503"
    name: ClassVar[str] = "unregistered-step-type"
    summary: ClassVar[str] = "Specification's step type is not registered"
    reads: ClassVar[Scope] = Scope.INTERFACES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        if not project.registries:
            return
        openings = [reason for _, _, reason in project.registry_openings()]
        types = registered_types(project)
        rows = project.registry_rows
        for spec in project.specs:
            found = unregistered_step_type(spec, types)
            if found is None:
                continue
            name, span = found
            if openings and spelled_like_registered(name, types) is None:
                self.could_not_check(
                    f"step type `{name}` of specification `{spec.name}`",
                    f"the registry may hold rows not known statically: {openings[0]}",
                )
                continue
            candidates = rows if spec.step_type.function is not None else types
            message = (
                f"specification `{spec.name}` uses step type `{name}`, which is "
                f"not a registered step{did_you_mean(name, candidates)}"
            )
            suggestion = closest(name, candidates)
            related = (
                [Related(rows[types[suggestion]].span, f"registry row `{types[suggestion]}`")]
                if suggestion is not None
                else []
            )
            yield self.diagnostic(message, span, related=related, subject=f"step-type:{name}")
