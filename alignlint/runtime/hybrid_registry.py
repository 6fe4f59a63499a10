"""The hybrid step registry: isolated project workspaces over a shared ``STEP_NAMES``.

A project workspace adds its own steps and overrides shared ones without editing the shared
library. Its rows come in one of two layouts:

- ``PROJECT_STEP_NAMES``: one table; a row named like a shared step is that workspace's override
  of it, any other row a new step (:meth:`ProjectRegistry.from_project_step_names`);
- ``LOCAL_STEPS`` (new steps) and ``STEP_OVERRIDES`` (rows that replace the shared row of the same
  name), with ``WORKSPACE_METADATA`` whose ``developer_id`` also names the workspace
  (:meth:`ProjectRegistry.from_workspace_tables`).

Inside :meth:`HybridRegistry.workspace_context` names resolve workspace first, then shared;
outside any context only the shared rows exist. :meth:`ProjectRegistry.problems` says what is
wrong with a workspace's rows (the linter reports the same as ALN603-ALN605)::

    hybrid = HybridRegistry(STEP_NAMES)
    hybrid.register(ProjectRegistry.from_project_step_names("alpha", PROJECT_STEP_NAMES))
    with hybrid.workspace_context("alpha") as registry:
        registry.get_config_class_name("FeatureSelect")
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from alignlint.runtime.registry import RegistryError, StepRegistry, UnknownStepError

Row = Mapping[str, str]
Rows = Mapping[str, Row]

#: The source of a row that comes from the shared library.
SHARED = "shared"

#: What :meth:`ProjectRegistry.problems` reports (the linter's rule for each, in brackets).
WORKSPACE_ID_MISMATCH = "workspace-id-mismatch"  # ALN603
OVERRIDE_OF_UNKNOWN_STEP = "override-of-unknown-step"  # ALN604
UNDECLARED_OVERRIDE = "undeclared-override"  # ALN605

_ROW_EXTRA_KEYS = ("workspace_id",)


def _registry_row(row: Row) -> dict[str, str]:
    """A row as :class:`StepRegistry` holds it (the workspace-only keys left out)."""
    return {key: value for key, value in row.items() if key not in _ROW_EXTRA_KEYS}


@dataclass(frozen=True)
class Problem:
    """Something wrong with one row of a workspace: ``kind`` (see the module constants)."""

    kind: str
    step: str
    message: str


@dataclass(frozen=True)
class ProjectRegistry:
    """One workspace's rows: ``local_steps`` (new steps) and ``overrides`` (replacing the shared
    rows of the same names). ``declares_overrides`` is True for the ``LOCAL_STEPS`` /
    ``STEP_OVERRIDES`` layout, where a local step named like a shared one is a mistake."""

    workspace_id: str
    local_steps: Rows = field(default_factory=dict)
    overrides: Rows = field(default_factory=dict)
    developer_id: str | None = None
    declares_overrides: bool = False

    @classmethod
    def from_project_step_names(cls, workspace_id: str, rows: Rows) -> ProjectRegistry:
        """The ``PROJECT_STEP_NAMES`` layout: rows named like a shared step override it, the
        others are new steps (:meth:`split` tells them apart against the shared rows)."""
        return cls(workspace_id, dict(rows), {}, None, False)

    @classmethod
    def from_workspace_tables(
        cls,
        workspace_id: str,
        local_steps: Rows,
        step_overrides: Rows,
        metadata: Mapping[str, str] | None = None,
    ) -> ProjectRegistry:
        """The ``LOCAL_STEPS`` / ``STEP_OVERRIDES`` / ``WORKSPACE_METADATA`` layout."""
        developer = (metadata or {}).get("developer_id")
        return cls(workspace_id, dict(local_steps), dict(step_overrides), developer, True)

    def names(self) -> tuple[str, ...]:
        """Every name that means this workspace (the folder id, then the developer id)."""
        return tuple(dict.fromkeys(n for n in (self.workspace_id, self.developer_id) if n))

    def split(self, shared: Rows) -> tuple[dict[str, Row], dict[str, Row]]:
        """``(new steps, overrides)`` against the shared rows: in the ``PROJECT_STEP_NAMES``
        layout a row named like a shared step is an override."""
        if self.declares_overrides:
            return dict(self.local_steps), dict(self.overrides)
        local = {n: r for n, r in self.local_steps.items() if n not in shared}
        overrides = {n: r for n, r in self.local_steps.items() if n in shared}
        return local, {**overrides, **self.overrides}

    def problems(self, shared: Rows) -> list[Problem]:
        """What is wrong with the rows against ``shared``, in table and row order."""
        found: list[Problem] = []
        tables = (("LOCAL_STEPS", self.local_steps), ("STEP_OVERRIDES", self.overrides))
        for table, rows in tables:
            for name, row in rows.items():
                written = row.get("workspace_id")
                if written is not None and written not in self.names():
                    found.append(
                        Problem(
                            WORKSPACE_ID_MISMATCH,
                            name,
                            f"row '{name}' has workspace_id '{written}', not "
                            f"{' or '.join(repr(n) for n in self.names())}",
                        )
                    )
                if table == "STEP_OVERRIDES" and name not in shared:
                    found.append(
                        Problem(
                            OVERRIDE_OF_UNKNOWN_STEP,
                            name,
                            f"override '{name}' replaces no shared step",
                        )
                    )
                if (
                    table == "LOCAL_STEPS"
                    and self.declares_overrides
                    and name in shared
                    and name not in self.overrides
                ):
                    found.append(
                        Problem(
                            UNDECLARED_OVERRIDE,
                            name,
                            f"local step '{name}' shadows a shared step without an override",
                        )
                    )
        return found


_CURRENT: ContextVar[str | None] = ContextVar("alignlint_workspace", default=None)


class HybridRegistry:
    """The shared rows plus registered workspaces; lookups resolve workspace -> shared."""

    def __init__(self, shared: Rows) -> None:
        self._shared: dict[str, dict[str, str]] = {n: dict(r) for n, r in shared.items()}
        StepRegistry(self._shared)  # validates the shared rows
        self._workspaces: dict[str, ProjectRegistry] = {}
        self._aliases: dict[str, str] = {}

    def register(self, project: ProjectRegistry) -> None:
        """Add a workspace (its rows must be complete registry rows)."""
        if project.workspace_id in self._workspaces:
            raise RegistryError(f"workspace '{project.workspace_id}' is registered already")
        local, overrides = project.split(self._shared)
        StepRegistry({n: _registry_row(r) for n, r in {**local, **overrides}.items()})
        self._workspaces[project.workspace_id] = project
        for name in project.names():
            self._aliases.setdefault(name, project.workspace_id)

    @property
    def workspaces(self) -> list[str]:
        """The registered workspaces, in registration order."""
        return list(self._workspaces)

    def workspace(self, name: str) -> ProjectRegistry:
        """The workspace ``name`` means (its id or developer id)."""
        key = self._aliases.get(name)
        if key is None:
            raise UnknownStepError(f"unknown workspace '{name}'")
        return self._workspaces[key]

    @contextmanager
    def workspace_context(self, name: str) -> Iterator[StepRegistry]:
        """Resolve names inside workspace ``name`` for the duration of the block; yields the
        workspace's effective registry."""
        workspace = self.workspace(name)
        token = _CURRENT.set(workspace.workspace_id)
        try:
            yield self.registry(workspace.workspace_id)
        finally:
            _CURRENT.reset(token)

    @property
    def current_workspace(self) -> str | None:
        """The workspace of the innermost active context, else None (shared only)."""
        current = _CURRENT.get()
        return current if current in self._workspaces else None

    def rows(self, workspace: str | None = None) -> dict[str, tuple[dict[str, str], str]]:
        """Every row visible in ``workspace`` (default: the current context) with its source
        (:data:`SHARED` or the workspace id): shared rows, replaced by the workspace's rows of the
        same name (an override wins over a local row), then the workspace's new steps. Outside any workspace: the shared rows."""
        key = workspace if workspace is not None else self.current_workspace
        visible = {name: (dict(row), SHARED) for name, row in self._shared.items()}
        if key is None:
            return visible
        project = self.workspace(key)
        local, overrides = project.split(self._shared)
        # A declared override wins over a local row of the same name.
        for name, row in [*local.items(), *overrides.items()]:
            visible[name] = (_registry_row(row), project.workspace_id)
        return visible

    def source_of(self, name: str, workspace: str | None = None) -> str:
        """Where ``name`` resolves: the workspace id or :data:`SHARED`."""
        rows = self.rows(workspace)
        if name not in rows:
            raise UnknownStepError(f"unknown step name '{name}'")
        return rows[name][1]

    def registry(self, workspace: str | None = None) -> StepRegistry:
        """The effective :class:`StepRegistry` of ``workspace`` (default: the current one)."""
        return StepRegistry({name: row for name, (row, _) in self.rows(workspace).items()})
