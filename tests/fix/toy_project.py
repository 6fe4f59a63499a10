"""A tiny real analyser for fix tests: text rules over the files of a directory.

It reads files the way the engine does (overlay first, then disk), reports syntax errors as
ALN001, honours ``# alignlint: ignore[CODE]`` on the finding's line or the line above, and lets
each test define rules as plain functions of ``(path, text)``. Positions are computed here
independently of :mod:`alignlint.fix.text`.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Severity, Span

ToyRule = Callable[[str, str], list[Diagnostic]]
BREAK = re.compile(r"\r\n|\r|\n")
SUPPRESSION = re.compile(r"#\s*alignlint:\s*ignore\[([^\]]*)\]")


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and character column of ``offset`` in ``text``."""
    breaks = list(BREAK.finditer(text[:offset]))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


def span(path: str, text: str, start: int, end: int) -> Span:
    return Span.of(path, *position(text, start), *position(text, end))


def overlay_text(root: Path, overlay: Mapping[str, bytes], name: str) -> str | None:
    """The text of file ``name`` as a fix pass sees it: the overlay's, else the disk's (None:
    no such file)."""
    if name in overlay:
        return overlay[name].decode()
    path = root / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def finding(code: str, path: str, text: str, start: int, end: int, fix: Fix | None) -> Diagnostic:
    return Diagnostic(
        code, f"toy-{code.lower()}", Severity.ERROR, "toy", span(path, text, start, end), fix=fix
    )


def replace_rule(
    code: str, old: str, new: str, applicability: Applicability = Applicability.SAFE
) -> ToyRule:
    """Every occurrence of ``old`` is a finding whose fix writes ``new`` instead."""

    def rule(path: str, text: str) -> list[Diagnostic]:
        found = []
        for match in re.finditer(re.escape(old), text):
            where = span(path, text, match.start(), match.end())
            fix = Fix(f"Write {new!r}", applicability, (Edit(where, new),))
            found.append(finding(code, path, text, match.start(), match.end(), fix))
        return found

    return rule


def decode(path: str, data: bytes) -> str:
    if path.endswith(".py"):
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    return data.decode("utf-8-sig")


class ToyProject:
    """``analyze(overlay)`` for :func:`alignlint.fix.run_fixes` over the files below ``root``."""

    def __init__(self, root: Path, rules: Sequence[ToyRule]) -> None:
        self.root = root
        self.rules = rules
        self.calls = 0

    def __call__(self, overlay: Mapping[str, bytes]) -> list[Diagnostic]:
        self.calls += 1
        found: list[Diagnostic] = []
        for file in sorted(self.root.rglob("*")):
            path = file.relative_to(self.root).as_posix()
            if not file.is_file() or file.name.startswith("."):
                continue
            data = overlay.get(path, file.read_bytes())
            if path.endswith(".py"):
                try:
                    compile(data, path, "exec", dont_inherit=True)
                except SyntaxError:
                    found.append(finding("ALN001", path, "", 0, 0, None))
            text = decode(path, data)
            lines = BREAK.split(text)
            for rule in self.rules:
                found.extend(d for d in rule(path, text) if not suppressed(d, lines))
        return sorted(found, key=lambda d: d.sort_key)


def suppressed(diagnostic: Diagnostic, lines: list[str]) -> bool:
    line = diagnostic.span.start.line
    for text in lines[max(line - 2, 0) : line]:
        for match in SUPPRESSION.finditer(text):
            if diagnostic.code in re.split(r"[\s,]+", match.group(1)):
                return True
    return False
