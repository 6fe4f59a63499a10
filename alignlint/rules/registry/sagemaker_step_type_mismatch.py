"""ALN504 sagemaker-step-type-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.registry._common import created_step_classes
from alignlint.sagemaker.step_classes import STEP_CLASS_KINDS


class SagemakerStepTypeMismatch(Rule):
    """## What it does
    Reports a registry row whose `sagemaker_step_type` disagrees with the SageMaker step class the
    step's builder creates (`ProcessingStep` is `Processing`, `TrainingStep` is `Training`,
    `ModelStep` is `CreateModel` or `RegisterModel`, ...). The created class is read from the
    builder's methods, else from its project base classes, else from alignlint's runtime base
    (`ProcessingStepBuilder`, `TrainingStepBuilder`).

    ## Why is this bad?
    Tools select steps by `sagemaker_step_type` (which property paths exist, which validations
    apply); a wrong kind makes them validate the step against the wrong SageMaker API.

    ## Severity
    A warning: the builder's own class decides the job that is created, so the pipeline builds;
    tools that select or validate steps by the registry's `sagemaker_step_type` are misled.

    ## Example
    ```python
    "XTraining": {"sagemaker_step_type": "Processing", ...}  # the builder creates a TrainingStep
    ```

    Use instead:
    ```python
    "XTraining": {"sagemaker_step_type": "Training", ...}
    ```
    """

    code: ClassVar[str] = "ALN504"
    name: ClassVar[str] = "sagemaker-step-type-mismatch"
    summary: ClassVar[str] = (
        "Registry's sagemaker_step_type differs from the step the builder creates"
    )
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            row, builder = step.registry_row, step.builder
            if row is None or builder is None:
                continue
            declared = row.sagemaker_step_type
            if not (isinstance(declared, Located) and isinstance(declared.value, str)):
                continue
            created = [
                (name, span)
                for name, span in created_step_classes(project, builder)
                if name in STEP_CLASS_KINDS
            ]
            if not created or any(declared.value in STEP_CLASS_KINDS[n] for n, _ in created):
                continue
            name, span = min(created, key=lambda item: item[1])
            kinds = " or ".join(f"`{k}`" for k in sorted(STEP_CLASS_KINDS[name]))
            message = (
                f"registry row `{step.name}` declares sagemaker_step_type `{declared.value}` but "
                f"builder `{builder.name}` creates a `{name}` ({kinds})"
            )
            yield self.diagnostic(
                message,
                declared.span,
                related=[Related(span, f"`{name}` created here")],
                step=step.name,
                subject=f"sagemaker-step-type:{declared.value}",
            )
