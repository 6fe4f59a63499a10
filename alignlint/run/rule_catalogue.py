"""The rule catalogue: what a warm run needs to know of the installed rules, without importing
a single rule module.

Importing the rules (every family, the model and the extractor they read) is most of the start-up
of a run. A run whose findings come whole from the result cache (:mod:`alignlint.run.result_cache`)
needs only a little of them: each rule's code, name and opt-in flag (to select the rules), the
identity line :func:`~alignlint.run.result_cache.rule_identities` makes of it (for the request
key), the packages the rules live in (for the code fingerprint of the inputs key) and what the
output formats show (summary, severity, documentation, link). A run that imported the rules
remembers exactly that here; the next run reads it back.

A catalogue is stored under the installed entry points of the ``alignlint.rules`` group and the
fingerprint of the environment (:mod:`alignlint.infra.plugins`: any distribution installed,
upgraded or removed, a rule plugin or one a rule imports, is another catalogue) and
holds the :func:`~alignlint.run.result_cache.code_fingerprint` of every package it was made from
(alignlint's, each rule's, each entry point's): an edited rule file, or any other change to those
packages, makes it stale. It is an authenticated cache entry like every other
(:mod:`alignlint.infra.cache`: a forged or damaged one is no catalogue), in the ``plugins/``
namespace of the cache directory, one file per environment (``alignlint`` and
``python -m alignlint`` differ in their first import path: each keeps its catalogue). Whenever
it is missing, stale or in doubt, a run imports the rules as usual.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint import __version__
from alignlint.core.records import record
from alignlint.core.types import Severity
from alignlint.infra.atomic_write import write_atomically
from alignlint.infra.cache import decode_entry, encode_entry, prepare_directory, read_entry
from alignlint.infra.plugins import (
    RULES_GROUP,
    EntryPoint,
    entry_point_package,
    environment_fingerprint,
    installed_entry_points,
)
from alignlint.run.result_cache import (
    InstalledRules,
    code_fingerprint,
    packages_of,
    rule_identities,
)

if TYPE_CHECKING:
    from alignlint.rules.base import Rule


@record
class CatalogueRule:
    """One rule as the catalogue knows it (a :class:`~alignlint.core.rule_description.RuleDescription`)."""

    code: str
    name: str
    summary: str
    severity: Severity
    opt_in: bool
    #: The rule's line of :func:`~alignlint.run.result_cache.rule_identities`.
    identity: str
    text: str
    link: str

    def documentation(self) -> str:
        return self.text

    def url(self) -> str:
        return self.link


@record
class Catalogue:
    """The installed rules (by code) and what they were read from."""

    rules: tuple[CatalogueRule, ...]
    #: alignlint and the packages the rules are defined in (what the inputs key fingerprints).
    rule_packages: tuple[str, ...]
    #: Those and the packages of the entry points (what the catalogue was made from).
    packages: tuple[str, ...]
    #: :func:`~alignlint.run.result_cache.code_fingerprint` of :attr:`packages` when made.
    fingerprint: str

    @property
    def identities(self) -> list[str]:
        """:func:`~alignlint.run.result_cache.rule_identities` of the rules."""
        return sorted(rule.identity for rule in self.rules)

    @property
    def installed(self) -> InstalledRules:
        """What the cache keys hold of the rules (as :meth:`InstalledRules.of` their classes)."""
        return InstalledRules(tuple(self.identities), self.rule_packages)


def catalogue_of(rules: Sequence[type[Rule]], entry_points: Sequence[EntryPoint]) -> Catalogue:
    """The catalogue of ``rules`` (the rules the ``entry_points`` name, imported)."""
    entries = tuple(
        CatalogueRule(
            code=rule.code,
            name=rule.name,
            summary=rule.summary,
            severity=rule.severity,
            opt_in=rule.opt_in,
            identity=identity,
            text=rule.documentation(),
            link=rule.url(),
        )
        for rule in sorted(rules, key=lambda rule: rule.code)
        for identity in rule_identities([rule])
    )
    rule_packages = packages_of(rules)
    entry_packages = {entry_point_package(value) for _, value in entry_points}
    packages = tuple(sorted({*rule_packages, *(name for name in entry_packages if name)}))
    return Catalogue(entries, rule_packages, packages, code_fingerprint(packages))


def remember_catalogue(cache_dir: Path, rules: Sequence[type[Rule]]) -> None:
    """Store the catalogue of ``rules`` (every installed rule, imported by this run) in
    ``cache_dir``, unless the stored one is the same; failures are ignored."""
    entry_points = installed_entry_points(RULES_GROUP, cache_dir)
    catalogue = catalogue_of(rules, entry_points)
    environment = environment_fingerprint()
    if recall_catalogue(cache_dir, entry_points, environment) == catalogue:
        return
    try:
        data = encode_entry(_identity(entry_points, environment), catalogue)
        prepare_directory(cache_dir, cache_dir / "plugins")
        write_atomically(catalogue_file(cache_dir, environment), data)
    except OSError:
        return


def recall_catalogue(
    cache_dir: Path,
    entry_points: Sequence[EntryPoint] | None = None,
    environment: str | None = None,
) -> Catalogue | None:
    """The stored catalogue of the installed rules, when there is one and none of the packages
    it was made from changed since (else None: import the rules)."""
    if entry_points is None:
        entry_points = installed_entry_points(RULES_GROUP, cache_dir)
    if environment is None:
        environment = environment_fingerprint()
    data = read_entry(catalogue_file(cache_dir, environment))
    stored = None if data is None else decode_entry(data, _identity(entry_points, environment))
    if not isinstance(stored, Catalogue) or not all(
        isinstance(rule, CatalogueRule) for rule in stored.rules
    ):
        return None
    return stored if code_fingerprint(stored.packages) == stored.fingerprint else None


def catalogue_file(cache_dir: Path, environment: str) -> Path:
    """Where the catalogue of the ``environment`` (:func:`environment_fingerprint`) is stored in
    the cache directory ``cache_dir``: one per environment, so that runs whose import paths
    differ (``alignlint`` and ``python -m alignlint``, whose first entry is the working
    directory) each keep theirs instead of replacing each other's."""
    key = f"rule catalogue\0{RULES_GROUP}\0{environment}"
    return cache_dir / "plugins" / f"catalogue-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def catalogue_files(cache_dir: Path) -> list[Path]:
    """The catalogues stored in ``cache_dir`` (of every environment), sorted."""
    return sorted((cache_dir / "plugins").glob("catalogue-*"))


def _identity(entry_points: Sequence[EntryPoint], environment: str) -> str:
    # The whole environment, not only the entry points: a rule may import a distribution that
    # registers none (uninstalling it breaks the rule, which only importing it shows).
    return f"{__version__}\0rule catalogue\0{RULES_GROUP}\0{sorted(entry_points)!r}\0{environment}"
