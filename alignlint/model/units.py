"""Units of a linked project: the parts whose findings a rule computes (and a later run reuses)
together, what each reads, and the project narrowed to one.

A unit is one step (its registry row, contract, specs and the contracts they name, config,
builder, script, DAG nodes) together with every step it shares a piece with (two steps running
one script with one contract are checked together, since a rule may report a shared piece once,
for the first of them), or the pieces that belong to no step. What a unit reads is its
pieces, the project modules they import (transitively: bases, constants, shared helpers), every
registry (a registry change re-checks everything), which files exist (a rule may look a file up
by name: a file added or deleted re-checks everything) and, for a step, its links. Its digest hashes
all of that with the content hash of every file involved, and the *view* it is seen in (the
whole project is the view ``""``; a workspace is another view id): two runs that give a unit the
same digest give its :attr:`~alignlint.rules.base.Scope.STEP` rules the same inputs.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from alignlint.core.records import record
from alignlint.model.components import Contract, DagNode, RegistryRow
from alignlint.model.link import Step
from alignlint.model.project import Project

#: The unit of the pieces that belong to no step.
UNLINKED = "unlinked"


@record
class Unit:
    """One unit: ``name`` is ``step:<first step name>`` or :data:`UNLINKED`; ``steps`` its steps
    in project order; ``pieces`` the components it holds, in a fixed order."""

    name: str
    steps: tuple[Step, ...]
    pieces: tuple[object, ...]


def project_units(project: Project) -> list[Unit]:
    """The units of the steps (steps sharing a piece form one unit; in order of their first
    step), then the unit of the pieces of no step."""
    units = [
        Unit(f"step:{group[0].name}", group, tuple(p for step in group for p in _step_pieces(step)))
        for group in _sharing_groups(project.steps)
    ]
    loose = [
        piece
        for piece in (
            *project.contracts,
            *project.specs,
            *project.configs,
            *project.builders,
            *project.scripts.values(),
        )
        if project.step_of(piece) is None
    ]
    units.append(Unit(UNLINKED, (), tuple(loose)))
    return units


def _sharing_groups(steps: Sequence[Step]) -> list[tuple[Step, ...]]:
    """``steps`` grouped so that steps sharing a piece (contract, spec, config, builder,
    script) are in one group; groups in order of their first step, steps in order."""
    parent = list(range(len(steps)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[int, int] = {}
    for index, step in enumerate(steps):
        for piece in _step_pieces(step):
            if isinstance(piece, (RegistryRow, DagNode)):
                continue
            first = owner.setdefault(id(piece), index)
            if first != index:
                parent[root(index)] = root(first)
    groups: dict[int, list[Step]] = {}  # in order of each group's first step
    for index, step in enumerate(steps):
        groups.setdefault(root(index), []).append(step)
    return [tuple(group) for group in groups.values()]


def _step_pieces(step: Step) -> tuple[object, ...]:
    specs = step.all_specs()
    named = [
        spec.contract
        for spec in specs
        if isinstance(spec.contract, Contract) and spec.contract is not step.contract
    ]
    pieces: tuple[object | None, ...] = (
        step.registry_row,
        step.contract,
        *specs,
        *named,
        step.config,
        step.builder,
        step.script,
        *step.dag_nodes,
    )
    return tuple(piece for piece in pieces if piece is not None)


#: Carries a value's positions elsewhere (the lines of an earlier version of a file:
#: :func:`alignlint.model.line_shift.moved_back`); None when a position has no such place.
Relocation = Callable[[Any], Any]


def _unmoved(value: Any) -> Any:
    return value


def piece_identities(unit: Unit, relocation: Relocation = _unmoved) -> tuple[str, ...]:
    """What and where each piece of ``unit`` is (its kind, file, position and name), with
    positions carried by ``relocation``."""
    return tuple(f"{type(piece).__name__}\0{_identity(piece, relocation)}" for piece in unit.pieces)


def with_pieces(unit: Unit, identities: Collection[str], relocation: Relocation = _unmoved) -> Unit:
    """``unit`` holding only the pieces of these identities (:func:`piece_identities`, with
    positions carried by ``relocation``), in order: the unit of the pieces of no step of a
    project linked from part of the files holds more than the whole project's."""
    kept = [
        piece
        for piece, identity in zip(unit.pieces, piece_identities(unit, relocation), strict=True)
        if identity in identities
    ]
    return Unit(unit.name, unit.steps, tuple(kept))


def unit_structure(unit: Unit, relocation: Relocation = _unmoved) -> str:
    """A hash of what ``unit`` is in its project: its name, its pieces (where they are and what
    they are called) and its steps' links (two links of a unit that hash alike link alike),
    with positions carried by ``relocation`` (compared with the structure a unit had before
    lines of one of its files moved)."""
    hasher = hashlib.sha256(f"{unit.name}\0".encode())
    for identity in piece_identities(unit, relocation):
        hasher.update(f"{identity}\n".encode())
    for step in unit.steps:
        hasher.update(f"{step.name}\0".encode())
        for link in step.links:
            hasher.update(f"{relocation(link)!r}\n".encode())
    return hasher.hexdigest()


