"""The pure matching core: gates, score components, ranking and tie-breaking."""

from __future__ import annotations

import sys
from difflib import SequenceMatcher

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignlint.sagemaker.matching import (
    THRESHOLD,
    DependencyView,
    MatchScore,
    OutputView,
    ProducerView,
    best_match,
    can_satisfy,
    compatible_output_types,
    data_types_compatible,
    name_similarity,
    rank_candidates,
    satisfies,
    score_match,
    strip_job_type,
    types_compatible,
)


def dep(name: str = "input_data", **fields: object) -> DependencyView:
    values: dict[str, object] = {
        "logical_name": name,
        "dependency_type": "processing_output",
        "data_type": "S3Uri",
        "required": True,
        "compatible_sources": ("TabularPreprocessing",),
        "semantic_keywords": ("data", "processed"),
    }
    values.update(fields)
    return DependencyView(**values)  # type: ignore[arg-type]


def out(name: str = "processed_data", **fields: object) -> OutputView:
    values: dict[str, object] = {
        "logical_name": name,
        "output_type": "processing_output",
        "data_type": "S3Uri",
        "aliases": (),
        "property_path": f"properties.ProcessingOutputConfig.Outputs['{name}'].S3Output.S3Uri",
    }
    values.update(fields)
    return OutputView(**values)  # type: ignore[arg-type]


def test_matching_does_not_import_pydantic() -> None:
    import alignlint.sagemaker.matching

    assert "pydantic" not in alignlint.sagemaker.matching.__dict__
    source = open(alignlint.sagemaker.matching.__file__, encoding="utf-8").read()
    assert "pydantic" not in source
    assert "alignlint.sagemaker.matching" in sys.modules


def test_full_breakdown_of_a_good_match() -> None:
    score = score_match(dep(), out(), "TabularPreprocessing_Training")
    ratio = SequenceMatcher(None, "input_data", "processed_data").ratio()
    assert score == MatchScore(
        type_score=0.4,
        data_type_score=0.2,
        name_score=round(0.25 * ratio, 6),
        exact_bonus=0.0,
        source_score=0.1,
        keyword_score=0.05,
    )
    assert score.total == round(0.75 + 0.25 * ratio, 6)
    assert score.accepted


def test_type_gate() -> None:
    score = score_match(dep(), out(output_type="model_artifacts"), "X")
    assert score.gate_failure == (
        "output type 'model_artifacts' is not compatible with dependency type 'processing_output'"
    )
    assert score.total == 0.0
    assert not score.accepted


def test_data_type_gate() -> None:
    score = score_match(dep(), out(data_type="Integer"), "X")
    assert score.gate_failure == (
        "output data type 'Integer' is not compatible with dependency data type 'S3Uri'"
    )


def test_compatible_types_score_half() -> None:
    score = score_match(dep(dependency_type="training_data"), out(data_type="String"), "X")
    assert (score.type_score, score.data_type_score) == (0.2, 0.1)


def test_exact_alias_gets_bonus_and_full_name_score() -> None:
    score = score_match(dep("training_data"), out(aliases=("training_data",)), "X")
    assert (score.name_score, score.exact_bonus) == (0.25, 0.05)


def test_source_not_listed_scores_zero_and_empty_list_scores_half() -> None:
    assert score_match(dep(), out(), "Other").source_score == 0.0
    assert score_match(dep(compatible_sources=()), out(), "Other").source_score == 0.05


def test_keyword_fraction() -> None:
    score = score_match(dep(semantic_keywords=("data", "model", "x", "y")), out(), "X")
    assert score.keyword_score == 0.0125


def test_total_is_capped_at_one() -> None:
    score = score_match(dep("processed_data"), out(), "TabularPreprocessing")
    assert score.total == 1.0


def test_near_miss_below_threshold() -> None:
    score = score_match(
        dep("model_input", dependency_type="training_data", semantic_keywords=("model",)),
        out("metrics", data_type="String"),
        "Other",
    )
    ratio = SequenceMatcher(None, "model_input", "metrics").ratio()
    assert (score.type_score, score.data_type_score, score.source_score) == (0.2, 0.1, 0.0)
    assert score.name_score == round(0.25 * ratio, 6)
    assert score.total < THRESHOLD
    assert score.breakdown() == (
        f"total {score.total:.3f} = type 0.20 + data type 0.10 + name {score.name_score:.3f} "
        "+ exact 0.00 + source 0.00 + keywords 0.000"
    )


