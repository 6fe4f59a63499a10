"""Suppression comments as phase 1 finds them: every directive a file holds, parsed.

Three forms are understood (codes or rule names inside the brackets, separated by commas)::

    x = 1  # alignlint: ignore[ALN203] -- the contract is generated at run time
    # alignlint: ignore[contract-input-missing] -- applies to the next line
    # alignlint: file-ignore[ALN101] -- applies to the whole file
    x = 1  # noqa: ALN203

A comment applies to its own line; a comment alone on its line (or a block of such comments)
also applies to the first line after it. Comments are found with :mod:`tokenize` in Python files,
so a ``#`` inside a string is never a suppression; YAML and TOML files are scanned line by line.
Which findings the directives silence, and which are unused, is decided by
:mod:`alignlint.run.suppress`.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize

from alignlint.core.records import record
from alignlint.core.source import split_lines
from alignlint.core.types import Span

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
#: A file can hold one of our suppression comments only if this matches somewhere in it (a
#: ``noqa`` is ours only when it names an ALN code); the others are never tokenized.
_MAY_HOLD_DIRECTIVE = re.compile(r"#\s*alignlint\s*:|noqa:[^\n]*ALN", re.IGNORECASE)
KINDS = ("ignore", "file-ignore")


@record
class Comment:
    """A comment in a source file: where its ``#`` is, its text, and whether code precedes it."""

    line: int
    column: int
    text: str
    standalone: bool


@record
class Entry:
    """One code (or rule name) written in a directive, with its span inside the comment."""

    written: str
    span: Span


@record
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
