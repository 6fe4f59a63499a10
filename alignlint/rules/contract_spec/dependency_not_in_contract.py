"""ALN201 dependency-not-in-contract."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span
from alignlint.model.values import Located
from alignlint.rules._support.literals import replace_value
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.contract_spec.variants import (
    describe,
    names_list,
    single_close_pair,
    spec_groups,
)

if TYPE_CHECKING:
    from alignlint.model import Project, Script


class DependencyNotInContract(Rule):
    """## What it does
    Checks that every dependency of a step specification has an input path in the step's script
    contract. Each job-type variant is checked on its own (the message says which variant);
    a required dependency is an error, an optional one a warning.

    ## Why is this bad?
    The builder mounts each dependency at the contract's path for its logical name. A dependency
    the contract does not declare has nowhere to go: the builder fails, or the data is mounted
    where the script never looks.

    ## Severity
    An error for a required dependency: the spec-driven builder checks its specification against
    the script contract when it is constructed (`validate_contract_alignment`) and refuses to
    build the step. An optional dependency is a warning: it breaks only the pipelines that
    provide it.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(entry_point="x.py",
                                expected_input_paths={"input_data": "/opt/ml/processing/input/data"})
    X_SPEC = StepSpecification(..., dependencies=[DependencySpec(logical_name="data", ...)])
    ```

    Use instead: the same logical name on both sides (`"data"` or `"input_data"`).

    ## Fix safety
    When exactly one unmatched contract input and one unmatched dependency differ only in
    spelling, the fix renames the contract key to the dependency's name, and with it the string
    literals that spell the old key where the step's script reads `input_paths` (and its
    `__main__` block builds them). It is unsafe: a key the script computes, and the builder, may
    still use the old name.
    """

    code: ClassVar[str] = "ALN201"
    name: ClassVar[str] = "dependency-not-in-contract"
    summary: ClassVar[str] = "Spec dependency has no input path in the contract"
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for group in spec_groups(project):
            contract = group.contract
            inputs = contract.inputs
            if not inputs.complete:
                continue
            wanted = {d.logical_name for spec in group.specs for d in spec.dependencies}
            renames: dict[str, str] = {}
            if group.complete:
                renames = single_close_pair(
                    [key for key in inputs if key not in wanted],
                    [name for name in wanted if name not in inputs],
                )
            for spec in group.specs:
                for dependency in spec.dependencies:
                    name = dependency.logical_name
                    if name in inputs:
                        continue
                    message = (
                        f"dependency '{name}' of {describe(spec)} is not an input of contract "
                        f"{contract.name} (contract inputs: {names_list(inputs)})"
                    )
                    fix = None
                    for key, target in renames.items():
                        if target == name:
                            entry = inputs.entries[key]
                            message += f"; contract input '{key}' differs only in spelling"
                            edits = [replace_value(Located(key, entry.key_span), name)]
                            edits.extend(script_key_edits(group.step.script, key, name))
                            fix = Fix(
                                f"Rename contract input '{key}' to '{name}'",
                                Applicability.UNSAFE,
                                tuple(edits),
                            )
                    yield self.diagnostic(
                        message,
                        dependency.name_span,
                        related=[
                            Related(inputs.span or contract.name_span, f"{contract.name} inputs")
                        ],
                        fix=fix,
                        step=group.step.name,
                        subject=f"{spec.name}:{name}",
                        severity=Severity.WARNING if dependency.required is False else None,
                    )


def script_key_edits(
    script: Script | None, key: str, new: str, *, outputs: bool = False
) -> list[Edit]:
    """Edits renaming the literal ``key`` where ``script`` uses it as an input key (``outputs``:
    an output key), in ``main`` and in the ``__main__`` block's mapping, one per literal
    (several reads of one constant share its literal)."""
    if script is None:
        return []
    literals: dict[Span, Located[str]] = {}
    for access in script.output_keys if outputs else script.input_keys:
        if isinstance(access.key, Located) and access.key.value == key:
            literals.setdefault(access.key.span, Located(key, access.key.span))
    entries = script.main_block_outputs if outputs else script.main_block_inputs
    if entries is not None and key in entries.entries:
        span = entries.entries[key].key_span
        literals.setdefault(span, Located(key, span))
    return [replace_value(literals[span], new) for span in sorted(literals)]
