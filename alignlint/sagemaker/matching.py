"""The dependency-matching core: score a consumer's dependency against producer outputs.

Pure and standard-library only, so both the runtime resolver and the static linter use it.
Hard gates first (dependency type and data type must be compatible), then a weighted score:

=====================  ====================================================
type                    0.40 exact, 0.20 compatible
data type               0.20 exact, 0.10 compatible
name similarity         0.25 x best ratio over the output name and its aliases
exact name bonus        0.05 when the name equals the output name or an alias
compatible source       0.10 when listed, 0.05 when the list is empty
semantic keywords       0.05 x fraction of keywords found in the output name
=====================  ====================================================

The total is capped at 1.0; a match is accepted at ``THRESHOLD`` or above. A producer is
*listed* when its step type with the job-type suffix stripped (``TabularPreprocessing`` for
``TabularPreprocessing_Training``) is a ``compatible_sources`` entry: sources name base steps, so
an entry that carries a job-type suffix never matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

THRESHOLD = 0.5

TYPE_EXACT_WEIGHT = 0.40
TYPE_COMPATIBLE_WEIGHT = 0.20
DATA_TYPE_EXACT_WEIGHT = 0.20
DATA_TYPE_COMPATIBLE_WEIGHT = 0.10
NAME_WEIGHT = 0.25
EXACT_NAME_BONUS = 0.05
SOURCE_LISTED_WEIGHT = 0.10
SOURCE_UNCONSTRAINED_WEIGHT = 0.05
KEYWORD_WEIGHT = 0.05

TYPE_COMPATIBILITY: Mapping[str, frozenset[str]] = {
    "model_artifacts": frozenset({"model_artifacts"}),
    "training_data": frozenset({"processing_output", "training_data"}),
    "processing_output": frozenset({"processing_output", "training_data"}),
    "hyperparameters": frozenset({"hyperparameters", "custom_property"}),
    "payload_samples": frozenset({"payload_samples", "processing_output"}),
    "custom_property": frozenset({"custom_property"}),
}
"""Dependency type -> output types it may consume."""

DATA_TYPE_COMPATIBILITY: Mapping[str, frozenset[str]] = {
    "S3Uri": frozenset({"S3Uri", "String"}),
    "String": frozenset({"String", "S3Uri"}),
    "Integer": frozenset({"Integer", "Float"}),
    "Float": frozenset({"Float", "Integer"}),
    "Boolean": frozenset({"Boolean"}),
}
"""Dependency data type -> output data types it may consume."""

JOB_TYPES: tuple[str, ...] = ("training", "validation", "testing", "calibration")
"""Job-type suffixes that variants of a step append to its step type."""


@dataclass(frozen=True)
class DependencyView:
    """The facts about a dependency that matching needs."""

    logical_name: str
    dependency_type: str
    data_type: str
    required: bool
    compatible_sources: tuple[str, ...]
    semantic_keywords: tuple[str, ...]


@dataclass(frozen=True)
class OutputView:
    """The facts about a producer output that matching needs."""

    logical_name: str
    output_type: str
    data_type: str
    aliases: tuple[str, ...]
    property_path: str


@dataclass(frozen=True)
class ProducerView:
    """A producer step: its name in the pipeline, its step type and its outputs."""

    step_name: str
    step_type: str
    outputs: tuple[OutputView, ...]


@dataclass(frozen=True)
class MatchScore:
    """A score with its per-component breakdown; ``gate_failure`` says why a gate rejected."""

    type_score: float
    data_type_score: float
    name_score: float
    exact_bonus: float
    source_score: float
    keyword_score: float
    gate_failure: str | None = None

    @property
    def total(self) -> float:
        """Sum of the components capped at 1.0; 0.0 when a hard gate rejected the pair."""
        if self.gate_failure is not None:
            return 0.0
        raw = (
            self.type_score
            + self.data_type_score
            + self.name_score
            + self.exact_bonus
            + self.source_score
            + self.keyword_score
        )
        return round(min(raw, 1.0), 6)

    @property
    def accepted(self) -> bool:
        """True when no gate rejected the pair and the total reaches ``THRESHOLD``."""
        return self.gate_failure is None and self.total >= THRESHOLD

    def breakdown(self) -> str:
        """One-line rendering of the components, e.g. for ``explain`` output."""
        if self.gate_failure is not None:
            return f"rejected: {self.gate_failure}"
        return (
            f"total {self.total:.3f} = type {self.type_score:.2f} + data type "
            f"{self.data_type_score:.2f} + name {self.name_score:.3f} + exact "
            f"{self.exact_bonus:.2f} + source {self.source_score:.2f} + keywords "
            f"{self.keyword_score:.3f}"
        )


@dataclass(frozen=True)
class Candidate:
    """One producer output scored against a dependency."""

    producer_step: str
    producer_step_type: str
    output: OutputView
    score: MatchScore


def _rejected(reason: str) -> MatchScore:
    return MatchScore(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, gate_failure=reason)


def types_compatible(dependency_type: str, output_type: str) -> bool:
    """Whether an output of ``output_type`` may satisfy a dependency of ``dependency_type``."""
    if dependency_type == output_type:
        return True
    return output_type in TYPE_COMPATIBILITY.get(dependency_type, frozenset())


def data_types_compatible(dependency_data_type: str, output_data_type: str) -> bool:
    """Whether an output's data type may satisfy a dependency's (``S3Uri`` ~ ``String``)."""
    if dependency_data_type == output_data_type:
        return True
    return output_data_type in DATA_TYPE_COMPATIBILITY.get(dependency_data_type, frozenset())


def strip_job_type(step_type: str) -> str:
    """Drop a job-type suffix: ``"TabularPreprocessing_Training"`` -> ``"TabularPreprocessing"``."""
    base, separator, suffix = step_type.rpartition("_")
    if separator and base and suffix.lower() in JOB_TYPES:
        return base
    return step_type


def normalise_name(name: str) -> str:
    """Lower-case a logical name and unify separators (``-``, space, ``.``) to ``_``."""
    lowered = name.strip().lower()
    for separator in ("-", " ", "."):
        lowered = lowered.replace(separator, "_")
    return lowered


@lru_cache(maxsize=65536)
def name_similarity(a: str, b: str) -> float:
    """``difflib.SequenceMatcher`` ratio of the normalised names (1.0 for equal names).

    Memoised: a library repeats the same few logical names across many steps.
    """
    first, second = normalise_name(a), normalise_name(b)
    if first == second:
        return 1.0
    return SequenceMatcher(None, first, second).ratio()


def keyword_fraction(keywords: Iterable[str], output_name: str) -> float:
    """Fraction of ``keywords`` that occur (case-insensitively) in ``output_name``."""
    listed = [keyword.lower() for keyword in keywords if keyword]
    if not listed:
        return 0.0
    name = output_name.lower()
    return sum(1 for keyword in listed if keyword in name) / len(listed)


def score_match(dep: DependencyView, output: OutputView, producer_step_type: str) -> MatchScore:
    """Score how well ``output`` of a ``producer_step_type`` step satisfies ``dep``."""
    if not types_compatible(dep.dependency_type, output.output_type):
        return _rejected(
            f"output type '{output.output_type}' is not compatible with dependency type "
            f"'{dep.dependency_type}'"
        )
    if not data_types_compatible(dep.data_type, output.data_type):
        return _rejected(
            f"output data type '{output.data_type}' is not compatible with dependency data type "
            f"'{dep.data_type}'"
        )
    type_score = (
        TYPE_EXACT_WEIGHT if dep.dependency_type == output.output_type else TYPE_COMPATIBLE_WEIGHT
    )
    data_type_score = (
        DATA_TYPE_EXACT_WEIGHT if dep.data_type == output.data_type else DATA_TYPE_COMPATIBLE_WEIGHT
    )
    names = (output.logical_name, *output.aliases)
    similarity = max(name_similarity(dep.logical_name, name) for name in names)
    exact_bonus = EXACT_NAME_BONUS if dep.logical_name in names else 0.0
    if not dep.compatible_sources:
        source_score = SOURCE_UNCONSTRAINED_WEIGHT
    elif strip_job_type(producer_step_type) in dep.compatible_sources:
        source_score = SOURCE_LISTED_WEIGHT
    else:
        source_score = 0.0
    keyword_score = KEYWORD_WEIGHT * keyword_fraction(dep.semantic_keywords, output.logical_name)
    return MatchScore(
        type_score=type_score,
        data_type_score=data_type_score,
        name_score=round(NAME_WEIGHT * similarity, 6),
        exact_bonus=exact_bonus,
        source_score=source_score,
        keyword_score=round(keyword_score, 6),
    )


def rank_candidates(dep: DependencyView, producers: Iterable[ProducerView]) -> list[Candidate]:
    """Score every producer output; best first, ties broken by producer step then output name."""
    candidates = [
        Candidate(
            producer.step_name,
            producer.step_type,
            output,
            score_match(dep, output, producer.step_type),
        )
        for producer in producers
        for output in producer.outputs
    ]
    return sorted(
        candidates,
        key=lambda c: (-c.score.total, c.producer_step, c.output.logical_name),
    )


#: Whether an output that passes both gates with the dependency's very type reaches
#: :data:`THRESHOLD` on the type and data-type weights alone (whatever the names score).
EXACT_TYPE_REACHES = TYPE_EXACT_WEIGHT + DATA_TYPE_COMPATIBLE_WEIGHT >= THRESHOLD


def can_satisfy(dep: DependencyView, producers: Iterable[ProducerView]) -> bool:
    """Whether any producer output scores at or above :data:`THRESHOLD` for ``dep``.

    Exactly ``rank_candidates(dep, producers)[0].score.accepted`` (False with no outputs), but
    cheap: an output passing both gates with an exact type match already reaches the threshold
    on the type and data-type weights alone, so names are only scored for outputs whose type is
    merely compatible.
    """
    return any(
        satisfies(dep, producer.step_type, output)
        for producer in producers
        for output in producer.outputs
    )


def satisfies(dep: DependencyView, producer_step_type: str, output: OutputView) -> bool:
    """Whether ``output`` (of a producer of ``producer_step_type``) scores at or above
    :data:`THRESHOLD` for ``dep`` (:func:`can_satisfy` asks it of every output; only an output
    of one of :func:`compatible_output_types` can)."""
    if not types_compatible(dep.dependency_type, output.output_type):
        return False
    if not data_types_compatible(dep.data_type, output.data_type):
        return False
    if EXACT_TYPE_REACHES and dep.dependency_type == output.output_type:
        return True
    return score_match(dep, output, producer_step_type).accepted


def compatible_output_types(dependency_type: str) -> tuple[str, ...]:
    """The output types that pass the type gate for ``dependency_type``, sorted."""
    return tuple(sorted({dependency_type, *TYPE_COMPATIBILITY.get(dependency_type, ())}))


def best_match(dep: DependencyView, producers: Iterable[ProducerView]) -> Candidate | None:
    """The top-ranked candidate if it is accepted, else None."""
    ranked = rank_candidates(dep, producers)
    if ranked and ranked[0].score.accepted:
        return ranked[0]
    return None
