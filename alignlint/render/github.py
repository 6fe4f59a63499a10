"""GitHub Actions output: one workflow command (annotation) per finding, plus a step summary.

Each finding becomes a line such as::

    ::error file=src/spec.py,line=3,col=5,endLine=3,endColumn=12,title=ALN203 spec-output-missing::message

The runner turns these lines into annotations on the pull request. Annotations have no related
locations, so the other side of a mismatch is written into the message. GitHub shows only ten
annotations of each kind per step, so errors come first, then warnings, then notices.

Text from the checked code is shown through :func:`~alignlint.core.escape.terminal_text` and then
escaped as workflow commands require (``%``, CR, LF; ``:`` and ``,`` in properties), so it can
neither end a command nor start another. The step summary escapes everything Markdown could
interpret (:mod:`alignlint.core.escape`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from alignlint.core.escape import markdown_code, markdown_message, markdown_text, terminal_text
from alignlint.core.types import Diagnostic, Severity, Span
from alignlint.render import RenderContext
from alignlint.render.ci import github_workspace, repository_path

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: How many findings the step summary lists one by one.
SUMMARY_LIMIT = 50


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (``%``, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value of a workflow command (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def ordered(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Errors, then warnings, then notices; by location within each severity."""
    return sorted(diagnostics, key=lambda d: (-d.severity, d.sort_key))


def render(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """Render every finding as a GitHub Actions workflow command, one per line."""
    workspace = github_workspace()
    return "".join(
        annotation(diagnostic, context.root, workspace) + "\n"
        for diagnostic in ordered(diagnostics)
    )


def annotation(diagnostic: Diagnostic, root: Path, workspace: str | None) -> str:
    """The workflow command for one finding."""
    span = diagnostic.span
    properties = [("file", repository_path(span.path, root, workspace))]
    properties.append(("line", str(span.start.line)))
    if not span.is_multiline:  # the runner drops the columns of a multi-line annotation
        properties.append(("col", str(span.start.column)))
    properties.append(("endLine", str(span.end.line)))
    if not span.is_multiline:
        properties.append(("endColumn", str(span.end.column)))
    title = f"{diagnostic.code} {diagnostic.name}"
    if diagnostic.workspace:
        title += f" (workspace {diagnostic.workspace})"
    properties.append(("title", title))
    rendered = ",".join(
        f"{key}={escape_property(terminal_text(value))}" for key, value in properties
    )
    message = escape_data(message_with_related(diagnostic, root, workspace))
    return f"::{_COMMANDS[diagnostic.severity]} {rendered}::{message}"


def message_with_related(diagnostic: Diagnostic, root: Path, workspace: str | None) -> str:
    """The finding's message followed by one line per related location (the other side); the
    text of each line is shown through :func:`~alignlint.core.escape.terminal_text`."""
    lines = [diagnostic.message]
    lines.extend(
        f"{_location(related.span, root, workspace)}: {related.message}"
        for related in diagnostic.related
    )
    return "\n".join(terminal_text(line) for line in lines)


def _location(span: Span, root: Path, workspace: str | None) -> str:
    path = repository_path(span.path, root, workspace)
    return f"{path}:{span.start.line}:{span.start.column}"


# -- step summary ---------------------------------------------------------------------------------
def write_step_summary(
    diagnostics: Sequence[Diagnostic], context: RenderContext, path: str | Path
) -> None:
    """Append a short Markdown summary of the run to ``path`` (``GITHUB_STEP_SUMMARY``).

    Raises :class:`OSError` when the file cannot be written.
    """
    with open(path, "a", encoding="utf-8") as summary:
        summary.write(step_summary(diagnostics, context))


def step_summary(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """The Markdown written to the step summary: totals, findings per rule, the first findings."""
    statistics = context.statistics
    checked = (
        f"Checked {_plural(statistics.files, 'file')} and {_plural(statistics.steps, 'step')}."
    )
    if not diagnostics:
        return f"## alignlint\n\n**No findings.** {checked}\n\n"
    workspace = github_workspace()
    findings = ordered(diagnostics)
    files = {d.span.path for d in findings}
    severities = Counter(d.severity for d in findings)
    counts = ", ".join(
        _plural(severities[s], _COMMANDS[s]) for s in sorted(severities, reverse=True)
    )
    lines = [
        "## alignlint",
        "",
        f"**{_plural(len(findings), 'finding')}** in {_plural(len(files), 'file')} ({counts}). {checked}",
        "",
        "| Rule | Findings |",
        "| --- | ---: |",
    ]
    per_rule = Counter((d.code, d.name) for d in findings)
    lines.extend(
        f"| {markdown_code(code)} {markdown_text(name)} | {count} |"
        for (code, name), count in sorted(per_rule.items())
    )
    lines += ["", "| Location | Rule | Message |", "| --- | --- | --- |"]
    for diagnostic in findings[:SUMMARY_LIMIT]:
        location = _location(diagnostic.span, context.root, workspace)
        lines.append(
            f"| {markdown_code(location)} | {markdown_code(diagnostic.code)} "
            f"| {markdown_message(diagnostic.message)} |"
        )
    if len(findings) > SUMMARY_LIMIT:
        lines += ["", f"… and {_plural(len(findings) - SUMMARY_LIMIT, 'more finding')}."]
    return "\n".join(lines) + "\n\n"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
