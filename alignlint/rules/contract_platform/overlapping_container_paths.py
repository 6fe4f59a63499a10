"""ALN122 overlapping-container-paths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.sagemaker.container_paths import is_strictly_under, normalise

if TYPE_CHECKING:
    from alignlint.model import Contract, Project


class OverlappingContainerPaths(Rule):
    """## What it does
    Checks that a contract maps each logical name to its own container path: no two inputs or
    outputs share a path, and no output path lies inside another output path.

    ## Why is this bad?
    Two channels mounted at one place overwrite each other; an output nested in another output
    is uploaded twice (once on its own and once inside its parent), and a step wired to the outer
    output silently receives the inner one as well.

    ## Severity
    An error: one channel overwrites another, or a consumer receives the wrong data.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(
        entry_point="x.py",
        expected_output_paths={
            "model": "/opt/ml/processing/output",
            "metrics": "/opt/ml/processing/output/metrics",
        },
    )
    ```

    Use instead:
    ```python
    X_CONTRACT = ScriptContract(
        entry_point="x.py",
        expected_output_paths={
            "model": "/opt/ml/processing/output/model",
            "metrics": "/opt/ml/processing/output/metrics",
        },
    )
    ```
    """

    code: ClassVar[str] = "ALN122"
    name: ClassVar[str] = "overlapping-container-paths"
    summary: ClassVar[str] = "Two contract paths are the same or one output is inside another"
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for contract in project.contracts:
            yield from self._check_contract(project, contract)

    def _check_contract(self, project: Project, contract: Contract) -> Iterator[Diagnostic]:
        step = project.step_of(contract)
        seen: dict[str, tuple[str, str, Span]] = {}
        outputs: list[tuple[str, str, Span]] = []
        for direction, entries in (("input", contract.inputs), ("output", contract.outputs)):
            for key, entry in entries.items():
                value = entry.value
                if not (isinstance(value, Located) and isinstance(value.value, str)):
                    continue
                path = normalise(value.value)
                first = seen.get(path)
                if first is not None:
                    other_direction, other_key, other_span = first
                    yield self.diagnostic(
                        f"contract {contract.name} {direction} '{key}' and {other_direction} "
                        f"'{other_key}' share the container path '{value.value}'",
                        value.span,
                        related=[Related(other_span, f"{other_direction} '{other_key}'")],
                        step=step.name if step else None,
                        subject=f"{contract.name}:{direction}:{key}",
                    )
                    continue
                seen[path] = (direction, key, value.span)
                if direction == "output":
                    outputs.append((key, path, value.span))
        for key, path, span in outputs:
            for other_key, other_path, other_span in outputs:
                if is_strictly_under(path, other_path):
                    yield self.diagnostic(
                        f"contract {contract.name} output '{key}' path '{path}' is inside "
                        f"output '{other_key}' path '{other_path}'",
                        span,
                        related=[Related(other_span, f"output '{other_key}'")],
                        step=step.name if step else None,
                        subject=f"{contract.name}:output:{key}",
                    )
                    break
