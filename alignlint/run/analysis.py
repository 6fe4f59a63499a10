"""Orchestration of one run: discover → read → extract (phase 1) → build the project (phase 2) →
run the selected rules → per-file ignores and suppressions → fingerprints → deterministic order.

This module stays cheap to import: the extractor and the project model are imported when a run
starts, and nothing here imports pydantic, libcst, rich or sagemaker.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.records import record
from alignlint.core.selectors import select_rules
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Span
from alignlint.extract.directives import Directive
from alignlint.infra.gcpause import freeze_live, freezing_run, paused_gc
from alignlint.rules.base import Rule, discover_rules
from alignlint.run.changed import (
    ChangedSet,
    Wiring,
    changed_set,
    consumer_wiring,
    reported,
    wiring_index,
)
from alignlint.run.discover import project_directories, project_request
from alignlint.run.fingerprints import with_fingerprints
from alignlint.run.progress import NO_PROGRESS, Progress
from alignlint.run.result import Result
from alignlint.run.result_cache import InstalledRules, cache_inputs
from alignlint.run.rule_checks import Capture, guard, run_rules
from alignlint.run.sources import Sources, TextsOnDemand, install_deferred_sources
from alignlint.run.statistics import Counts, linked_counts, statistics_of
from alignlint.run.suppress import apply_suppressions
from alignlint.run.unit_results import UnitResults, open_unit_results
from alignlint.run.validation import validate_settings
from alignlint.run.view_results import ViewResult, ViewResults, open_view_results, view_digest
from alignlint.run.workspace_views import (
    Plan,
    WorkspaceRequest,
    in_workspace,
    paths_in_workspaces,
    plan_views,
)

if TYPE_CHECKING:
    from alignlint.extract.deferred import DeferredFile
    from alignlint.extract.facts import FileFacts
    from alignlint.model import Project
    from alignlint.model.workspaces import View, Workspaces
    from alignlint.run.cached_result import Discovered
    from alignlint.run.result_cache import ResultCache


# -- rule selection --------------------------------------------------------------------------------
def instantiate(rule: type[Rule], settings: Settings) -> Rule:
    """A rule configured with its options and severity override from ``settings``."""
    options = settings.options_for(rule.code, rule.name)
    return rule(options, settings.severity_for(rule.code, rule.name))


# -- the run ---------------------------------------------------------------------------------------
def _with_unreadable(facts: list[FileFacts], sources: Sources) -> list[FileFacts]:
    """``facts`` plus the error facts of the unreadable files, in path order."""
    if not sources.unreadable:
        return facts
    from alignlint.extract import unreadable_file

    errors = [
        unreadable_file(path, sources.hashes[path], reason)
        for path, reason in sources.unreadable.items()
    ]
    return sorted([*facts, *errors], key=lambda item: item.path)


def _extract(
    sources: Sources,
    settings: Settings,
    root: Path,
    *,
    use_cache: bool,
    jobs: int | None,
    memo: MutableMapping[tuple[str, str], FileFacts] | None = None,
    progress: Progress = NO_PROGRESS,
) -> tuple[list[FileFacts], list[DeferredFile]]:
    """Phase 1 for every file: from ``memo`` (facts of earlier runs in this process, by path and
    content hash) or the fact cache when warm, else extracted (in parallel when there is enough
    uncached work to pay for worker processes); and the files whose bodies are deferred."""
    if memo is None:
        found = _extract_uncached(
            sources, settings, root, use_cache=use_cache, jobs=jobs, progress=progress
        )
    else:
        known = {path: memo.get((path, sources.hashes[path])) for path in sources.readable}
        todo = sources.only([path for path, facts in known.items() if facts is None])
        extracted = _extract_uncached(
            todo, settings, root, use_cache=use_cache, jobs=jobs, progress=progress
        )
        for facts in extracted:
            memo[(facts.path, sources.hashes[facts.path])] = facts
        found = [facts for facts in known.values() if facts is not None] + extracted
        found.sort(key=lambda facts: facts.path)
    return found, install_deferred_sources(found, sources, settings)


def _extract_uncached(
    sources: Sources,
    settings: Settings,
    root: Path,
    *,
    use_cache: bool,
    jobs: int | None,
    progress: Progress,
) -> list[FileFacts]:
    """Phase 1 for the files of ``sources`` the fact cache does not know, each read where it is
    extracted (:mod:`alignlint.run.extract_files`)."""
    from alignlint.extract.facts import FileFacts
    from alignlint.infra.parallel import extract_all, extract_shared
    from alignlint.run.extract_files import entry_of, facts_of
    from alignlint.run.fact_cache import FactCache

    paths = list(sources.readable)
    cache = FactCache(root, settings) if use_cache and FactCache.available(root, settings) else None
    found: list[FileFacts | None] = (
        cache.get_many([(path, sources.hashes[path]) for path in paths])
        if cache is not None
        else [None] * len(paths)
    )
    missing = [index for index, facts in enumerate(found) if facts is None]
    todo = [(paths[index], sources.payload(paths[index])) for index in missing]
    sizes = [sources.size(path) for path, _ in todo]
    quiet = progress.single_threaded
    if cache is None:
        outcomes = guard(
            "extracting facts",
            lambda: extract_all(todo, settings, facts_of, jobs=jobs, quiet=quiet, sizes=sizes),
        )
        for index, (path, _), outcome in zip(missing, todo, outcomes, strict=True):
            found[index] = sources.settle(path, outcome)
        return [facts for facts in found if facts is not None]
    # Pool workers return encoded cache entries (the facts are pickled once, not twice); this
    # process extracts its own share as facts and encodes them for the cache itself.
    results = guard(
        "extracting facts",
        lambda: extract_shared(
            todo, settings, facts_of, entry_of, jobs=jobs, quiet=quiet, sizes=sizes
        ),
    )
    for index, (path, payload), result in zip(missing, todo, results, strict=True):
        value = sources.settle(path, result)
        if value is None:
            continue
        digest = sources.hashes[path]
        if isinstance(value, FileFacts):
            found[index] = value
            cache.put(path, digest, value)
            continue
        decoded = cache.decode(path, digest, value)
        if decoded is not None and decoded.cacheable:
            cache.put_entry(path, digest, value)
        found[index] = decoded or sources.settle(path, facts_of(path, payload, settings))
    return [facts for facts in found if facts is not None]


def _prune_fact_cache(root: Path, settings: Settings, sources: Sources) -> None:
    """Remove the fact cache's entries of files no longer seen, when due
    (:meth:`~alignlint.run.fact_cache.FactCache.prune`): ``sources`` are the whole project's."""
    from alignlint.run.fact_cache import FactCache

    if FactCache.available(root, settings):
        FactCache(root, settings).prune(sources.hashes.items())


