"""What a run produced (:class:`Result`), whether computed (:func:`alignlint.run.analysis.analyze`)
or reused whole from the result cache (:mod:`alignlint.run.cached_result`).

This module imports no rule, fact or model module: a warm run that reuses its previous findings
renders them with this and the output format alone.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.records import record
from alignlint.core.rule_description import RuleDescription
from alignlint.core.types import Diagnostic, Edit, Fix, Severity, Span, Statistics
from alignlint.run.discover import SourceFile

if TYPE_CHECKING:
    from alignlint.model import Project


@record
class Result:
    """What a run produced: the findings (sorted), the linked project, counters, the rules run."""

    diagnostics: tuple[Diagnostic, ...]
    project: Project | None
    statistics: Statistics
    #: The rules the run selected: rule classes, or their catalogue entries when the findings
    #: were reused without importing the rules (:mod:`alignlint.run.rule_catalogue`).
    rules: tuple[RuleDescription, ...]
    root: Path
    files: tuple[SourceFile, ...] = ()
    #: Findings silenced by suppression comments or per-file ignores (for statistics).
    suppressed: int = 0
    #: Findings of the analysed project outside the changed set (see :mod:`alignlint.run.changed`).
    unreported: tuple[Diagnostic, ...] = ()
    #: Root-relative path -> sha256 (hex) of the bytes this run analysed (overlay or disk), for
    #: the fixer to check that it edits exactly those bytes.
    content_hashes: Mapping[str, str] = field(default_factory=dict)
    #: The workspace views the run linked (:mod:`alignlint.run.workspace_views`), in id order.
    views: tuple[Project, ...] = ()
    #: Whether the shared library's view is reported (not when only workspaces are checked).
    shared_reported: bool = True

    def failed(self, fail_on: Severity) -> bool:
        """Whether any finding is at or above ``fail_on`` (the exit code is then 1)."""
        return any(diagnostic.severity >= fail_on for diagnostic in self.diagnostics)


def rebase(diagnostics: Iterable[Diagnostic], root: Path, base: Path) -> list[Diagnostic]:
    """Rewrite root-relative paths in findings (spans, related spans, edits) relative to ``base``."""
    root, base = root.resolve(), base.resolve()
    if root == base:
        return list(diagnostics)
    cache: dict[str, str] = {}

    def path(value: str) -> str:
        if value not in cache:
            cache[value] = Path(_relpath(root / value, base)).as_posix()
        return cache[value]

    def span(value: Span) -> Span:
        return value._replace(path=path(value.path))

    def fix(value: Fix | None) -> Fix | None:
        if value is None:
            return None
        edits = tuple(Edit(span(edit.span), edit.content) for edit in value.edits)
        insertions = tuple(
            dataclasses.replace(insertion, span=span(insertion.span))
            for insertion in value.insertions
        )
        return dataclasses.replace(value, edits=edits, insertions=insertions)

    return [
        dataclasses.replace(
            diagnostic,
            span=span(diagnostic.span),
            related=tuple(dataclasses.replace(r, span=span(r.span)) for r in diagnostic.related),
            fix=fix(diagnostic.fix),
        )
        for diagnostic in diagnostics
    ]


def _relpath(path: Path, base: Path) -> str:
    return os.path.relpath(path, base)
