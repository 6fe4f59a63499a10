"""ALN203 output-not-in-contract."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.rules.base import Rule, Scope
from alignlint.rules.contract_spec.variants import (
    describe,
    is_script_output,
    names_list,
    spec_groups,
)

if TYPE_CHECKING:
    from alignlint.model import Project


class OutputNotInContract(Rule):
    """## What it does
    Checks that every spec output the script writes has an output path in the script contract.
    An output is written by the script when its property path reads a job output: a processing
    job's `ProcessingOutputConfig.Outputs[...]`, a training job's `ModelArtifacts` or
    `OutputDataConfig`. Each job-type variant is checked on its own.

    ## Why is this bad?
    The builder creates the job output from the contract path of the output's logical name. With
    no contract path, the output is never produced, and every step wired to it fails.

    ## Severity
    An error: the spec-driven builder checks its specification against the script contract when
    it is constructed (`validate_contract_alignment`) and refuses to build the step, and without
    a contract path the output would never be produced.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(entry_point="x.py",
                                expected_output_paths={"model": "/opt/ml/processing/output/model"})
    X_SPEC = StepSpecification(..., outputs=[OutputSpec(
        logical_name="metrics",
        property_path="properties.ProcessingOutputConfig.Outputs['metrics'].S3Output.S3Uri", ...)])
    ```

    Use instead: declare `metrics` in `expected_output_paths`.
    """

    code: ClassVar[str] = "ALN203"
    name: ClassVar[str] = "output-not-in-contract"
    summary: ClassVar[str] = "Spec output has no output path in the contract"
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for group in spec_groups(project):
            outputs = group.contract.outputs
            if not outputs.complete:
                continue
            for spec in group.specs:
                for output in spec.outputs:
                    if output.logical_name in outputs or not is_script_output(output, group.kind):
                        continue
                    message = (
                        f"output '{output.logical_name}' of {describe(spec)} is written by the "
                        f"script ({group.kind} job output), but contract {group.contract.name} "
                        f"has no output '{output.logical_name}' (contract outputs: "
                        f"{names_list(outputs)})"
                    )
                    yield self.diagnostic(
                        message,
                        output.name_span,
                        related=[
                            Related(
                                outputs.span or group.contract.name_span,
                                f"{group.contract.name} outputs",
                            )
                        ],
                        step=group.step.name,
                        subject=f"{spec.name}:{output.logical_name}",
                    )
