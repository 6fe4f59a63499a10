"""ALN207 invalid-property-path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model.values import Located
from alignlint.rules._support.job_kind import job_kind
from alignlint.rules._support.literals import sub_span
from alignlint.rules.base import Rule, Scope
from alignlint.rules.contract_spec.variants import describe
from alignlint.sagemaker.property_paths import PathStatus, validate_property_path

if TYPE_CHECKING:
    from alignlint.model import Project


class InvalidPropertyPath(Rule):
    """## What it does
    Checks every output's property path against SageMaker's API model for the step's job kind:
    the path is walked through the shapes of the Describe* response (DescribeProcessingJob,
    DescribeTrainingJob, DescribeTransformJob, DescribeModel, DescribeModelPackage, ...), with
    lists indexed by `[n]` and output lists by name (`Outputs['name']`). The job kind comes from
    the registry's `sagemaker_step_type` (or the step class the builder creates). Custom step
    kinds with no API model (Lambda, Callback, a team's own kinds) are skipped.

    ## Why is this bad?
    A property path is only resolved when the pipeline runs: a path that does not exist in the
    API (a typo, or a path of another job kind) fails the execution after upstream steps have
    already run.

    ## Severity
    An error: the spec-driven builder checks its specification against the script contract when
    it is constructed (`validate_contract_alignment`) and refuses to build the step, and
    SageMaker fails the execution when it resolves the path.

    ## Example
    ```python
    # registry: "sagemaker_step_type": "Training"
    OutputSpec(logical_name="model", property_path="properties.ModelArtifacts.S3ModelArtifact")
    ```

    Use instead:
    ```python
    OutputSpec(logical_name="model", property_path="properties.ModelArtifacts.S3ModelArtifacts")
    ```
    """

    code: ClassVar[str] = "ALN207"
    name: ClassVar[str] = "invalid-property-path"
    summary: ClassVar[str] = "Property path does not exist in the SageMaker API for the job kind"
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            kind = job_kind(step)
            if kind is None:
                continue
            for spec in step.all_specs():
                for output in spec.outputs:
                    path = output.property_path
                    if not (isinstance(path, Located) and isinstance(path.value, str)):
                        continue
                    result = validate_property_path(kind.kind, path.value)
                    if result.status not in (PathStatus.INVALID, PathStatus.PARSE_ERROR):
                        continue
                    start = result.start if result.start is not None else 0
                    end = result.end if result.end is not None else len(path.value)
                    yield self.diagnostic(
                        f"property path of output '{output.logical_name}' in {describe(spec)} "
                        f"does not exist for a {kind.kind} step ({kind.declared_by}): "
                        f"{result.message}",
                        sub_span(path, start, end),
                        related=[Related(kind.span, f"{kind.kind} job kind declared here")],
                        step=step.name,
                        subject=f"{spec.name}:{output.logical_name}",
                    )
