"""ALN209 node-type-shape."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.contract_spec.variants import describe

if TYPE_CHECKING:
    from alignlint.model import Project, Spec

SHAPES: dict[str, tuple[bool | None, bool | None]] = {
    "SOURCE": (False, True),
    "INTERNAL": (True, True),
    "SINK": (True, False),
}
"""Node type -> (has dependencies, has outputs); None: either (SINGULAR has no rule)."""


class NodeTypeShape(Rule):
    """## What it does
    Checks a specification's `node_type` against what it declares: a `SOURCE` has outputs and
    no dependencies, a `SINK` has dependencies and no outputs, an `INTERNAL` node has both.
    `SINGULAR` nodes may have either.

    ## Why is this bad?
    The pipeline assembler uses the node type to decide where a step can stand in the DAG; the
    runtime `StepSpecification` rejects the mismatch when the spec is first imported, i.e. when
    the pipeline is built, not when the spec is written.

    ## Severity
    An error: the runtime `StepSpecification` raises when the spec is constructed, so the module
    that defines it (and the pipeline that imports it) fails to load.

    ## Example
    ```python
    X_SPEC = StepSpecification(node_type=NodeType.SOURCE,
                               dependencies=[DependencySpec(logical_name="data", ...)], ...)
    ```

    Use instead: `node_type=NodeType.INTERNAL`.
    """

    code: ClassVar[str] = "ALN209"
    name: ClassVar[str] = "node-type-shape"
    summary: ClassVar[str] = "Node type does not match the spec's dependencies and outputs"
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for spec in project.specs:
            node_type = spec.node_type
            if spec.unknown_parts or not (
                isinstance(node_type, Located) and isinstance(node_type.value, str)
            ):
                continue
            shape = SHAPES.get(node_type.value.upper())
            if shape is None:
                continue
            step = project.step_of(spec)
            for problem, related in _problems(spec, node_type.value.upper(), shape):
                yield self.diagnostic(
                    f"{describe(spec)} is a {node_type.value.upper()} node and {problem}",
                    node_type.span,
                    related=related,
                    step=step.name if step else None,
                    subject=f"{spec.name}:{problem}",
                )


def _problems(
    spec: Spec, node: str, shape: tuple[bool | None, bool | None]
) -> Iterator[tuple[str, list[Related]]]:
    wants_dependencies, wants_outputs = shape
    if wants_dependencies is False and spec.dependencies:
        first = spec.dependencies[0]
        names = ", ".join(d.logical_name for d in spec.dependencies)
        yield (
            f"must not have dependencies, but declares {names}",
            [Related(first.name_span, f"dependency '{first.logical_name}'")],
        )
    if wants_dependencies and not spec.dependencies:
        yield (
            "must have at least one dependency, but declares none",
            [Related(spec.name_span, f"{node} spec {spec.name}")],
        )
    if wants_outputs is False and spec.outputs:
        first_output = spec.outputs[0]
        names = ", ".join(o.logical_name for o in spec.outputs)
        yield (
            f"must not have outputs, but declares {names}",
            [Related(first_output.name_span, f"output '{first_output.logical_name}'")],
        )
    if wants_outputs and not spec.outputs:
        yield (
            "must have at least one output, but declares none",
            [Related(spec.name_span, f"{node} spec {spec.name}")],
        )
