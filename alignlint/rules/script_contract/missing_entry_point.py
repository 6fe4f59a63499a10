"""ALN114 missing-entry-point."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix
from alignlint.model import Contract, Project
from alignlint.model.values import Located
from alignlint.rules.base import FixAvailability, Rule
from alignlint.rules.script_contract._common import (
    SUGGESTION_CUTOFF,
    contract_label,
    is_plain_string_literal,
    python_string,
    similarity,
)


def _file_name(path: str) -> str:
    return path.rpartition("/")[2]


class MissingEntryPoint(Rule):
    """## What it does
    Reports a contract whose `entry_point` (a `.py` file name or path) names no file of the
    project, and suggests the script whose file name is closest. Scripts are the files that define
    the unified `main(input_paths, output_paths, ...)`, plus every file under `script-roots`;
    scripts another contract already names are not suggested.

    ## Why is this bad?
    The step cannot start (SageMaker cannot find the entry point), and alignlint cannot link the
    script to its contract, so none of the script ↔ contract checks run for the step.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(entry_point="tabular_preprocess.py", ...)  # file: tabular_preprocessing.py
    ```

    Use instead:
    ```python
    X_CONTRACT = ScriptContract(entry_point="tabular_preprocessing.py", ...)
    ```

    ## Fix safety
    When exactly one unclaimed script is the closest match, the fix replaces the entry point with
    its file name. It is unsafe: the intended script may not exist yet.
    """

    code: ClassVar[str] = "ALN114"
    name: ClassVar[str] = "missing-entry-point"
    summary: ClassVar[str] = "Contract entry point names no existing script"
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        files = sorted(project.files)
        roots = tuple(root.strip("/") + "/" for root in project.settings.script_roots)
        scripts = set(project.scripts) | {
            p for p in files if p.startswith(roots) and p.endswith(".py")
        }
        claimed = {
            _file_name(name)
            for contract in project.contracts
            if (name := contract.entry_point_name) is not None
            and project.files_by_suffix.ending_with(name)
        }
        candidates = sorted({_file_name(p) for p in scripts} - claimed - {"__init__.py"})
        for contract in project.contracts:
            entry = contract.entry_point
            name = contract.entry_point_name
            if name is None or not isinstance(entry, Located) or not name.endswith(".py"):
                continue
            if project.files_by_suffix.ending_with(name):
                continue
            yield self._finding(project, contract, entry, name, candidates)

    def _finding(
        self,
        project: Project,
        contract: Contract,
        entry: Located[str],
        name: str,
        candidates: list[str],
    ) -> Diagnostic:
        base = _file_name(name)
        ranked = sorted(
            ((similarity(base, c), c) for c in candidates), key=lambda item: (-item[0], item[1])
        )
        close = [item for item in ranked if item[0] >= SUGGESTION_CUTOFF]
        message = f"{contract_label(contract)} has entry_point `{name}` but no such file exists"
        fix = None
        if close:
            best = close[0][1]
            message += f"; closest script: `{best}`"
            unique = len(close) == 1 or close[1][0] < close[0][0]
            if unique and is_plain_string_literal(entry) and entry.span.path == contract.path:
                replacement = name[: len(name) - len(base)] + best
                fix = Fix(
                    f"Use `{replacement}`",
                    Applicability.UNSAFE,
                    (Edit(entry.span, python_string(replacement)),),
                )
        step = project.step_of(contract)
        return self.diagnostic(
            message,
            entry.span,
            fix=fix,
            step=step.name if step is not None else None,
            subject=f"entry_point:{name}",
        )
