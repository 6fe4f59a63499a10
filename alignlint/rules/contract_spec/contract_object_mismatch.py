"""ALN208 contract-object-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Contract
from alignlint.rules.base import Rule, Scope
from alignlint.rules.contract_spec.variants import describe

if TYPE_CHECKING:
    from alignlint.model import Project


class ContractObjectMismatch(Rule):
    """## What it does
    Checks that a step's specification (`script_contract=`) and its config
    (`get_script_contract()`) name the same contract object. Every job-type variant is checked.

    ## Why is this bad?
    The builder reads paths from the spec's contract, while the config (and everything that asks
    it for the script's contract) uses the other one. The two drift apart silently: a path fixed
    in one is still wrong in the other.

    ## Severity
    An error: the spec-driven builder compares the two contracts when it is constructed and
    refuses to build the step when they differ.

    ## Example
    ```python
    X_SPEC = StepSpecification(..., script_contract=_get_x_contract())  # -> X_CONTRACT
    class XConfig(ProcessingStepConfigBase):
        def get_script_contract(self):
            return X_LEGACY_CONTRACT
    ```

    Use instead: return `X_CONTRACT` from `get_script_contract()`.
    """

    code: ClassVar[str] = "ALN208"
    name: ClassVar[str] = "contract-object-mismatch"
    summary: ClassVar[str] = "Spec and config name different contract objects"
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            config = step.config
            if config is None or not isinstance(config.script_contract, Contract):
                continue
            expected = config.script_contract
            for spec in step.all_specs():
                actual = spec.contract
                if not isinstance(actual, Contract) or actual is expected:
                    continue
                same_module = actual.module == expected.module
                used = actual.name if same_module else actual.label
                returned = expected.name if same_module else expected.label
                yield self.diagnostic(
                    f"{describe(spec)} uses contract {used}, but config "
                    f"{config.name}.get_script_contract() returns {returned}",
                    spec.contract_span or spec.name_span,
                    related=[
                        Related(
                            config.script_contract_span or config.info.name_span,
                            f"{config.name}.get_script_contract() returns {expected.name}",
                        )
                    ],
                    step=step.name,
                    subject=f"{spec.name}:{expected.label}",
                )
