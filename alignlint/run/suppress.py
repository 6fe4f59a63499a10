"""Suppression comments: finding them, matching findings against them, and reporting the unused.

Three forms are understood (codes or rule names inside the brackets, separated by commas)::

    x = 1  # alignlint: ignore[ALN203] -- the contract is generated at run time
    # alignlint: ignore[contract-input-missing] -- applies to the next line
    # alignlint: file-ignore[ALN101] -- applies to the whole file
    x = 1  # noqa: ALN203

A comment applies to its own line; a comment alone on its line (or a block of such comments)
also applies to the first line after it. A cross-file finding is silenced by a suppression at any
of its spans (the primary span or a related one). ``# noqa`` codes that are not alignlint's
(``E501``) are left to their owners. Comments are found with :mod:`tokenize` in Python files, so a
``#`` inside a string is never a suppression; YAML and TOML files are scanned line by line.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from alignlint.core.source import split_lines
from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Span

_ALIGNLINT = re.compile(
    r"#\s*alignlint\s*:\s*(?P<kind>[a-z-]*)\s*"
    r"(?:\[(?P<codes>[^\]]*)\])?(?:\s*--\s*(?P<reason>.*\S))?\s*$"
)
_ALIGNLINT_START = re.compile(r"#\s*alignlint\s*:")
_NOQA = re.compile(
    r"#\s*noqa(?::\s?(?P<codes>[A-Za-z]+[0-9]+(?:[,\s]+[A-Za-z]+[0-9]+)*))?"
    r"(?:\s*--\s*(?P<reason>.*\S))?",
    re.IGNORECASE,
)
_CODE_SHAPE = re.compile(r"(?P<letters>[A-Z]+)[0-9]+")
#: A file can hold one of our suppression comments only if this matches somewhere in it (a
#: ``noqa`` is ours only when it names an ALN code); the others are never tokenized.
_MAY_HOLD_DIRECTIVE = re.compile(r"#\s*alignlint\s*:|noqa:[^\n]*ALN", re.IGNORECASE)
KINDS = ("ignore", "file-ignore")


@dataclass(frozen=True)
class Comment:
    """A comment in a source file: where its ``#`` is, its text, and whether code precedes it."""

    line: int
    column: int
    text: str
    standalone: bool


@dataclass(frozen=True)
class Entry:
    """One code (or rule name) written in a directive, with its span inside the comment."""

    written: str
    span: Span


@dataclass(frozen=True)
class Directive:
    """A parsed suppression comment.

    ``kind`` is ``ignore``, ``file-ignore`` or ``noqa``; ``lines`` are the lines it covers (empty
    for ``file-ignore``, which covers the file); ``codes_span`` covers the written code list (for
    fixes that drop unused codes). ``problem`` is set when the comment is malformed.
    """

    kind: str
    path: str
    span: Span
    entries: tuple[Entry, ...]
    reason: str | None
    lines: tuple[int, ...]
    codes_span: Span | None
    #: What to delete to remove the directive (its whole line when it is alone on it).
    removal_span: Span | None = None
    problem: str | None = None

    @property
    def label(self) -> str:
        return "`noqa`" if self.kind == "noqa" else f"`alignlint: {self.kind}`"


# -- finding comments ------------------------------------------------------------------------------
def python_comments(text: str) -> list[Comment]:
    """Every comment of a Python source, via :mod:`tokenize` (line scan if it cannot tokenize)."""
    comments: list[Comment] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text, newline=None).readline):
            if token.type == tokenize.COMMENT:
                row, col = token.start
                standalone = not token.line[:col].strip()
                comments.append(Comment(row, col + 1, token.string, standalone))
    except (tokenize.TokenError, SyntaxError):
        return hash_comments(text, quotes=False)
    return comments


def hash_comments(text: str, *, quotes: bool = True) -> list[Comment]:
    """Comments of a ``#``-commented text file (YAML, TOML), skipping ``#`` inside quotes."""
    comments = []
    for number, line in enumerate(split_lines(text), start=1):
        quote: str | None = None
        for index, char in enumerate(line):
            if quotes and quote is None and char in "\"'":
                quote = char
            elif quote is not None and char == quote:
                quote = None
            elif quote is None and char == "#":
                standalone = not line[:index].strip()
                comments.append(Comment(number, index + 1, line[index:], standalone))
                break
    return comments


def comments_for(path: str, text: str) -> list[Comment]:
    """The comments of a file by its type (JSON has none)."""
    if path.endswith(".py"):
        return python_comments(text)
    if path.endswith((".yaml", ".yml", ".toml")):
        return hash_comments(text)
    return []


# -- parsing directives ----------------------------------------------------------------------------
def _covered_lines(
    comment: Comment, standalone_lines: set[int], line_count: int
) -> tuple[int, ...]:
    if not comment.standalone:
        return (comment.line,)
    following = comment.line + 1
    while following in standalone_lines:
        following += 1
    if following > line_count:
        return (comment.line,)
    return (comment.line, following)


