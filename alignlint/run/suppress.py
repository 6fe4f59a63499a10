"""Suppressions: matching findings against the suppression comments of a run, and reporting the
unused ones; :func:`apply_suppressions` also drops the findings ``per-file-ignores`` ignore.

The directives are phase 1 facts (:mod:`alignlint.extract.directives`). A cross-file finding is
silenced by a suppression at any of its spans (the primary span or a related one). ``# noqa``
codes that are not alignlint's (``E501``) are left to their owners.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from alignlint.core.patterns import matches_glob
from alignlint.core.records import record
from alignlint.core.selectors import resolve
from alignlint.core.settings import Settings
from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Span
from alignlint.extract.directives import Directive

if TYPE_CHECKING:
    from alignlint.rules.base import Rule

#: The rule whose findings the suppression pass produces.
UNUSED_SUPPRESSION = "ALN004"

_CODE_SHAPE = re.compile(r"(?P<letters>[A-Z]+)[0-9]+")


# -- matching --------------------------------------------------------------------------------------
@record(frozen=False)
class _State:
    directive: Directive
    #: entry index -> normalised code (None: unknown / not alignlint's)
    codes: list[str | None]
    used: set[int] = field(default_factory=set)


@record
class Problem:
    """A directive (or some of its codes) to report as ALN004, with an optional fix."""

    directive: Directive
    message: str
    span: Span
    fix: Fix | None


class Suppressions:
    """All directives of a run; decides which findings are silenced and which directives are unused.

    ``rules`` maps every known rule code *and* name to its code; ``require_reason`` makes a
    directive without `` -- reason`` ineffective (and reported).
    """

    def __init__(
        self,
        directives: Iterable[Directive],
        rules: Mapping[str, str],
        *,
        require_reason: bool = False,
    ) -> None:
        self._rules = rules
        self._prefixes = {
            match.group("letters")
            for code in rules.values()
            if (match := _CODE_SHAPE.fullmatch(code)) is not None
        }
        self._require_reason = require_reason
        self._states: list[_State] = []
        self._by_line: dict[tuple[str, int], list[_State]] = {}
        self._by_file: dict[str, list[_State]] = {}
        for directive in directives:
            state = _State(
                directive, [self._normalise(directive, e.written) for e in directive.entries]
            )
            self._states.append(state)
            if not self._effective(directive):
                continue
            if directive.kind == "file-ignore":
                self._by_file.setdefault(directive.path, []).append(state)
            for line in directive.lines:
                self._by_line.setdefault((directive.path, line), []).append(state)

    def _normalise(self, directive: Directive, written: str) -> str | None:
        if directive.kind == "noqa":
            written = written.upper()
        return self._rules.get(written)

    def _owned(self, directive: Directive, written: str) -> bool:
        """Whether an entry is alignlint's to judge (a noqa ``E501`` is not)."""
        if directive.kind != "noqa":
            return True
        shape = _CODE_SHAPE.fullmatch(written.upper())
        return shape is not None and shape.group("letters") in self._prefixes

    def _effective(self, directive: Directive) -> bool:
        if directive.problem is not None:
            return False
        return not (self._require_reason and not directive.reason)

    def _candidates(self, span: Span) -> Iterator[_State]:
        yield from self._by_file.get(span.path, ())
        yield from self._by_line.get((span.path, span.start.line), ())

    def suppresses(self, diagnostic: Diagnostic) -> bool:
        """Whether a directive at any span of ``diagnostic`` names its rule (marks it used)."""
        matched = False
        spans = (diagnostic.span, *(related.span for related in diagnostic.related))
        for span in spans:
            for state in self._candidates(span):
                for index, code in enumerate(state.codes):
                    if code == diagnostic.code:
                        state.used.add(index)
                        matched = True
        return matched

    def problems(self, enabled: Iterable[str], never_unused: Sequence[str] = ()) -> list[Problem]:
        """Malformed directives, directives missing a reason, and unknown or unused codes.

        A code counts as unused only when its rule ran (``enabled``); codes in ``never_unused``
        (the unused-suppression rule itself) are never reported as unused.
        """
        enabled_codes = set(enabled)
        problems: list[Problem] = []
        for state in self._states:
            directive = state.directive
            if directive.problem is not None:
                problems.append(Problem(directive, directive.problem, directive.span, None))
                continue
            unknown: list[int] = []
            unused: list[int] = []
            for index, code in enumerate(state.codes):
                entry = directive.entries[index]
                if code is None:
                    if self._owned(directive, entry.written):
                        unknown.append(index)
                elif (
                    index not in state.used
                    and code in enabled_codes
                    and code not in never_unused
                    and self._effective(directive)
                ):
                    unused.append(index)
            if unused or unknown:
                problems.append(self._unused_problem(state, unused, unknown))
            if self._require_reason and not directive.reason:
                message = (
                    f"{directive.label} directive has no reason "
                    "(`require-suppression-reason` is set); add one after ` -- `"
                )
                problems.append(Problem(directive, message, directive.span, None))
        return problems

    def _unused_problem(self, state: _State, unused: list[int], unknown: list[int]) -> Problem:
        directive = state.directive
        parts = []
        if unused:
            parts.append(
                "unused: " + ", ".join(f"`{directive.entries[i].written}`" for i in unused)
            )
        if unknown:
            parts.append(
                "unknown: " + ", ".join(f"`{directive.entries[i].written}`" for i in unknown)
            )
        message = f"Unused {directive.label} directive ({'; '.join(parts)})"
        dropped = set(unused) | set(unknown)
        return Problem(directive, message, directive.span, _removal_fix(directive, dropped))


