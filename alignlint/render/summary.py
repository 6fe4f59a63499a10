"""Pieces shared by the human-readable formats: fix markers and the closing summary line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from alignlint.core.types import Applicability, Diagnostic
from alignlint.render import RenderContext


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


def summary(
    diagnostics: Sequence[Diagnostic],
    *,
    unsafe_fixes: bool = False,
    fixed: int = 0,
    resolved: int = 0,
    revealed: tuple[int, int] = (0, 0),
) -> str:
    """Ruff's closing lines: ``All checks passed!`` or ``Found N errors.`` (``Found N errors
    (F fixed, R remaining).`` after ``--fix`` fixed ``F``) plus the fixable count.

    The first line speaks of the findings ``check`` reported before fixing: ``F`` is how many of
    those that offered a fix are gone (``check``'s fixable count, when every fix stayed), and
    ``resolved`` how many others went with them. ``revealed`` is how many findings the fixes
    revealed by repairing links and how many of those they fixed: they are counted apart
    (``Fixing revealed V more (W fixed, X remaining).``)."""
    count = len(diagnostics)
    found_later, fixed_later = revealed
    left_later = found_later - fixed_later
    if count == 0 and not fixed and not found_later:
        return "All checks passed!\n"
    before = count - left_later
    total = before + fixed + resolved
    noun = "error" if total == 1 else "errors"
    also = f", {resolved} more resolved by the fixes" if resolved else ""
    tally = f" ({fixed} fixed{also}, {before} remaining)" if fixed else ""
    lines = [f"Found {total} {noun}{tally}."]
    if found_later:
        lines.append(
            f"Fixing revealed {found_later} more ({fixed_later} fixed, {left_later} remaining)."
        )
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


def fix_listing(applied: Sequence[tuple[str, str, int]], names: Mapping[str, str]) -> str:
    """Ruff's ``--show-fixes`` block: the fixes applied, per file and rule, then a blank line::

        Fixed 3 errors:
        - specs/x_spec.py:
            2 × ALN206 (property-path-wrong-output)
            1 × ALN004 (unused-suppression)

    ``applied`` holds ``(path, code, count)`` rows; ``names`` maps codes to rule names.
    """
    total = sum(count for _, _, count in applied)
    if not total:
        return ""
    width = len(str(max(count for _, _, count in applied)))
    lines = [f"Fixed {total} {'error' if total == 1 else 'errors'}:"]
    by_path: dict[str, list[tuple[str, int]]] = {}
    for path, code, count in applied:
        by_path.setdefault(path, []).append((code, count))
    for path in sorted(by_path):
        lines.append(f"- {path}:")
        for code, count in sorted(by_path[path], key=lambda row: (-row[1], row[0])):
            name = f" ({names[code]})" if code in names else ""
            lines.append(f"    {count:>{width}} × {code}{name}")
    return "\n".join(lines) + "\n\n"


def closing(diagnostics: Sequence[Diagnostic], context: RenderContext, *, gap: bool = False) -> str:
    """What the text formats print after the findings: the ``--show-fixes`` block (after a blank
    line when ``gap``), then :func:`summary`."""
    listing = ""
    if context.show_fixes and context.applied_fixes:
        names = {code: rule.name for code, rule in context.rules.items()}
        listing = ("\n" if gap else "") + fix_listing(context.applied_fixes, names)
    fixed = context.fixed
    return listing + summary(
        diagnostics,
        unsafe_fixes=context.unsafe_fixes,
        fixed=fixed,
        resolved=context.resolved,
        revealed=context.revealed,
    )
