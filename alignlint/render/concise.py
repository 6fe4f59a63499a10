"""The concise format: one ``path:line:col: CODE [*] message`` line per finding, then a summary.
A finding of a project workspace reads ``path:line:col: CODE [*] [workspace ID] message``.

Each line is shown through :func:`~alignlint.core.escape.terminal_line` (no raw control character, no
line that starts with ``::``)."""

from __future__ import annotations

from collections.abc import Sequence

from alignlint.core.escape import terminal_line
from alignlint.core.types import Diagnostic
from alignlint.render import RenderContext
from alignlint.render.summary import closing, fix_marker


def format_line(diagnostic: Diagnostic, *, unsafe_fixes: bool = False) -> str:
    """The concise line of one finding (no trailing newline)."""
    span = diagnostic.span
    marker = fix_marker(diagnostic, unsafe_fixes=unsafe_fixes)
    where = f"[workspace {diagnostic.workspace}] " if diagnostic.workspace else ""
    line = (
        f"{span.path}:{span.line}:{span.column}: {diagnostic.code} {marker}{where}"
        f"{diagnostic.message}"
    )
    return terminal_line(line)


def render(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """Every finding on one line, followed by ruff's summary."""
    lines = "".join(format_line(d, unsafe_fixes=context.unsafe_fixes) + "\n" for d in diagnostics)
    return lines + closing(diagnostics, context, gap=bool(lines))
