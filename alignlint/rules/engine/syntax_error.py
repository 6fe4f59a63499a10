"""ALN001 syntax-error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.rule import Rule
from alignlint.types import Diagnostic, Severity

if TYPE_CHECKING:
    from alignlint.model import Project


class SyntaxErrorRule(Rule):
    """## What it does
    Reports a file that cannot be parsed: a Python syntax error, or a JSON, YAML or TOML file
    that does not load. The finding points at the place where the parser gave up.

    ## Why is this bad?
    alignlint reads every component from the source. A file it cannot parse contributes nothing
    to the project model, so every check involving that file would pass vacuously. Reporting the
    file once, at the error, makes that gap visible instead of hiding it behind "not found"
    findings elsewhere.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(
        entry_point="x.py",
        expected_input_paths={"data": "/opt/ml/processing/input/data"
    ```

    Use instead:
    ```python
    X_CONTRACT = ScriptContract(
        entry_point="x.py",
        expected_input_paths={"data": "/opt/ml/processing/input/data"},
    )
    ```

    ## Fix safety
    There is no fix: only the author knows what the code should say.
    """

    code: ClassVar[str] = "ALN001"
    name: ClassVar[str] = "syntax-error"
    summary: ClassVar[str] = "File cannot be parsed"
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for path in sorted(project.files):
            for error in project.files[path].errors:
                if error.kind == "syntax":
                    yield self.diagnostic(error.message, error.span, subject=path)
