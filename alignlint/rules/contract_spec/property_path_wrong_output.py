"""ALN206 property-path-wrong-output."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model.values import Located
from alignlint.rules._support.literals import replace_part, sub_span
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.contract_spec.variants import describe
from alignlint.sagemaker.property_paths import ParseError, Segment, parse_property_path

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
                key = _output_key(path.value)
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


def _output_key(path: str) -> Segment | None:
    """The ``['name']`` segment of ``[properties.]ProcessingOutputConfig.Outputs['name']...``."""
    segments = parse_property_path(path)
    if isinstance(segments, ParseError):
        return None
    if segments[0].kind == "attribute" and segments[0].value == "properties":
        segments = segments[1:]
    if len(segments) < 3:
        return None
    config, outputs, key = segments[:3]
    if (
        config.value == "ProcessingOutputConfig"
        and outputs.value == "Outputs"
        and key.kind == "key"
    ):
        return key
    return None