def _span(path: str, line: int, start: int, end: int) -> Span:
    return Span(path, line, start, line, end)


def _entries(path: str, line: int, base: int, text: str, separators: str) -> tuple[Entry, ...]:
    entries = []
    for match in re.finditer(rf"[^{separators}]+", text):
        start = base + match.start()
        entries.append(Entry(match.group(0), _span(path, line, start, base + match.end())))
    return tuple(entries)


def _parse_alignlint(
    path: str, comment: Comment, offset: int, lines: tuple[int, ...], removal: Span | None
) -> Directive:
    text = comment.text[offset:]
    column = comment.column + offset
    span = _span(path, comment.line, column, column + len(text.rstrip()))
    match = _ALIGNLINT.match(text)
    kind = match.group("kind") if match else ""
    if match is None or kind not in KINDS or match.group("codes") is None:
        problem = (
            "Malformed `alignlint` directive; expected "
            "`# alignlint: ignore[CODE] -- reason` or `# alignlint: file-ignore[CODE] -- reason`"
        )
        return Directive("malformed", path, span, (), None, (), None, problem=problem)
    codes_start = column + match.start("codes")
    codes_span = _span(path, comment.line, codes_start, column + match.end("codes"))
    entries = _entries(path, comment.line, codes_start, match.group("codes"), r",\s")
    covered = () if kind == "file-ignore" else lines
    directive = Directive(
        kind, path, span, entries, match.group("reason"), covered, codes_span, removal
    )
    if not entries:
        return dataclasses.replace(
            directive, lines=(), problem=f"Empty {directive.label} directive"
        )
    return directive


def _parse_noqa(
    path: str, comment: Comment, match: re.Match[str], lines: tuple[int, ...], removal: Span | None
) -> Directive | None:
    if match.group("codes") is None:
        return None  # a blanket no-quality-assurance comment belongs to other tools
    column = comment.column + match.start()
    span = _span(path, comment.line, column, comment.column + match.end())
    codes_start = comment.column + match.start("codes")
    codes_span = _span(path, comment.line, codes_start, comment.column + match.end("codes"))
    entries = _entries(path, comment.line, codes_start, match.group("codes"), r",\s")
    return Directive("noqa", path, span, entries, match.group("reason"), lines, codes_span, removal)


def may_hold_directive(text: str) -> bool:
    """Whether ``text`` can hold one of our suppression comments (cheap; never a false "no")."""
    if text.isascii():
        # For ASCII text a case-insensitive match of the pattern implies these lower-case words
        # (plain substring tests are ten times faster than the case-insensitive search).
        lowered = text.lower()
        if "alignlint" not in lowered and ("noqa" not in lowered or "aln" not in lowered):
            return False
    return _MAY_HOLD_DIRECTIVE.search(text) is not None


def parse_directives(path: str, text: str) -> list[Directive]:
    """Every suppression directive (including malformed ``alignlint:`` comments) in a file."""
    comments = comments_for(path, text)
    if not comments:
        return []
    source_lines = split_lines(text)
    standalone = {comment.line for comment in comments if comment.standalone}
    directives: list[Directive] = []
    for comment in comments:
        covered = _covered_lines(comment, standalone, len(source_lines))
        start = _ALIGNLINT_START.search(comment.text)
        if start is not None:
            removal = _removal_span(path, comment, start.start(), source_lines, text)
            directives.append(_parse_alignlint(path, comment, start.start(), covered, removal))
            continue
        noqa = _NOQA.search(comment.text)
        if noqa is not None:
            removal = _removal_span(path, comment, noqa.start(), source_lines, text)
            directive = _parse_noqa(path, comment, noqa, covered, removal)
            if directive is not None:
                directives.append(directive)
    return directives


def _removal_span(
    path: str, comment: Comment, offset: int, source_lines: list[str], text: str
) -> Span | None:
    """The text to delete when a directive starting at ``offset`` in the comment is unused.

    Only when the directive is the whole comment: the whole line for a comment alone on its line,
    else the comment and the blanks before it.
    """
    if offset != 0:
        return None
    line = source_lines[comment.line - 1] if comment.line <= len(source_lines) else ""
    if comment.standalone:
        if comment.line < len(source_lines) or text.endswith(("\n", "\r")):
            return Span(path, comment.line, 1, comment.line + 1, 1)
        return _span(path, comment.line, 1, len(line) + 1)
    code_end = len(line[: comment.column - 1].rstrip()) + 1
    return _span(path, comment.line, code_end, len(line.rstrip()) + 1)


# -- matching --------------------------------------------------------------------------------------
@dataclass
class _State:
    directive: Directive
    #: entry index -> normalised code (None: unknown / not alignlint's)
    codes: list[str | None]
    used: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Problem:
    """A directive (or some of its codes) to report as ALN004, with an optional fix."""

    directive: Directive
    message: str
    span: Span
    fix: Fix | None


