"""Step builders: turn a config, a specification and its contract into a SageMaker step.

Inputs, outputs, environment variables and job arguments all come from the specification and
contract, so a builder subclass usually only picks its spec and creates the processor or
estimator. The SageMaker SDK is imported inside methods only.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from alignlint.runtime.config import BasePipelineConfig, ProcessingStepConfigBase
from alignlint.runtime.contract import ScriptContract, TrainingScriptContract
from alignlint.runtime.offline import telemetry_opted_out
from alignlint.runtime.resolver import DependencyResolver
from alignlint.runtime.specification import DependencySpec, StepSpecification

CACHE_EXPIRY = "P30D"
"""How long SageMaker reuses a cached step result (ISO 8601 duration)."""


class StepBuilderError(ValueError):
    """A builder cannot build its step; the message names the step and what was expected."""


_MISSING = object()


def env_value(value: Any) -> str:
    """Render a config value as an environment variable: strings as-is, the rest as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, dict, bool, int, float)):
        return json.dumps(value)
    return str(value)


def uses_pipeline_session(sagemaker_session: Any) -> bool:
    """Whether SDK calls on this session only record step arguments (a ``PipelineSession``).

    With a pipeline session, ``processor.run``/``estimator.fit`` return step arguments with
    content-addressed code locations; with any other session they would start a job, so the
    builder passes the processor or estimator to the step instead.
    """
    from sagemaker.workflow.pipeline_context import PipelineSession

    return isinstance(sagemaker_session, PipelineSession)