@pytest.mark.parametrize(
    ("step_type", "expected"),
    [
        ("TabularPreprocessing_Training", "TabularPreprocessing"),
        ("TabularPreprocessing_calibration", "TabularPreprocessing"),
        ("XGBoostTraining", "XGBoostTraining"),
        ("Model_Eval", "Model_Eval"),
        ("_Training", "_Training"),
    ],
)
def test_strip_job_type(step_type: str, expected: str) -> None:
    assert strip_job_type(step_type) == expected


def test_name_similarity_normalises() -> None:
    assert name_similarity("Model-Input", "model_input") == 1.0
    assert 0 < name_similarity("model_input", "model_output") < 1


def test_type_tables() -> None:
    assert types_compatible("payload_samples", "processing_output")
    assert not types_compatible("model_artifacts", "processing_output")
    assert types_compatible("unknown", "unknown")
    assert data_types_compatible("S3Uri", "String")
    assert not data_types_compatible("Boolean", "Integer")


def test_ranking_is_deterministic_with_ties() -> None:
    producers = [
        ProducerView("b_step", "X", (out("data"),)),
        ProducerView("a_step", "X", (out("data"), out("zdata"))),
    ]
    ranked = rank_candidates(dep("data", compatible_sources=()), producers)
    labels = [(c.producer_step, c.output.logical_name) for c in ranked]
    assert labels == [("a_step", "data"), ("b_step", "data"), ("a_step", "zdata")]
    chosen = best_match(dep("data", compatible_sources=()), list(reversed(producers)))
    assert chosen is not None and chosen.producer_step == "a_step"


def test_best_match_none_when_all_below_threshold() -> None:
    producers = [ProducerView("p", "X", (out("x", output_type="hyperparameters"),))]
    assert best_match(dep(), producers) is None


_TYPES = (
    "model_artifacts",
    "processing_output",
    "training_data",
    "hyperparameters",
    "payload_samples",
    "custom_property",
)
_DATA_TYPES = ("S3Uri", "String", "Integer", "Float", "Boolean")
_NAMES = ("data", "processed_data", "model", "model_input", "metrics", "payload", "x")


@given(
    dependency_type=st.sampled_from(_TYPES),
    data_type=st.sampled_from(_DATA_TYPES),
    name=st.sampled_from(_NAMES),
    sources=st.lists(st.sampled_from(("A", "B", "C_Training")), max_size=2),
    outputs=st.lists(
        st.tuples(
            st.sampled_from(("A", "B", "C_Training")),
            st.sampled_from(_NAMES),
            st.sampled_from(_TYPES),
            st.sampled_from(_DATA_TYPES),
        ),
        max_size=6,
    ),
)
def test_can_satisfy_agrees_with_the_ranking(
    dependency_type: str,
    data_type: str,
    name: str,
    sources: list[str],
    outputs: list[tuple[str, str, str, str]],
) -> None:
    """The fast satisfiability check is exactly "the best ranked candidate is accepted"."""
    wanted = dep(
        name,
        dependency_type=dependency_type,
        data_type=data_type,
        compatible_sources=tuple(sources),
    )
    producers = [
        ProducerView(
            f"{step}_{index}",
            step,
            (out(output_name, output_type=output_type, data_type=output_data_type),),
        )
        for index, (step, output_name, output_type, output_data_type) in enumerate(outputs)
    ]
    ranked = rank_candidates(wanted, producers)
    assert can_satisfy(wanted, producers) == bool(ranked and ranked[0].score.accepted)
    # What the library asks (Library.satisfies): only the outputs of a compatible type.
    compatible = compatible_output_types(dependency_type)
    assert can_satisfy(wanted, producers) == any(
        satisfies(wanted, producer.step_type, output)
        for producer in producers
        for output in producer.outputs
        if output.output_type in compatible
    )
