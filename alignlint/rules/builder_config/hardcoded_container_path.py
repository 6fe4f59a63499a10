"""ALN406 hardcoded-container-path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._io import io_findings


class HardcodedContainerPath(Rule):
    """## What it does
    Reports a container path (`/opt/ml/...`) written as a literal in the builder's module and
    passed as a `ProcessingInput.destination` or `ProcessingOutput.source`, even when it agrees
    with the script contract today. (A path that disagrees is ALN405.)

    ## Why is this bad?
    The contract is the one place container paths are declared. A second copy in the builder
    drifts the next time the contract changes. It agrees today, so nothing breaks yet: a
    `warning` (hygiene).

    ## Example
    ```python
    ProcessingOutput(output_name="model", source="/opt/ml/processing/output/model")
    ```

    Use instead:
    ```python
    ProcessingOutput(
        output_name="model", source=self.contract.expected_output_paths["model"]
    )
    ```
    """

    code: ClassVar[str] = "ALN406"
    name: ClassVar[str] = "hardcoded-container-path"
    summary: ClassVar[str] = "Builder hard-codes a container path instead of using the contract"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for finding in io_findings(project):
            if not finding.mismatch:
                yield self.diagnostic(
                    finding.message,
                    finding.span,
                    related=finding.related,
                    step=finding.step.name,
                    subject=finding.subject,
                )
