"""The result cache: the findings of the last complete run, reused while nothing has changed.

A warm run on an unchanged project would load every file's facts, link the project and run every
rule only to find exactly what the previous run found. This cache keeps the findings of the last
complete run (sorted, fingerprinted, after suppressions) with its statistics, under two keys:

* the **request** names the slot: the project root, the paths asked for, every setting (not only
  the ones that change extraction) and the identity of every installed rule. One slot per
  request, overwritten by each complete run, so the cache does not grow as files are edited;
* the **inputs** must match for the entry to be used: every analysed file's path and content hash,
  the alignlint version, and a fingerprint of the code that computes findings (size and
  modification time of every file of the ``alignlint`` package and of each rule plugin's package,
  so an edited rule or an upgraded plugin never sees findings computed by its old code).

Layout: ``<cache dir>/results-<version>/<request hash>``, one entry as described in
:mod:`alignlint.infra.cache` (same header, authentication tag and atomic writes): a damaged,
truncated, foreign, forged or stale entry is a miss, and the run computes (and stores) its findings
again.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint import __version__
from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Statistics
from alignlint.infra.cache import load_entry, store_entry
from alignlint.run.changed import WiringIndex

if TYPE_CHECKING:
    from alignlint.rules.base import Rule
    from alignlint.run.sources import Sources


@record
class RunRecord:
    """What a complete run found: the findings of every analysed file, statistics, suppressions,
    and, when it checked no workspace, what a changed set's split of the findings reads of the
    project (:class:`~alignlint.run.changed.WiringIndex`: a changed-set run over the same files
    reuses the record)."""

    diagnostics: tuple[Diagnostic, ...]
    statistics: Statistics
    suppressed: int
    wiring: WiringIndex | None = None


def rule_identities(rules: Iterable[type[Rule]]) -> list[str]:
    """A line per rule naming its code, class and declared defaults (part of the request key)."""
    return sorted(
        f"{rule.code}\0{rule.name}\0{rule.__module__}.{rule.__qualname__}\0{rule.severity!r}"
        f"\0{rule.opt_in}\0{sorted(rule.default_options.items())!r}"
        for rule in rules
    )


def request_key_of(
    root: Path, paths: Sequence[str | Path], settings: Settings, identities: Iterable[str]
) -> str:
    """The slot of a run: what it was asked to check (``paths``), and how (the settings and
    the rules' :func:`rule_identities`, which a warm run knows from the rule catalogue without
    importing the rules)."""
    payload = "\n".join(
        [
            str(root.resolve()),
            repr([str(path) for path in paths]),
            repr(settings),
            *identities,
        ]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def inputs_key(files: Iterable[tuple[str, str]], rules: Iterable[type[Rule]]) -> str:
    """What a run saw: every ``(path, content hash)`` and the code that computed the findings."""
    return inputs_key_of(files, code_fingerprint_of(rules))


def inputs_key_of(files: Iterable[tuple[str, str]], fingerprint: str) -> str:
    """:func:`inputs_key` from the :func:`code_fingerprint` of the rules' packages."""
    lines = "".join(f"{path}\0{content_hash}\n" for path, content_hash in files)
    return hashlib.sha256(fingerprint.encode() + lines.encode()).hexdigest()


@record
class InstalledRules:
    """What the cache keys hold of the installed rules: each rule's line of
    :func:`rule_identities` (sorted) and the packages they are defined in, alignlint's among
    them (:func:`packages_of`). Made from the rule classes, or from the rule catalogue
    (:mod:`alignlint.run.rule_catalogue`) without importing them."""

    identities: tuple[str, ...]
    packages: tuple[str, ...]

    @classmethod
    def of(cls, rules: Iterable[type[Rule]]) -> InstalledRules:
        listed = list(rules)
        return cls(tuple(rule_identities(listed)), packages_of(listed))

    @property
    def fingerprint(self) -> str:
        """:func:`code_fingerprint` of the packages."""
        return code_fingerprint(self.packages)

    @property
    def built_in(self) -> bool:
        """Whether every rule is alignlint's own."""
        return self.packages == ("alignlint",)

    def request(self, root: Path, paths: Sequence[str | Path], settings: Settings) -> str:
        """:func:`request_key_of` a run over ``paths`` with these rules."""
        return request_key_of(root, paths, settings, self.identities)


def code_fingerprint_of(rules: Iterable[type[Rule]]) -> str:
    """:func:`code_fingerprint` of alignlint and the packages of ``rules``."""
    return code_fingerprint(packages_of(rules))


def packages_of(rules: Iterable[type[Rule]]) -> tuple[str, ...]:
    """alignlint and the top-level packages the ``rules`` are defined in, sorted."""
    return tuple(sorted({"alignlint", *(rule.__module__.partition(".")[0] for rule in rules)}))


@lru_cache(maxsize=8)
def code_fingerprint(packages: tuple[str, ...]) -> str:
    """A hash of the size and modification time of every file of the imported ``packages``.

    Stat calls only (about a millisecond for alignlint's files); a package that is a single module
    contributes its file, one that cannot be located contributes its name only. A package not
    imported yet is located without importing it (the same file its ``__file__`` would be).
    """
    digest = hashlib.sha256(__version__.encode())
    for package in packages:
        digest.update(f"\0{package}\0".encode())
        for path in _package_files(package):
            try:
                status = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _package_files(package: str) -> list[str]:
    location = _location(package)
    if not location:
        return []
    if Path(location).name != "__init__.py":
        return [location]
    files: list[str] = []
    for directory, subdirectories, names in os.walk(Path(location).parent):
        subdirectories[:] = sorted(name for name in subdirectories if name != "__pycache__")
        files.extend(os.path.join(directory, name) for name in sorted(names))
    return files


def _location(package: str) -> str | None:
    """The file of the top-level module ``package``: its ``__file__`` when imported, else where
    the import system would load it from (found without running it)."""
    module = sys.modules.get(package)
    if module is not None:
        location = getattr(module, "__file__", None)
        return location if isinstance(location, str) else None
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.has_location or not isinstance(spec.origin, str):
        return None
    return spec.origin


class ResultCache:
    """The last complete run's findings for one request, under ``root / settings.cache_dir``.

    Like :class:`~alignlint.run.fact_cache.FactCache`: safe to share between concurrent runs, and
    no method raises because of what is (or is not) in the cache; an unwritable cache is silently
    skipped.
    """

    def __init__(self, root: str | Path, settings: Settings, request: str) -> None:
        self.directory = Path(root) / settings.cache_dir
        self._namespace = self.directory / f"results-{__version__}"
        self._entry = self._namespace / request
        self._request = request

    def get(self, inputs: str) -> RunRecord | None:
        """The stored record when it was computed from exactly these ``inputs``, else ``None``."""
        record = load_entry(self._entry, self._identity(inputs))
        return record if isinstance(record, RunRecord) else None

    def put(self, inputs: str, record: RunRecord) -> None:
        """Store ``record`` as the result of these ``inputs`` (atomically; failures ignored)."""
        store_entry(self.directory, self._entry, self._identity(inputs), record)

    def _identity(self, inputs: str) -> str:
        return f"{__version__}\0results\0{self._request}\0{inputs}"


def cache_inputs(sources: Sources, rules: InstalledRules) -> str:
    """The result cache's key of what a run sees: every file's hash and the rules' code."""
    return inputs_key_of(sorted(sources.hashes.items()), rules.fingerprint)
