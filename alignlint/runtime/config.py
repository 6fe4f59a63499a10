"""Config base classes with three tiers of fields.

* Essential fields (tier 1): required, supplied by the user.
* System fields (tier 2): defaults the user may override.
* Derived fields (tier 3): read-only properties computed from the others.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from alignlint.runtime.contract import ScriptContract

REGION_MAPPING: dict[str, str] = {"NA": "us-east-1", "EU": "eu-west-1", "FE": "us-west-2"}
"""Short region codes used in configs -> AWS regions."""


def join_location(directory: str, entry_point: str) -> str:
    """Join a local or ``s3://`` directory with a relative entry point."""
    if directory.startswith("s3://"):
        return f"{directory.rstrip('/')}/{entry_point}"
    return str(PurePosixPath(directory) / entry_point)


class BasePipelineConfig(BaseModel):
    """Fields every step config shares, and the pipeline-wide derived values."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, protected_namespaces=())

    # Essential fields (tier 1)
    author: str = Field(description="Author or owner of the pipeline.")
    bucket: str = Field(description="S3 bucket for pipeline artefacts.")
    role: str = Field(description="IAM role the pipeline's jobs run as.")
    region: str = Field(description="Short region code: NA, EU or FE.")
    service_name: str = Field(description="Name of the service the pipeline belongs to.")
    pipeline_version: str = Field(description="Version string of the pipeline.")

    # System fields (tier 2)
    model_class: str = Field(default="xgboost", description="Model family.")
    framework_version: str = Field(default="1.7-1", description="Framework container version.")
    py_version: str = Field(default="py3", description="Python version of the container.")
    source_dir: str | None = Field(
        default=None, description="Directory (local or s3://) holding the step scripts."
    )

    @field_validator("author", "bucket", "role", "service_name", "pipeline_version")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must be a non-empty string")
        return value

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        if value not in REGION_MAPPING:
            raise ValueError(f"region '{value}' is not one of {', '.join(sorted(REGION_MAPPING))}")
        return value

    # Derived fields (tier 3)
    @property
    def aws_region(self) -> str:
        """The AWS region of ``region``."""
        return REGION_MAPPING[self.region]

    @property
    def pipeline_name(self) -> str:
        """``<author>-<service_name>-<model_class>-<region>``."""
        return f"{self.author}-{self.service_name}-{self.model_class}-{self.region}"

    @property
    def pipeline_description(self) -> str:
        """A one-line description of the pipeline."""
        return f"{self.service_name} {self.model_class} pipeline ({self.region})"

    @property
    def pipeline_s3_loc(self) -> str:
        """``s3://<bucket>/<pipeline_name>_<pipeline_version>``: root of the step outputs."""
        return f"s3://{self.bucket}/{self.pipeline_name}_{self.pipeline_version}"

    def derived_fields(self) -> dict[str, Any]:
        """The tier-3 values by name (for serialising a config with its derived values)."""
        return {
            "aws_region": self.aws_region,
            "pipeline_name": self.pipeline_name,
            "pipeline_description": self.pipeline_description,
            "pipeline_s3_loc": self.pipeline_s3_loc,
        }

    def get_script_contract(self) -> ScriptContract | None:
        """The contract of this step's script; None for steps without a script."""
        return None

    def get_script_path(self, default_path: str | None = None) -> str | None:
        """``source_dir`` joined with the contract's entry point, else ``default_path``."""
        contract = self.get_script_contract()
        if contract is None or self.source_dir is None:
            return default_path
        return join_location(self.source_dir, contract.entry_point)


class ProcessingStepConfigBase(BasePipelineConfig):
    """Config of a processing step: script location and processing-instance settings."""

    # System fields (tier 2)
    processing_source_dir: str | None = Field(
        default=None, description="Directory of the processing script; falls back to source_dir."
    )
    processing_entry_point: str | None = Field(
        default=None, description="Script path relative to the processing source directory."
    )
    processing_instance_count: int = Field(default=1, ge=1, le=10)
    processing_volume_size: int = Field(default=500, ge=10, le=1000)
    processing_instance_type_large: str = "ml.m5.4xlarge"
    processing_instance_type_small: str = "ml.m5.2xlarge"
    use_large_processing_instance: bool = False
    processing_framework_version: str = "1.2-1"

    @field_validator("processing_entry_point")
    @classmethod
    def _entry_point_is_relative(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.strip():
            raise ValueError("processing_entry_point must be a non-empty relative path")
        if value.startswith(("/", "s3://")):
            raise ValueError(
                f"processing_entry_point '{value}' must be relative to the processing source "
                "directory"
            )
        return value

    # Derived fields (tier 3)
    @property
    def effective_source_dir(self) -> str | None:
        """``processing_source_dir`` if set, else ``source_dir``."""
        return self.processing_source_dir or self.source_dir

    @property
    def effective_instance_type(self) -> str:
        """The large or small processing instance type, per ``use_large_processing_instance``."""
        if self.use_large_processing_instance:
            return self.processing_instance_type_large
        return self.processing_instance_type_small

    @property
    def script_entry_point(self) -> str | None:
        """``processing_entry_point``, else the contract's entry point."""
        if self.processing_entry_point is not None:
            return self.processing_entry_point
        contract = self.get_script_contract()
        return contract.entry_point if contract is not None else None

    def derived_fields(self) -> dict[str, Any]:
        """The tier-3 values by name, including the processing ones."""
        return {
            **super().derived_fields(),
            "effective_source_dir": self.effective_source_dir,
            "effective_instance_type": self.effective_instance_type,
            "script_entry_point": self.script_entry_point,
        }

    def get_script_path(self, default_path: str | None = None) -> str | None:
        """The effective source directory joined with the script entry point."""
        source_dir, entry_point = self.effective_source_dir, self.script_entry_point
        if source_dir is None or entry_point is None:
            return default_path
        return join_location(source_dir, entry_point)
