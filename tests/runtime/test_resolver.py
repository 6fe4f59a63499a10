"""DependencyResolver: resolution, near-misses with score breakdowns, explain, SDK properties."""

from __future__ import annotations

from difflib import SequenceMatcher
from types import SimpleNamespace

import pytest

from alignlint.runtime.resolver import DependencyResolver, PropertyReference, ResolutionError
from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)

from .steps import LOAD_SPEC, PREP_SPEC, TRAIN_SPEC, processing_output


@pytest.fixture
def resolver() -> DependencyResolver:
    resolver = DependencyResolver()
    resolver.register_specification("Load", LOAD_SPEC)
    resolver.register_specification("Prep", PREP_SPEC)
    resolver.register_specification("Train", TRAIN_SPEC)
    return resolver


def test_resolves_chain(resolver: DependencyResolver) -> None:
    prep = resolver.resolve_step_dependencies("Prep", ["Load", "Prep", "Train"])
    assert list(prep) == ["raw_data"]
    assert prep["raw_data"].step_name == "Load"
    assert prep["raw_data"].output_spec is LOAD_SPEC.outputs["data"]
    score = prep["raw_data"].score
    assert score is not None
    ratio = SequenceMatcher(None, "raw_data", "data").ratio()
    assert (score.type_score, score.data_type_score, score.source_score) == (0.4, 0.2, 0.1)
    assert score.name_score == round(0.25 * ratio, 6)
    assert score.keyword_score == 0.025
    train = resolver.resolve_step_dependencies("Train", ["Load", "Prep"])
    assert train["train_data"].step_name == "Prep"
    assert train["train_data"].to_get_expression() == {
        "Get": "Steps.Prep.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri"
    }


def test_job_type_suffix_is_stripped_for_compatible_sources(resolver: DependencyResolver) -> None:
    train = resolver.resolve_step_dependencies("Train", ["Prep"])
    score = train["train_data"].score
    assert score is not None and score.source_score == 0.1


def test_near_miss_is_not_resolved_and_explained(resolver: DependencyResolver) -> None:
    near_miss = StepSpecification(
        step_type="Eval",
        node_type=NodeType.INTERNAL,
        dependencies=[
            DependencySpec(
                logical_name="model_input",
                dependency_type=DependencyType.MODEL_ARTIFACTS,
                compatible_sources=["Trainer"],
                semantic_keywords=["model"],
            ),
        ],
        outputs=[processing_output("metrics")],
    )
    resolver.register_specification("Eval", near_miss)
    assert resolver.resolve_step_dependencies("Eval", ["Load", "Prep"]) == {}
    explanation = resolver.explain("Eval", "model_input", ["Load", "Prep", "Train"])
    chosen = explanation.chosen
    assert chosen is not None
    assert (chosen.producer_step, chosen.output.logical_name) == ("Train", "model_output")
    ratio = SequenceMatcher(None, "model_input", "model_output").ratio()
    assert chosen.score.total == round(0.4 + 0.2 + 0.25 * ratio + 0.05, 6)
    text = explanation.render()
    lines = text.splitlines()
    assert lines[0] == "step 'Eval' dependency 'model_input' (model_artifacts, S3Uri, required):"
    assert lines[1] == f"  resolved to Train.model_output ({chosen.score.breakdown()})"
    assert lines[2:] == [
        "  - Load.data: rejected: output type 'processing_output' is not compatible with "
        "dependency type 'model_artifacts'",
        "  - Prep.processed_data: rejected: output type 'processing_output' is not compatible "
        "with dependency type 'model_artifacts'",
        "  - Train.evaluation_output: rejected: output type 'processing_output' is not "
        "compatible with dependency type 'model_artifacts'",
    ]


def test_explain_below_threshold(resolver: DependencyResolver) -> None:
    weak = StepSpecification(
        step_type="Report",
        node_type=NodeType.SINK,
        dependencies=[
            DependencySpec(
                logical_name="hyper_config",
                dependency_type=DependencyType.TRAINING_DATA,
                data_type="String",
                compatible_sources=["Nothing"],
            )
        ],
    )
    resolver.register_specification("Report", weak)
    explanation = resolver.explain("Report", "hyper_config", ["Load"])
    assert explanation.chosen is None
    (candidate,) = explanation.candidates
    assert (
        candidate.score.type_score,
        candidate.score.data_type_score,
        candidate.score.source_score,
    ) == (0.2, 0.1, 0.0)
    assert explanation.render().splitlines() == [
        "step 'Report' dependency 'hyper_config' (training_data, String, required):",
        "  unresolved: no candidate reaches the threshold 0.5",
        f"  - Load.data: below threshold 0.5: {candidate.score.breakdown()}",
    ]


def test_tie_is_broken_by_step_name_and_reported(resolver: DependencyResolver) -> None:
    resolver.register_specification("Load2", LOAD_SPEC)
    explanation = resolver.explain("Prep", "raw_data", ["Load2", "Load"])
    assert explanation.chosen is not None and explanation.chosen.producer_step == "Load"
    assert (
        explanation.render()
        .splitlines()[2]
        .startswith("  - Load2.data: tied, lost on name order: total")
    )


def test_explain_with_no_producers(resolver: DependencyResolver) -> None:
    assert resolver.explain("Prep", "raw_data", []).render().splitlines()[1:] == [
        "  unresolved: no candidate reaches the threshold 0.5",
        "  no producer outputs are available",
    ]


def test_unknown_step_and_dependency(resolver: DependencyResolver) -> None:
    with pytest.raises(ResolutionError) as caught:
        resolver.resolve_step_dependencies("Nope", [])
    assert str(caught.value) == (
        "no specification registered for step 'Nope' (registered: Load, Prep, Train)"
    )
    with pytest.raises(ResolutionError) as caught:
        resolver.explain("Prep", "labels", [])
    assert str(caught.value) == "step 'Prep' has no dependency 'labels' (dependencies: raw_data)"


def test_to_sagemaker_property_follows_the_real_sdk_path() -> None:
    pytest.importorskip("sagemaker")
    from sagemaker.workflow.properties import Properties

    step = SimpleNamespace(
        properties=Properties(step_name="Load", shape_name="DescribeProcessingJobResponse")
    )
    reference = PropertyReference("Load", LOAD_SPEC.outputs["data"])
    value = reference.to_sagemaker_property({"Load": step})
    assert value.expr == {"Get": "Steps.Load.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri"}


def test_to_sagemaker_property_reports_missing_attribute() -> None:
    pytest.importorskip("sagemaker")
    from sagemaker.workflow.properties import Properties

    step = SimpleNamespace(
        properties=Properties(step_name="Train", shape_name="DescribeTrainingJobResponse")
    )
    bad = OutputSpec(
        logical_name="metrics",
        output_type=DependencyType.PROCESSING_OUTPUT,
        property_path="properties.ProcessingJobOutput.Metrics",
    )
    with pytest.raises(ResolutionError) as caught:
        PropertyReference("Train", bad).to_sagemaker_property({"Train": step})
    assert str(caught.value) == (
        "step 'Train' has no property 'properties.ProcessingJobOutput' (output 'metrics')"
    )
    with pytest.raises(ResolutionError) as caught:
        PropertyReference("Other", bad).to_sagemaker_property({"Train": step})
    assert str(caught.value) == "step 'Other' is not among the built steps (Train)"
