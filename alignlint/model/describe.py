"""Plain, deterministic text of the link table (``alignlint check --show-links``).

Names and paths come from the checked code: every line is shown through
:func:`~alignlint.core.escape.terminal_line`."""

from __future__ import annotations

from alignlint.core.escape import terminal_line
from alignlint.core.types import Span
from alignlint.model.components import ADDS_WORKSPACE_ROWS, Registry
from alignlint.model.link import Step
from alignlint.model.project import Project


def _where(span: Span) -> str:
    return f"{span.path}:{span.start.line}:{span.start.column}"


def _pieces(step: Step) -> list[str]:
    lines: list[str] = []
    if step.registry_row is not None:
        lines.append(f"  registry  {_where(step.registry_row.span)}")
    for job_type in step.job_types:
        spec = step.specs[job_type]
        label = f"spec[{job_type}]" if job_type else "spec"
        note = f" (generic; declares job type {spec.job_type})" if spec.job_type != job_type else ""
        lines.append(f"  {label:<9} {spec.name} {_where(spec.name_span)}{note}")
    if step.contract is not None:
        lines.append(f"  contract  {step.contract.name} {_where(step.contract.name_span)}")
    if step.config is not None:
        lines.append(f"  config    {step.config.name} {_where(step.config.info.name_span)}")
    if step.builder is not None:
        lines.append(f"  builder   {step.builder.name} {_where(step.builder.info.name_span)}")
    if step.script is not None:
        lines.append(f"  script    {step.script.path}")
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
