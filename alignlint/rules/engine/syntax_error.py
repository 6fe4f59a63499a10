"""ALN001 syntax-error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.rules.base import Rule, Scope

if TYPE_CHECKING:
    from alignlint.model import Project


class SyntaxErrorRule(Rule):
    """## What it does
    Reports a file that cannot be parsed: a Python syntax error, or a DAG file that is not valid
    JSON. The finding points at the place where the parser gave up. A JSON file is a DAG file
    when its name matches a `dag-files` pattern (by default `*.dag.json` and files under a
    `dags/` directory); any other JSON file (editor settings with comments, package manifests)
    is read as a DAG only when it has the shape of one (`nodes` and `edges` arrays, at the top
    level or under `dag`) and is otherwise ignored, never reported.

    It also reports, with Python's message, the errors Python's compiler finds after parsing that
    make a module impossible to import and that alignlint checks: a `from __future__` import that
    is not at the beginning of the file, an unknown future feature, and a keyword argument
    repeated in a call to a component constructor (a contract, spec or DAG class,
    `DependencySpec`, `OutputSpec`, `ProcessingInput`, `ProcessingOutput`, `TrainingInput`,
    `TransformInput`, `add_node`, `add_edge`) — the copy-paste mistake that would otherwise make
    alignlint silently check one of the two values. Other compile-time errors (`return` outside
    a function, a repeated keyword in other calls, ...) are not checked.

    ## Why is this bad?
    alignlint reads every component from the source. A file it cannot parse contributes nothing
    to the project model, so every check involving that file would pass vacuously. Reporting the
    file once, at the error, makes that gap visible instead of hiding it behind "not found"
    findings elsewhere: while a Python file does not parse, no other rule calls a piece missing
    when the file's text names it (a class, a constant, a step name); it is not checked, and
    `--statistics` lists it.

    ## Severity
    An error: Python cannot import the module either, so the step it belongs to cannot be built
    or run.

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
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for path in sorted(project.files):
            for error in project.files[path].errors:
                if error.kind == "syntax":
                    yield self.diagnostic(error.message, error.span, subject=path)
