"""``--statistics``: how many findings each rule produced, and what the run actually checked.

The second part matters as much as the first: a run that checked no step passes vacuously, and the
counts of files, steps, unlinked pieces and unresolved values make that visible.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from alignlint.core.escape import terminal_line
from alignlint.core.types import Diagnostic, Severity, Statistics, Unchecked
from alignlint.render import Verdict
from alignlint.render.summary import is_fixable, summary


def render_statistics(
    diagnostics: Sequence[Diagnostic],
    statistics: Statistics,
    *,
    unsafe_fixes: bool = False,
    verdict: Verdict | None = None,
) -> str:
    """Ruff's per-rule table (count, code, fixable marker, name), the summary, then the counters."""
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    fixable = {d.code for d in diagnostics if is_fixable(d, unsafe_fixes=unsafe_fixes)}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    count_width = max((len(str(count)) for _, count in rows), default=1)
    code_width = max((len(code) for code, _ in rows), default=1)
    lines = [
        f"{count:>{count_width}}\t{code:<{code_width}}\t"
        f"{'[*]' if code in fixable else '[ ]'} {names[code]}"
        for code, count in rows
    ]
    text = "".join(terminal_line(line) + "\n" for line in lines)
    text += summary(diagnostics, unsafe_fixes=unsafe_fixes, verdict=verdict)
    return text + "\n" + checked(statistics)


def checked(statistics: Statistics) -> str:
    """What the run looked at: files, parsed files, steps and the engine's counters."""
    file_noun = "file" if statistics.files == 1 else "files"
    step_noun = "step" if statistics.steps == 1 else "steps"
    lines = [
        f"Checked {statistics.files} {file_noun} ({statistics.files_parsed} parsed), "
        f"{statistics.steps} {step_noun}."
    ]
    lines.extend(
        terminal_line(f"  {key}: {value}") for key, value in sorted(statistics.counters.items())
    )
    lines.extend(terminal_line(line) for line in _unchecked_lines(statistics.unchecked))
    return "\n".join(lines) + "\n"


def _unchecked_lines(unchecked: Sequence[Unchecked]) -> list[str]:
    """Per rule, what it could not check, grouped by reason: ``ALN301: 2 not checked`` then
    ``  <reason>: <subject>, <subject>``."""
    if not unchecked:
        return []
    by_rule: dict[str, dict[str, list[str]]] = {}
    for item in unchecked:
        by_rule.setdefault(item.code, {}).setdefault(item.reason, []).append(item.subject)
    lines = ["Could not check (a value they depend on is unknown; nothing is reported there):"]
    for code, reasons in sorted(by_rule.items()):
        count = sum(len(subjects) for subjects in reasons.values())
        lines.append(f"  {code}: {count} not checked")
        for reason, subjects in sorted(reasons.items()):
            lines.append(f"    {reason}: {', '.join(sorted(subjects))}")
    return lines


def render_statistics_json(
    diagnostics: Sequence[Diagnostic], statistics: Statistics, *, unsafe_fixes: bool = False
) -> str:
    """``--statistics --output-format json``: the per-rule counts (ruff's keys), the counts per
    severity and what was checked.

    ``checked`` carries the same counters as the text form, so a vacuous pass (no step, no
    dependency or DAG edge resolved) is visible to machines too.
    """
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.name for d in diagnostics}
    fixable = {d.code for d in diagnostics if is_fixable(d, unsafe_fixes=unsafe_fixes)}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    payload = {
        "statistics": [
            {"code": code, "name": names[code], "count": count, "fixable": code in fixable}
            for code, count in rows
        ],
        "severities": {
            severity.label: sum(1 for d in diagnostics if d.severity is severity)
            for severity in sorted(Severity, reverse=True)
        },
        "checked": {
            "files": statistics.files,
            "files_parsed": statistics.files_parsed,
            "steps": statistics.steps,
            "counters": dict(sorted(statistics.counters.items())),
        },
        "unchecked": [
            {"code": item.code, "subject": item.subject, "reason": item.reason}
            for item in statistics.unchecked
        ],
    }
    return json.dumps(payload, indent=2) + "\n"
