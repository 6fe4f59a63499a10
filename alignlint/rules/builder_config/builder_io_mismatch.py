"""ALN405 builder-io-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._io import io_findings
from alignlint.rules.builder_config._name_lookups import lookup_findings


class BuilderIoMismatch(Rule):
    """## What it does
    Reports a `ProcessingInput` / `ProcessingOutput` the builder constructs with an
    `input_name` / `output_name` that no specification of the step declares as a dependency /
    output, or with a container path (`destination` / `source`) that differs from the path the
    script contract gives that logical name (or, without a known name, that the contract does
    not declare at all). Names and paths are followed through the method's local variables and
    the builder's class constants.

    Also reports a builder that looks up a logical name the other side does not declare: a key of
    the `inputs` its `_get_inputs` receives that no specification declares as a dependency (and
    of the `outputs` of `_get_outputs` as an output; also in the helper methods they hand that
    mapping to, `self._build_inputs(inputs)`), a comparison of a spec's logical name with a
    name no specification declares (`if logical_name == "model_input":`), and a key of the
    contract's `expected_input_paths` / `expected_output_paths` it does not declare. A key held in
    a local variable or a class constant counts; a fallback chain (`outputs.get("a",
    outputs.get("b"))`, `logical_name in ("a", "b")`) is reported once, and only when no name of
    it is declared.

    ## Why is this bad?
    SageMaker mounts the data where the builder says; the script reads where the contract says.
    When they differ the script finds an empty directory, and an output name that the spec does
    not declare breaks the property paths other steps read. A lookup by a name nobody declares
    (usually left behind by a rename in the spec or contract) raises `KeyError` when the
    pipeline is built (`inputs["x"]`: an `error`), or silently skips that input or output
    (`.get("x")`, a comparison: a `warning`).

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
    reads: ClassVar[Scope] = Scope.STEP

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
        for step in project.steps:
            if step.builder is None:
                continue
            for lookup in lookup_findings(step, step.builder):
                severity = lookup.severity
                yield self.diagnostic(
                    lookup.message,
                    lookup.span,
                    related=lookup.related,
                    step=step.name,
                    subject=lookup.subject,
                    severity=min(severity, self.effective_severity) if severity else None,
                )
