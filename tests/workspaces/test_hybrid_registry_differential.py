"""Differential test: the runtime hybrid registry and the linter's workspace model agree.

The same inputs (a shared ``STEP_NAMES``, workspaces in either layout with new steps, overrides,
right and wrong ``workspace_id`` values and ``developer_id`` aliases) go to
:class:`alignlint.runtime.hybrid_registry.HybridRegistry` and, written as files, to the linter.
In every workspace both must see the same steps, each from the same source (the workspace or the
shared library) with the same row, and the problems the runtime finds with a workspace's rows
must be exactly the linter's ALN603-ALN605 findings.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from alignlint.core.settings import Settings
from alignlint.model import Project
from alignlint.run.analysis import analyze
from alignlint.run.workspace_views import WorkspaceRequest
from alignlint.runtime.hybrid_registry import (
    OVERRIDE_OF_UNKNOWN_STEP,
    SHARED,
    UNDECLARED_OVERRIDE,
    WORKSPACE_ID_MISMATCH,
    HybridRegistry,
    ProjectRegistry,
)

NAMES = ("Load", "Clean", "Train", "Score", "Extra")
CODES = {
    "ALN603": WORKSPACE_ID_MISMATCH,
    "ALN604": OVERRIDE_OF_UNKNOWN_STEP,
    "ALN605": UNDECLARED_OVERRIDE,
}


@dataclass(frozen=True)
class Space:
    id: str
    tables: bool  # LOCAL_STEPS/STEP_OVERRIDES layout, else PROJECT_STEP_NAMES
    developer_id: str | None
    local: dict[str, str]  # name -> workspace_id written
    overrides: dict[str, str]


def row(name: str, config: str, workspace_id: str | None = None) -> dict[str, str]:
    found = {
        "config_class": config,
        "builder_step_name": f"{name}StepBuilder",
        "spec_type": name,
        "sagemaker_step_type": "Processing",
        "description": f"{name} step",
    }
    if workspace_id is not None:
        found["workspace_id"] = workspace_id
    return found


def table(name: str, rows: dict[str, dict[str, str]]) -> str:
    lines = [f"{name} = {{"]
    for key, fields in rows.items():
        lines.append(f"    {key!r}: {{")
        lines.extend(f"        {k!r}: {v!r}," for k, v in fields.items())
        lines.append("    },")
    lines.append("}\n")
    return "\n".join(lines)


def ws_rows(space: Space, which: dict[str, str], tag: str = "") -> dict[str, dict[str, str]]:
    """A workspace's rows; their config class names the workspace (and ``tag``), so the row a
    name resolves to is told apart from the shared one and from the other table's."""
    return {n: row(n, f"{n}{space.id.title()}{tag}Config", w) for n, w in which.items()}


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[str], list[Space]]:
    shared = draw(st.lists(st.sampled_from(NAMES[:4]), min_size=1, max_size=4, unique=True))
    spaces = []
    for ident, other in (("alpha", "beta"), ("beta", "alpha")):
        if ident == "beta" and not draw(st.booleans()):
            break
        tables = draw(st.booleans())
        developer = draw(st.sampled_from([None, f"dev-{ident}"])) if tables else None
        ids = [ident, other, *([developer] if developer else [])]
        names = st.sampled_from(NAMES)
        local = draw(st.dictionaries(names, st.sampled_from(ids), max_size=3))
        overrides = draw(st.dictionaries(names, st.sampled_from(ids), max_size=2)) if tables else {}
        spaces.append(Space(ident, tables, developer, local, overrides))
    return shared, spaces


def write(root: Path, shared: list[str], spaces: list[Space]) -> None:
    registry = root / "src" / "lib" / "registry"
    registry.mkdir(parents=True)
    (registry / "step_names.py").write_text(
        table("STEP_NAMES", {n: row(n, f"{n}Config") for n in shared})
    )
    for space in spaces:
        if space.tables:
            base = root / "workspaces" / space.id / "src" / f"{space.id}_dev" / "registry"
            base.mkdir(parents=True)
            text = ""
            if space.developer_id:
                text += table("WORKSPACE_METADATA", {}).replace(
                    "WORKSPACE_METADATA = {",
                    f"WORKSPACE_METADATA = {{'developer_id': {space.developer_id!r},",
                )
            text += table("LOCAL_STEPS", ws_rows(space, space.local))
            text += table("STEP_OVERRIDES", ws_rows(space, space.overrides, "Override"))
            (base / "workspace_registry.py").write_text(text)
        else:
            base = root / "development" / "projects" / space.id / "src" / f"{space.id}_dev"
            (base / "registry").mkdir(parents=True)
            (base / "registry" / "project_step_names.py").write_text(
                table("PROJECT_STEP_NAMES", ws_rows(space, space.local))
            )


def runtime_view(
    shared: list[str], spaces: list[Space]
) -> tuple[dict[str, dict[str, tuple[str, str]]], set[tuple[str, str, str]]]:
    rows = {n: row(n, f"{n}Config") for n in shared}
    hybrid = HybridRegistry(rows)
    problems: set[tuple[str, str, str]] = set()
    for space in spaces:
        if space.tables:
            metadata = {"developer_id": space.developer_id} if space.developer_id else {}
            project = ProjectRegistry.from_workspace_tables(
                space.id,
                ws_rows(space, space.local),
                ws_rows(space, space.overrides, "Override"),
                metadata,
            )
        else:
            project = ProjectRegistry.from_project_step_names(space.id, ws_rows(space, space.local))
        hybrid.register(project)
        problems |= {(space.id, p.kind, p.step) for p in project.problems(rows)}
    seen = {}
    for space in spaces:
        with hybrid.workspace_context(space.developer_id or space.id):
            assert hybrid.current_workspace == space.id
            seen[space.id] = {
                name: (found["config_class"], source)
                for name, (found, source) in hybrid.rows().items()
            }
    assert hybrid.current_workspace is None
    return seen, problems


def linter_view(
    root: Path,
) -> tuple[dict[str, dict[str, tuple[str, str]]], set[tuple[str, str, str]]]:
    select = Settings(select=("ALN603", "ALN604", "ALN605"))
    result = analyze(
        [], select, root=root, need_project=True, workspaces=WorkspaceRequest(all=True)
    )
    seen: dict[str, dict[str, tuple[str, str]]] = {}
    for project in result.views:
        view = project.view
        assert view is not None
        seen[view.workspace.id] = {
            name: (found.text("config_class") or "", _source(project, found.span.path))
            for name, found in project.registry_rows.items()
        }
    problems = {(d.workspace or "", CODES[d.code], d.step or "") for d in result.diagnostics}
    return seen, problems


def _source(project: Project, path: str) -> str:
    assert project.view is not None
    return project.view.workspace.id if project.view.owns(path) else SHARED


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_runtime_and_linter_agree(scenario: tuple[list[str], list[Space]]) -> None:
    shared, spaces = scenario
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        write(root, shared, spaces)
        expected_rows, expected_problems = runtime_view(shared, spaces)
        rows, problems = linter_view(root)
    assert rows == expected_rows
    assert problems == expected_problems
