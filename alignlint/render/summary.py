"""Pieces shared by the human-readable formats: fix markers and the closing summary.

The summary counts findings as *problems* and splits them by severity (``Found 3 problems
(1 error, 2 warnings).``), in every format that prints one (full, concise, statistics, and so the
pre-commit hooks); it says so when the findings do not fail the run (``fail-on``) and when the run
fails for another reason, so that it never contradicts the exit status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from alignlint.core.escape import terminal_text
from alignlint.core.types import Applicability, Diagnostic, Severity
from alignlint.render import RenderContext, Verdict


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


def problems(count: int) -> str:
    """``"1 problem"`` / ``"3 problems"``: what the summaries call findings (of any severity)."""
    return f"{count} {'problem' if count == 1 else 'problems'}"


def severity_counts(diagnostics: Sequence[Diagnostic]) -> str:
    """``"1 error, 2 warnings"``: errors and warnings always, infos when there are any."""
    counts = {severity: 0 for severity in Severity}
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    parts = [
        f"{counts[Severity.ERROR]} {'error' if counts[Severity.ERROR] == 1 else 'errors'}",
        f"{counts[Severity.WARNING]} {'warning' if counts[Severity.WARNING] == 1 else 'warnings'}",
    ]
    if counts[Severity.INFO]:
        parts.append(f"{counts[Severity.INFO]} info")
    return ", ".join(parts)


def summary(
    diagnostics: Sequence[Diagnostic],
    *,
    unsafe_fixes: bool = False,
    fixed: int = 0,
    resolved: int = 0,
    revealed: tuple[int, int] = (0, 0),
    verdict: Verdict | None = None,
) -> str:
    """The closing lines: ``All checks passed!`` or ``Found N problems (E errors, W warnings).``
    (``Found N problems (F fixed, R remaining: ...).`` after ``--fix`` fixed ``F``), saying so
    when no finding reaches ``fail-on`` or the run fails for another reason (``verdict``: the
    summary never contradicts the exit status), then the fixable count and ``verdict.hint``.

    After fixing, the first line speaks of the findings ``check`` reported before: ``F`` is how
    many of those that offered a fix are gone (``check``'s fixable count, when every fix
    stayed), and ``resolved`` how many others went with them. ``revealed`` is how many findings
    the fixes revealed by repairing links and how many of those they fixed: they are counted
    apart (``Fixing revealed V more (W fixed, X remaining).``)."""
    verdict = verdict or Verdict()
    count = len(diagnostics)
    found_later, fixed_later = revealed
    left_later = found_later - fixed_later
    if count == 0 and not fixed and not found_later and not verdict.failures:
        return "All checks passed!\n"
    before = count - left_later
    total = before + fixed + resolved
    if total == 0:
        head = "No problems found"
    elif fixed:
        remaining = f": {severity_counts(diagnostics)}" if count else ""
        also = f", {resolved} more resolved by the fixes" if resolved else ""
        head = f"Found {problems(total)} ({fixed} fixed{also}, {before} remaining{remaining})"
    else:
        head = f"Found {problems(total)} ({severity_counts(diagnostics)})"
    failing = any(d.severity >= verdict.fail_on for d in diagnostics)
    fail_on = f'fail-on = "{verdict.fail_on.label}"'
    reasons = "; ".join(verdict.failures)
    if count and not failing:
        if reasons:
            head += f", none at or above {fail_on}, but {reasons}"
        else:
            head += f"; none fails the check ({fail_on})"
    elif reasons:
        head += f", and {reasons}" if count else f", but {reasons}"
    lines = [f"{head}."]
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
    if verdict.hint:
        lines.append(verdict.hint)
    return "\n".join(lines) + "\n"


def fix_listing(applied: Sequence[tuple[str, str, int]], names: Mapping[str, str]) -> str:
    """Ruff's ``--show-fixes`` block: the fixes applied, per file and rule, then a blank line::

        Fixed 3 problems:
        - specs/x_spec.py:
            2 × ALN206 (property-path-wrong-output)
            1 × ALN004 (unused-suppression)

    ``applied`` holds ``(path, code, count)`` rows; ``names`` maps codes to rule names.
    """
    total = sum(count for _, _, count in applied)
    if not total:
        return ""
    width = len(str(max(count for _, _, count in applied)))
    lines = [f"Fixed {problems(total)}:"]
    by_path: dict[str, list[tuple[str, int]]] = {}
    for path, code, count in applied:
        by_path.setdefault(path, []).append((code, count))
    for path in sorted(by_path):
        lines.append(f"- {terminal_text(path)}:")
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
        verdict=context.verdict,
    )
