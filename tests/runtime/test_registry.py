"""StepRegistry lookups and the errors for unknown names."""

from __future__ import annotations

import pytest

from alignlint.runtime.registry import RegistryError, StepRegistry, UnknownStepError


def row(spec_type: str, kind: str) -> dict[str, str]:
    return {
        "config_class": f"{spec_type}Config",
        "builder_step_name": f"{spec_type}StepBuilder",
        "spec_type": spec_type,
        "sagemaker_step_type": kind,
        "description": f"{spec_type} step",
    }


REGISTRY = StepRegistry(
    {
        "XGBoostTraining": row("XGBoostTraining", "Training"),
        "TabularPreprocessing": row("TabularPreprocessing", "Processing"),
        "Package": row("Package", "Processing"),
    }
)


def test_lookups() -> None:
    assert REGISTRY.step_names == ["XGBoostTraining", "TabularPreprocessing", "Package"]
    assert REGISTRY.get_spec_step_type("Package") == "Package"
    assert REGISTRY.get_config_class_name("Package") == "PackageConfig"
    assert REGISTRY.get_builder_step_name("Package") == "PackageStepBuilder"
    assert REGISTRY.get_sagemaker_step_type("XGBoostTraining") == "Training"
    assert REGISTRY.get_description("Package") == "Package step"
    assert REGISTRY.validate_step_name("Package")
    assert not REGISTRY.validate_step_name("package")
    assert REGISTRY.get_steps_by_sagemaker_type("Processing") == ["Package", "TabularPreprocessing"]
    assert REGISTRY.get_steps_by_sagemaker_type("Transform") == []
    assert REGISTRY.get_step_name_for_config_class("PackageConfig") == "Package"


@pytest.mark.parametrize(
    ("job_type", "expected"),
    [
        ("Training", "TabularPreprocessing_Training"),
        ("calibration", "TabularPreprocessing_Calibration"),
        (None, "TabularPreprocessing"),
        ("", "TabularPreprocessing"),
    ],
)
def test_spec_step_type_with_job_type(job_type: str | None, expected: str) -> None:
    assert REGISTRY.get_spec_step_type_with_job_type("TabularPreprocessing", job_type) == expected


def test_unknown_name_suggests_closest() -> None:
    with pytest.raises(UnknownStepError) as caught:
        REGISTRY.get_spec_step_type("XgboostTraining")
    assert (
        str(caught.value) == "unknown step name 'XgboostTraining'; did you mean 'XGBoostTraining'?"
    )
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, ValueError)


def test_unknown_name_without_suggestion() -> None:
    with pytest.raises(UnknownStepError) as caught:
        REGISTRY.get_sagemaker_step_type("Zzz")
    assert str(caught.value) == "unknown step name 'Zzz'"


def test_unknown_config_class() -> None:
    with pytest.raises(UnknownStepError) as caught:
        REGISTRY.get_step_name_for_config_class("PackagesConfig")
    assert (
        str(caught.value)
        == "no step uses config class 'PackagesConfig'; did you mean 'PackageConfig'?"
    )


def test_row_missing_keys() -> None:
    with pytest.raises(RegistryError) as caught:
        StepRegistry({"X": {"config_class": "XConfig", "spec_type": "X"}})
    assert str(caught.value) == (
        "STEP_NAMES['X'] is missing 'builder_step_name', 'sagemaker_step_type', 'description'"
    )
