"""Config of the ModelRegistration step (SageMaker model registry; no script)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from alignlint.runtime.config import BasePipelineConfig


class ModelRegistrationConfig(BasePipelineConfig):
    """Model package group, approval status and the serving settings to register."""

    model_package_group_name: str = Field(
        description="Model package group the model version is registered in.", min_length=1
    )
    approval_status: Literal["PendingManualApproval", "Approved", "Rejected"] = Field(
        default="PendingManualApproval"
    )
    content_types: list[str] = Field(default_factory=lambda: ["text/csv"], min_length=1)
    response_types: list[str] = Field(default_factory=lambda: ["text/csv"], min_length=1)
    inference_instance_types: list[str] = Field(
        default_factory=lambda: ["ml.m5.large", "ml.m5.xlarge"], min_length=1
    )
    transform_instance_types: list[str] = Field(
        default_factory=lambda: ["ml.m5.xlarge"], min_length=1
    )
    model_description: str = Field(default="", description="Description of the model package.")