def _result_cache(
    root: Path,
    paths: Sequence[str | Path],
    settings: Settings,
    installed: InstalledRules,
    sources: Sources,
) -> tuple[ResultCache, str]:
    """The result cache slot of this run and the key of what the run sees."""
    from alignlint.run.result_cache import ResultCache

    cache = ResultCache(root, settings, installed.request(root, paths, settings))
    return cache, cache_inputs(sources, installed)


def _directives(facts: Sequence[FileFacts]) -> list[Directive]:
    """The suppression comments of every file (phase 1 facts), in path order."""
    return [directive for file in facts for directive in file.directives]


@record(frozen=False)
class _Views:
    """What linking and checking the views of a run produced."""

    #: The shared library's project (the first workspace view when the shared view is not
    #: linked); None when that view's result came from the view results.
    project: Project | None
    #: What the statistics count of that view.
    counts: Counts
    #: The workspace views, kept only when the caller needs the linked projects.
    views: list[Project]
    findings: list[Diagnostic]
    directives: list[Directive]
    #: Per workspace id: the changed set's consumer wiring in that view (changed-set runs).
    wiring: dict[str, Wiring]


@record(frozen=False)
class _ViewChecks:
    """Checks views: the stored result of a view whose digest is unchanged
    (:mod:`alignlint.run.view_results`), else the view linked and its rules run."""

    selected: Sequence[Rule]
    settings: Settings
    texts: Mapping[str, str]
    stored: ViewResults | None
    #: The unit results of a view, by its key (``Scope.STEP`` rules run on changed units only).
    units: Callable[[str], UnitResults | None] = lambda _key: None
    #: Whether :meth:`check` may answer with a stored result (not when the run needs each
    #: view it checks linked: a changed set's wiring); results it computes are stored anyway.
    reuse: bool = True

    def digest(self, key: str, facts: Sequence[FileFacts], view: View | None = None) -> str:
        return view_digest(
            key,
            facts,
            view.workspace if view is not None else None,
            view.foreign if view is not None else None,
        )

    def stored_result(
        self, key: str, facts: Sequence[FileFacts], view: View | None = None
    ) -> ViewResult | None:
        """The stored result of the view ``key`` over ``facts``, when it is still valid."""
        if self.stored is None:
            return None
        return self.stored.get(key, self.digest(key, facts, view))

    def check(
        self, key: str, facts: Sequence[FileFacts], where: str, view: View | None = None
    ) -> tuple[ViewResult, Project | None]:
        """The view's result, and the linked view when this run linked it. A stored result
        adds what each rule could not check there to the rule, as running it would."""
        from alignlint.model import build_project

        digest = self.digest(key, facts, view) if self.stored is not None else ""
        cached = self.stored.get(key, digest) if self.stored is not None and self.reuse else None
        if cached is not None:
            by_code = dict(cached.unchecked)
            for rule in self.selected:
                rule.unchecked.extend(by_code.get(rule.code, ()))
            return cached, None
        extra = (view,) if view is not None else ()
        linked: Project = guard(where, build_project, facts, self.settings, self.texts, *extra)
        before = [len(rule.unchecked) for rule in self.selected]
        units = self.units(key)
        findings = tuple(run_rules(self.selected, linked, unit_results=units, view=key))
        if units is not None:
            units.save()
        unchecked = tuple(
            (rule.code, tuple(rule.unchecked[count:]))
            for rule, count in zip(self.selected, before, strict=True)
            if len(rule.unchecked) > count
        )
        result = ViewResult(findings, unchecked, linked_counts(linked))
        if self.stored is not None and all(file.cacheable for file in facts):
            self.stored.put(key, digest, result)
        return result, linked


