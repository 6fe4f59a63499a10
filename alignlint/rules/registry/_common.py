"""Shared helpers of the registry rules: suggestions, abstract rows and the step kind a builder
creates."""

from __future__ import annotations

from alignlint.core.types import Span
from alignlint.model import BuilderClass, Project, Step
from alignlint.model.values import ExternalRef, Located
from alignlint.sagemaker.suggestions import SUGGESTION_CUTOFF, close_names, similarity
from alignlint.sagemaker.suggestions import closest as closest
from alignlint.sagemaker.suggestions import did_you_mean as did_you_mean

#: alignlint's runtime builder bases (imported from the installed package) and what they create.
RUNTIME_BUILDER_KINDS: dict[str, str] = {
    "alignlint.runtime.builder.ProcessingStepBuilder": "ProcessingStep",
    "alignlint.runtime.builder.TrainingStepBuilder": "TrainingStep",
    "alignlint.runtime.ProcessingStepBuilder": "ProcessingStep",
    "alignlint.runtime.TrainingStepBuilder": "TrainingStep",
}


def closest_class(written: str, candidates: list[str]) -> str | None:
    """The class name ``written`` most likely meant: the most similar of the candidates similar
    enough for a suggestion (:func:`close_names`) whose part before the ending both names share
    is similar enough too. Class names of one kind share their suffix (``...StepBuilder``,
    ``...Config``), and that alone makes unrelated names look alike
    (``HyperparameterPrepStepBuilder`` and ``PackageStepBuilder``)."""
    for suggestion in close_names(written, candidates, limit=5, cutoff=SUGGESTION_CUTOFF):
        shared = 0
        for mine, theirs in zip(
            reversed(written.lower()), reversed(suggestion.lower()), strict=False
        ):
            if mine != theirs:
                break
            shared += 1
        stem, other = written[: len(written) - shared], suggestion[: len(suggestion) - shared]
        if not stem or not other or similarity(stem, other) >= SUGGESTION_CUTOFF:
            return suggestion
    return None


def created_step_classes(project: Project, builder: BuilderClass) -> list[tuple[str, Span]]:
    """The SDK step classes the builder creates: in its own methods, else in the nearest project
    base that creates one, else the one alignlint's runtime base it derives from creates."""
    if builder.step_classes:
        return [(use.name, use.span) for use in builder.step_classes]
    for cls in list(builder.info.mro())[1:]:
        uses = [
            (use.name, use.span)
            for method in project.index.class_fact(cls).methods
            for use in method.body.step_classes
        ]
        if uses:
            return uses
    for cls in builder.info.mro():
        for base in project.index.class_fact(cls).bases:
            value = project.index.evaluator.evaluate(base, cls.module)
            if isinstance(value, Located) and isinstance(value.value, ExternalRef):
                created = RUNTIME_BUILDER_KINDS.get(value.value.dotted)
                if created is not None:
                    return [(created, value.span)]
    return []


def abstract_rows(project: Project) -> set[int]:
    """``id`` of every abstract registry row: its ``config_class`` is a configured config base
    class, or an ancestor of the config class another row names."""
    bases = set(project.settings.base_classes.configs)
    ancestors: set[str] = set()
    for _registry, row in project.unique_registry_rows():
        for info in project.classes_named(row.text("config_class") or ""):
            ancestors.update(info.ancestors)
    return {
        id(row)
        for _registry, row in project.unique_registry_rows()
        if (row.text("config_class") or "") in bases | ancestors
    }


def concrete_steps(project: Project) -> list[Step]:
    """The steps of the project but those of abstract registry rows (see :func:`abstract_rows`):
    a row naming a base class describes a family of steps, not one step."""
    abstract = abstract_rows(project)
    return [
        step
        for step in project.steps
        if step.registry_row is None or id(step.registry_row) not in abstract
    ]
