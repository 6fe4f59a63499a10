"""ALN204 contract-output-without-spec-output."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model.values import Located
from alignlint.rules._support.literals import replace_value
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.contract_spec.dependency_not_in_contract import script_key_edits
from alignlint.rules.contract_spec.variants import (
    SCRIPT_OUTPUT_ROOTS,
    is_script_output,
    names_list,
    single_close_pair,
    spec_groups,
)
from alignlint.sagemaker.property_paths import PathStatus, validate_property_path

if TYPE_CHECKING:
    from alignlint.model import Output, Project


def _path_is_invalid(output: Output, kind: str) -> bool:
    """Whether the output's property path does not exist in the API model (ALN207 reports it)."""
    path = output.property_path
    if not (isinstance(path, Located) and isinstance(path.value, str)):
        return False
    status = validate_property_path(kind, path.value).status
    return status in (PathStatus.INVALID, PathStatus.PARSE_ERROR)


class ContractOutputWithoutSpecOutput(Rule):
    """## What it does
    Checks that every output path of a script contract is read by some spec output of the step
    (an output whose property path reads the job's output: `ProcessingOutputConfig.Outputs[...]`
    for processing, `ModelArtifacts`/`OutputDataConfig` for training). Job-type variants share a
    contract: an output is used when any variant declares it. A spec output whose property path
    does not exist in the SageMaker API is left to ALN207 (invalid-property-path).

    ## Why is this bad?
    Whatever the script writes there is never handed to another step: either the spec lost an
    output, or the contract keeps a name that was renamed on the spec side.

    ## Severity
    An error: the spec-driven builder checks its specification against the script contract when
    it is constructed (`validate_contract_alignment`) and refuses to build the step when a
    contract output is read by no spec output.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(entry_point="x.py", expected_output_paths={
        "processed_data": "/opt/ml/processing/output/data"})
    X_SPEC = StepSpecification(..., outputs=[OutputSpec(logical_name="processed_dat", ...)])
    ```

    Use instead: one spelling on both sides.

    ## Fix safety
    When exactly one unmatched contract output and one unmatched spec output differ only in
    spelling, the fix renames the contract key to the spec's name (the spec's output is what other
    steps resolve against, so it stays), and the literal key where the script uses it (in `main`
    and in its `__main__` block). It is unsafe: the builder may still use the old key.
    """

    code: ClassVar[str] = "ALN204"
    name: ClassVar[str] = "contract-output-without-spec-output"
    summary: ClassVar[str] = "Contract output is not read by any spec output"
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for group in spec_groups(project):
            if not group.complete or group.kind not in SCRIPT_OUTPUT_ROOTS:
                continue
            contract = group.contract
            outputs = [o for spec in group.specs for o in spec.outputs]
            read = {o.logical_name for o in outputs if is_script_output(o, group.kind) is True}
            unsure = {
                o.logical_name
                for o in outputs
                if is_script_output(o, group.kind) is None or _path_is_invalid(o, group.kind)
            }
            unmatched = [key for key in contract.outputs if key not in read | unsure]
            renames = single_close_pair(
                unmatched, [name for name in read if name not in contract.outputs]
            )
            specs = ", ".join(spec.name for spec in group.specs)
            for key in unmatched:
                entry = contract.outputs.entries[key]
                message = (
                    f"contract {contract.name} output '{key}' is not read by any output of "
                    f"{'spec' if len(group.specs) == 1 else 'specs'} {specs} "
                    f"(outputs read from the script: {names_list(read)})"
                )
                fix = None
                if key in renames:
                    target = renames[key]
                    message += f"; spec output '{target}' differs only in spelling"
                    edits = [replace_value(Located(key, entry.key_span), target)]
                    edits.extend(script_key_edits(group.step.script, key, target, outputs=True))
                    fix = Fix(
                        f"Rename contract output '{key}' to '{target}'",
                        Applicability.UNSAFE,
                        tuple(edits),
                    )
                yield self.diagnostic(
                    message,
                    entry.key_span,
                    related=[Related(spec.name_span, f"spec {spec.name}") for spec in group.specs],
                    fix=fix,
                    step=group.step.name,
                    subject=f"{contract.name}:{key}",
                )