def _run_views(
    facts: Sequence[FileFacts],
    settings: Settings,
    texts: Mapping[str, str],
    selected: Sequence[Rule],
    workspaces: Workspaces,
    progress: Progress,
    plan: Plan,
    changed: ChangedSet | None,
    keep: bool,
    stored: ViewResults | None = None,
    units: Callable[[str], UnitResults | None] = lambda _key: None,
) -> _Views:
    """Link and check the shared view (when the plan reports it) and each planned workspace
    view over the once-extracted ``facts``. A workspace view's findings are kept when they
    touch the workspace, tagged with it, unless the shared view finds the same rule at the same
    place (:func:`_shared_twins`); directives are those of the files whose findings the run
    produced. Views are dropped as soon as they are checked unless ``keep`` (the changed
    set's wiring is computed from each first), and the cyclic garbage of each is collected
    when several are linked: one view is alive at a time. ``stored``: the view results of the
    last runs (never with ``keep``); a changed set, which needs each view it checks linked,
    reads only the shared view's there, for :func:`_shared_twins`. ``units``: each view's unit
    results."""
    from alignlint.model import build_project
    from alignlint.model.workspaces import View, foreign_names

    checks = _ViewChecks(selected, settings, texts, stored, units, reuse=changed is None)
    shared_facts = [file for file in facts if workspaces.of(file.path) is None]
    library = [file for file in facts if workspaces.is_shared_library(file.path)]
    # The shared view is linked only when reported (or when nothing else is): a change inside
    # a workspace links that workspace's view alone.
    link_shared = plan.shared or not plan.workspaces
    progress.phase("Linking steps", int(link_shared) + len(plan.workspaces))
    findings: list[Diagnostic] = []
    directives: list[Directive] = []
    wiring: dict[str, Wiring] = {}
    views: list[Project] = []
    shared: Project | None = None
    counts: Counts | None = None
    if plan.shared:
        result, shared = checks.check("", shared_facts, "linking the project")
        counts = result.counts
        progress.advance()
        findings.extend(result.findings)
        directives.extend(_directives(shared_facts))
    elif link_shared:
        shared = guard("linking the project", build_project, shared_facts, settings, texts)
        counts = linked_counts(shared)
        progress.advance()
    # A finding the shared view reports at the same place is the shared library's, reported
    # once: a workspace view repeats it only because a related location (a closer suggestion,
    # the workspace's override of a piece) is in the workspace. Without the shared view's
    # findings (one workspace checked alone), those a workspace view finds in the shared
    # library wait for them (``outside``): the run must report what the full check reports.
    reported_shared = {(d.code, d.span) for d in findings}
    outside: list[Diagnostic] = []
    foreign = foreign_names(facts, workspaces)
    collect = len(plan.workspaces) > 1 and not keep
    if collect:
        freeze_live()  # what lives for the whole run is not walked by each collection
    for workspace in plan.workspaces:
        own = [file for file in facts if workspace.contains(file.path)]
        view = View(workspace, foreign[workspace.id])
        where = f"linking workspace {workspace.id}"
        result, linked = checks.check(workspace.id, [*library, *own], where, view)
        if counts is None:
            counts = result.counts
        progress.advance()
        for diagnostic in result.findings:
            if not in_workspace(diagnostic, workspace):
                continue
            if (diagnostic.code, diagnostic.span) in reported_shared:
                continue
            tagged = dataclasses.replace(diagnostic, workspace=workspace.id)
            if not plan.shared and not workspace.contains(diagnostic.span.path):
                outside.append(tagged)
            else:
                findings.append(tagged)
        directives.extend(_directives(own))
        if linked is None:
            continue  # the stored result: nothing was linked
        if changed is not None:
            wiring[workspace.id] = consumer_wiring(linked, changed)
        # Without the shared view, the first workspace view is the run's project (only
        # when no view result may be reused: a reusing run has no linked project to give).
        every_view_linked = stored is None or not checks.reuse
        if keep or (every_view_linked and shared is None and not views):
            views.append(linked)
        del linked
        if collect:
            gc.collect()
    if outside:
        twins = _shared_twins(outside, shared, shared_facts, checks)
        findings.extend(d for d in outside if (d.code, d.span) not in twins)
    assert counts is not None  # the shared view, or at least one workspace view, was checked
    project = shared if shared is not None else views[0] if views else None
    return _Views(project, counts, views if keep else [], findings, directives, wiring)


