"""Per-unit rule results: a rule that reads one step at a time (``reads = Scope.STEP``) runs
only on the units (:mod:`alignlint.model.units`) whose inputs changed since a previous run; the
others' findings and what the rule could not check there come from the cache.

The results are kept in one entry per *slot* (the project root, every setting, the identity of
every installed rule and the code that computes findings, as for the result cache, but not the
paths asked for: a unit's findings do not depend on which of them are reported), under
``units-<version>/<slot hash>``, authenticated like every cache entry
(:mod:`alignlint.infra.cache`). An entry maps the key of (unit digest, rule, its options and
severity) to the findings and the unchecked records of that rule on that unit. Each run rewrites
it with the keys it used, so it does not grow with edits.

A rule without the declaration reads the whole project and runs on it as before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from alignlint import __version__
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Unchecked
from alignlint.infra.atomic_write import write_atomically
from alignlint.infra.cache import decode_entry, encode_entry, prepare_directory, read_entry
from alignlint.rules.base import Rule

#: What a rule found on one unit, and what it could not check there.
UnitResult = tuple[tuple[Diagnostic, ...], tuple[Unchecked, ...]]


def rule_identity(rule: Rule) -> str:
    """What, besides a unit, a rule's results depend on: its code, options and severity."""
    options = repr(sorted(rule.options.items()))
    payload = f"{rule.code}\0{rule.effective_severity!r}\0{options}"
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def rule_key(unit_digest: str, identity: str) -> str:
    """The key of a rule (its :func:`rule_identity`) on the unit of ``unit_digest``."""
    return f"{unit_digest}:{identity}"


@dataclass
class UnitResults:
    """The stored unit results of one slot under ``directory`` (see the module doc). No method
    raises because of what is (or is not) in the cache."""

    directory: Path
    slot: str
    inputs: str
    _stored: dict[str, UnitResult] = field(default_factory=dict)
    _used: dict[str, UnitResult] = field(default_factory=dict)
    _loaded: bool = False
    _changed: bool = False

    @classmethod
    def of(cls, root: Path, settings: Settings, slot: str, inputs: str) -> UnitResults:
        """The unit results of ``slot``; ``inputs`` names the code computing findings."""
        return cls(root / settings.cache_dir, slot, inputs)

    @property
    def _entry(self) -> Path:
        return self.directory / f"units-{__version__}" / self.slot

    def _identity(self) -> str:
        return f"{__version__}\0units\0{self.slot}\0{self.inputs}"

    def get(self, key: str) -> UnitResult | None:
        """The stored result of ``key``, or None."""
        if not self._loaded:
            self._loaded = True
            data = read_entry(self._entry)
            value = decode_entry(data, self._identity()) if data is not None else None
            if isinstance(value, dict):
                self._stored = value
        found = self._stored.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: str, result: UnitResult) -> None:
        """Remember ``result`` for ``key`` (stored by :meth:`save`)."""
        self._used[key] = result
        self._changed = True

    def save(self) -> None:
        """Store the results this run used or computed (atomically; failures ignored); nothing
        is written when every result came from the cache and all stored ones were used."""
        if not self._changed and len(self._used) == len(self._stored):
            return
        try:
            data = encode_entry(self._identity(), self._used)
            prepare_directory(self.directory, self._entry.parent)
            write_atomically(self._entry, data)
        except OSError:
            return
