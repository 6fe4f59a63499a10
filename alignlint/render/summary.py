"""Pieces shared by the human-readable formats: fix markers and the closing summary line."""

from __future__ import annotations

from collections.abc import Sequence

from alignlint.types import Applicability, Diagnostic


def is_fixable(diagnostic: Diagnostic, *, unsafe_fixes: bool = False) -> bool:
    """Whether ``--fix`` would apply the finding's fix (unsafe ones only with ``--unsafe-fixes``)."""
    fix = diagnostic.fix
    if fix is None:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe_fixes and fix.applicability is Applicability.UNSAFE


def fix_marker(diagnostic: Diagnostic, *, unsafe_fixes: bool = False) -> str:
    """``"[*] "`` for a fixable finding (ruff's marker), else ``""``."""
    return "[*] " if is_fixable(diagnostic, unsafe_fixes=unsafe_fixes) else ""


def summary(diagnostics: Sequence[Diagnostic], *, unsafe_fixes: bool = False) -> str:
    """Ruff's closing lines: ``All checks passed!`` or ``Found N errors.`` plus the fixable count."""
    count = len(diagnostics)
    if count == 0:
        return "All checks passed!\n"
    noun = "error" if count == 1 else "errors"
    lines = [f"Found {count} {noun}."]
    fixable = sum(1 for d in diagnostics if is_fixable(d, unsafe_fixes=unsafe_fixes))
    hidden = 0
    if not unsafe_fixes:
        hidden = sum(
            1 for d in diagnostics if d.fix and d.fix.applicability is Applicability.UNSAFE
        )
    note = ""
    if hidden:
        plural = "fix" if hidden == 1 else "fixes"
        note = f" ({hidden} hidden {plural} can be enabled with the `--unsafe-fixes` option)"
    if fixable:
        lines.append(f"[*] {fixable} fixable with the `--fix` option{note}.")
    elif hidden:
        lines.append(f"No fixes available{note}.")
    return "\n".join(lines) + "\n"
