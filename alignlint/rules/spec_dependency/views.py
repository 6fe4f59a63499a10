"""Turn the static model's specifications into the plain views that
:mod:`alignlint.sagemaker.matching` scores.

A view exists only when every fact the score depends on is known: a dependency or output with an
``Unknown`` type, data type, alias or compatible source has no view, and whoever asked must stay
silent about it (never guess a mismatch from an Unknown).
"""

from __future__ import annotations

from alignlint.core.records import record
from alignlint.model import Project
from alignlint.model.components import Dependency, Output, Spec, text_of
from alignlint.model.values import Value
from alignlint.sagemaker.matching import (
    DependencyView,
    OutputView,
    ProducerView,
    data_types_compatible,
    normalise_name,
    types_compatible,
)


def enum_value(value: Value) -> str | None:
    """``"PROCESSING_OUTPUT"`` (member name as the model stores it) -> ``"processing_output"``."""
    text = text_of(value)
    return text.lower() if text is not None else None


def _strings(values: tuple[Value, ...]) -> tuple[str, ...] | None:
    texts = tuple(text_of(value) for value in values)
    if any(text is None for text in texts):
        return None
    return tuple(text for text in texts if text is not None)


def dependency_view(dependency: Dependency) -> DependencyView | None:
    """The matching view of a dependency, or None when part of it is unknown."""
    dependency_type = enum_value(dependency.dependency_type)
    data_type = text_of(dependency.data_type)
    sources = _strings(dependency.compatible_sources)
    if (
        dependency_type is None
        or data_type is None
        or sources is None
        or dependency.compatible_sources_unknown
        or dependency.required is None
    ):
        return None
    return DependencyView(
        logical_name=dependency.logical_name,
        dependency_type=dependency_type,
        data_type=data_type,
        required=dependency.required,
        compatible_sources=sources,
        semantic_keywords=dependency.semantic_keywords,
    )


def output_view(output: Output) -> OutputView | None:
    """The matching view of an output, or None when part of it is unknown."""
    output_type = enum_value(output.output_type)
    data_type = text_of(output.data_type)
    aliases = _strings(output.aliases)
    if output_type is None or data_type is None or aliases is None:
        return None
    return OutputView(
        logical_name=output.logical_name,
        output_type=output_type,
        data_type=data_type,
        aliases=aliases,
        property_path=text_of(output.property_path) or "",
    )


@record
class Producer:
    """A specification seen as a producer under a name (a DAG node or its step type).

    ``complete`` is False when some of its outputs (or the spec itself) could not be read, so a
    dependency it fails to satisfy may still be satisfied at run time.
    """

    spec: Spec
    view: ProducerView
    complete: bool

    def output(self, logical_name: str) -> Output:
        """The model output behind one of the view's outputs."""
        found = self.spec.output(logical_name)
        assert found is not None  # every view output comes from the spec
        return found


def producer(name: str, spec: Spec, project: Project | None = None) -> Producer | None:
    """``spec`` as a producer called ``name``; None when its step type is unknown. With
    ``project``, the views of the spec's outputs are made once per project (the library and
    every DAG node bound to the spec share them)."""
    step_type = spec.step_type.text
    if step_type is None:
        return None
    if project is None:
        known, complete = _output_views(spec)
    else:
        known, complete = project.derived(("output-views", id(spec)), lambda: _output_views(spec))
    return Producer(spec, ProducerView(name, step_type, known), complete)


def _output_views(spec: Spec) -> tuple[tuple[OutputView, ...], bool]:
    """The views of the spec's known outputs, and whether every output and the spec are known."""
    views = [output_view(output) for output in spec.outputs]
    known = tuple(view for view in views if view is not None)
    return known, len(known) == len(views) and not spec.unknown_parts


def project_dependency_view(project: Project, dependency: Dependency) -> DependencyView | None:
    """:func:`dependency_view`, made once per project (the library's resolution and every DAG
    node bound to the spec ask it)."""
    return project.derived(("dependency-view", id(dependency)), lambda: dependency_view(dependency))


def data_type_conflict(dependency: DependencyView, output: OutputView) -> bool:
    """Whether ``output`` is meant for ``dependency`` (same name or alias, compatible type) but
    its data type is incompatible (``S3Uri`` ~ ``String`` is compatible). The types are asked
    first: most pairs have compatible data types, and then the names need not be compared."""
    if not types_compatible(dependency.dependency_type, output.output_type):
        return False
    if data_types_compatible(dependency.data_type, output.data_type):
        return False
    wanted = normalise_name(dependency.logical_name)
    return any(normalise_name(name) == wanted for name in (output.logical_name, *output.aliases))
