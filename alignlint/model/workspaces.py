"""Isolated project workspaces over a shared step library, and the views the linker builds.

A *workspace* is a project team's directory: its own steps (contracts, specs, configs, builders,
scripts), its registry tables (``PROJECT_STEP_NAMES``, or ``LOCAL_STEPS`` and ``STEP_OVERRIDES``
with ``WORKSPACE_METADATA``), read-only use of the shared library. At run time a hybrid registry
resolves names workspace first, then shared; alignlint mirrors that with *views*: facts are
extracted once per file, and the project is linked once for the shared library (every file in no
workspace) and once per workspace (the shared library plus that workspace's files, its rows and
pieces winning over shared ones of the same name). Rules run per view.

:func:`discover_workspaces` finds the workspaces from file paths alone (the layout, or the
configured roots) and reads each one's ``developer_id`` from its facts; nothing is imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field

from alignlint.core.records import record
from alignlint.core.settings import WorkspaceSettings
from alignlint.extract.facts import WORKSPACE_TABLES, FileFacts
from alignlint.extract.ir import DictExpr, Lit

#: The table of a workspace's metadata (``developer_id`` renames the workspace).
WORKSPACE_METADATA = "WORKSPACE_METADATA"
#: The suffix of a workspace's own package (``src/<pkg>_dev/``) in the default layout.
DEV_PACKAGE_SUFFIX = "_dev"


@record
class Workspace:
    """One project workspace: ``folder`` is its directory name, ``root`` its directory (relative
    to the project root), ``developer_id`` what its ``WORKSPACE_METADATA`` calls it, and ``id``
    the name findings carry (the folder name, or the developer id when configured so)."""

    id: str
    folder: str
    root: str
    developer_id: str | None = None

    def contains(self, path: str) -> bool:
        return path.startswith(self.root + "/")

    def answers_to(self, name: str) -> bool:
        """Whether ``--workspace name`` means this workspace (its folder or developer id)."""
        return name in (self.id, self.folder, self.developer_id)

    @property
    def aliases(self) -> tuple[str, ...]:
        names = dict.fromkeys(n for n in (self.id, self.folder, self.developer_id) if n)
        return tuple(names)


@record
class Workspaces:
    """Every workspace of a project (sorted by id) and the roots of the shared library (empty:
    every file in no workspace is shared)."""

    items: tuple[Workspace, ...] = ()
    shared_roots: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.items)

    def of(self, path: str) -> Workspace | None:
        """The workspace ``path`` belongs to, if any."""
        for workspace in self.items:
            if workspace.contains(path):
                return workspace
        return None

    def is_shared_library(self, path: str) -> bool:
        """Whether ``path`` is part of the shared library a workspace view sees."""
        if self.of(path) is not None:
            return False
        if not self.shared_roots:
            return True
        return any(
            path == root or path.startswith(root.rstrip("/") + "/") for root in self.shared_roots
        )

    def named(self, name: str) -> Workspace | None:
        """The workspace ``name`` means (folder name first, then id, then developer id)."""
        for workspace in self.items:
            if workspace.folder == name:
                return workspace
        for workspace in self.items:
            if workspace.answers_to(name):
                return workspace
        return None


def _layout_root(path: str) -> tuple[str, str] | None:
    """``(root, folder)`` of the workspace ``path`` is in by the default layout
    ``<dir>/<folder>/src/<pkg>_dev/...``, else None."""
    parts = path.split("/")
    for index in range(1, len(parts) - 2):
        if parts[index] == "src" and parts[index + 1].endswith(DEV_PACKAGE_SUFFIX):
            return "/".join(parts[:index]), parts[index - 1]
    return None


def _configured_root(path: str, roots: Sequence[str]) -> tuple[str, str] | None:
    for root in roots:
        prefix = root.strip("/")
        if prefix in ("", "."):
            continue
        rest = path[len(prefix) + 1 :] if path.startswith(prefix + "/") else None
        if rest and "/" in rest:
            folder = rest.split("/", 1)[0]
            return f"{prefix}/{folder}", folder
    return None


def literal_table(facts: FileFacts, name: str) -> DictExpr | None:
    """The dict display assigned to module constant ``name`` in ``facts``, if any."""
    for assignment in facts.assignments:
        if assignment.name == name and not assignment.fallback:
            if isinstance(assignment.value, DictExpr):
                return assignment.value
    return None


def literal_keys(table: DictExpr) -> Iterable[tuple[str, Lit]]:
    """The string keys of a dict display, with their literal."""
    for key, _ in table.items:
        if isinstance(key, Lit) and isinstance(key.value, str):
            yield key.value, key


def literal_field(table: DictExpr, name: str) -> str | None:
    """The string value of key ``name`` in a dict display, if literal."""
    for key, value in table.items:
        if isinstance(key, Lit) and key.value == name:
            if isinstance(value, Lit) and isinstance(value.value, str):
                return value.value
    return None


def discover_workspaces(facts: Sequence[FileFacts], settings: WorkspaceSettings) -> Workspaces:
    """The workspaces the files of ``facts`` belong to (none when ``enabled`` is off)."""
    if not settings.enabled:
        return Workspaces()
    found: dict[str, str] = {}
    for file in facts:
        located = (
            _configured_root(file.path, settings.roots)
            if settings.roots
            else _layout_root(file.path)
        )
        if located is not None:
            found.setdefault(located[0], located[1])
    developer: dict[str, str] = {}
    for file in facts:
        table = literal_table(file, WORKSPACE_METADATA)
        if table is None:
            continue
        value = literal_field(table, "developer_id")
        for root in found:
            if value and file.path.startswith(root + "/"):
                developer.setdefault(root, value)
    items = []
    for root, folder in found.items():
        developer_id = developer.get(root)
        shown = developer_id if settings.id == "developer-id" and developer_id else folder
        items.append(Workspace(shown, folder, root, developer_id))
    # A workspace nested in another is part of the outer one (the first layout match wins).
    items = [
        w for w in items if not any(o is not w and w.root.startswith(o.root + "/") for o in items)
    ]
    return Workspaces(tuple(sorted(items, key=lambda w: (w.id, w.root))), settings.shared)


@record
class ForeignNames:
    """What the *other* workspaces of a view define: module names (path-based and package-based)
    and step names of their registry tables, each with the workspace that owns it."""

    modules: Mapping[str, str] = field(default_factory=dict)
    steps: Mapping[str, str] = field(default_factory=dict)
    #: Classes defined in the other workspaces (a registry row may name one).
    classes: Mapping[str, str] = field(default_factory=dict)

    def module_owner(self, module: str) -> str | None:
        """The other workspace that owns ``module`` (or a package above it), if any."""
        parts = module.split(".")
        for end in range(len(parts), 0, -1):
            owner = self.modules.get(".".join(parts[:end]))
            if owner is not None:
                return owner
        return None


def _module_names(path: str, workspace: Workspace) -> list[str]:
    """The dotted names a workspace file is imported by: path-based, and from its ``src/``."""
    stem = path[: -len(".py")] if path.endswith(".py") else None
    if stem is None:
        return []
    parts = stem.split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    names = [".".join(parts)]
    inner = path[len(workspace.root) + 1 :].split("/")
    if inner and inner[0] == "src":
        package = stem[len(workspace.root) + len("/src/") :].split("/")
        if package[-1] == "__init__":
            package = package[:-1]
        if package:
            names.append(".".join(package))
    return names


def foreign_names(facts: Sequence[FileFacts], workspaces: Workspaces) -> dict[str, ForeignNames]:
    """For each workspace id, what the other workspaces define: module names, the step names of
    their registry tables (a name the shared library also registers is never foreign: rules
    look names up in the view first), class names."""
    modules: dict[str, dict[str, str]] = {w.id: {} for w in workspaces.items}
    steps: dict[str, dict[str, str]] = {w.id: {} for w in workspaces.items}
    classes: dict[str, dict[str, str]] = {w.id: {} for w in workspaces.items}
    for file in facts:
        owner = workspaces.of(file.path)
        if owner is None:
            continue
        names = _module_names(file.path, owner)
        rows = [
            name
            for table_name in WORKSPACE_TABLES
            if (table := literal_table(file, table_name)) is not None
            for name, _ in literal_keys(table)
        ]
        for workspace in workspaces.items:
            if workspace is owner:
                continue
            for name in names:
                modules[workspace.id].setdefault(name, owner.id)
            for name in rows:
                steps[workspace.id].setdefault(name, owner.id)
            for cls in file.classes:
                classes[workspace.id].setdefault(cls.name, owner.id)
    return {
        w.id: ForeignNames(
            dict(sorted(modules[w.id].items())),
            dict(sorted(steps[w.id].items())),
            dict(sorted(classes[w.id].items())),
        )
        for w in workspaces.items
    }


@record
class View:
    """A workspace's view of the project: the workspace, and what the others define (for the
    isolation rules). The shared library's view has no :class:`View` (it is the plain project)."""

    workspace: Workspace
    foreign: ForeignNames = field(default_factory=ForeignNames)

    def owns(self, path: str) -> bool:
        return self.workspace.contains(path)
