"""Unified diffs of what fixing would change (``--diff``), with ``a/`` and ``b/`` headers.

Lines are shown without their line-break characters (every line ends with ``\\n`` in the diff);
a missing final newline is marked the way ``git diff`` marks it. Each line is shown through
:func:`~alignlint.core.escape.terminal_line`: a control character other than a tab appears escaped
(``\\x0c`` for a form feed), so the diff of such a line shows it but does not apply as a patch.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from alignlint.core.escape import terminal_line
from alignlint.core.source import LINE_BREAK
from alignlint.fix.report import FileChange
from alignlint.fix.text import SourceText

NO_NEWLINE = "\\ No newline at end of file"


def unified_diff(change: FileChange, context: int = 3) -> str:
    """The unified diff of one changed file (empty if nothing changed)."""
    old = _lines(change.path, change.old)
    new = _lines(change.path, change.new)
    lines = difflib.unified_diff(
        old, new, fromfile=f"a/{change.path}", tofile=f"b/{change.path}", n=context, lineterm=""
    )
    # A line may carry the "no newline" marker after its own line break: escape each part.
    return "".join(
        terminal_line(part) + "\n" for line in lines for part in line.removesuffix("\n").split("\n")
    )


def render_diffs(changes: Iterable[FileChange]) -> str:
    """The diffs of every change, ordered by path."""
    return "".join(unified_diff(change) for change in sorted(changes, key=lambda c: c.path))


def _lines(path: str, data: bytes) -> list[str]:
    text = SourceText.decode(path, data).text
    if not text:
        return []
    lines = [line + "\n" for line in LINE_BREAK.split(text)]
    if LINE_BREAK.search(text[-1]):
        lines.pop()
    else:
        lines[-1] = lines[-1] + NO_NEWLINE + "\n"
    return lines