def _removal_fix(directive: Directive, dropped: set[int]) -> Fix:
    kept = [entry.written for index, entry in enumerate(directive.entries) if index not in dropped]
    if kept and directive.codes_span is not None:
        edit = Edit(directive.codes_span, ", ".join(kept))
        return Fix("Remove unused suppression codes", Applicability.SAFE, (edit,))
    span = directive.removal_span or directive.span
    return Fix("Remove unused suppression", Applicability.SAFE, (Edit(span, ""),))


# -- applying them to a run's findings --------------------------------------------------------------


def _per_file_ignored(diagnostic: Diagnostic, settings: Settings) -> bool:
    for pattern, selectors in settings.per_file_ignores:
        if matches_glob(pattern, diagnostic.span.path):
            if resolve(selectors, (), diagnostic.code, diagnostic.name):
                return True
    return False


def _rule_names(available: Sequence[type[Rule]]) -> dict[str, str]:
    names = {rule.code: rule.code for rule in available}
    names.update({rule.name: rule.code for rule in available})
    return names


def apply_suppressions(
    diagnostics: Sequence[Diagnostic],
    directives: Sequence[Directive],
    *,
    available: Sequence[type[Rule]],
    selected: Sequence[Rule],
    settings: Settings,
) -> tuple[list[Diagnostic], int]:
    """Drop per-file-ignored and suppressed findings; add ALN004 findings for the directives
    that suppress nothing (when ALN004 is selected). Returns the findings and how many were
    dropped."""
    suppressions = Suppressions(
        directives, _rule_names(available), require_reason=settings.require_suppression_reason
    )
    kept: list[Diagnostic] = []
    dropped = 0
    for diagnostic in diagnostics:
        if _per_file_ignored(diagnostic, settings) or suppressions.suppresses(diagnostic):
            dropped += 1
        else:
            kept.append(diagnostic)
    reporter = next((rule for rule in selected if rule.code == UNUSED_SUPPRESSION), None)
    if reporter is None:
        return kept, dropped
    enabled = [rule.code for rule in selected]
    for problem in suppressions.problems(enabled, never_unused=(UNUSED_SUPPRESSION,)):
        finding = reporter.diagnostic(
            problem.message, problem.span, fix=problem.fix, subject=problem.message
        )
        if _per_file_ignored(finding, settings) or suppressions.suppresses(finding):
            dropped += 1
        else:
            kept.append(finding)
    return kept, dropped
