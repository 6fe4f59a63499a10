"""ALN003 unresolved-link."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.rule import Rule
from alignlint.types import Diagnostic, Severity

if TYPE_CHECKING:
    from alignlint.model import Project


class UnresolvedLink(Rule):
    """## What it does
    Reports a piece of a step that cannot be linked to the rest of its step: a spec whose
    `script_contract=` does not resolve to a contract, a contract whose `entry_point` names no
    script, a builder whose config class cannot be found, a registry row naming a class that does
    not exist, and similar. Each such piece is reported once, here, with the reason — the rules
    that compare linked pieces stay silent about it instead of reporting a cascade of "not found"
    findings.

    ## Why is this bad?
    Every other check compares two linked pieces. A piece that is not linked is not checked at
    all, so a broken link hides real drift behind a passing run.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(entry_point="x_script.py", ...)  # the script is scripts/x.py
    ```

    Use instead:
    ```python
    X_CONTRACT = ScriptContract(entry_point="x.py", ...)
    ```

    ## Fix safety
    There is no fix: which side is wrong depends on intent. Run `alignlint check --show-links`
    to see how the other pieces of the step were linked.
    """

    code: ClassVar[str] = "ALN003"
    name: ClassVar[str] = "unresolved-link"
    summary: ClassVar[str] = "Piece of a step cannot be linked"
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for piece in project.unlinked:
            subject = f"{piece.kind}:{piece.name}"
            yield self.diagnostic(piece.reason, piece.span, subject=subject)
