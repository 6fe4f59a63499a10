"""ALN004 unused-suppression."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Severity
from alignlint.rules.base import FixAvailability, Rule, Scope

if TYPE_CHECKING:
    from alignlint.model import Project


class UnusedSuppression(Rule):
    """## What it does
    Reports suppression comments that do not suppress anything: a code (or rule name) in
    `# alignlint: ignore[...]`, `# alignlint: file-ignore[...]` or `# noqa: ...` whose rule ran
    and found nothing there, a code that names no known rule, a malformed `# alignlint:`
    comment, and (when `require-suppression-reason` is set) a suppression without a reason.

    Codes of rules that did not run (not selected) are not reported, and `# noqa` codes of other
    tools (`E501`) are left alone.

    ## Why is this bad?
    A stale suppression hides the next real finding on that line, and a misspelled code
    suppresses nothing while looking as if it did.

    ## Severity
    A warning: nothing breaks, but the comment hides the next real finding on its line.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(  # alignlint: ignore[ALN999]
        entry_point="x.py",
    )
    ```

    Use instead:
    ```python
    X_CONTRACT = ScriptContract(
        entry_point="x.py",
    )
    ```

    ## Fix safety
    The fix removes the unused codes (or the whole comment when none is left). It is safe: the
    removed codes suppressed nothing.
    """

    code: ClassVar[str] = "ALN004"
    name: ClassVar[str] = "unused-suppression"
    summary: ClassVar[str] = "Suppression comment suppresses nothing"
    reads: ClassVar[Scope] = Scope.INTERFACES
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        """Produces nothing: the engine's suppression pass reports these findings."""
        return iter(())
