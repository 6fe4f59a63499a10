"""Per-view results of a check with project workspaces: a view whose inputs did not change since
the last run is neither linked nor checked again.

A run with workspaces links and checks one view per workspace (the shared library plus that
workspace's files) and the shared library's own view (:mod:`alignlint.model.workspaces`). After
one file changed inside a workspace, only that workspace's view has other inputs: the other
views' findings, what each rule could not check there, and the counts the statistics read are
the last run's. A view's *digest* hashes everything its result depends on besides the settings
and the rules: the view's id and workspace (every field: folder, root, developer id), what the
other workspaces define (:class:`~alignlint.model.workspaces.ForeignNames`), and the path and
content hash of every file linked into it. A changed shared file changes every workspace view's digest.

Results are kept in one entry per *slot* (the project root, every setting and the identity of
every installed rule, as for :mod:`alignlint.run.unit_results`), holding for each view id the
digest and result of its last computation, under ``views-<version>/<slot hash>`` and
authenticated like every cache entry (:mod:`alignlint.infra.cache`): the entry does not grow
with edits, only with the workspaces ever checked. A damaged, foreign or stale entry is a miss.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint import __version__
from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Unchecked
from alignlint.infra.cache import SlotEntry
from alignlint.run.statistics import Counts

if TYPE_CHECKING:
    from alignlint.extract.facts import FileFacts
    from alignlint.model.workspaces import ForeignNames, Workspace
    from alignlint.run.result_cache import InstalledRules


@record
class ViewResult:
    """What checking one view found: every rule's findings (as the rules returned them, before
    a workspace's are filtered and tagged), the could-not-check records of each rule by code,
    and the counts of the linked view."""

    findings: tuple[Diagnostic, ...]
    unchecked: tuple[tuple[str, tuple[Unchecked, ...]], ...]
    counts: Counts


def view_digest(
    view: str,
    files: Iterable[FileFacts],
    workspace: Workspace | None = None,
    foreign: ForeignNames | None = None,
) -> str:
    """The digest of the view ``view`` (``""``: the shared library's) linking ``files`` (see
    the module doc)."""
    digest = hashlib.sha256(f"{view}\0".encode())
    if workspace is not None:
        digest.update(f"{workspace!r}\0".encode())
    if foreign is not None:
        for table in (foreign.modules, foreign.steps, foreign.classes):
            for name, owner in sorted(table.items()):
                digest.update(f"{name}\0{owner}\0".encode())
            digest.update(b"\1")
    for file in files:
        digest.update(f"{file.path}\0{file.content_hash}\n".encode())
    return digest.hexdigest()


@record(frozen=False)
class ViewResults:
    """The stored view results of one slot (see the module doc). No method raises because of
    what is (or is not) in the cache."""

    entry: SlotEntry
    _stored: dict[str, tuple[str, ViewResult]] = field(default_factory=dict)
    _loaded: bool = False
    _changed: bool = False

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._stored = self.entry.load_dict()

    def get(self, view: str, digest: str) -> ViewResult | None:
        """The stored result of the view ``view`` when it was computed for ``digest``."""
        self._load()
        stored = self._stored.get(view)
        if stored is None or stored[0] != digest:
            return None
        return stored[1]

    def put(self, view: str, digest: str, result: ViewResult) -> None:
        """Remember ``result`` as the view's for ``digest`` (stored by :meth:`save`)."""
        self._load()
        self._stored[view] = (digest, result)
        self._changed = True

    def save(self) -> None:
        """Store the results (atomically; failures ignored) when this run computed any."""
        if self._changed:
            self.entry.store(dict(sorted(self._stored.items())))


def open_view_results(root: Path, settings: Settings, rules: InstalledRules) -> ViewResults | None:
    """The stored view results of this root, settings and rules (whatever paths are asked
    for), when the cache directory is usable."""
    from alignlint.run.fact_cache import FactCache

    if not FactCache.available(root, settings):
        return None
    slot = rules.request(root, (), settings)
    return ViewResults(
        SlotEntry(root / settings.cache_dir, f"views-{__version__}", slot, rules.fingerprint)
    )
