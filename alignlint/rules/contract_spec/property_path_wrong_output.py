"""ALN206 property-path-wrong-output."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model.values import Located
from alignlint.rules._support.literals import replace_part, sub_span
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.contract_spec.variants import describe
from alignlint.sagemaker.property_paths import processing_output_key

if TYPE_CHECKING:
    from alignlint.model import Project


class PropertyPathWrongOutput(Rule):
    """## What it does
    Checks that a processing output's property path,
    `properties.ProcessingOutputConfig.Outputs['<name>'].S3Output.S3Uri`, names the output's own
    logical name.

    ## Why is this bad?
    The builder names each `ProcessingOutput` after the output's logical name, and SageMaker looks
    outputs up by that name. A path naming another output (often a copy-paste from the output
    above) hands the wrong data to every consumer, or fails when the pipeline runs.

    ## Severity
    An error: the spec-driven builder checks its specification against the script contract when
    it is constructed (`validate_contract_alignment`) and refuses to build the step; without
    that check the consumers would get another output's data or the execution would fail.

    ## Example
    ```python
    OutputSpec(
        logical_name="metrics",
        property_path="properties.ProcessingOutputConfig.Outputs['model'].S3Output.S3Uri",
    )
    ```

    Use instead:
    ```python
    OutputSpec(
        logical_name="metrics",
        property_path="properties.ProcessingOutputConfig.Outputs['metrics'].S3Output.S3Uri",
    )
    ```

    ## Fix safety
    The fix puts the logical name into the path. It is safe: the builder names the output by its
    logical name, so that is the only name the path can read.
    """

    code: ClassVar[str] = "ALN206"
    name: ClassVar[str] = "property-path-wrong-output"
    summary: ClassVar[str] = "Property path names another output than its own logical name"
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for spec in project.specs:
            step = project.step_of(spec)
            for output in spec.outputs:
                path = output.property_path
                if not (isinstance(path, Located) and isinstance(path.value, str)):
                    continue
                key = processing_output_key(path.value)
                if key is None or key.value == output.logical_name:
                    continue
                start, end = key.start + 2, key.end - 2
                name = output.logical_name
                fix = Fix(
                    f"Use the logical name: Outputs['{name}']",
                    Applicability.SAFE,
                    (replace_part(path, start, end, name),),
                )
                yield self.diagnostic(
                    f"property path of output '{name}' in {describe(spec)} reads "
                    f"Outputs['{key.value}']; the builder names the processing output "
                    f"'{name}', so the path must read Outputs['{name}']",
                    sub_span(path, start, end),
                    related=[Related(output.name_span, f"logical name '{name}'")],
                    fix=fix,
                    step=step.name if step else None,
                    subject=f"{spec.name}:{name}",
                )
