"""Autofix: apply safe (and, if asked, unsafe) fixes across files, byte-preserving and atomic, each
one kept only if it helps (:mod:`alignlint.fix.gate`).

The CLI calls :func:`run_fixes`; :func:`render_diffs` prints ``--diff`` output.
"""

from __future__ import annotations

from alignlint.fix.diff import render_diffs, unified_diff
from alignlint.fix.loop import Analyze
from alignlint.fix.report import (
    AppliedChange,
    DiscardedFix,
    FileChange,
    FileProblem,
    FixReport,
    RefusedFix,
)
from alignlint.fix.run import run_fixes
from alignlint.fix.snapshot import Snapshot
from alignlint.run.fix_policy import FixPolicy

__all__ = [
    "Analyze",
    "AppliedChange",
    "DiscardedFix",
    "FileChange",
    "FileProblem",
    "FixPolicy",
    "FixReport",
    "RefusedFix",
    "Snapshot",
    "render_diffs",
    "run_fixes",
    "unified_diff",
]
