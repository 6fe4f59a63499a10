"""The dependency resolver: wire a consumer's dependencies to producer outputs.

Specifications are registered by step name (the node name in the pipeline). Scoring lives in
:mod:`alignlint.sagemaker.matching`; this module adds the registry of specifications, the resulting
:class:`PropertyReference` objects and a human-readable ``explain``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from alignlint.runtime.specification import DependencySpec, OutputSpec, StepSpecification
from alignlint.sagemaker.matching import (
    THRESHOLD,
    Candidate,
    MatchScore,
    ProducerView,
    rank_candidates,
)

_PATH_TOKEN = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(?:'([^']*)'|\"([^\"]*)\"|(\d+))\]")


class ResolutionError(ValueError):
    """A step or dependency is unknown, or a property path cannot be followed."""


@dataclass(frozen=True)
class PropertyReference:
    """A reference to ``output_spec`` of step ``step_name``; ``score`` when the resolver chose it."""

    step_name: str
    output_spec: OutputSpec
    score: MatchScore | None = None

    def to_get_expression(self) -> dict[str, str]:
        """The pipeline-definition JSON form: ``{"Get": "Steps.<step>.<path without properties.>"}``."""
        path = self.output_spec.property_path.removeprefix("properties.")
        return {"Get": f"Steps.{self.step_name}.{path}"}

    def to_sagemaker_property(self, steps: Mapping[str, Any]) -> Any:
        """Follow the property path on the real SDK step ``steps[step_name]``.

        Raises:
            ResolutionError: the step is missing or the path does not exist on its properties.
        """
        if self.step_name not in steps:
            raise ResolutionError(
                f"step '{self.step_name}' is not among the built steps "
                f"({', '.join(sorted(steps)) or 'none'})"
            )
        value: Any = steps[self.step_name]
        path = self.output_spec.property_path
        position = 0
        while position < len(path):
            token = _PATH_TOKEN.match(path, position)
            if token is None:
                raise ResolutionError(
                    f"property path '{path}' of output '{self.output_spec.logical_name}' cannot "
                    f"be parsed at position {position}"
                )
            attribute, single, double, index = token.groups()
            try:
                if attribute is not None:
                    value = getattr(value, attribute)
                elif index is not None:
                    value = value[int(index)]
                else:
                    value = value[single if single is not None else double]
            except (AttributeError, KeyError, IndexError, TypeError) as error:
                raise ResolutionError(
                    f"step '{self.step_name}' has no property '{path[: token.end()]}' "
                    f"(output '{self.output_spec.logical_name}')"
                ) from error
            position = token.end()
        return value


@dataclass(frozen=True)
class Explanation:
    """Why a dependency resolved the way it did: the ranked candidates and the verdict."""

    consumer_step: str
    dependency: DependencySpec
    candidates: tuple[Candidate, ...]

    @property
    def chosen(self) -> Candidate | None:
        """The accepted top candidate, if any."""
        if self.candidates and self.candidates[0].score.accepted:
            return self.candidates[0]
        return None

    def render(self, limit: int = 5) -> str:
        """Multi-line text: the verdict, then the top candidates and why each lost."""
        dep = self.dependency
        lines = [
            f"step '{self.consumer_step}' dependency '{dep.logical_name}' "
            f"({dep.dependency_type.value}, {dep.data_type}, "
            f"{'required' if dep.required else 'optional'}):"
        ]
        chosen = self.chosen
        if chosen is None:
            lines.append(f"  unresolved: no candidate reaches the threshold {THRESHOLD}")
        else:
            lines.append(
                f"  resolved to {chosen.producer_step}.{chosen.output.logical_name} "
                f"({chosen.score.breakdown()})"
            )
        if not self.candidates:
            lines.append("  no producer outputs are available")
        for candidate in self.candidates[:limit]:
            label = f"{candidate.producer_step}.{candidate.output.logical_name}"
            if candidate is chosen:
                continue
            lines.append(f"  - {label}: {self._why_lost(candidate)}")
        return "\n".join(lines)

    def _why_lost(self, candidate: Candidate) -> str:
        score = candidate.score
        if score.gate_failure is not None:
            return f"rejected: {score.gate_failure}"
        if score.total < THRESHOLD:
            return f"below threshold {THRESHOLD}: {score.breakdown()}"
        chosen = self.chosen
        assert chosen is not None  # an accepted candidate outranks this one
        if score.total == chosen.score.total:
            return f"tied, lost on name order: {score.breakdown()}"
        return f"outscored: {score.breakdown()}"


class DependencyResolver:
    """Registry of step specifications by step name, and dependency resolution between them."""

    def __init__(self) -> None:
        self._specs: dict[str, StepSpecification] = {}

    def register_specification(self, step_name: str, spec: StepSpecification) -> None:
        """Register (or replace) the specification of step ``step_name``."""
        self._specs[step_name] = spec

    def has_specification(self, step_name: str) -> bool:
        """Whether step ``step_name`` has a registered specification."""
        return step_name in self._specs

    def get_specification(self, step_name: str) -> StepSpecification:
        """The specification registered for ``step_name``."""
        if step_name not in self._specs:
            raise ResolutionError(
                f"no specification registered for step '{step_name}' "
                f"(registered: {', '.join(sorted(self._specs)) or 'none'})"
            )
        return self._specs[step_name]

    def _producers(self, consumer_step: str, available_steps: Iterable[str]) -> list[ProducerView]:
        producers = []
        for name in available_steps:
            if name == consumer_step:
                continue
            spec = self.get_specification(name)
            outputs = tuple(output.to_view() for output in spec.outputs.values())
            producers.append(ProducerView(name, spec.step_type, outputs))
        return producers

    def _dependency(self, consumer_step: str, logical_name: str) -> DependencySpec:
        spec = self.get_specification(consumer_step)
        dependency = spec.get_dependency(logical_name)
        if dependency is None:
            raise ResolutionError(
                f"step '{consumer_step}' has no dependency '{logical_name}' "
                f"(dependencies: {', '.join(spec.dependencies) or 'none'})"
            )
        return dependency

    def explain(
        self, consumer_step: str, logical_name: str, available_steps: Iterable[str]
    ) -> Explanation:
        """Rank every available output against one dependency, for humans and tests."""
        dependency = self._dependency(consumer_step, logical_name)
        producers = self._producers(consumer_step, available_steps)
        candidates = rank_candidates(dependency.to_view(), producers)
        return Explanation(consumer_step, dependency, tuple(candidates))

    def resolve_step_dependencies(
        self, consumer_step: str, available_steps: Iterable[str]
    ) -> dict[str, PropertyReference]:
        """Best accepted producer output for each dependency; unresolved ones are left out."""
        steps = list(available_steps)
        spec = self.get_specification(consumer_step)
        resolved: dict[str, PropertyReference] = {}
        for logical_name in spec.dependencies:
            chosen = self.explain(consumer_step, logical_name, steps).chosen
            if chosen is None:
                continue
            output = self.get_specification(chosen.producer_step).outputs[
                chosen.output.logical_name
            ]
            resolved[logical_name] = PropertyReference(chosen.producer_step, output, chosen.score)
        return resolved