def job_name_prefix(step_name: str) -> str:
    """A SageMaker-valid job name prefix from a step name (alphanumerics and ``-``)."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", step_name).strip("-")
    return cleaned[:50] or "step"


class StepBuilderBase(ABC):
    """Shared builder logic; subclasses implement ``_get_inputs``/``_get_outputs``/``_build_step``.

    ``step_name`` (defaults to the spec's step type) and ``dependency_resolver`` may be set after
    construction; the pipeline assembler sets both.
    """

    sagemaker_step_type: ClassVar[str | None] = None
    """SageMaker step kind this builder creates (``Processing``, ``Training``, ...)."""

    def __init__(
        self,
        config: BasePipelineConfig,
        spec: StepSpecification,
        sagemaker_session: Any = None,
        role: str | None = None,
        *,
        step_name: str | None = None,
        dependency_resolver: DependencyResolver | None = None,
    ) -> None:
        self.config = config
        self.spec = spec
        self.session = sagemaker_session
        self.role = role if role is not None else config.role
        self.step_name = step_name
        self.dependency_resolver = dependency_resolver or DependencyResolver()
        self.contract: ScriptContract | None = spec.script_contract or config.get_script_contract()
        self._check_alignment()
        self.validate_configuration()

    def _error(self, message: str) -> StepBuilderError:
        return StepBuilderError(f"step '{self._get_step_name()}': {message}")

    def _check_alignment(self) -> None:
        config_contract = self.config.get_script_contract()
        if (
            self.spec.script_contract is not None
            and config_contract is not None
            and config_contract != self.spec.script_contract
        ):
            raise self._error(
                f"config {type(self.config).__name__} uses contract "
                f"'{config_contract.entry_point}' but specification '{self.spec.step_type}' uses "
                f"'{self.spec.script_contract.entry_point}'"
            )
        result = self.spec.validate_contract_alignment(self.sagemaker_step_type)
        if not result.is_valid:
            raise self._error(
                "specification and contract are misaligned:\n  - " + "\n  - ".join(result.errors)
            )

    def validate_configuration(self) -> None:
        """Check that the config supplies what the contract needs (env vars, arguments).

        Subclasses extend this with their own checks and call ``super()``.
        """
        self._get_environment_variables()
        self._get_job_arguments()

    def _get_step_name(self) -> str:
        """The step's name in the pipeline: ``step_name`` if set, else the spec's step type."""
        return self.step_name or self.spec.step_type

    def _config_value(self, name: str) -> Any:
        """``config.<name lowercased>`` or ``config.hyperparameters.<…>``; ``_MISSING`` if unset."""
        attribute = name.lower().replace("-", "_")
        value = getattr(self.config, attribute, None)
        if value is not None:
            return value
        hyperparameters = getattr(self.config, "hyperparameters", None)
        if isinstance(hyperparameters, Mapping):
            value = hyperparameters.get(attribute)
        elif hyperparameters is not None:
            value = getattr(hyperparameters, attribute, None)
        return _MISSING if value is None else value

    def _get_environment_variables(self) -> dict[str, str]:
        """Env vars from the contract: ``FOO_BAR`` <- ``config.foo_bar`` (or hyperparameters).

        Optional variables fall back to the contract default.
        """
        if self.contract is None:
            return {}
        env: dict[str, str] = {}
        for name in self.contract.required_env_vars:
            value = self._config_value(name)
            if value is _MISSING:
                attribute = name.lower()
                raise self._error(
                    f"required environment variable '{name}' has no value: config "
                    f"{type(self.config).__name__} has no field '{attribute}' "
                    f"(nor hyperparameters.{attribute}) with a value"
                )
            env[name] = env_value(value)
        for name, default in self.contract.optional_env_vars.items():
            value = self._config_value(name)
            env[name] = default if value is _MISSING else env_value(value)
        return env

    def _get_job_arguments(self) -> list[str] | None:
        """``--flag value`` pairs for the contract's expected arguments; None when there are none.

        Each value is ``config.<flag>`` when set, else the contract default.
        """
        if self.contract is None or not self.contract.expected_arguments:
            return None
        arguments: list[str] = []
        for flag, default in self.contract.expected_arguments.items():
            name = flag.lstrip("-")
            value = self._config_value(name)
            arguments.extend([f"--{name}", default if value is _MISSING else env_value(value)])
        return arguments

    def _container_inputs(self, inputs: Mapping[str, Any]) -> list[tuple[DependencySpec, str, Any]]:
        """``(dependency, container path, source)`` for each provided input, checked.

        Raises:
            StepBuilderError: a required input is missing, an input is not a dependency, or a
                dependency has no contract path.
        """
        unknown = sorted(set(inputs) - set(self.spec.dependencies))
        if unknown:
            raise self._error(
                f"inputs {unknown} are not dependencies of specification "
                f"'{self.spec.step_type}' (dependencies: {', '.join(self.spec.dependencies)})"
            )
        contract_paths = self.contract.expected_input_paths if self.contract else {}
        result: list[tuple[DependencySpec, str, Any]] = []
        for dependency in self.spec.dependencies.values():
            name = dependency.logical_name
            if name not in inputs:
                if dependency.required:
                    raise self._error(
                        f"required input '{name}' was not provided (expected a source for "
                        f"container path '{contract_paths.get(name, '?')}')"
                    )
                continue
            if name not in contract_paths:
                raise self._error(f"input '{name}' has no container path in the script contract")
            result.append((dependency, contract_paths[name], inputs[name]))
        return result

    def _script_output_paths(self, outputs: Mapping[str, Any]) -> dict[str, str]:
        """Contract output paths by logical name, after checking ``outputs`` names real outputs."""
        unknown = sorted(set(outputs) - set(self.spec.outputs))
        if unknown:
            raise self._error(
                f"outputs {unknown} are not outputs of specification '{self.spec.step_type}' "
                f"(outputs: {', '.join(self.spec.outputs)})"
            )
        return dict(self.contract.expected_output_paths) if self.contract else {}

    def _default_output_location(self, logical_name: str | None = None) -> str:
        base = f"{self.config.pipeline_s3_loc}/{self._get_step_name()}"
        return base if logical_name is None else f"{base}/{logical_name}"

    def _get_cache_config(self, enable_caching: bool) -> Any:
        from sagemaker.workflow.steps import CacheConfig

        return CacheConfig(enable_caching=enable_caching, expire_after=CACHE_EXPIRY)

    def extract_inputs_from_dependencies(self, dependencies: Sequence[Any]) -> dict[str, Any]:
        """Resolve this step's dependencies against upstream SDK steps with known specs.

        Upstream steps whose name has no registered specification only order the pipeline.
        Returns SDK property objects by logical name.
        """
        resolver = self.dependency_resolver
        name = self._get_step_name()
        resolver.register_specification(name, self.spec)
        upstream = {
            step.name: step for step in dependencies if resolver.has_specification(step.name)
        }
        references = resolver.resolve_step_dependencies(name, list(upstream))
        return {
            logical_name: reference.to_sagemaker_property(upstream)
            for logical_name, reference in references.items()
        }

    def create_step(
        self,
        inputs: Mapping[str, Any] | None = None,
        outputs: Mapping[str, Any] | None = None,
        dependencies: Sequence[Any] | None = None,
        enable_caching: bool = True,
    ) -> Any:
        """Create the SageMaker step; upstream outputs are wired through the resolver.

        Explicit ``inputs`` win over resolved ones.
        """
        upstream = list(dependencies or [])
        resolved = self.extract_inputs_from_dependencies(upstream)
        merged = {**resolved, **(inputs or {})}
        missing = [
            dep.logical_name
            for dep in self.spec.list_required_dependencies()
            if dep.logical_name not in merged
        ]
        if missing:
            available = [
                step.name
                for step in upstream
                if self.dependency_resolver.has_specification(step.name)
            ]
            explanations = [
                self.dependency_resolver.explain(self._get_step_name(), name, available).render()
                for name in missing
            ]
            raise self._error(
                f"required inputs {missing} were neither provided nor resolved from upstream "
                f"steps {[step.name for step in upstream]}:\n" + "\n".join(explanations)
            )
        return self._build_step(merged, dict(outputs or {}), upstream, enable_caching)

    @abstractmethod
    def _get_inputs(self, inputs: Mapping[str, Any]) -> Any:
        """SDK input objects for the provided sources keyed by logical name."""

    @abstractmethod
    def _get_outputs(self, outputs: Mapping[str, Any]) -> Any:
        """SDK output objects (or location) for the given destinations keyed by logical name."""

    @abstractmethod
    def _build_step(
        self,
        inputs: Mapping[str, Any],
        outputs: Mapping[str, Any],
        dependencies: list[Any],
        enable_caching: bool,
    ) -> Any:
        """Create the SDK step from complete inputs and outputs."""


class ProcessingStepBuilder(StepBuilderBase):
    """Builder of a ``ProcessingStep``; override ``_create_processor`` for other frameworks."""

    sagemaker_step_type: ClassVar[str | None] = "Processing"

    def _get_inputs(self, inputs: Mapping[str, Any]) -> list[Any]:
        """One ``ProcessingInput`` per provided dependency, named by logical name."""
        from sagemaker.processing import ProcessingInput

        return [
            ProcessingInput(input_name=dependency.logical_name, source=source, destination=path)
            for dependency, path, source in self._container_inputs(inputs)
        ]

    def _get_outputs(self, outputs: Mapping[str, Any]) -> list[Any]:
        """One ``ProcessingOutput`` per contract output; destinations default under the pipeline."""
        from sagemaker.processing import ProcessingOutput

        paths = self._script_output_paths(outputs)
        return [
            ProcessingOutput(
                output_name=name,
                source=paths[name],
                destination=outputs.get(name) or self._default_output_location(name),
            )
            for name in self.spec.outputs
            if name in paths
        ]

    def _get_script_path(self) -> str:
        path = self.config.get_script_path()
        if path is None:
            raise self._error(
                f"config {type(self.config).__name__} gives no script location; set "
                "processing_source_dir or source_dir"
            )
        return path

    def _create_processor(self) -> Any:
        """An ``SKLearnProcessor`` configured from a :class:`ProcessingStepConfigBase`."""
        from sagemaker.sklearn.processing import SKLearnProcessor

        config = self.config
        env: dict[str, Any] = self._get_environment_variables()
        if not isinstance(config, ProcessingStepConfigBase):
            raise self._error(
                f"config {type(config).__name__} must derive ProcessingStepConfigBase to create "
                "a processor"
            )
        return SKLearnProcessor(
            framework_version=config.processing_framework_version,
            role=self.role,
            instance_type=config.effective_instance_type,
            instance_count=config.processing_instance_count,
            volume_size_in_gb=config.processing_volume_size,
            base_job_name=job_name_prefix(self._get_step_name()),
            sagemaker_session=self.session,
            env=env,
        )

    def _build_step(
        self,
        inputs: Mapping[str, Any],
        outputs: Mapping[str, Any],
        dependencies: list[Any],
        enable_caching: bool,
    ) -> Any:
        from sagemaker.workflow.steps import ProcessingStep

        processor = self._create_processor()
        processing_inputs = self._get_inputs(inputs)
        processing_outputs = self._get_outputs(outputs)
        code = self._get_script_path()
        job_arguments = self._get_job_arguments()
        common: dict[str, Any] = {
            "name": self._get_step_name(),
            "depends_on": dependencies or None,
            "cache_config": self._get_cache_config(enable_caching),
        }
        if uses_pipeline_session(processor.sagemaker_session):
            step_args = processor.run(
                inputs=processing_inputs,
                outputs=processing_outputs,
                code=code,
                arguments=job_arguments,
            )
            return ProcessingStep(step_args=step_args, **common)
        return ProcessingStep(
            processor=processor,
            inputs=processing_inputs,
            outputs=processing_outputs,
            code=code,
            job_arguments=job_arguments,
            **common,
        )


class TrainingStepBuilder(StepBuilderBase):
    """Builder of a ``TrainingStep``; subclasses create the estimator."""

    sagemaker_step_type: ClassVar[str | None] = "Training"

    def _training_contract(self) -> TrainingScriptContract:
        if not isinstance(self.contract, TrainingScriptContract):
            raise self._error("a training step needs a TrainingScriptContract")
        return self.contract

    def _get_inputs(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """``TrainingInput`` by channel name, the channel taken from the contract path."""
        from sagemaker.inputs import TrainingInput

        contract = self._training_contract()
        return {
            contract.channel_for(dependency.logical_name): TrainingInput(s3_data=source)
            for dependency, _, source in self._container_inputs(inputs)
        }

    def _get_outputs(self, outputs: Mapping[str, Any]) -> str:
        """The estimator's ``output_path``: one S3 prefix for the model and output data."""
        self._script_output_paths(outputs)
        locations = sorted({str(value) for value in outputs.values() if value})
        if len(locations) > 1:
            raise self._error(
                f"a training job writes all outputs under one output_path, got {locations}"
            )
        return locations[0] if locations else self._default_output_location()

    @abstractmethod
    def _create_estimator(self, output_path: str) -> Any:
        """The SDK estimator writing under ``output_path``."""

    def _build_step(
        self,
        inputs: Mapping[str, Any],
        outputs: Mapping[str, Any],
        dependencies: list[Any],
        enable_caching: bool,
    ) -> Any:
        from sagemaker.workflow.steps import TrainingStep

        estimator = self._create_estimator(self._get_outputs(outputs))
        training_inputs = self._get_inputs(inputs)
        common: dict[str, Any] = {
            "name": self._get_step_name(),
            "depends_on": dependencies or None,
            "cache_config": self._get_cache_config(enable_caching),
        }
        if uses_pipeline_session(estimator.sagemaker_session):
            with telemetry_opted_out(estimator.sagemaker_session):
                step_args = estimator.fit(inputs=training_inputs)
            return TrainingStep(step_args=step_args, **common)
        return TrainingStep(estimator=estimator, inputs=training_inputs, **common)
