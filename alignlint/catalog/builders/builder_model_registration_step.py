"""Builder of the ModelRegistration step: SageMaker's own model registry via ``ModelStep``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from alignlint.runtime.builder import StepBuilderBase, StepBuilderError
from alignlint.runtime.config import BasePipelineConfig

from ..configs.config_model_registration_step import ModelRegistrationConfig
from ..specs.model_registration_spec import MODEL_REGISTRATION_SPEC

MODEL_ARCHIVE = "model.tar.gz"
"""File the Package step writes inside its ``packaged_model`` folder."""
PAYLOAD_ARCHIVE = "payload.tar.gz"
"""File the Payload step writes inside its ``payload_sample`` folder."""
METRICS_FILE = "metrics.json"
"""File XGBoostModelEval writes inside its ``metrics_output`` folder."""


class ModelRegistrationStepBuilder(StepBuilderBase):
    """Registers the packaged model as a new model package version (no script runs)."""

    sagemaker_step_type: ClassVar[str | None] = "RegisterModel"
    config: ModelRegistrationConfig

    def __init__(
        self,
        config: BasePipelineConfig,
        sagemaker_session: Any = None,
        role: str | None = None,
    ) -> None:
        if not isinstance(config, ModelRegistrationConfig):
            raise StepBuilderError(
                f"ModelRegistrationStepBuilder requires a ModelRegistrationConfig, "
                f"got {type(config).__name__}"
            )
        super().__init__(config, MODEL_REGISTRATION_SPEC, sagemaker_session, role)

    def _get_inputs(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """S3 file locations: the model archive, and the payload and metrics when provided."""
        from sagemaker.workflow.functions import Join

        unknown = sorted(set(inputs) - set(self.spec.dependencies))
        if unknown:
            raise self._error(
                f"inputs {unknown} are not dependencies of specification "
                f"'{self.spec.step_type}' (dependencies: {', '.join(self.spec.dependencies)})"
            )
        if "packaged_model" not in inputs:
            raise self._error("required input 'packaged_model' was not provided")
        files = {
            "packaged_model": MODEL_ARCHIVE,
            "payload_sample": PAYLOAD_ARCHIVE,
            "metrics_output": METRICS_FILE,
        }
        return {
            name: Join(on="/", values=[inputs[name], file_name])
            for name, file_name in files.items()
            if name in inputs
        }

    def _get_outputs(self, outputs: Mapping[str, Any]) -> None:
        """A registration has no outputs to place."""
        if outputs:
            raise self._error(f"outputs {sorted(outputs)} given, but a registration has none")

    def _build_step(
        self,
        inputs: Mapping[str, Any],
        outputs: Mapping[str, Any],
        dependencies: list[Any],
        enable_caching: bool,
    ) -> Any:
        """A ``ModelStep`` wrapping ``Model.register`` (model step results are not cached)."""
        from sagemaker import image_uris
        from sagemaker.model import Model
        from sagemaker.model_metrics import MetricsSource, ModelMetrics
        from sagemaker.workflow.model_step import ModelStep

        self._get_outputs(outputs)
        locations = self._get_inputs(inputs)
        config = self.config
        image_uri = image_uris.retrieve(
            framework=config.model_class,
            region=config.aws_region,
            version=config.framework_version,
        )
        model = Model(
            image_uri=image_uri,
            model_data=locations["packaged_model"],
            role=self.role,
            sagemaker_session=self.session,
        )
        metrics = None
        if "metrics_output" in locations:
            metrics = ModelMetrics(
                model_statistics=MetricsSource(
                    content_type="application/json", s3_uri=locations["metrics_output"]
                )
            )
        step_args = model.register(
            content_types=config.content_types,
            response_types=config.response_types,
            inference_instances=config.inference_instance_types,
            transform_instances=config.transform_instance_types,
            model_package_group_name=config.model_package_group_name,
            approval_status=config.approval_status,
            model_metrics=metrics,
            sample_payload_url=locations.get("payload_sample"),
            description=config.model_description or config.pipeline_description,
        )
        return ModelStep(
            name=self._get_step_name(), step_args=step_args, depends_on=dependencies or None
        )
