"""Assemble a SageMaker pipeline from a DAG, one config per node and the builder classes.

Steps are built in topological order; each node's inputs are resolved from its predecessors'
specifications by the dependency resolver. Without a session the assembler builds offline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from typing import Any

from alignlint.runtime.builder import StepBuilderBase
from alignlint.runtime.config import BasePipelineConfig
from alignlint.runtime.dag import PipelineDAG
from alignlint.runtime.offline import (
    default_boto_session,
    is_offline_session,
    offline_pipeline_session,
)
from alignlint.runtime.registry import StepRegistry
from alignlint.runtime.resolver import DependencyResolver


class AssemblyError(ValueError):
    """The DAG, configs, builders and registry do not fit together."""


class PipelineAssembler:
    """Build a ``sagemaker.workflow.pipeline.Pipeline`` from a DAG and per-node configs.

    ``builders`` maps a registry step name (e.g. ``"XGBoostTraining"``) to a builder class
    constructed as ``builder_class(config, sagemaker_session=..., role=...)``; the registry maps
    each config's class name to its step name.
    """

    def __init__(
        self,
        dag: PipelineDAG,
        configs: Mapping[str, BasePipelineConfig],
        builders: Mapping[str, type[StepBuilderBase]],
        registry: StepRegistry,
        *,
        sagemaker_session: Any = None,
        role: str | None = None,
        enable_caching: bool = True,
        parameters: Sequence[Any] = (),
    ) -> None:
        missing = [node for node in dag.nodes if node not in configs]
        if missing:
            raise AssemblyError(f"no config for DAG nodes {missing}")
        extra = sorted(set(configs) - set(dag.nodes))
        if extra:
            raise AssemblyError(f"configs for nodes {extra} that are not in the DAG")
        self.dag = dag
        self.configs = dict(configs)
        self.builders = dict(builders)
        self.registry = registry
        self.session = sagemaker_session
        self.role = role
        self.enable_caching = enable_caching
        self.parameters = list(parameters)
        self.resolver = DependencyResolver()

    def _session(self) -> Any:
        if self.session is None:
            first = self.configs[self.dag.nodes[0]]
            self.session = offline_pipeline_session(first.aws_region, first.bucket)
        return self.session

    def _builder_class(self, node: str, config: BasePipelineConfig) -> type[StepBuilderBase]:
        config_class = type(config).__name__
        step_name = self.registry.get_step_name_for_config_class(config_class)
        if step_name not in self.builders:
            raise AssemblyError(
                f"node '{node}': no builder for step '{step_name}' (config {config_class}); "
                f"builders: {', '.join(sorted(self.builders)) or 'none'}"
            )
        return self.builders[step_name]

    def create_builders(self) -> dict[str, StepBuilderBase]:
        """One builder per node, named after the node and sharing this assembler's resolver."""
        builders: dict[str, StepBuilderBase] = {}
        for node in self.dag.nodes:
            config = self.configs[node]
            builder_class = self._builder_class(node, config)
            builder: Any = builder_class(config, sagemaker_session=self._session(), role=self.role)  # type: ignore[call-arg]
            builder.step_name = node
            builder.dependency_resolver = self.resolver
            self.resolver.register_specification(node, builder.spec)
            builders[node] = builder
        return builders

    def generate_pipeline(self, pipeline_name: str | None = None) -> Any:
        """Build every step in topological order and return the SDK ``Pipeline``."""
        from sagemaker.workflow.pipeline import Pipeline

        if not self.dag.nodes:
            raise AssemblyError("the DAG has no nodes")
        session = self._session()
        order = self.dag.topological_sort()
        with default_boto_session(session) if is_offline_session(session) else nullcontext():
            builders = self.create_builders()
            steps: dict[str, Any] = {}
            for node in order:
                upstream = [steps[predecessor] for predecessor in self.dag.predecessors(node)]
                steps[node] = builders[node].create_step(
                    dependencies=upstream, enable_caching=self.enable_caching
                )
        name = pipeline_name or self.configs[order[0]].pipeline_name
        return Pipeline(
            name=name,
            parameters=self.parameters,
            steps=[steps[node] for node in order],
            sagemaker_session=session,
        )
