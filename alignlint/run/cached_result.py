"""A warm run that reuses the previous run's findings without importing the rules.

When nothing changed since the last complete run, its findings are in the result cache
(:mod:`alignlint.run.result_cache`). Finding them takes the configuration, the files (discovered
and hashed with the stat cache) and the request and inputs keys, which depend on the installed
rules only through what the rule catalogue (:mod:`alignlint.run.rule_catalogue`) remembers. So
:func:`look_up` answers from the catalogue alone: no rule, fact, model or extraction module is
imported, and the settings need no validation (a cached result exists only for settings a run
validated against exactly these rules: the request key holds every setting and every rule's
identity, the inputs key the code of alignlint and of every rule plugin).

When files changed but each keeps its facts, or the same facts moved by lines (a comment, a
docstring, formatting), the last run's findings stand (:mod:`alignlint.run.facts_reuse`): that
too needs of the rules only what the catalogue remembers, so it is answered here, extracting
only the changed files. When their facts changed, the comparison goes to the run that follows.

A changed-set run (``check FILE...``, what pre-commit runs) analyses the files of the run
without paths, and is answered by that run's result: the record's wiring index
(:class:`alignlint.run.changed.WiringIndex`) splits its findings for the changed set.

On a miss (or whenever the run is not one the cache answers: fixing, ``--show-links``,
workspaces), the caller runs :func:`alignlint.run.analysis.analyze` as usual, passing
the :class:`Discovered` files so that they are not discovered and hashed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.errors import AlignlintError
from alignlint.core.records import record
from alignlint.core.rule_description import RuleDescription
from alignlint.core.selectors import select_rules
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic
from alignlint.run.changed import ChangedSet, changed_set, reported
from alignlint.run.discover import SourceFile, discover_files, project_request
from alignlint.run.progress import NO_PROGRESS, Progress
from alignlint.run.result import Result
from alignlint.run.result_cache import (
    InstalledRules,
    ResultCache,
    RunRecord,
    cache_inputs,
)
from alignlint.run.rule_catalogue import Catalogue
from alignlint.run.sources import Sources, read_sources, stat_cache_for

if TYPE_CHECKING:
    from alignlint.run.facts_reuse import Comparison


@record
class Discovered:
    """The files a run over some paths checks and what was read of them (hashes, at least):
    discovered and read once, whether the findings then come from the cache or not."""

    files: list[SourceFile]
    sources: Sources
    #: The request key of the last run a warm run compared these files with, when it found
    #: them changed otherwise than :mod:`alignlint.run.facts_reuse` answers (:func:`look_up`),
    #: and what it found (None: nothing to start from); the run that follows starts there.
    compared_with: str | None = None
    comparison: Comparison | None = None


@record
class Lookup:
    """What :func:`look_up` found: the reused result, or the files for the run to analyse."""

    result: Result | None
    discovered: Discovered | None


def discover_and_read(
    paths: Sequence[str | Path],
    settings: Settings,
    root: Path,
    *,
    force_exclude: bool,
    progress: Progress,
    use_cache: bool,
    overlay: dict[str, bytes] | None = None,
    project: Sequence[Path] = (),
) -> Discovered:
    """The files under ``paths`` (:func:`~alignlint.run.discover.discover_files`) and their
    hashes (:func:`~alignlint.run.sources.read_sources`, with the stat cache when ``use_cache``)."""
    files = discover_files(paths, root, settings, project=project, force_exclude=force_exclude)
    progress.phase("Reading and extracting", len(files))
    stat_cache = stat_cache_for(root, settings) if use_cache else None
    sources = read_sources(files, overlay or {}, settings.max_file_size, stat_cache)
    return Discovered(files, sources)


def reused(
    record: RunRecord,
    rules: Sequence[RuleDescription],
    root: Path,
    discovered: Discovered,
    changed: ChangedSet | None = None,
    report_all: bool = False,
) -> Result:
    """The result of a run whose findings are ``record`` (the previous run's); for a changed
    set (unless ``report_all``), those it reports (:func:`alignlint.run.changed.reported`,
    from the record's wiring index, which it then must have) and the others."""
    shown: Sequence[Diagnostic] = record.diagnostics
    unreported: Sequence[Diagnostic] = ()
    if changed is not None and not report_all:
        assert record.wiring is not None
        shown, unreported = reported(shown, None, changed, record.wiring.wiring(changed))
    return Result(
        diagnostics=tuple(shown),
        project=None,
        statistics=record.statistics,
        rules=tuple(rules),
        root=root,
        files=tuple(discovered.files),
        suppressed=record.suppressed,
        unreported=tuple(unreported),
        content_hashes=dict(discovered.sources.hashes),
    )


def serves(record: RunRecord | None, changed: ChangedSet | None, discovered: Discovered) -> bool:
    """Whether ``record`` (a run's over the files ``discovered``) answers a run over them: a
    changed set needs the record's wiring index and every file read (a file that cannot be
    read is no part of the key of the files a run saw)."""
    if record is None:
        return False
    if changed is None:
        return True
    files, hashes = discovered.files, discovered.sources.hashes
    return record.wiring is not None and len(hashes) == len(files)


def look_up(
    paths: Sequence[str | Path],
    settings: Settings,
    root: Path,
    catalogue: Catalogue,
    *,
    force_exclude: bool = False,
    report_all: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Lookup:
    """The previous result of a run over ``paths``, when nothing it depends on changed; else
    the discovered files (None when the run is not one the result cache answers, or discovery
    failed: the caller's run reports that as usual). A changed-set run (``paths`` name files)
    is answered by the result of the run without paths over the same files."""
    try:
        paths = project_request(paths, root, settings)
        changed = changed_set(paths, root, settings)
        if changed is None and paths and _in_workspaces(paths, root, settings):
            return Lookup(None, None)  # a run inside workspaces
        # No progress shown on the way to a cached result (a bar would cost more than the run).
        discovered = discover_and_read(
            paths,
            settings,
            root,
            force_exclude=force_exclude,
            progress=NO_PROGRESS,
            use_cache=True,
            project=changed.project if changed is not None else (),
        )
    except AlignlintError:
        return Lookup(None, None)
    installed = catalogue.installed
    slot_paths = paths if changed is None else ()
    slot = ResultCache(root, settings, installed.request(root, slot_paths, settings))
    record = slot.get(cache_inputs(discovered.sources, installed))
    if record is None and (
        changed is None or len(discovered.sources.hashes) == len(discovered.files)
    ):
        record, discovered = _from_facts(discovered, slot_paths, settings, root, installed, slot)
    if record is None or not serves(record, changed, discovered):
        progress.phase("Reading and extracting", len(discovered.files))
        return Lookup(None, discovered)
    selected = select_rules(catalogue.rules, settings)
    return Lookup(reused(record, selected, root, discovered, changed, report_all), None)


def _from_facts(
    discovered: Discovered,
    paths: Sequence[str | Path],
    settings: Settings,
    root: Path,
    installed: InstalledRules,
    results: ResultCache,
) -> tuple[RunRecord | None, Discovered]:
    """The findings of a run after changes that leave every changed file's facts as they were
    (or moved by lines: :mod:`alignlint.run.facts_reuse`), from the last run of the request,
    when every rule is built in; else the files with what comparing them found, for the run
    that links them."""
    if not installed.built_in:
        return None, discovered
    from alignlint.run.facts_reuse import compare_with_last_run, last_run_store, reuse_facts

    store = last_run_store(root, paths, settings, installed)
    if store is None:
        return None, discovered
    sources = discovered.sources
    comparison = compare_with_last_run(store, sources, settings, root, results)
    record = (
        reuse_facts(comparison, store, sources, settings, root, installed, results)
        if comparison is not None
        else None
    )
    if record is not None:
        return record, discovered
    return None, replace(discovered, compared_with=store.request, comparison=comparison)


def _in_workspaces(paths: Sequence[str | Path], root: Path, settings: Settings) -> bool:
    from alignlint.run.workspace_views import paths_in_workspaces

    return bool(paths_in_workspaces(paths, root, settings))
