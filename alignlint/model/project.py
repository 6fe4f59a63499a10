"""The :class:`Project`: the linked model every rule reads, and :func:`build_project`."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import field
from functools import cached_property
from typing import TypeVar, cast

from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.core.types import Span, Unresolved
from alignlint.extract.facts import FileError, FileFacts
from alignlint.model.components import (
    BuilderClass,
    ClassInfo,
    ConfigClass,
    Contract,
    Dag,
    Registry,
    RegistryRow,
    Script,
    Spec,
)
from alignlint.model.index import ModuleInfo, ProjectIndex
from alignlint.model.link import Linker, Step, Unlinked
from alignlint.model.paths import SuffixIndex
from alignlint.model.resolve import Resolved, Resolver
from alignlint.model.workspaces import View

T = TypeVar("T")


@record
class FileSummary:
    """What rules need to know about a file itself (errors, whether it was scanned)."""

    path: str
    kind: str
    module: str | None
    errors: tuple[FileError, ...]
    scanned: bool
    content_hash: str


@record(frozen=False, eq=False)
class Project:
    """The whole linked project. Lists are sorted by path and position (deterministic)."""

    settings: Settings
    files: dict[str, FileSummary]
    steps: list[Step]
    unlinked: list[Unlinked]
    unresolved: list[Unresolved]
    contracts: list[Contract]
    specs: list[Spec]
    configs: list[ConfigClass]
    builders: list[BuilderClass]
    scripts: dict[str, Script]
    registries: list[Registry]
    dags: list[Dag]
    index: ProjectIndex
    #: Run counters rules add (shown by ``--statistics``), e.g. how many dependencies resolved.
    counters: dict[str, int] = field(default_factory=dict)
    #: Decoded text of every readable file (path -> text) when the caller had it (the engine
    #: does); fixes use it to match the layout of the code they edit. Empty otherwise.
    texts: Mapping[str, str] = field(default_factory=dict)
    #: The workspace view this project is (None: the shared library's view, or no workspaces).
    view: View | None = None
    _steps_by_name: dict[str, Step] = field(default_factory=dict)
    _step_of: dict[int, Step] = field(default_factory=dict)
    _derived: dict[Hashable, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._steps_by_name = {step.name: step for step in self.steps}
        for step in reversed(self.steps):  # the first step wins, as a scan in order would
            pieces = (step.contract, step.config, step.builder, step.script, *step.specs.values())
            for piece in pieces:
                if piece is not None:
                    self._step_of[id(piece)] = step

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per project and ``key``: what rules derive from the
        linked model (which never changes once built) is shared instead of derived again by
        every rule, or for every item, that asks. ``key`` names what is computed and from
        what, e.g. ``("config-view", id(config))`` (the model keeps its objects alive)."""
        if key not in self._derived:
            self._derived[key] = compute()
        return cast(T, self._derived[key])

    #: Every file of the project when :attr:`files` holds only part of it (a project linked
    #: from the files one unit reads, :mod:`alignlint.model.units`): suffix lookups see them all.
    all_paths: frozenset[str] | None = None
    #: Every identifier-like word of the Python files that do not parse: what they may define
    #: or name. A rule that would report a piece missing by a name among them stays silent
    #: (see :meth:`may_be_unparsed`).
    unparsed_words: frozenset[str] = frozenset()

    def may_be_unparsed(self, name: str) -> bool:
        """Whether ``name`` (a class, constant or step name) may be defined or named in a file
        that does not parse: its absence from the linked project then says nothing (ALN001
        reports the file)."""
        return name in self.unparsed_words

    @cached_property
    def files_by_suffix(self) -> SuffixIndex:
        """The project's files, looked up by path suffix (e.g. a contract's ``entry_point``)."""
        return SuffixIndex(self.files if self.all_paths is None else self.all_paths)

    # -- lookups -----------------------------------------------------------------------------
    def step(self, name: str) -> Step | None:
        return self._steps_by_name.get(name)

    @property
    def registry_rows(self) -> dict[str, RegistryRow]:
        """Every registry row by step name (first registry wins on duplicates)."""
        rows: dict[str, RegistryRow] = {}
        for registry in self.registries:
            for name, row in registry.rows.items():
                rows.setdefault(name, row)
        return rows

    @cached_property
    def registry_closed(self) -> bool:
        """Whether a name absent from :attr:`registry_rows` is known not to be registered (in
        the shared library's view): there is a registry, and every registry is closed (see
        :attr:`Registry.closed`)."""
        return bool(self.registries) and all(registry.closed for registry in self.registries)

    def registry_openings(self) -> list[tuple[Registry, Span, str]]:
        """Where and why the registries may hold rows not known statically."""
        return [
            (registry, span, reason)
            for registry in self.registries
            for span, reason in registry.openings()
        ]

    def unique_registry_rows(self) -> list[tuple[Registry, RegistryRow]]:
        """Every registry row once (a computed registry shares the rows of the tables it is
        built from), with the first registry holding it, in registry order."""
        seen: set[int] = set()
        found: list[tuple[Registry, RegistryRow]] = []
        for registry in self.registries:
            for row in registry.rows.values():
                if id(row) not in seen:
                    seen.add(id(row))
                    found.append((registry, row))
        return found

    def config_named(self, name: str) -> ConfigClass | None:
        """The first config class (in :attr:`configs` order) with the simple name ``name``."""
        return self._configs_by_name.get(name)

    @cached_property
    def _configs_by_name(self) -> dict[str, ConfigClass]:
        found: dict[str, ConfigClass] = {}
        for config in self.configs:
            found.setdefault(config.name, config)
        for config in self.configs:
            for alias in self.index.class_aliases.get(config.info.qualname, ()):
                found.setdefault(alias, config)
        return found

    def class_by_qualname(self, qualname: str) -> ClassInfo | None:
        return self.index.classes.get(qualname)

    def names_of(self, info: ClassInfo) -> tuple[str, ...]:
        """Every name a class is known by: its own, then the aliases its module binds it to."""
        return (info.name, *self.index.class_aliases.get(info.qualname, ()))

    def classes_named(self, name: str) -> list[ClassInfo]:
        return list(self.index.classes_by_name.get(name, ()))

    def module_by_path(self, path: str) -> ModuleInfo | None:
        return self.index.module_by_path(path)

    def step_of(self, component: object) -> Step | None:
        """The step a contract/spec/config/builder/script belongs to, if linked."""
        return self._step_of.get(id(component))


