"""Which offered fixes ``--fix`` can write: the shown fixes say so, so that ``check``'s ``[*]``
marker and fixable counts (and the summary after ``--fix``) count only fixes that reach the file.

A structural edit (an :class:`~alignlint.core.types.Insertion`) is written with libcst, and the
fixer never hands libcst a file that does not parse or nests too deep for it
(:func:`alignlint.fix.cst.refusal`): ``--fix`` discards such a fix and says why. This module asks
the same question before fixing, with CPython's parser only (checking never loads libcst), and
shows such a fix as display-only: its message stays as help, it is not counted as fixable.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from alignlint.core.types import Applicability, Diagnostic
from alignlint.fix.cst import refusal

#: Reads a file for the check (path as the findings give it → text, None when unreadable).
ReadText = Callable[[str], "str | None"]


def _unwritable(diagnostic: Diagnostic, read_text: ReadText, memo: dict[str, bool]) -> bool:
    """Whether a file the finding's fix inserts into cannot be rewritten structurally
    (``memo``: path → verdict, shared across findings). A file that cannot be read is not
    judged here (the fixer reports it)."""
    fix = diagnostic.fix
    if fix is None:
        return False
    for path in sorted({insertion.span.path for insertion in fix.insertions}):
        if path not in memo:
            text = read_text(path)
            memo[path] = text is not None and refusal(text) is not None
        if memo[path]:
            return True
    return False


def with_writable_fixes(diagnostics: Iterable[Diagnostic], read_text: ReadText) -> list[Diagnostic]:
    """``diagnostics`` with every applicable fix whose structural edits ``--fix`` cannot write
    made display-only."""
    memo: dict[str, bool] = {}
    shown = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if (
            fix is not None
            and fix.insertions
            and fix.applicability in (Applicability.SAFE, Applicability.UNSAFE)
            and _unwritable(diagnostic, read_text, memo)
        ):
            fix = dataclasses.replace(fix, applicability=Applicability.DISPLAY_ONLY)
            diagnostic = dataclasses.replace(diagnostic, fix=fix)
        shown.append(diagnostic)
    return shown
