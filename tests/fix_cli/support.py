"""Shared pieces of the fix CLI tests: fixture cases (materialised from ``fixtures/**/*.case``),
running the real engine with the fix machinery, and checking that a fix pass changed nothing outside
the edits it was offered."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fixture_cases import case_path, materialize
from fixture_harness import Case, prepared_case

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Span
from alignlint.fix import FixPolicy, FixReport, run_fixes
from alignlint.fix.snapshot import Snapshot
from alignlint.rules.base import Rule
from alignlint.run.analysis import analyze

REPO = Path(__file__).resolve().parents[2]
CACHE_DIR = Settings().cache_dir
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def project_of(name: str, destination: Path) -> Path:
    """Materialise the project of fixture case ``name`` (``contract_spec/ALN206_...``) into
    ``destination``."""
    return materialize(case_path(name), destination)


@dataclass
class RecordingAnalysis:
    """``analyze(overlay)`` over the real engine, as the CLI runs it for fixing (the findings and
    the link table), that records every state it was asked about."""

    root: Path
    settings: Settings
    rules: Sequence[type[Rule]]
    calls: list[tuple[dict[str, bytes], tuple[Diagnostic, ...]]] = field(default_factory=list)

    def __call__(self, overlay: Mapping[str, bytes]) -> Snapshot:
        result = analyze(
            [], self.settings, root=self.root, rules=self.rules, overlay=overlay, need_project=True
        )
        self.calls.append((dict(overlay), result.diagnostics))
        return Snapshot.from_result(result.diagnostics, result)


@dataclass(frozen=True)
class FixedCase:
    """A fixture project fixed in a temporary directory."""

    root: Path
    before: dict[str, bytes]
    report: FixReport
    analysis: RecordingAnalysis
    policy: FixPolicy


def snapshot(root: Path) -> dict[str, bytes]:
    """Path → bytes of every project file below ``root`` (alignlint's cache excluded)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and CACHE_DIR not in path.relative_to(root).parts
    }


def fix_copy(case: Case, destination: Path, *, write: bool = True) -> FixedCase:
    """Materialise ``case`` into ``destination`` and apply every fix (``--fix --unsafe-fixes``)."""
    root = case.materialize(destination)
    prepared = prepared_case(root)
    settings = prepared.settings
    analysis = RecordingAnalysis(root, settings, prepared.rules)
    policy = FixPolicy.from_settings(settings, unsafe_fixes=True)
    before = snapshot(root)
    report = run_fixes(root, analysis, policy, write=write)
    return FixedCase(root, before, report, analysis, policy)


def offered_fixes(diagnostics: Sequence[Diagnostic], policy: FixPolicy) -> list[Diagnostic]:
    """The findings whose fix ``policy`` would apply."""
    return [
        d
        for d in diagnostics
        if d.fix is not None and d.fix.changes_something and policy.allows(d.fix, d.code, d.name)
    ]


def _offset(text: str, line: int, column: int) -> int:
    starts = [0] + [match.end() for match in LINE_BREAK.finditer(text)]
    return starts[line - 1] + column - 1


def span_offsets(text: str, span: Span) -> tuple[int, int]:
    """Character offsets of a span in ``text`` (1-based lines and character columns)."""
    return (
        _offset(text, span.start.line, span.start.column),
        _offset(text, span.end.line, span.end.column),
    )


def changed_only_inside(old: str, new: str, regions: Sequence[tuple[int, int]]) -> bool:
    """Whether ``new`` is ``old`` with only the character ``regions`` replaced (by anything)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    kept = []
    previous = 0
    for start, end in merged:
        kept.append(old[previous:start])
        previous = end
    kept.append(old[previous:])
    pattern = re.escape(kept[0]) + "".join("(?s:.*?)" + re.escape(piece) for piece in kept[1:])
    return re.fullmatch(pattern, new) is not None


def load_problem(path: str, data: bytes) -> str | None:
    """Why a fixed file does not load any more (Python parses, JSON loads), or ``None``."""
    try:
        if path.endswith(".py"):
            ast.parse(data)
        elif path.endswith(".json"):
            json.loads(data)
    except (SyntaxError, ValueError) as error:
        return str(error)
    return None
