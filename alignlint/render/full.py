"""The full format (default): each finding with a code frame for its primary span and one for each
related span (the other side of the mismatch), then ruff's summary::

    ALN203 [*] Spec dependency `data` is not an input of contract `X_CONTRACT`
     --> steps/specs/x_spec.py:12:9
       |
    11 |     dependencies=[
    12 |         DependencySpec(logical_name="data"),
       |                                     ^^^^^^
    13 |     ],
       |
      ::: steps/contracts/x_contract.py:5:5
       |
     5 |     expected_input_paths={"input": "/opt/ml/processing/input"},
       |     -------------------- contract inputs
       |
      = step: X
    help: Add `data` to the contract's inputs

A finding of a project workspace adds ``= workspace: ID`` after the step.

Colours come from rich, imported only when colour is on; without colour the output is plain text.
Text from the checked code (messages, names, paths, source lines) is shown through
:func:`~alignlint.core.escape.terminal_text`: control characters appear escaped, never raw.
"""

from __future__ import annotations

from collections.abc import Sequence

from alignlint.core.escape import terminal_text
from alignlint.core.records import record
from alignlint.core.source import split_lines
from alignlint.core.types import Diagnostic, Severity, Span
from alignlint.render import RenderContext
from alignlint.render.summary import closing, fix_marker

#: The lines of each file shown so far (None: unreadable), by path.
_Sources = dict[str, list[str] | None]

#: Lines of context shown before and after a span.
CONTEXT_LINES = 1
#: Longest span (in lines) shown in full; longer spans show their first and last lines.
MAX_SPAN_LINES = 4
TAB_SIZE = 4

_SEVERITY_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold blue",
}
_GUTTER = "bold blue"


@record
class Piece:
    """A run of text with a rich style name (``""`` for none)."""

    text: str
    style: str = ""


Line = list[Piece]


def _display(line: str) -> str:
    return terminal_text(line.expandtabs(TAB_SIZE))


def _display_column(line: str, column: int) -> int:
    """The 0-based display offset of a 1-based character column, tabs expanded."""
    return len(_display(line[: max(column - 1, 0)]))


def _underline(line: str, start: int, end: int) -> tuple[int, int]:
    """Display offset and width of the marker under ``line`` for columns [start, end)."""
    offset = _display_column(line, start)
    width = _display_column(line, end) - offset if end > start else 0
    return offset, max(width, 1)


@record
class _Frame:
    span: Span
    label: str
    primary: bool


def _shown_lines(span: Span, line_count: int) -> list[int | None]:
    """Line numbers to show for a span (``None`` marks elided lines)."""
    first = max(1, span.start.line - CONTEXT_LINES)
    end_line = _last_line(span)
    last = min(line_count, end_line + CONTEXT_LINES)
    lines: list[int | None] = []
    for number in range(first, last + 1):
        inside = span.start.line < number < end_line
        if inside and end_line - span.start.line + 1 > MAX_SPAN_LINES:
            if not lines or lines[-1] is not None:
                lines.append(None)
            continue
        lines.append(number)
    return lines


