"""Which views a run links and checks, and which of their findings it reports.

With project workspaces (:mod:`alignlint.model.workspaces`) one run links the project once per
*view*: the shared library's view (every file in no workspace; its findings are the shared
findings, exactly as without workspaces) and one view per workspace (the shared library plus the
workspace's files). A workspace view reports a finding only when its primary or a related
location is in the workspace, tagged with the workspace: a shared step's finding is reported
once, in the shared view, never once per workspace.

Which workspaces a run checks:

* ``--workspace ID`` (repeatable; the folder name or a ``developer_id``): those workspaces, with
  the shared library as context (shared findings are not reported);
* a path inside a workspace (``alignlint check development/projects/alpha``): that workspace,
  the same way;
* ``--all-workspaces``: every workspace, besides what the paths say;
* otherwise every workspace with files among the checked ones (a whole-project run checks all).

In the changed-set mode (explicit files, pre-commit) a changed file inside a workspace checks
that workspace only; a changed shared file checks the shared view and every workspace (each
reports the findings the change causes there: those touching the changed file or the wiring of
a changed step into the workspace's consumers).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.errors import ConfigError
from alignlint.core.escape import terminal_text
from alignlint.core.records import record
from alignlint.core.settings import Settings, WorkspaceSettings
from alignlint.core.types import Diagnostic

if TYPE_CHECKING:
    from alignlint.model.workspaces import Workspace, Workspaces

#: The suffix of a workspace's own package (``src/<pkg>_dev/``; the model's layout rule).
DEV_PACKAGE_SUFFIX = "_dev"


@record
class WorkspaceRequest:
    """What the command line asks about workspaces: ``names`` (``--workspace``) and ``all``
    (``--all-workspaces``)."""

    names: tuple[str, ...] = ()
    all: bool = False

    def __bool__(self) -> bool:
        return bool(self.names) or self.all


@record
class Plan:
    """The views of one run: whether the shared view is reported, and the workspaces checked."""

    shared: bool
    workspaces: tuple[Workspace, ...]


def _is_workspace_dir(directory: Path) -> bool:
    source = directory / "src"
    try:
        return source.is_dir() and any(
            entry.is_dir() and entry.name.endswith(DEV_PACKAGE_SUFFIX) for entry in source.iterdir()
        )
    except OSError:
        return False


def workspace_root_of(path: Path, root: Path, settings: WorkspaceSettings) -> str | None:
    """The root-relative directory of the workspace ``path`` lies in (or is), else None."""
    if not settings.enabled:
        return None
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    parts = relative.parts
    if settings.roots:
        text = relative.as_posix()
        for configured in settings.roots:
            prefix = configured.strip("/")
            if text.startswith(prefix + "/"):
                folder = text[len(prefix) + 1 :].split("/", 1)[0]
                return f"{prefix}/{folder}"
        return None
    for end in range(len(parts), 0, -1):
        if _is_workspace_dir(root / Path(*parts[:end])):
            return "/".join(parts[:end])
    return None


def paths_in_workspaces(
    paths: Sequence[str | Path], root: Path, settings: Settings
) -> tuple[str, ...]:
    """The workspace directories the given paths lie in (every path must, else empty)."""
    found: dict[str, None] = {}
    for path in paths:
        inside = workspace_root_of(Path(path), root, settings.workspaces)
        if inside is None:
            return ()
        found[inside] = None
    return tuple(found)


def plan_views(
    workspaces: Workspaces,
    request: WorkspaceRequest,
    targeted: Sequence[str],
    checked_paths: Iterable[str],
    changed_files: Iterable[str] | None,
) -> Plan:
    """The views a run checks (see the module doc). ``targeted``: workspace directories the
    paths lie in; ``checked_paths``: the files the run analyses; ``changed_files``: the changed
    set's files (None outside that mode)."""
    chosen: list[Workspace] | None = None
    if request.names:
        chosen = []
        for name in request.names:
            workspace = workspaces.named(name)
            if workspace is None:
                known = ", ".join(a for w in workspaces.items for a in w.aliases) or "none found"
                message = terminal_text(f"no workspace named `{name}` (workspaces: {known})")
                raise ConfigError(message, "--workspace")
            if workspace not in chosen:
                chosen.append(workspace)
    elif targeted and changed_files is None:
        chosen = [w for w in workspaces.items if w.root in targeted]
    if chosen is not None:
        # The shared library is context only: its own findings are not this run's.
        return Plan(shared=False, workspaces=workspaces.items if request.all else _sorted(chosen))
    if request.all:
        return Plan(shared=True, workspaces=workspaces.items)
    if changed_files is not None:
        changed = list(changed_files)
        owners = {w.id for path in changed if (w := workspaces.of(path)) is not None}
        shared_change = any(workspaces.of(path) is None for path in changed)
        chosen = [w for w in workspaces.items if shared_change or w.id in owners]
        return Plan(shared=shared_change, workspaces=tuple(chosen))
    present = {w.id for path in checked_paths if (w := workspaces.of(path)) is not None}
    return Plan(shared=True, workspaces=tuple(w for w in workspaces.items if w.id in present))


def _sorted(items: Iterable[Workspace]) -> tuple[Workspace, ...]:
    return tuple(sorted(items, key=lambda w: (w.id, w.root)))


def in_workspace(diagnostic: Diagnostic, workspace: Workspace) -> bool:
    """Whether a finding of ``workspace``'s view is the workspace's: its primary or a related
    location is in the workspace."""
    return any(workspace.contains(path) for path in diagnostic.paths)
