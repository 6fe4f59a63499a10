"""Lint a mutant in-process and decide whether it was killed.

A mutant is *killed* when the linter reports a **new** finding **at the mutated spot**:

* new: its fingerprint (rule, step, files, subject — no line numbers) is not among the findings
  of the unmutated library;
* at the mutated spot: its primary span or one of its related spans is in the mutated file and
  its line range overlaps the mutated line range (:attr:`Mutant.lines`).

The unmutated library is never modified: the mutated file is handed to the engine as an overlay
(the same mechanism the fix loop uses), so every mutant is linted against pristine neighbours.
A large library (the real-code corpus) is linted with the fact cache in a directory of its own:
only the mutated file is extracted again for each mutant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Span
from alignlint.run.analysis import analyze

from .library import Mutant


@dataclass(frozen=True)
class Scope:
    """What to lint in a library: ``paths`` below its root (all of it when empty), and the
    directory of a fact cache (None: no cache)."""

    paths: tuple[Path, ...] = ()
    cache: Path | None = None


WHOLE = Scope()
"""All of a library, without a cache."""


def lint(
    root: Path, overlay: dict[str, bytes] | None = None, scope: Scope = WHOLE
) -> tuple[Diagnostic, ...]:
    """Every finding of the library at ``root`` (with ``overlay`` replacing file contents)."""
    if scope.cache is None:
        settings, cached = Settings(), False
    else:
        settings, cached = Settings(cache_dir=str(scope.cache)), True
    result = analyze(scope.paths, settings, root=root, overlay=overlay, use_cache=cached)
    return result.diagnostics


def span_lines(span: Span) -> tuple[int, int]:
    """The lines a span covers; an end at column 1 does not cover its line (end exclusive)."""
    last = span.end.line
    if span.end.column == 1 and last > span.start.line:
        last -= 1
    return span.start.line, last


def at_spot(diagnostic: Diagnostic, mutant: Mutant) -> bool:
    """Whether the finding's primary or a related span overlaps the mutated lines."""
    first, last = mutant.lines
    for span in (diagnostic.span, *(related.span for related in diagnostic.related)):
        if span.path != mutant.path:
            continue
        start, end = span_lines(span)
        if start <= last and end >= first:
            return True
    return False


@dataclass(frozen=True)
class Outcome:
    """What linting one mutant produced."""

    mutant: Mutant
    new: tuple[Diagnostic, ...]
    killers: tuple[Diagnostic, ...]

    @property
    def killed(self) -> bool:
        return bool(self.killers)

    def explain(self) -> str:
        """One line: the site, then the killing codes, or why the mutant survived."""
        if self.killed:
            codes = ", ".join(sorted({d.code for d in self.killers}))
            return f"killed by {codes}: {self.mutant.site}"
        if self.new:
            elsewhere = "; ".join(f"{d.code} at {d.span}" for d in self.new)
            return f"SURVIVED (new findings elsewhere: {elsewhere}): {self.mutant.site}"
        return f"SURVIVED (no new finding): {self.mutant.site}"


class Judge:
    """Lints mutants of one library against its unmutated findings."""

    def __init__(self, root: Path, scope: Scope = WHOLE) -> None:
        self.root = root
        self.scope = scope
        self.baseline = lint(root, scope=scope)
        self._known = {d.fingerprint for d in self.baseline}

    def judge(self, mutant: Mutant) -> Outcome:
        found = lint(self.root, {mutant.path: mutant.text.encode("utf-8")}, self.scope)
        new = tuple(d for d in found if d.fingerprint not in self._known)
        killers = tuple(d for d in new if at_spot(d, mutant))
        return Outcome(mutant, new, killers)

    def judge_all(self, mutants: Sequence[Mutant]) -> list[Outcome]:
        return [self.judge(mutant) for mutant in mutants]
