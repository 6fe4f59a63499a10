"""Builder of the Package processing step."""

from __future__ import annotations

from typing import Any

from alignlint.runtime.builder import ProcessingStepBuilder, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_package_step import PackageConfig
from ..specs.package_spec import PACKAGE_SPEC


class PackageStepBuilder(ProcessingStepBuilder):
    """Bundles model artifacts and the optional calibration into ``model.tar.gz``."""

    config: PackageConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, PackageConfig):
            raise StepBuilderError(
                f"PackageStepBuilder requires a PackageConfig, got {type(config).__name__}"
            )
        super().__init__(config, PACKAGE_SPEC, sagemaker_session, role)
