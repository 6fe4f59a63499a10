"""``--add-ignore[=REASON]``: suppression comments for every remaining finding, as fixes.

For each finding, ``# alignlint: ignore[CODE] -- REASON`` goes at the end of the line its primary
span starts on. When that line already has an ``# alignlint: ignore[...]`` comment, the code is
added to it (a code — or the rule's name — already listed is never repeated). When the end of the
line is inside a multi-line string (or the line continues with a backslash), the comment goes on a
new line right above it instead (merged into an ``ignore`` comment already standing alone there),
which suppressions also honour. Findings that start deep inside a multi-line string, on a shebang
line, or in files other than Python are skipped and reported.

The comments are edits applied through the same checked path as every fix.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import field

from alignlint.core.records import record
from alignlint.core.source import LINE_BREAK
from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Position, Span
from alignlint.fix.apply import FixCandidate
from alignlint.fix.report import DiscardedFix
from alignlint.fix.store import SourceStore
from alignlint.fix.text import PYTHON_SUFFIXES, LineIndex

IGNORE_COMMENT = re.compile(r"#\s*alignlint:\s*ignore\[(?P<codes>[^\]]*)\]")
ADD_IGNORE = "add-ignore"
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


@record
class IgnorePlan:
    """The suppression edits to apply, how many findings each one covers, and what was skipped."""

    candidates: tuple[tuple[FixCandidate, int], ...]
    skipped: tuple[DiscardedFix, ...]


@record
class _Tokens:
    """What tokenizing a file tells about where a comment may go."""

    ends_in_string: frozenset[int]
    starts_in_string: frozenset[int]
    comments: dict[int, tuple[int, str]] = field(default_factory=dict)


def plan_ignores(diagnostics: Iterable[Diagnostic], store: SourceStore, reason: str) -> IgnorePlan:
    """Suppression comments for ``diagnostics`` (``reason`` may be empty: no ``-- reason``)."""
    by_path: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_path.setdefault(diagnostic.span.path, []).append(diagnostic)
    candidates: list[tuple[FixCandidate, int]] = []
    skipped: list[DiscardedFix] = []
    for path, found in sorted(by_path.items()):
        planner = _FilePlanner.create(path, store, reason)
        if isinstance(planner, str):
            skipped.extend(_skip(d, planner) for d in found)
            continue
        file_candidates, file_skipped = planner.plan(found)
        candidates.extend(file_candidates)
        skipped.extend(file_skipped)
    return IgnorePlan(tuple(candidates), tuple(sorted(skipped)))


class _FilePlanner:
    def __init__(self, path: str, text: str, tokens: _Tokens, reason: str) -> None:
        self.path = path
        self.text = text
        self.index = LineIndex.of(text)
        self.tokens = tokens
        self.reason = reason

    @classmethod
    def create(cls, path: str, store: SourceStore, reason: str) -> _FilePlanner | str:
        if not path.endswith(PYTHON_SUFFIXES):
            return "suppression comments can only be added to Python files"
        problem = store.problem(path)
        if problem is not None:
            return f"{path} {problem}"
        text = store.current(path).text
        tokens = _tokenize(text)
        if tokens is None:
            return f"{path} cannot be tokenized"
        return cls(path, text, tokens, reason)

    def plan(
        self, diagnostics: list[Diagnostic]
    ) -> tuple[list[tuple[FixCandidate, int]], list[DiscardedFix]]:
        targets: dict[tuple[int, bool], dict[str, set[str]]] = {}
        counts: dict[tuple[int, bool], int] = {}
        skipped = []
        for diagnostic in diagnostics:
            target = self._target(diagnostic.span.start.line)
            if isinstance(target, str):
                skipped.append(_skip(diagnostic, target))
                continue
            targets.setdefault(target, {}).setdefault(diagnostic.code, set()).add(diagnostic.name)
            counts[target] = counts.get(target, 0) + 1
        candidates = []
        for target in sorted(targets):
            edit = self._edit(target, targets[target])
            if edit is not None:
                line, _ = target
                fix = Fix("Add a suppression comment", Applicability.SAFE, (edit,))
                order = (self.path, line, 1, ADD_IGNORE, "")
                candidates.append((FixCandidate(order, ADD_IGNORE, fix), counts[target]))
        return candidates, skipped

    def _target(self, line: int) -> tuple[int, bool] | str:
        """``(line, above)``: comment at the end of ``line``, or on a new line above it."""
        line = min(max(line, 1), self.index.line_count)
        if line == 1 and self._line(1).startswith("#!"):
            return "the finding is on the shebang line"
        if self._commentable(line):
            return (line, False)
        if line in self.tokens.starts_in_string:
            return "the finding starts inside a multi-line string"
        if line > 1 and not self._commentable(line - 1):
            return "no line above the finding can take a comment"
        if line > 1 and self._standalone_ignore(line - 1):
            return (line - 1, False)
        return (line, True)

    def _commentable(self, line: int) -> bool:
        if line in self.tokens.ends_in_string:
            return False
        return line in self.tokens.comments or not self._line(line).rstrip().endswith("\\")

    def _standalone_ignore(self, line: int) -> bool:
        comment = self.tokens.comments.get(line)
        return (
            comment is not None
            and not self._line(line)[: comment[0]].strip()
            and IGNORE_COMMENT.search(comment[1]) is not None
        )

    def _edit(self, target: tuple[int, bool], codes: dict[str, set[str]]) -> Edit | None:
        line, above = target
        text = self._line(line)
        indent = text[: len(text) - len(text.lstrip())]
        if above:
            content = f"{indent}{self._comment(sorted(codes))}\n"
            return Edit(Span(self.path, line, 1, line, 1), content)
        comment = self.tokens.comments.get(line)
        existing = IGNORE_COMMENT.search(comment[1]) if comment else None
        if comment is not None and existing is not None:
            return self._merge(line, comment[0] + existing.end("codes"), existing, codes)
        stripped = text.rstrip()
        start = Position(line, len(stripped) + 1)
        end = Position(line, len(text) + 1)
        separator = "  " if stripped.strip() else ""
        content = f"{separator}{self._comment(sorted(codes))}"
        return Edit(Span.between(self.path, start, end), content)

    def _merge(
        self, line: int, column: int, existing: re.Match[str], codes: dict[str, set[str]]
    ) -> Edit | None:
        listed = {item for item in re.split(r"[\s,]+", existing.group("codes")) if item}
        missing = sorted(code for code, names in codes.items() if not listed & ({code} | names))
        if not missing:
            return None
        content = (", " if listed else "") + ", ".join(missing)
        position = Position(line, column + 1)
        return Edit(Span.between(self.path, position, position), content)

    def _comment(self, codes: list[str]) -> str:
        comment = f"# alignlint: ignore[{', '.join(codes)}]"
        return f"{comment} -- {self.reason}" if self.reason else comment

    def _line(self, line: int) -> str:
        return self.index.line_text(self.text, line)


def _tokenize(text: str) -> _Tokens | None:
    normalized = LINE_BREAK.sub("\n", text)
    ends_in_string: set[int] = set()
    starts_in_string: set[int] = set()
    comments: dict[int, tuple[int, str]] = {}
    fstring_starts: list[int] = []

    def string_lines(first: int, last: int) -> None:
        ends_in_string.update(range(first, last))
        starts_in_string.update(range(first + 1, last + 1))

    try:
        for token in tokenize.generate_tokens(io.StringIO(normalized).readline):
            if token.type == tokenize.STRING:
                string_lines(token.start[0], token.end[0])
            elif token.type == tokenize.COMMENT:
                comments[token.start[0]] = (token.start[1], token.string)
            elif _FSTRING_START is not None and token.type == _FSTRING_START:
                fstring_starts.append(token.start[0])
            elif _FSTRING_END is not None and token.type == _FSTRING_END and fstring_starts:
                string_lines(fstring_starts.pop(), token.end[0])
    except (tokenize.TokenError, SyntaxError):
        return None
    return _Tokens(frozenset(ends_in_string), frozenset(starts_in_string), comments)


def _skip(diagnostic: Diagnostic, reason: str) -> DiscardedFix:
    return DiscardedFix(diagnostic.span.path, diagnostic.code, "Add a suppression comment", reason)
