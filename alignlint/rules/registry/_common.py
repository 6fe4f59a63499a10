"""Shared helpers of the registry rules: suggestions and the step kind a builder creates."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from alignlint.core.types import Span
from alignlint.model import BuilderClass, Project
from alignlint.model.values import ExternalRef, Located

#: How similar two names must be for a "did you mean" suggestion.
SUGGESTION_CUTOFF = 0.6

#: alignlint's runtime builder bases (imported from the installed package) and what they create.
RUNTIME_BUILDER_KINDS: dict[str, str] = {
    "alignlint.runtime.builder.ProcessingStepBuilder": "ProcessingStep",
    "alignlint.runtime.builder.TrainingStepBuilder": "TrainingStep",
    "alignlint.runtime.ProcessingStepBuilder": "ProcessingStep",
    "alignlint.runtime.TrainingStepBuilder": "TrainingStep",
}


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most similar to ``word`` (case-insensitive, ties by name), if similar."""
    ranked = sorted(
        (
            (difflib.SequenceMatcher(None, word.lower(), c.lower()).ratio(), c)
            for c in set(candidates)
            if c != word
        ),
        key=lambda item: (-item[0], item[1]),
    )
    return ranked[0][1] if ranked and ranked[0][0] >= SUGGESTION_CUTOFF else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean `x`?)`` or an empty string."""
    suggestion = closest(word, candidates)
    return f" (did you mean `{suggestion}`?)" if suggestion else ""


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