def _shared_twins(
    outside: Sequence[Diagnostic],
    shared: Project | None,
    shared_facts: Sequence[FileFacts],
    checks: _ViewChecks,
) -> set[tuple[str, Span]]:
    """Where the shared view finds what workspace views found in the shared library
    (``outside``): ``(code, span)`` of its findings of those rules. A run that does not report
    the shared view reads them from its stored result, or links it for this only when some
    workspace view found something there, and runs only the rules of those findings.

    The same rule at the same place is the same defect of the shared library, whatever a view
    adds around it (a closer suggestion, another candidate): the full check reports it once, as
    the shared library's, and so does a run of one workspace."""
    from alignlint.model import build_project

    codes = {d.code for d in outside}
    if shared is None:
        cached = checks.stored_result("", shared_facts)
        if cached is not None:
            return {(d.code, d.span) for d in cached.findings if d.code in codes}
        shared = guard(
            "linking the project", build_project, shared_facts, checks.settings, checks.texts
        )
    rules = [rule for rule in checks.selected if rule.code in codes]
    # Running a rule again must not count what it could not check twice.
    kept = {id(rule): list(rule.unchecked) for rule in rules}
    try:
        return {(d.code, d.span) for d in run_rules(rules, shared)}
    finally:
        for rule in rules:
            rule.unchecked[:] = kept[id(rule)]


def _owned(diagnostics: Iterable[Diagnostic], workspaces: Workspaces) -> list[Diagnostic]:
    """``diagnostics`` with the workspace of those located in one (the suppression pass's own
    findings) set."""
    result = []
    for diagnostic in diagnostics:
        owner = workspaces.of(diagnostic.span.path) if diagnostic.workspace is None else None
        result.append(
            dataclasses.replace(diagnostic, workspace=owner.id) if owner is not None else diagnostic
        )
    return result


