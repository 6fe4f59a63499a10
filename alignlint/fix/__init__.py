"""Autofix: apply safe (and, if asked, unsafe) fixes across files, byte-preserving and atomic.

The CLI calls :func:`run_fixes`; :func:`render_diffs` prints ``--diff`` output.
"""

from __future__ import annotations

from alignlint.fix.diff import render_diffs, unified_diff
from alignlint.fix.loop import Analyze
from alignlint.fix.report import DiscardedFix, FileChange, FileProblem, FixReport
from alignlint.fix.run import run_fixes
from alignlint.run.fix_policy import FixPolicy

__all__ = [
    "Analyze",
    "DiscardedFix",
    "FileChange",
    "FileProblem",
    "FixPolicy",
    "FixReport",
    "render_diffs",
    "run_fixes",
    "unified_diff",
]
