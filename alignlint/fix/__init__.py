"""Autofix: apply safe (and, if asked, unsafe) fixes across files, byte-preserving and atomic, each
one kept only if it helps (:mod:`alignlint.fix.gate`).

The CLI calls :func:`run_fixes`; :func:`render_diffs` prints ``--diff`` output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alignlint.infra.lazy_exports import lazy_exports

if TYPE_CHECKING:
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

#: Where each name of the package is defined: imported on first use, so that a check reading
#: one module of the package (which fixes it can write: :mod:`alignlint.fix.writable`) does not
#: import the fix loop.
_HOMES: dict[str, str] = {
    "Analyze": "alignlint.fix.loop",
    "AppliedChange": "alignlint.fix.report",
    "DiscardedFix": "alignlint.fix.report",
    "FileChange": "alignlint.fix.report",
    "FileProblem": "alignlint.fix.report",
    "FixPolicy": "alignlint.run.fix_policy",
    "FixReport": "alignlint.fix.report",
    "RefusedFix": "alignlint.fix.report",
    "Snapshot": "alignlint.fix.snapshot",
    "render_diffs": "alignlint.fix.diff",
    "run_fixes": "alignlint.fix.run",
    "unified_diff": "alignlint.fix.diff",
}

__getattr__ = lazy_exports(__name__, _HOMES)

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
