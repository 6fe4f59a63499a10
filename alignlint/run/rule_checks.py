"""Running rules on a linked project: each rule guarded (an exception is an internal error
naming the rule), its findings once per place and message, and the rules declared
:attr:`~alignlint.rules.base.Scope.STEP` unit by unit, reusing the results stored for units
whose files did not change (:mod:`alignlint.run.unit_results`)."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any

from alignlint.core.errors import ConfigError, InternalError
from alignlint.core.records import record
from alignlint.core.types import Diagnostic, Span
from alignlint.rules.base import Rule, Scope
from alignlint.run.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from alignlint.model import Project
    from alignlint.model.units import Unit
    from alignlint.run.last_run import RuleResult, UnitRecord
    from alignlint.run.unit_results import UnitResults


def guard(where: str, action: Callable[..., Any], *args: Any) -> Any:
    """Call ``action(*args)``; turn any exception into an :class:`InternalError` naming ``where``."""
    try:
        return action(*args)
    except (InternalError, ConfigError):
        raise
    except RecursionError as exc:
        raise InternalError(where, exc, traceback.format_exc(limit=8)) from exc
    except Exception as exc:
        raise InternalError(where, exc, traceback.format_exc()) from exc


def check_rule(rule: Rule, project: Project) -> list[Diagnostic]:
    return list(rule.check(project))


class UnitChecks:
    """Runs ``Scope.STEP`` rules unit by unit, reusing stored unit results
    (:mod:`alignlint.run.unit_results`); the units and their digests are computed once."""

    def __init__(self, project: Project, results: UnitResults, view: str = "") -> None:
        from alignlint.model.units import Narrowing, UnitDigests, project_units

        self._results = results
        self._units = project_units(project)
        digests = self.unit_digests = UnitDigests(project, view)
        self._digests = [digests.digest(unit) for unit in self._units]
        self._narrowing = Narrowing(project)
        self._views: dict[str, Project] = {}
        #: Every file of the project, in order.
        self.paths = tuple(sorted(project.files))

    @property
    def units(self) -> Sequence[Unit]:
        """The project's units, in the order of :meth:`records`."""
        return self._units

    def records(self) -> tuple[UnitRecord, ...]:
        """The units for the link index (:mod:`alignlint.run.last_run`), files by their index
        in ``paths``."""
        from alignlint.model.units import UNLINKED, piece_identities, unit_structure
        from alignlint.run.last_run import UnitRecord

        return tuple(
            UnitRecord(
                unit.name,
                digest,
                unit_structure(unit),
                files,
                piece_identities(unit) if unit.name == UNLINKED else (),
            )
            for unit, digest, files in zip(self._units, self._digests, self._files(), strict=True)
        )

    def _files(self) -> Iterator[tuple[int, ...]]:
        position = {path: index for index, path in enumerate(self.paths)}
        for unit in self._units:
            yield tuple(sorted(position[path] for path in self.unit_digests.read_set(unit)))

    def check(self, rule: Rule) -> list[Diagnostic]:
        from alignlint.run.unit_results import rule_identity

        found: list[Diagnostic] = []
        identity = rule_identity(rule)
        for unit, digest in zip(self._units, self._digests, strict=True):
            stored = self._results.get(digest, identity)
            if stored is not None:
                found.extend(stored[0])
                rule.unchecked.extend(stored[1])
                continue
            view = self._views.get(unit.name)
            if view is None:
                view = self._views[unit.name] = self._narrowing.view(unit)
            before = len(rule.unchecked)
            items = list(rule.check(view))
            if all(isinstance(item, Diagnostic) for item in items):
                self._results.put(digest, identity, (tuple(items), tuple(rule.unchecked[before:])))
            found.extend(items)
        return found


@record(frozen=False)
class Capture:
    """What :func:`run_rules` keeps for the link index: the units, and each whole-project
    rule's findings and unchecked records as the rule gave them."""

    by_unit: UnitChecks | None = None
    project_results: dict[str, RuleResult] = field(default_factory=dict)


def run_rules(
    rules: Sequence[Rule],
    project: Project,
    progress: Progress = NO_PROGRESS,
    unit_results: UnitResults | None = None,
    view: str = "",
    capture: Capture | None = None,
) -> list[Diagnostic]:
    """Every rule's findings on ``project`` (with ``unit_results``: ``Scope.STEP`` rules unit
    by unit, reusing what is stored for the units of the view ``view``: ``""`` for the whole
    project, a workspace view's id for it), the same location and message once per rule.
    ``capture`` keeps what the link index needs."""
    diagnostics: list[Diagnostic] = []
    by_unit: UnitChecks | None = None
    for rule in rules:
        progress.advance()
        where = f"rule {rule.code} ({rule.name})"
        if unit_results is not None and rule.reads is Scope.STEP:
            if by_unit is None:
                by_unit = guard(
                    "dividing the project into units", UnitChecks, project, unit_results, view
                )
            found = guard(where, by_unit.check, rule)
        else:
            before = len(rule.unchecked)
            found = guard(where, check_rule, rule, project)
            if capture is not None:
                unchecked = tuple(rule.unchecked[before:])
                capture.project_results[rule.code] = (tuple(found), unchecked)
        diagnostics.extend(distinct(found, where))
    if capture is not None:
        capture.by_unit = by_unit
    return diagnostics


def distinct(found: Iterable[object], where: str) -> Iterator[Diagnostic]:
    """A rule's findings, the same location and message once (however the rule reached it);
    anything but a finding is an internal error of the rule."""
    printed: set[tuple[Span, str]] = set()
    for item in found:
        if not isinstance(item, Diagnostic):
            error = TypeError(f"check() yielded {type(item).__name__}, not a Diagnostic")
            raise InternalError(where, error, "")
        if (item.span, item.message) not in printed:
            printed.add((item.span, item.message))
            yield item
