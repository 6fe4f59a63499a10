"""What a fix run did: the data handed back to the CLI (no formatting here)."""

from __future__ import annotations

from dataclasses import dataclass

from alignlint.core.types import Diagnostic


@dataclass(frozen=True)
class FileChange:
    """A file's content before (as read from disk) and after fixing."""

    path: str
    old: bytes
    new: bytes


@dataclass(frozen=True, order=True)
class DiscardedFix:
    """A fix that was not applied although the policy allowed it, and why."""

    path: str
    code: str
    message: str
    reason: str


@dataclass(frozen=True, order=True)
class FileProblem:
    """A file that was left alone (read-only, changed on disk, syntax errors, write error)."""

    path: str
    reason: str


@dataclass(frozen=True)
class FixReport:
    """The outcome of :func:`alignlint.fix.run_fixes`.

    ``changes`` are the files whose content changed (written, or only computed with
    ``write=False``); ``written`` the paths actually replaced on disk. ``applied`` counts applied
    fixes per rule code (only fixes whose files all reached the disk when writing);
    ``applied_per_file`` counts the same fixes per (file of the finding, rule code).
    ``remaining`` are the findings of the final analysis (of the files as they are on disk after
    writing, or as they would be with ``write=False``).
    """

    changes: tuple[FileChange, ...] = ()
    written: tuple[str, ...] = ()
    applied: tuple[tuple[str, int], ...] = ()
    applied_per_file: tuple[tuple[str, str, int], ...] = ()
    suppressions_added: int = 0
    discarded: tuple[DiscardedFix, ...] = ()
    left_alone: tuple[FileProblem, ...] = ()
    passes: int = 0
    converged: bool = True
    non_converging_codes: tuple[str, ...] = ()
    remaining: tuple[Diagnostic, ...] = ()

    @property
    def fixed(self) -> int:
        """How many fixes were applied in total."""
        return sum(count for _, count in self.applied)