def build_project(
    files: Sequence[FileFacts],
    settings: Settings,
    texts: Mapping[str, str] | None = None,
    view: View | None = None,
    all_paths: frozenset[str] | None = None,
) -> Project:
    """Phase 2: index every file's facts, resolve components, and link them into steps.
    ``texts`` (path -> decoded text), when given, is kept as :attr:`Project.texts`. ``view``
    makes it a workspace's view (``files`` are then the shared library and the workspace's
    files): the workspace's registry tables and pieces win over shared ones of the same name.
    ``all_paths``: every file of the project, when ``files`` are only part of it
    (:attr:`Project.all_paths`)."""
    ordered = sorted(files, key=lambda f: f.path)
    index = ProjectIndex(ordered)
    preferred = view.owns if view is not None else None
    resolver = Resolver(index, settings, ordered, preferred)
    resolved = resolver.run()
    linker = Linker(resolved, resolver, ordered, settings.script_roots, preferred)
    steps = linker.run()
    unresolved = list(resolved.unresolved)
    for facts in ordered:
        unresolved.extend(facts.notes)
    unresolved = sorted(set(unresolved), key=lambda u: (u.span, u.reason))
    specs, configs, builders = resolved.specs, resolved.configs, resolved.builders
    unlinked = linker.unlinked
    if view is not None:
        specs, configs, builders, unlinked = _without_shadowed(view, steps, resolved, unlinked)
    summaries = {
        f.path: FileSummary(f.path, f.kind, f.module, f.errors, f.scanned, f.content_hash)
        for f in ordered
    }
    return Project(
        settings=settings,
        files=summaries,
        steps=steps,
        unlinked=unlinked,
        unresolved=unresolved,
        contracts=sorted(resolved.contracts, key=lambda c: (c.path, c.span.start)),
        specs=sorted(specs, key=lambda s: (s.path, s.span.start)),
        configs=sorted(configs, key=lambda c: (c.info.path, c.span.start)),
        builders=sorted(builders, key=lambda b: (b.info.path, b.span.start)),
        scripts=dict(sorted(linker.scripts.items())),
        registries=resolved.registries,
        dags=resolved.dags,
        index=index,
        texts=texts if texts is not None else {},
        counters=_project_counters(resolved.registries, resolved.dags),
        view=view,
        all_paths=all_paths,
        unparsed_words=frozenset(word for f in ordered for word in f.unparsed_words),
    )


def _without_shadowed(
    view: View, steps: Sequence[Step], resolved: Resolved, unlinked: list[Unlinked]
) -> tuple[list[Spec], list[ConfigClass], list[BuilderClass], list[Unlinked]]:
    """A workspace view's specs, configs and builders without the shared pieces the workspace's
    own replace (a spec of a step type, a class of a name, that the workspace also defines and
    that linked in its place), and the unlinked list without them: inside the workspace's
    context they do not exist."""
    linked: set[int] = set()
    for step in steps:
        linked.update(id(spec) for spec in step.specs.values())
        linked.update(id(piece) for piece in (step.config, step.builder) if piece is not None)
    own_types = {s.step_type.text for s in resolved.specs if view.owns(s.path) and id(s) in linked}
    own_classes = {c.name for c in resolved.configs if view.owns(c.info.path)}
    own_classes.update(b.name for b in resolved.builders if view.owns(b.info.path))

    def shadowed_spec(spec: Spec) -> bool:
        return (
            not view.owns(spec.path) and id(spec) not in linked and spec.step_type.text in own_types
        )

    def shadowed_class(piece: ConfigClass | BuilderClass) -> bool:
        return (
            not view.owns(piece.info.path) and id(piece) not in linked and piece.name in own_classes
        )

    gone = {s.name_span for s in resolved.specs if shadowed_spec(s)}
    gone.update(c.info.name_span for c in resolved.configs if shadowed_class(c))
    gone.update(b.info.name_span for b in resolved.builders if shadowed_class(b))
    return (
        [s for s in resolved.specs if not shadowed_spec(s)],
        [c for c in resolved.configs if not shadowed_class(c)],
        [b for b in resolved.builders if not shadowed_class(b)],
        [item for item in unlinked if item.span not in gone],
    )


def _project_counters(registries: Sequence[Registry], dags: Sequence[object]) -> dict[str, int]:
    """What ``--statistics`` says about the project whatever rules run: the registries (how
    many, how many fully known (every row of the shared library's view), how many computed at
    run time, the rows known) and the DAGs (the dependency rules add what they resolved)."""
    counters = {"DAGs": len(dags)} if dags else {}
    if not registries:
        return counters
    rows = {id(row) for registry in registries for row in registry.rows.values()}
    return {
        **counters,
        "registries": len(registries),
        "registries known": sum(1 for registry in registries if registry.closed),
        "registries computed": sum(1 for registry in registries if registry.computed),
        "registry rows": len(rows),
    }
