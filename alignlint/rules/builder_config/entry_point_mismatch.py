"""ALN407 entry-point-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Related, Severity
from alignlint.model import ConfigClass, Contract, Project, Step
from alignlint.model.values import Located
from alignlint.rules._support.entry_points import (
    SCRIPT_ENTRY_POINT_FIELDS,
    names_a_file,
    same_script,
    steps_using,
)
from alignlint.rules._support.literals import replace_value
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.builder_config._common import (
    config_label,
    contract_label,
    is_plain_string_literal,
    python_string,
)


def _config_contract(step: Step, config: ConfigClass) -> Contract | None:
    if isinstance(config.script_contract, Contract):
        return config.script_contract
    return step.contract


class EntryPointMismatch(Rule):
    """## What it does
    Reports a config class whose default script entry point (`processing_entry_point`,
    `training_entry_point` or `entry_point`) names a different script than the `entry_point` of
    the step's script contract (the one `get_script_contract()` returns, else the step's).

    ## Why is this bad?
    The config decides which file is uploaded and run; the contract describes another script.
    Every alignment check then validates a script the job never runs. The job itself runs the
    configured script (a missing one is ALN114), so this is likely drift rather than a certain
    failure: a `warning`.

    ## Example
    ```python
    class XConfig(ProcessingStepConfigBase):
        processing_entry_point: str = "x_old.py"
    # contract: ScriptContract(entry_point="x.py", ...)
    ```

    Use instead:
    ```python
        processing_entry_point: str = "x.py"
    ```

    ## Fix safety
    The fix follows the evidence of the file system: when the contract's entry point names a
    script of the project, the config default becomes the contract's entry point; when it names
    nothing and the config's names a script, the contract's entry point becomes the config's
    (unless other steps use that contract: their scripts would change too). When neither names
    a script there is no fix (ALN114 reports the contract). It is unsafe: the change alters which
    script the job runs, or which script the contract describes.
    """

    code: ClassVar[str] = "ALN407"
    name: ClassVar[str] = "entry-point-mismatch"
    summary: ClassVar[str] = "Config's default entry point differs from the contract's"
    severity: ClassVar[Severity] = Severity.WARNING
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        seen: set[int] = set()
        for step in project.steps:
            config = step.config
            if config is None or id(config) in seen:
                continue
            seen.add(id(config))
            contract = _config_contract(step, config)
            if contract is None or contract.entry_point_name is None:
                continue
            declared = contract.entry_point_name
            assert isinstance(contract.entry_point, Located)
            for field in SCRIPT_ENTRY_POINT_FIELDS:
                attribute = config.entry_points.get(field)
                if attribute is None or not isinstance(attribute.default, Located):
                    continue
                default = attribute.default
                if not isinstance(default.value, str) or same_script(default.value, declared):
                    continue
                message = (
                    f"{config_label(config)} defaults `{field}` to `{default.value}` but "
                    f"{contract_label(contract)} has entry_point `{declared}`"
                )
                fix = _fix(project, contract, default)
                yield self.diagnostic(
                    message,
                    default.span,
                    related=[Related(contract.entry_point.span, "the contract's entry_point")],
                    fix=fix,
                    step=step.name,
                    subject=f"entry-point:{field}",
                )


def _fix(project: Project, contract: Contract, default: Located[str]) -> Fix | None:
    """The side to change, by evidence (:mod:`alignlint.rules._support.entry_points`): the config
    follows a contract whose entry point names a script (the contract links the step's script and
    spec); the contract follows a config whose entry point names a script when the contract's
    names nothing and no other step uses that contract; else no fix."""
    entry = contract.entry_point
    assert isinstance(entry, Located) and isinstance(entry.value, str)
    if names_a_file(project, entry.value):
        if not is_plain_string_literal(default):
            return None
        return Fix(
            f"Use the contract's entry point `{entry.value}`",
            Applicability.UNSAFE,
            (Edit(default.span, python_string(entry.value)),),
        )
    if not names_a_file(project, default.value) or len(steps_using(project, contract)) > 1:
        return None
    if entry.span.path != contract.path or not is_plain_string_literal(entry):
        return None
    return Fix(
        f"Use the config's entry point `{default.value}` in contract {contract.name}",
        Applicability.UNSAFE,
        (replace_value(Located(entry.value, entry.span), default.value),),
    )