class Suppressions:
    """All directives of a run; decides which findings are silenced and which directives are unused.

    ``rules`` maps every known rule code *and* name to its code; ``require_reason`` makes a
    directive without `` -- reason`` ineffective (and reported).
    """

    def __init__(
        self,
        directives: Iterable[Directive],
        rules: Mapping[str, str],
        *,
        require_reason: bool = False,
    ) -> None:
        self._rules = rules
        self._prefixes = {
            match.group("letters")
            for code in rules.values()
            if (match := _CODE_SHAPE.fullmatch(code)) is not None
        }
        self._require_reason = require_reason
        self._states: list[_State] = []
        self._by_line: dict[tuple[str, int], list[_State]] = {}
        self._by_file: dict[str, list[_State]] = {}
        for directive in directives:
            state = _State(
                directive, [self._normalise(directive, e.written) for e in directive.entries]
            )
            self._states.append(state)
            if not self._effective(directive):
                continue
            if directive.kind == "file-ignore":
                self._by_file.setdefault(directive.path, []).append(state)
            for line in directive.lines:
                self._by_line.setdefault((directive.path, line), []).append(state)

    def _normalise(self, directive: Directive, written: str) -> str | None:
        if directive.kind == "noqa":
            written = written.upper()
        return self._rules.get(written)

    def _owned(self, directive: Directive, written: str) -> bool:
        """Whether an entry is alignlint's to judge (a noqa ``E501`` is not)."""
        if directive.kind != "noqa":
            return True
        shape = _CODE_SHAPE.fullmatch(written.upper())
        return shape is not None and shape.group("letters") in self._prefixes

    def _effective(self, directive: Directive) -> bool:
        if directive.problem is not None:
            return False
        return not (self._require_reason and not directive.reason)

    def _candidates(self, span: Span) -> Iterator[_State]:
        yield from self._by_file.get(span.path, ())
        yield from self._by_line.get((span.path, span.start.line), ())

    def suppresses(self, diagnostic: Diagnostic) -> bool:
        """Whether a directive at any span of ``diagnostic`` names its rule (marks it used)."""
        matched = False
        spans = (diagnostic.span, *(related.span for related in diagnostic.related))
        for span in spans:
            for state in self._candidates(span):
                for index, code in enumerate(state.codes):
                    if code == diagnostic.code:
                        state.used.add(index)
                        matched = True
        return matched

    def problems(self, enabled: Iterable[str], never_unused: Sequence[str] = ()) -> list[Problem]:
        """Malformed directives, directives missing a reason, and unknown or unused codes.

        A code counts as unused only when its rule ran (``enabled``); codes in ``never_unused``
        (the unused-suppression rule itself) are never reported as unused.
        """
        enabled_codes = set(enabled)
        problems: list[Problem] = []
        for state in self._states:
            directive = state.directive
            if directive.problem is not None:
                problems.append(Problem(directive, directive.problem, directive.span, None))
                continue
            unknown: list[int] = []
            unused: list[int] = []
            for index, code in enumerate(state.codes):
                entry = directive.entries[index]
                if code is None:
                    if self._owned(directive, entry.written):
                        unknown.append(index)
                elif (
                    index not in state.used
                    and code in enabled_codes
                    and code not in never_unused
                    and self._effective(directive)
                ):
                    unused.append(index)
            if unused or unknown:
                problems.append(self._unused_problem(state, unused, unknown))
            if self._require_reason and not directive.reason:
                message = (
                    f"{directive.label} directive has no reason "
                    "(`require-suppression-reason` is set); add one after ` -- `"
                )
                problems.append(Problem(directive, message, directive.span, None))
        return problems

    def _unused_problem(self, state: _State, unused: list[int], unknown: list[int]) -> Problem:
        directive = state.directive
        parts = []
        if unused:
            parts.append(
                "unused: " + ", ".join(f"`{directive.entries[i].written}`" for i in unused)
            )
        if unknown:
            parts.append(
                "unknown: " + ", ".join(f"`{directive.entries[i].written}`" for i in unknown)
            )
        message = f"Unused {directive.label} directive ({'; '.join(parts)})"
        dropped = set(unused) | set(unknown)
        return Problem(directive, message, directive.span, _removal_fix(directive, dropped))


def _removal_fix(directive: Directive, dropped: set[int]) -> Fix:
    kept = [entry.written for index, entry in enumerate(directive.entries) if index not in dropped]
    if kept and directive.codes_span is not None:
        edit = Edit(directive.codes_span, ", ".join(kept))
        return Fix("Remove unused suppression codes", Applicability.SAFE, (edit,))
    span = directive.removal_span or directive.span
    return Fix("Remove unused suppression", Applicability.SAFE, (Edit(span, ""),))