def _reported_by_view(
    diagnostics: Sequence[Diagnostic],
    project: Project,
    wiring: Mapping[str, Wiring],
    changed: ChangedSet,
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The changed set's split of ``diagnostics``, each judged in the view that found it (the
    wiring of a changed shared step into a workspace's consumers is that workspace's)."""
    shared_wiring = consumer_wiring(project, changed) if project.view is None else Wiring((), ())
    shown: list[Diagnostic] = []
    hidden: list[Diagnostic] = []
    for diagnostic in diagnostics:
        spans = wiring.get(diagnostic.workspace or "", shared_wiring)
        yes, _ = reported([diagnostic], None, changed, spans)
        (shown if yes else hidden).append(diagnostic)
    return shown, hidden


@freezing_run
def analyze(
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    root: Path,
    rules: Sequence[type[Rule]] | None = None,
    overlay: Mapping[str, bytes] | None = None,
    report_all: bool = False,
    progress: Progress = NO_PROGRESS,
    use_cache: bool = False,
    jobs: int | None = None,
    need_project: bool = False,
    facts_memo: MutableMapping[tuple[str, str], FileFacts] | None = None,
    force_exclude: bool = False,
    workspaces: WorkspaceRequest | None = None,
    discovered: Discovered | None = None,
) -> Result:
    """Check the files under ``paths`` (default: the configured roots, else ``root``).

    When ``paths`` name files, they are the *changed set* (:mod:`alignlint.run.changed`): the whole
    project is analysed and only the findings touching them are reported (``report_all``: every
    finding; the others are in ``Result.unreported``). ``rules`` defaults to every installed rule;
    ``overlay`` replaces the content of files (by root-relative path) without touching the disk
    (used by the fix loop); ``progress`` is told what the run is doing. Findings carry paths
    relative to ``root``. Raises :class:`~alignlint.core.errors.AlignlintError` subclasses for bad
    input and :class:`~alignlint.core.errors.InternalError` when a rule or the engine fails.

    ``use_cache`` reuses phase 1 facts of unchanged files (:mod:`alignlint.run.fact_cache`) and,
    for a whole-project run without ``overlay``, the findings of the previous run when no file,
    setting, rule or alignlint code changed since (:mod:`alignlint.run.result_cache`);
    ``Result.project`` is then None unless ``need_project`` asks for the linked project. ``jobs``
    caps phase 1 workers. ``facts_memo`` keeps phase 1 facts in memory between runs of one
    process (the fix loop analyses the project after every pass: only the files a fix edited
    are extracted again). ``force_exclude`` applies the exclusion patterns to ``paths``
    themselves too (:func:`~alignlint.run.discover.discover_files`). ``workspaces`` says which
    project workspaces to check (:mod:`alignlint.run.workspace_views`). ``discovered``: the
    files of this very run (same ``paths``, settings, ``force_exclude``, no ``overlay``) that a
    caller discovered and read already, and whose result it found no cached result for
    (:func:`alignlint.run.cached_result.look_up`).

    ``settings`` are validated against the available rules first
    (:func:`~alignlint.run.validation.validate_settings`): a selector that names no rule, or a
    rule option of an unknown name or the wrong type, is a
    :class:`~alignlint.core.errors.ConfigError`, the same the command line reports.
    """
    from alignlint.extract.deferred import bodies_read
    from alignlint.run.cached_result import discover_and_read, reused, serves
    from alignlint.run.facts_reuse import last_run_store
    from alignlint.run.incremental import (
        from_last_run,
        interfaces_declared,
        link_index,
        store_last_run,
    )
    from alignlint.run.result_cache import RunRecord

    available = list(rules) if rules is not None else discover_rules()
    validate_settings(settings, available)
    installed = InstalledRules.of(available)
    selected = [instantiate(rule, settings) for rule in select_rules(available, settings)]
    request = workspaces if workspaces is not None else WorkspaceRequest()
    paths = project_request(paths, root, settings)
    targeted = paths_in_workspaces(paths, root, settings) if paths else ()
    changed = changed_set(paths, root, settings)
    widen = changed is None and (bool(targeted) or bool(request))
    if discovered is None:
        discovered = discover_and_read(
            paths,
            settings,
            root,
            force_exclude=force_exclude,
            progress=progress,
            use_cache=use_cache,
            overlay=dict(overlay or {}),
            project=changed.project
            if changed
            else project_directories(root, settings)
            if widen
            else (),
        )
        looked_up = False
    else:
        looked_up = True
    files, sources = discovered.files, discovered.sources
    # A changed-set run analyses the files of the run without paths (and reuses its cache)
    # when it names no file that run does not analyse (its last run must have the same files).
    slot = paths if changed is None else ()
    results = (
        _result_cache(root, slot, settings, installed, sources)
        if use_cache
        and not overlay
        and not need_project
        and not widen
        and (changed is None or (not request and len(sources.hashes) == len(files)))
        else None
    )
    last_run = last_run_store(root, slot, settings, installed) if results is not None else None
    record = results[0].get(results[1]) if results is not None and not looked_up else None
    if record is None and last_run is not None and results is not None:
        record = from_last_run(
            last_run, discovered, settings, root, selected, available, installed, results[0]
        )
    if serves(record, changed, discovered):
        assert record is not None
        progress.advance(len(files))
        rule_types = [type(rule) for rule in selected]
        return reused(record, rule_types, root, discovered, changed, report_all)
    with paused_gc():
        extracted, deferred = _extract(
            sources,
            settings,
            root,
            use_cache=use_cache,
            jobs=jobs,
            memo=facts_memo,
            progress=progress,
        )
        facts = _with_unreadable(extracted, sources)
    sources.data.clear()
    progress.advance(len(files))
    from alignlint.model import build_project
    from alignlint.model.workspaces import discover_workspaces

    texts = TextsOnDemand(files, overlay or {}, settings.max_file_size)
    found_workspaces = discover_workspaces(facts, settings.workspaces)
    if request.names and not found_workspaces:
        plan_views(found_workspaces, request, (), (), None)  # names the missing workspace
    if not found_workspaces:
        progress.phase("Linking steps", 1)
        linked: Project = guard("linking the project", build_project, facts, settings, texts)
        project: Project | None = linked
        progress.advance()
        progress.phase("Running rules", len(selected))
        unit_results = (
            open_unit_results(root, settings, installed) if use_cache and not overlay else None
        )
        capture = Capture() if last_run is not None and unit_results is not None else None
        found = run_rules(selected, linked, progress, unit_results, capture=capture)
        if unit_results is not None:
            unit_results.save()
        counts = linked_counts(linked)
        views: list[Project] = []
        directives = _directives(facts)
        shared_reported = True
        wiring: dict[str, Wiring] = {}
        view_count = 0
    else:
        capture = None
        plan = plan_views(
            found_workspaces,
            request,
            targeted,
            (file.relative for file in files),
            changed.files if changed is not None else None,
        )
        shared_reported = plan.shared
        # Runs that keep the linked views (fixing, --show-links) neither read nor store views.
        stored = (
            open_view_results(root, settings, installed)
            if use_cache and not overlay and not need_project
            else None
        )
        ran = _run_views(
            facts,
            settings,
            texts,
            selected,
            found_workspaces,
            progress,
            plan,
            changed,
            keep=need_project,
            stored=stored,
            units=(
                functools.partial(open_unit_results, root, settings, installed)
                if use_cache and not overlay
                else lambda _key: None
            ),
        )
        if stored is not None:
            stored.save()
        project, views, found, directives = ran.project, ran.views, ran.findings, ran.directives
        counts, wiring = ran.counts, ran.wiring
        view_count = len(plan.workspaces)
    kept, suppressed = apply_suppressions(
        found, directives, available=available, selected=selected, settings=settings
    )
    if found_workspaces:
        kept = _owned(kept, found_workspaces)
    statistics = statistics_of(files, facts, counts, selected, suppressed)
    if found_workspaces:
        statistics.bump("workspaces", len(found_workspaces.items))
        statistics.bump("workspace views", view_count)
    # Fingerprints first: their occurrence suffixes must not depend on the changed set.
    everything = with_fingerprints(kept)
    shown, unreported = everything, list[Diagnostic]()
    if changed is not None and not report_all:
        # A changed-set run links every view it checks (no stored view result).
        assert project is not None
        if found_workspaces:
            shown, unreported = _reported_by_view(shown, project, wiring, changed)
        else:
            shown, unreported = reported(shown, project, changed)
    # A changed-set run with workspaces checks only the views it touches: not the whole run.
    whole = changed is None or not found_workspaces
    if results is not None and whole and all(file.cacheable for file in facts):
        # The inputs again: a file may have changed after it was hashed (it is read again
        # where it is extracted).
        links = wiring_index(project) if project is not None and not found_workspaces else None
        run_record = RunRecord(tuple(everything), statistics, suppressed, links)
        inputs = cache_inputs(sources, installed)
        results[0].put(inputs, run_record)
        if last_run is not None:
            index = (
                link_index(capture, project, facts, directives, selected)
                if capture is not None and project is not None and interfaces_declared(selected)
                else None
            )
            store_last_run(
                last_run, sources, texts.read, inputs, selected, index, bodies_read(deferred)
            )
    if use_cache and not overlay and (not paths or changed is not None):
        _prune_fact_cache(root, settings, sources)
    return Result(
        diagnostics=tuple(shown),
        project=project,
        statistics=statistics,
        rules=tuple(type(rule) for rule in selected),
        root=root,
        files=tuple(files),
        suppressed=suppressed,
        unreported=tuple(unreported),
        content_hashes=dict(sources.hashes),
        views=tuple(views),
        shared_reported=shared_reported,
    )
