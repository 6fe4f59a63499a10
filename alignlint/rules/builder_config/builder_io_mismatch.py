"""ALN405 builder-io-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic
from alignlint.model import Project
from alignlint.rules.base import Rule
from alignlint.rules.builder_config._io import io_findings


class BuilderIoMismatch(Rule):
    """## What it does
    Reports a `ProcessingInput` / `ProcessingOutput` the builder constructs with a literal
    `input_name` / `output_name` that no specification of the step declares as a dependency /
    output, or with a literal container path (`destination` / `source`) that differs from the
    path the script contract gives that logical name (or, without a known name, that the contract
    does not declare at all).

    ## Why is this bad?
    SageMaker mounts the data where the builder says; the script reads where the contract says.
    When they differ the script finds an empty directory, and an output name that the spec does
    not declare breaks the property paths other steps read.

    ## Example
    ```python
    ProcessingInput(input_name="data", source=src, destination="/opt/ml/processing/input/raw")
    # contract: expected_input_paths={"data": "/opt/ml/processing/input/data"}
    ```

    Use instead:
    ```python
    ProcessingInput(
        input_name="data", source=src, destination=self.contract.expected_input_paths["data"]
    )
    ```
    """

    code: ClassVar[str] = "ALN405"
    name: ClassVar[str] = "builder-io-mismatch"
    summary: ClassVar[str] = "Builder's processing input/output disagrees with spec or contract"

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for finding in io_findings(project):
            if finding.mismatch:
                yield self.diagnostic(
                    finding.message,
                    finding.span,
                    related=finding.related,
                    step=finding.step.name,
                    subject=finding.subject,
                )