class Narrowing:
    """Narrows one project to its units (:meth:`view`): the positions of every piece in the
    project's lists are found once, so each view costs the size of its unit."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._lists: dict[str, list[object]] = {
            "contracts": list(project.contracts),
            "specs": list(project.specs),
            "configs": list(project.configs),
            "builders": list(project.builders),
        }
        self._positions = {
            name: {id(item): index for index, item in enumerate(items)}
            for name, items in self._lists.items()
        }
        self._scripts = {id(script): path for path, script in project.scripts.items()}
        self._script_order = {path: index for index, path in enumerate(project.scripts)}

    def view(self, unit: Unit) -> Project:
        """The project seen through ``unit``: the lists rules iterate (steps, contracts, specs,
        configs, builders, scripts) hold only the unit's pieces, in project order; lookups (a
        step by name, the step of a piece, classes, modules, registries, DAGs, files) still see
        everything. Unlinked pieces and unresolved values are left to whole-project rules;
        counters and derived values are the view's own."""
        project = self._project
        view = copy.copy(project)
        view.steps = list(unit.steps)
        view.contracts = self._select("contracts", unit)  # type: ignore[assignment]
        view.specs = self._select("specs", unit)  # type: ignore[assignment]
        view.configs = self._select("configs", unit)  # type: ignore[assignment]
        view.builders = self._select("builders", unit)  # type: ignore[assignment]
        paths = sorted(
            {self._scripts[id(p)] for p in unit.pieces if id(p) in self._scripts},
            key=self._script_order.__getitem__,
        )
        view.scripts = {path: project.scripts[path] for path in paths}
        view.unlinked = []
        view.unresolved = []
        view.counters = {}
        view._derived = {}
        return view

    def _select(self, name: str, unit: Unit) -> list[object]:
        positions = self._positions[name]
        found = sorted({positions[id(p)] for p in unit.pieces if id(p) in positions})
        items = self._lists[name]
        return [items[index] for index in found]


class UnitDigests:
    """The digest of each unit of one project in one view (module imports computed once)."""

    def __init__(self, project: Project, view: str = "") -> None:
        self._project = project
        self._view = view
        self._imports: dict[str, tuple[str, ...]] = {}
        self._module_paths: dict[str, str | None] = {}
        registry_paths = sorted({registry.path for registry in project.registries})
        self._registry_files = self._closure(registry_paths)
        # Which files exist: a rule may look a file up by name (an entry point naming a file).
        every = project.all_paths if project.all_paths is not None else project.files
        # And what the files that do not parse may name: a rule may read a missing piece as
        # unknown, not absent, when such a file names it (Project.may_be_unparsed).
        unparsed = "\0".join(sorted(project.unparsed_words))
        text = "\0".join(sorted(every)) + "\1" + unparsed
        self._paths = hashlib.sha256(text.encode()).hexdigest()

    def read_set(self, unit: Unit) -> frozenset[str]:
        """The files ``unit`` reads: its pieces' files, the project modules they import
        (transitively) and every registry's files with what they import."""
        paths = [_path_of(piece) for piece in unit.pieces]
        return self.files_read(path for path in paths if path)

    def files_read(self, paths: Iterable[str]) -> frozenset[str]:
        """The files linking pieces of the files ``paths`` reads: those files, the project
        modules they import (transitively) and every registry's files with what they import."""
        return self._closure(paths) | self._registry_files

    def digest(self, unit: Unit) -> str:
        """A hash of everything ``unit`` reads (see the module doc)."""
        files = sorted(self.read_set(unit))
        # The text hashed, joined once (the same digest as hashing its parts one by one).
        text = [f"{self._view}\0{self._paths}\0{unit.name}\0"]
        text.extend(f"{type(piece).__name__}\0{_identity(piece)}\n" for piece in unit.pieces)
        text.extend(f"{link!r}\n" for step in unit.steps for link in step.links)
        summaries = self._project.files
        for path in files:
            summary = summaries.get(path)
            content = summary.content_hash if summary is not None else "-"
            text.append(f"{path}\0{content}\n")
        return hashlib.sha256("".join(text).encode()).hexdigest()

    def _closure(self, paths: Iterable[str]) -> frozenset[str]:
        seen: set[str] = set()
        pending = list(paths)
        while pending:
            path = pending.pop()
            if path in seen:
                continue
            seen.add(path)
            pending.extend(self._direct_imports(path))
        return frozenset(seen)

    def _direct_imports(self, path: str) -> tuple[str, ...]:
        """The files of the project modules that the module at ``path`` imports, at module
        level or inside a function (a name imported from a package may be its submodule: both
        count; a script's env reads include those of the code it imports)."""
        found = self._imports.get(path)
        if found is not None:
            return found
        info = self._project.index.module_by_path(path)
        paths: set[str] = set()
        if info is not None:
            for fact in (*info.facts.imports, *info.facts.local_imports):
                module = fact.module
                if module is None:
                    continue
                target = self._module_path(module)
                if target is not None:
                    paths.add(target)
                name = fact.name
                if name is not None and name != "*":
                    target = self._module_path(f"{module}.{name}")
                    if target is not None:
                        paths.add(target)
        found = self._imports[path] = tuple(sorted(paths))
        return found

    def _module_path(self, dotted: str) -> str | None:
        if dotted in self._module_paths:
            return self._module_paths[dotted]
        module = self._project.index.find_module(dotted)
        path = self._module_paths[dotted] = module.path if module is not None else None
        return path


def _path_of(piece: object) -> str | None:
    path = getattr(piece, "path", None)
    if isinstance(path, str):
        return path
    span = getattr(piece, "span", None)
    span_path = getattr(span, "path", None)
    return span_path if isinstance(span_path, str) else None


def _identity(piece: object, relocation: Relocation = _unmoved) -> str:
    """Where a piece is and what it is called (its contents are hashed with its file)."""
    name = getattr(piece, "name", "")
    return f"{_path_of(piece)}\0{relocation(getattr(piece, 'span', None))!r}\0{name}"
