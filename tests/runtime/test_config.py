"""Config bases: essential/system/derived fields, validation, script paths."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from alignlint.runtime.config import BasePipelineConfig, ProcessingStepConfigBase

from .steps import BASE_FIELDS, PrepConfig, TrainConfig


def test_derived_fields() -> None:
    config = BasePipelineConfig(**BASE_FIELDS)
    assert config.derived_fields() == {
        "aws_region": "us-east-1",
        "pipeline_name": "alice-fraud-xgboost-NA",
        "pipeline_description": "fraud xgboost pipeline (NA)",
        "pipeline_s3_loc": "s3://my-bucket/alice-fraud-xgboost-NA_1.0",
    }
    assert config.get_script_contract() is None
    assert config.get_script_path("default.py") == "default.py"


def test_essential_fields_are_required() -> None:
    with pytest.raises(ValidationError) as caught:
        BasePipelineConfig(author="a")  # type: ignore[call-arg]
    assert sorted(str(e["loc"][0]) for e in caught.value.errors()) == [
        "bucket",
        "pipeline_version",
        "region",
        "role",
        "service_name",
    ]


def test_unknown_region() -> None:
    with pytest.raises(ValidationError) as caught:
        BasePipelineConfig(**{**BASE_FIELDS, "region": "us-east-1"})
    assert (
        caught.value.errors()[0]["msg"]
        == "Value error, region 'us-east-1' is not one of EU, FE, NA"
    )


def test_blank_essential_field() -> None:
    with pytest.raises(ValidationError) as caught:
        BasePipelineConfig(**{**BASE_FIELDS, "author": " "})
    assert caught.value.errors()[0]["msg"] == "Value error, must be a non-empty string"


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        BasePipelineConfig(**BASE_FIELDS, lable_field="x")  # type: ignore[call-arg]
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_script_path_from_source_dir_and_contract() -> None:
    assert TrainConfig(**BASE_FIELDS, source_dir="/src").get_script_path() == "/src/train.py"
    assert (
        TrainConfig(**BASE_FIELDS, source_dir="s3://b/code/").get_script_path()
        == "s3://b/code/train.py"
    )


def test_processing_script_path_prefers_processing_fields() -> None:
    config = PrepConfig(**BASE_FIELDS, source_dir="/src", processing_source_dir="/proc")
    assert config.get_script_path() == "/proc/prep.py"
    config = PrepConfig(**BASE_FIELDS, source_dir="/src", processing_entry_point="other/prep.py")
    assert config.get_script_path() == "/src/other/prep.py"
    assert PrepConfig(**BASE_FIELDS).get_script_path() is None


def test_processing_derived_fields() -> None:
    config = PrepConfig(**BASE_FIELDS, use_large_processing_instance=True)
    derived = config.derived_fields()
    assert derived["effective_instance_type"] == "ml.m5.4xlarge"
    assert derived["effective_source_dir"] is None
    assert derived["script_entry_point"] == "prep.py"


@pytest.mark.parametrize(
    ("entry_point", "message"),
    [
        ("  ", "Value error, processing_entry_point must be a non-empty relative path"),
        (
            "/abs/x.py",
            "Value error, processing_entry_point '/abs/x.py' must be relative to the processing "
            "source directory",
        ),
    ],
)
def test_processing_entry_point_must_be_relative(entry_point: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ProcessingStepConfigBase(**BASE_FIELDS, processing_entry_point=entry_point)
    assert caught.value.errors()[0]["msg"] == message


def test_instance_count_bounds() -> None:
    with pytest.raises(ValidationError) as caught:
        ProcessingStepConfigBase(**BASE_FIELDS, processing_instance_count=0)
    assert caught.value.errors()[0]["type"] == "greater_than_equal"
