"""Which fixes a run may apply: ``--fix`` / ``--unsafe-fixes`` and the four fix settings."""

from __future__ import annotations

from alignlint.core import selectors
from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Applicability, Fix


@record
class FixPolicy:
    """The fix settings of a run, with ruff's semantics.

    * ``fixable`` / ``unfixable``: which rules may be fixed at all (most specific selector wins,
      ``unfixable`` wins a tie);
    * ``extend_safe_fixes`` / ``extend_unsafe_fixes``: promote unsafe fixes to safe, or demote
      safe fixes to unsafe (most specific selector wins, ``extend_unsafe_fixes`` wins a tie).
      Display-only fixes are never applied;
    * ``unsafe_fixes``: also apply fixes whose effective applicability is unsafe.
    """

    unsafe_fixes: bool = False
    fixable: tuple[str, ...] = (selectors.ALL,)
    unfixable: tuple[str, ...] = ()
    extend_safe_fixes: tuple[str, ...] = ()
    extend_unsafe_fixes: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings, *, unsafe_fixes: bool) -> FixPolicy:
        """The policy configured by ``settings`` (``unsafe_fixes`` comes from the command line)."""
        return cls(
            unsafe_fixes=unsafe_fixes,
            fixable=settings.fixable,
            unfixable=settings.unfixable,
            extend_safe_fixes=settings.extend_safe_fixes,
            extend_unsafe_fixes=settings.extend_unsafe_fixes,
        )

    def is_fixable(self, code: str, name: str = "") -> bool:
        """Whether findings of this rule may be fixed at all."""
        return selectors.resolve(self.fixable, self.unfixable, code, name) is True

    def applicability(self, fix: Fix, code: str, name: str = "") -> Applicability:
        """The fix's applicability after ``extend-safe-fixes`` / ``extend-unsafe-fixes``."""
        if fix.applicability is Applicability.DISPLAY_ONLY:
            return fix.applicability
        promoted = selectors.resolve(self.extend_safe_fixes, self.extend_unsafe_fixes, code, name)
        if promoted is None:
            return fix.applicability
        return Applicability.SAFE if promoted else Applicability.UNSAFE

    def allows(self, fix: Fix, code: str, name: str = "") -> bool:
        """Whether this run applies ``fix`` (attached to a finding of rule ``code``)."""
        if not self.is_fixable(code, name):
            return False
        applicability = self.applicability(fix, code, name)
        if applicability is Applicability.SAFE:
            return True
        return applicability is Applicability.UNSAFE and self.unsafe_fixes
