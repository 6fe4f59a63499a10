"""What a fix run did: the data handed back to the CLI (no formatting here)."""

from __future__ import annotations

from alignlint.core.records import record
from alignlint.core.types import Diagnostic


@record
class FileChange:
    """A file's content before (as read from disk) and after fixing."""

    path: str
    old: bytes
    new: bytes


@record(order=True)
class DiscardedFix:
    """A fix that was not applied although the policy allowed it, and why."""

    path: str
    code: str
    message: str
    reason: str


@record(order=True)
class RefusedFix:
    """A fix the gate rolled back: applied, it left its finding in place or introduced others
    (``introduced``: their codes; ``reason`` names them)."""

    path: str
    line: int
    code: str
    message: str
    reason: str
    introduced: tuple[str, ...] = ()


@record(order=True)
class AppliedChange:
    """One fix that stayed: the file and line of the finding it repaired, the rule, and what it
    changed (the fix's message); ``revealed`` when a repaired link revealed that finding."""

    path: str
    line: int
    code: str
    message: str
    revealed: bool = False


@record(order=True)
class FileProblem:
    """A file that was left alone (read-only, changed on disk, syntax errors, write error)."""

    path: str
    reason: str


@record
class FixReport:
    """The outcome of :func:`alignlint.fix.run_fixes`.

    ``changes`` are the files whose content changed (written, or only computed with
    ``write=False``); ``written`` the paths actually replaced on disk. ``applied`` counts the
    findings fixed per rule code: the findings reported at the start that offered a fix the run
    may apply and are gone (only through fixes whose files all reached the disk when writing), so
    it equals the fixable count ``check`` printed when every fix stayed; ``applied_per_file``
    counts the same per (file of the finding, rule code). ``changes_made`` lists every fix that
    stayed (``--fix`` in pre-commit prints them); ``resolved`` counts the other findings reported
    at the start that went with them. ``refused`` are the fixes the gate rolled back;
    ``revealed`` the findings that repaired links revealed (``revealed_fixed`` of them fixed too).
    ``remaining`` are the findings of the final analysis (of the files as they are on disk after
    writing, or as they would be with ``write=False``).
    """

    changes: tuple[FileChange, ...] = ()
    written: tuple[str, ...] = ()
    applied: tuple[tuple[str, int], ...] = ()
    applied_per_file: tuple[tuple[str, str, int], ...] = ()
    suppressions_added: int = 0
    discarded: tuple[DiscardedFix, ...] = ()
    refused: tuple[RefusedFix, ...] = ()
    resolved: int = 0
    changes_made: tuple[AppliedChange, ...] = ()
    revealed: tuple[Diagnostic, ...] = ()
    revealed_fixed: int = 0
    left_alone: tuple[FileProblem, ...] = ()
    passes: int = 0
    converged: bool = True
    non_converging_codes: tuple[str, ...] = ()
    remaining: tuple[Diagnostic, ...] = ()

    @property
    def fixed(self) -> int:
        """How many fixes were applied in total."""
        return sum(count for _, count in self.applied)
