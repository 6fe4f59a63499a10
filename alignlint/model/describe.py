"""Plain, deterministic text of the link table (``alignlint check --show-links``).

Names and paths come from the checked code: every line is shown through
:func:`~alignlint.core.escape.terminal_line`."""

from __future__ import annotations

from collections.abc import Callable

from alignlint.core.escape import terminal_line
from alignlint.core.types import Span
from alignlint.model.components import ADDS_WORKSPACE_ROWS, Registry
from alignlint.model.link import Step
from alignlint.model.project import Project


def _where(span: Span) -> str:
    return f"{span.path}:{span.start.line}:{span.start.column}"


def _no_origin(path: str) -> str:
    return ""


def _pieces(step: Step, origin: Callable[[str], str] = _no_origin) -> list[str]:
    lines: list[str] = []
    if step.registry_row is not None:
        row = step.registry_row.span
        lines.append(f"  registry  {_where(row)}{origin(row.path)}")
    for job_type in step.job_types:
        spec = step.specs[job_type]
        label = f"spec[{job_type}]" if job_type else "spec"
        note = f" (generic; declares job type {spec.job_type})" if spec.job_type != job_type else ""
        lines.append(f"  {label:<9} {spec.name} {_where(spec.name_span)}{note}{origin(spec.path)}")
    if step.contract is not None:
        contract = step.contract
        lines.append(
            f"  contract  {contract.name} {_where(contract.name_span)}{origin(contract.path)}"
        )
    if step.config is not None:
        span = step.config.info.name_span
        lines.append(f"  config    {step.config.name} {_where(span)}{origin(span.path)}")
    if step.builder is not None:
        span = step.builder.info.name_span
        lines.append(f"  builder   {step.builder.name} {_where(span)}{origin(span.path)}")
    if step.script is not None:
        lines.append(f"  script    {step.script.path}{origin(step.script.path)}")
    for node in sorted(step.dag_nodes, key=lambda n: (n.dag.path, n.dag.name, n.node)):
        lines.append(f"  dag       {node.dag.name}:{node.node} {_where(node.span)}")
    return lines


def _registry_lines(registry: Registry) -> list[str]:
    """How a registry computed at run time is known: its static tables and its dynamic part."""
    lines = [f"  {registry.name} {_where(registry.span)} computed at run time"]
    for source in registry.built_from:
        lines.append(f"    rows from {source.name} [{_where(source.span)}] via {source.via}")
    for part in registry.dynamic:
        if part.adds == ADDS_WORKSPACE_ROWS:
            tables = ", ".join(part.workspace_tables)
            lines.append(f"    adds {tables} rows only inside a workspace context")
        else:
            lines.append(f"    may add rows not known statically: {part.reason}")
    for unknown in registry.unknown:
        lines.append(f"    not read: {unknown.reason} [{_where(unknown.span)}]")
    return lines


def _step_paths(step: Step) -> list[str]:
    paths = [spec.path for spec in step.all_specs()]
    if step.registry_row is not None:
        paths.append(step.registry_row.span.path)
    if step.contract is not None:
        paths.append(step.contract.path)
    for piece in (step.config, step.builder):
        if piece is not None:
            paths.append(piece.info.path)
    if step.script is not None:
        paths.append(step.script.path)
    return paths


def describe_view(project: Project) -> str:
    """The link table of a workspace's view: the steps with a piece in the workspace, each
    piece marked with where it comes from (``workspace ID`` or ``shared``); then the pieces of
    the workspace that belong to no step."""
    view = project.view
    assert view is not None
    workspace = view.workspace

    def origin(path: str) -> str:
        return f"  [workspace {workspace.id}]" if workspace.contains(path) else "  [shared]"

    out = [f"workspace {workspace.id} ({workspace.root})"]
    if workspace.developer_id and workspace.developer_id != workspace.id:
        out.append(f"  developer_id {workspace.developer_id}")
    shared = 0
    for step in project.steps:
        if not any(workspace.contains(path) for path in _step_paths(step)):
            shared += 1
            continue
        out.append(f"step {step.name}")
        out.extend(_pieces(step, origin))
        for link in step.links:
            out.append(f"    because {link.reason} [{_where(link.source_span)}]")
    out.append(f"shared steps seen unchanged: {shared}")
    unlinked = [item for item in project.unlinked if workspace.contains(item.span.path)]
    if unlinked:
        out.append("unlinked")
        for item in unlinked:
            out.append(f"  {item.kind:<9} {_where(item.span)} {item.reason}")
    return "\n".join(terminal_line(line) for line in out) + "\n"


def describe_links(project: Project) -> str:
    """Each step, its pieces, and the declaration that linked each piece; then the unlinked."""
    out: list[str] = []
    for step in project.steps:
        out.append(f"step {step.name}")
        out.extend(_pieces(step))
        for link in step.links:
            out.append(f"    because {link.reason} [{_where(link.source_span)}]")
    computed = [registry for registry in project.registries if registry.computed]
    if computed:
        out.append("registries")
        for registry in computed:
            out.extend(_registry_lines(registry))
    if project.unlinked:
        out.append("unlinked")
        for item in project.unlinked:
            out.append(f"  {item.kind:<9} {_where(item.span)} {item.reason}")
    return "\n".join(terminal_line(line) for line in out) + "\n"
