"""ALN202 contract-input-without-dependency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.infra import safe_regex
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.contract_spec.variants import SpecGroup, names_list, spec_groups
from alignlint.sagemaker.container_paths import TRAINING, TRAINING_CONFIG_ROOT, is_strictly_under

if TYPE_CHECKING:
    from alignlint.core.settings import Settings
    from alignlint.model import Project


class ContractInputWithoutDependency(Rule):
    """## What it does
    Checks that every input path of a script contract is the input of some dependency of the
    step's specification. Job-type variants share a contract: an input is used when any variant
    declares a dependency with its logical name.

    A training step's hyperparameters file (under `/opt/ml/input/config`) is written by SageMaker
    and needs no dependency. Inputs that are uploaded rather than wired can be declared with the
    `external-inputs` / `external-input-pattern` settings (`"name"` or `"Step.name"`).

    ## Why is this bad?
    The builder only mounts inputs that a dependency provides. An input with no dependency is an
    empty directory at run time (or a stale name left behind by a rename).

    ## Severity
    An error: the spec-driven builder checks its specification against the script contract when
    it is constructed (`validate_contract_alignment`) and refuses to build the step when a
    contract input has no dependency.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(entry_point="x.py", expected_input_paths={
        "data": "/opt/ml/processing/input/data",
        "metadata": "/opt/ml/processing/input/metadata",
    })
    X_SPEC = StepSpecification(..., dependencies=[DependencySpec(logical_name="data", ...)])
    ```

    Use instead: add a `DependencySpec` for `metadata`, or remove it from the contract.
    """

    code: ClassVar[str] = "ALN202"
    name: ClassVar[str] = "contract-input-without-dependency"
    summary: ClassVar[str] = "Contract input has no dependency in the spec"
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for group in spec_groups(project):
            if not group.complete:
                continue
            used = {d.logical_name for spec in group.specs for d in spec.dependencies}
            for key, entry in group.contract.inputs.items():
                if key in used or _exempt(group, key, entry.value, project.settings):
                    continue
                specs = ", ".join(spec.name for spec in group.specs)
                message = (
                    f"contract {group.contract.name} input '{key}' has no dependency in "
                    f"{'spec' if len(group.specs) == 1 else 'any of specs'} {specs} "
                    f"(dependencies: {names_list(used)})"
                )
                yield self.diagnostic(
                    message,
                    entry.key_span,
                    related=[Related(spec.name_span, f"spec {spec.name}") for spec in group.specs],
                    step=group.step.name,
                    subject=f"{group.contract.name}:{key}",
                )


def _exempt(group: SpecGroup, key: str, path: object, settings: Settings) -> bool:
    if (
        group.kind == TRAINING
        and isinstance(path, Located)
        and isinstance(path.value, str)
        and is_strictly_under(path.value, TRAINING_CONFIG_ROOT)
    ):
        return True
    if key in settings.external_inputs or f"{group.step.name}.{key}" in settings.external_inputs:
        return True
    pattern = settings.external_input_pattern
    if pattern is None:
        return False
    return safe_regex.search(pattern, key)  # linear time: the pattern is configuration
