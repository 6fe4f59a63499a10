"""Per-unit rule results: a rule that reads one step at a time (``reads = Scope.STEP``) runs
only on the units (:mod:`alignlint.model.units`) whose inputs changed since a previous run; the
others' findings and what the rule could not check there come from the cache.

The results are kept in one entry per *slot* (the project root, every setting, the identity of
every installed rule and the code that computes findings, as for the result cache, but not the
paths asked for: a unit's findings do not depend on which of them are reported), under
``units-<version>/<slot hash>``, authenticated like every cache entry
(:mod:`alignlint.infra.cache`). An entry maps each unit digest to the rules (code, options,
severity: :func:`rule_identity`) checked on it and the findings and unchecked records of those
that found something; most units find nothing, and the set of rules checked is the same for
almost all of them (stored once), so an entry stays small at thousands of steps. Each run
rewrites it with the units it saw, so it does not grow with edits.

With project workspaces, each workspace view has an entry of its own (a unit's digest holds
the view's id too), so a run that reuses a view's whole result
(:mod:`alignlint.run.view_results`) keeps that view's unit results for the next run that links it.

A rule without the declaration reads the whole project and runs on it as before.
"""

from __future__ import annotations

import hashlib
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint import __version__
from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Unchecked
from alignlint.infra.cache import SlotEntry
from alignlint.rules.base import Rule

if TYPE_CHECKING:
    from alignlint.run.result_cache import InstalledRules

#: What a rule found on one unit, and what it could not check there.
UnitResult = tuple[tuple[Diagnostic, ...], tuple[Unchecked, ...]]
#: What most rules find on most units.
NOTHING: UnitResult = ((), ())
#: A unit's entry: the rules checked on it, and the results that are not :data:`NOTHING`.
Stored = tuple[frozenset[str], dict[str, UnitResult]]


def rule_identity(rule: Rule) -> str:
    """What, besides a unit, a rule's results depend on: its code, options and severity."""
    options = repr(sorted(rule.options.items()))
    payload = f"{rule.code}\0{rule.effective_severity!r}\0{options}"
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


@record(frozen=False)
class UnitResults:
    """The stored unit results of one slot (see the module doc). No method raises because of
    what is (or is not) in the cache."""

    entry: SlotEntry
    _stored: dict[str, Stored] = field(default_factory=dict)
    _used: dict[str, tuple[set[str], dict[str, UnitResult]]] = field(default_factory=dict)
    _loaded: bool = False
    _changed: bool = False

    @classmethod
    def of(cls, root: Path, settings: Settings, slot: str, inputs: str) -> UnitResults:
        """The unit results of ``slot``; ``inputs`` names the code computing findings."""
        return cls(SlotEntry(root / settings.cache_dir, f"units-{__version__}", slot, inputs))

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._stored = self.entry.load_dict()

    def unit(self, unit: str) -> Stored | None:
        """Everything stored for the unit of digest ``unit``: the identities of the rules
        checked on it and their results that are not :data:`NOTHING` (all kept by
        :meth:`save`)."""
        self._load()
        stored = self._stored.get(unit)
        if stored is not None:
            rules, results = self._used.setdefault(unit, (set(), {}))
            rules.update(stored[0])
            results.update(stored[1])
        return stored

    def get(self, unit: str, rule: str) -> UnitResult | None:
        """The stored result of the rule of identity ``rule`` on the unit of digest ``unit``."""
        self._load()
        stored = self._stored.get(unit)
        if stored is None or rule not in stored[0]:
            return None
        result = stored[1].get(rule, NOTHING)
        self._record(unit, rule, result)
        return result

    def put(self, unit: str, rule: str, result: UnitResult) -> None:
        """Remember ``result`` of the rule ``rule`` on the unit ``unit`` (stored by :meth:`save`)."""
        self._record(unit, rule, result)
        self._changed = True

    def _record(self, unit: str, rule: str, result: UnitResult) -> None:
        rules, results = self._used.setdefault(unit, (set(), {}))
        rules.add(rule)
        if result != NOTHING:
            results[rule] = result

    def save(self) -> None:
        """Store the results this run used or computed (atomically; failures ignored); nothing
        is written when every result came from the cache and all stored units were seen."""
        if not self._changed and len(self._used) == len(self._stored):
            return
        interned: dict[frozenset[str], frozenset[str]] = {}
        entry: dict[str, Stored] = {}
        for unit, (rules, results) in self._used.items():
            checked = frozenset(rules)
            entry[unit] = (interned.setdefault(checked, checked), results)
        self.entry.store(entry)


def open_unit_results(
    root: Path, settings: Settings, rules: InstalledRules, view: str = ""
) -> UnitResults | None:
    """The stored unit results of this root, settings and rules (whatever paths are asked for),
    when the cache directory is usable; for a workspace view (``view``: its id), the view's own
    entry, which runs that reuse other views' results leave alone."""
    from alignlint.run.fact_cache import FactCache

    if not FactCache.available(root, settings):
        return None
    slot = rules.request(root, (), settings)
    if view:
        slot = hashlib.sha256(f"{slot}\0view\0{view}".encode()).hexdigest()
    return UnitResults.of(root, settings, slot, rules.fingerprint)