class _Writer:
    """Builds the styled lines of one finding."""

    def __init__(self, context: RenderContext, width: int, sources: _Sources) -> None:
        self.context = context
        self.width = width
        self.sources = sources
        self.lines: list[Line] = []

    def source_lines(self, path: str) -> list[str] | None:
        """The lines of ``path`` (without the empty "line" after a final line break), read and
        split once per render: the frames of many findings show the same few files."""
        if path not in self.sources:
            text = self.context.read_text(path)
            source = None if text is None else split_lines(text)
            if source is not None and len(source) > 1 and not source[-1]:
                source.pop()  # the "line" after the final line break
            self.sources[path] = source
        return self.sources[path]

    def gutter(self, number: int | None = None, *, end: str = " |") -> Piece:
        text = str(number).rjust(self.width) if number is not None else " " * self.width
        return Piece(text + end, _GUTTER)

    def frame(self, frame: _Frame, severity_style: str) -> None:
        span = frame.span
        arrow = "-->" if frame.primary else ":::"
        self.lines.append([Piece(" " * self.width + arrow, _GUTTER), Piece(f" {span}")])
        source = self.source_lines(span.path)
        if source is None or span.start.line > len(source):
            return
        marker_char, style = ("^", severity_style) if frame.primary else ("-", _GUTTER)
        last = _last_line(span)
        self.lines.append([self.gutter()])
        for number in _shown_lines(span, len(source)):
            if number is None:
                self.lines.append([Piece("...", _GUTTER)])
                continue
            line = source[number - 1]
            self.lines.append([self.gutter(number), Piece(" " + _display(line).rstrip())])
            if number not in (span.start.line, last):
                continue
            start = span.start.column if number == span.start.line else 1 + _indent(line)
            stop = span.end.column if number == span.end.line else len(line.rstrip()) + 1
            offset, width = _underline(line, start, stop)
            marker = [self.gutter(), Piece(" " + " " * offset), Piece(marker_char * width, style)]
            if frame.label and number == last:
                marker.append(Piece(" " + frame.label, style))
            self.lines.append(marker)
        self.lines.append([self.gutter()])


def _last_line(span: Span) -> int:
    """The last line a span covers (an end at column 1 of a later line does not cover it)."""
    if span.is_multiline and span.end.column == 1:
        return span.end.line - 1
    return span.end.line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _frames(diagnostic: Diagnostic) -> list[_Frame]:
    frames = [_Frame(diagnostic.span, "", True)]
    frames.extend(_Frame(r.span, r.message, False) for r in diagnostic.related)
    return frames


def render_diagnostic(
    diagnostic: Diagnostic, context: RenderContext, sources: _Sources | None = None
) -> list[Line]:
    """The styled lines of one finding (``sources``: the files' lines read so far, shared by the
    findings of one render)."""
    frames = _frames(diagnostic)
    width = max(len(str(f.span.end.line + CONTEXT_LINES)) for f in frames)
    writer = _Writer(context, width, {} if sources is None else sources)
    severity_style = _SEVERITY_STYLES[diagnostic.severity]
    header: Line = [Piece(diagnostic.code, severity_style)]
    marker = fix_marker(diagnostic, unsafe_fixes=context.unsafe_fixes)
    if marker:
        header.append(Piece(" "))
        header.append(Piece(marker.strip(), "bold cyan"))
    header.append(Piece(" " + diagnostic.message, "bold"))
    writer.lines.append(header)
    for frame in frames:
        writer.frame(frame, severity_style)
    pad = " " * writer.width
    if diagnostic.severity is not Severity.ERROR:
        writer.lines.append(
            [Piece(f"{pad} = "), Piece("severity: ", "bold"), Piece(diagnostic.severity.label)]
        )
    if diagnostic.step:
        writer.lines.append([Piece(f"{pad} = "), Piece("step: ", "bold"), Piece(diagnostic.step)])
    if diagnostic.workspace:
        label = terminal_text(diagnostic.workspace)
        writer.lines.append([Piece(f"{pad} = "), Piece("workspace: ", "bold"), Piece(label)])
    if diagnostic.fix is not None:
        writer.lines.append([Piece("help", "bold cyan"), Piece(": " + diagnostic.fix.message)])
    return writer.lines


def _plain(lines: Sequence[Line]) -> str:
    return "".join(
        "".join(terminal_text(piece.text) for piece in line).rstrip() + "\n" for line in lines
    )


def _coloured(lines: Sequence[Line]) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        width=100_000,
        highlight=False,
        soft_wrap=True,
    )
    for line in lines:
        text = Text()
        for piece in line:
            text.append(terminal_text(piece.text), style=piece.style or None)
        text.rstrip()
        console.print(text)
    return buffer.getvalue()


def render(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """Every finding with its code frames, separated by blank lines, then the summary."""
    lines: list[Line] = []
    sources: _Sources = {}
    for diagnostic in diagnostics:
        lines.extend(render_diagnostic(diagnostic, context, sources))
        lines.append([])
    output = _coloured(lines) if context.color else _plain(lines)
    return output + closing(diagnostics, context)
