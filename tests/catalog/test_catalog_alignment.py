"""The catalogue is aligned: registry, specs, contracts, configs, builders and DAG wiring agree."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

import pytest

import alignlint.catalog.specs
from alignlint.catalog.configs.config_xgboost_training_step import XGBoostTrainingConfig
from alignlint.catalog.example_configs import (
    pretrained_model_registration_configs,
    xgboost_end_to_end_configs,
)
from alignlint.catalog.pipeline import BUILDERS, PIPELINES
from alignlint.catalog.registry.step_names import STEP_NAMES, STEP_REGISTRY
from alignlint.runtime.config import BasePipelineConfig, ProcessingStepConfigBase
from alignlint.runtime.resolver import DependencyResolver
from alignlint.runtime.specification import StepSpecification
from alignlint.sagemaker.matching import THRESHOLD, strip_job_type


def spec_modules() -> list[ModuleType]:
    package = alignlint.catalog.specs
    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name)
    ]


ALL_SPECS: dict[str, StepSpecification] = {
    value.step_type: value
    for module in spec_modules()
    for name, value in vars(module).items()
    if name.endswith("_SPEC") and isinstance(value, StepSpecification)
}


def test_every_registered_step_has_a_spec_and_a_builder() -> None:
    assert sorted({strip_job_type(step_type) for step_type in ALL_SPECS}) == sorted(STEP_NAMES)
    assert sorted(BUILDERS) == sorted(STEP_NAMES)
    for step_name, builder in BUILDERS.items():
        assert builder.__name__ == STEP_REGISTRY.get_builder_step_name(step_name)


@pytest.mark.parametrize("step_type", sorted(ALL_SPECS))
def test_spec_is_aligned_with_its_contract(step_type: str) -> None:
    spec = ALL_SPECS[step_type]
    kind = STEP_REGISTRY.get_sagemaker_step_type(strip_job_type(step_type))
    result = spec.validate_contract_alignment(kind)
    assert (result.errors, result.warnings) == ([], [])
    if spec.script_contract is not None:
        assert sorted(spec.script_contract.expected_input_paths) == sorted(spec.dependencies)
        assert sorted(spec.script_contract.expected_output_paths) == sorted(spec.outputs)


@pytest.mark.parametrize(
    "configs", [xgboost_end_to_end_configs(), pretrained_model_registration_configs()]
)
def test_configs_match_the_registry_and_their_contracts(
    configs: dict[str, BasePipelineConfig],
) -> None:
    for config in configs.values():
        step_name = STEP_REGISTRY.get_step_name_for_config_class(type(config).__name__)
        contract = config.get_script_contract()
        if contract is None:
            assert STEP_REGISTRY.get_sagemaker_step_type(step_name) == "RegisterModel"
            continue
        if isinstance(config, XGBoostTrainingConfig):
            assert config.training_entry_point == contract.entry_point
        else:
            assert isinstance(config, ProcessingStepConfigBase)
            assert config.processing_entry_point == contract.entry_point


EXPECTED_WIRING: dict[str, dict[str, str]] = {
    "xgboost_end_to_end": {
        "TabularPreprocessing_Training.DATA": "CsvDataLoading_Training.DATA",
        "XGBoostTraining.training_data": "TabularPreprocessing_Training.processed_data",
        "TabularPreprocessing_Calibration.DATA": "CsvDataLoading_Calibration.DATA",
        "XGBoostModelEval.model_input": "XGBoostTraining.model_output",
        "XGBoostModelEval.processed_data": "TabularPreprocessing_Calibration.processed_data",
        "ModelCalibration.evaluation_data": "XGBoostModelEval.eval_output",
        "Package.model_input": "XGBoostTraining.model_output",
        "Package.calibration_model": "ModelCalibration.calibration_output",
        "Payload.model_input": "XGBoostTraining.model_output",
        "ModelRegistration.packaged_model": "Package.packaged_model",
        "ModelRegistration.payload_sample": "Payload.payload_sample",
        "ModelRegistration.metrics_output": "XGBoostModelEval.metrics_output",
    },
    "pretrained_model_registration": {
        "Package.model_input": "DummyTraining.model_output",
        "Payload.model_input": "DummyTraining.model_output",
        "ModelRegistration.packaged_model": "Package.packaged_model",
        "ModelRegistration.payload_sample": "Payload.payload_sample",
    },
}


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_dag_dependencies_resolve_from_predecessors(name: str) -> None:
    recipe = PIPELINES[name]
    dag = recipe.dag()
    configs = recipe.configs(None)
    resolver = DependencyResolver()
    for node in dag.nodes:
        builder: Any = BUILDERS[
            STEP_REGISTRY.get_step_name_for_config_class(type(configs[node]).__name__)
        ]
        resolver.register_specification(node, builder(configs[node]).spec)
    wiring: dict[str, str] = {}
    for node in dag.topological_sort():
        references = resolver.resolve_step_dependencies(node, dag.predecessors(node))
        for logical_name, reference in references.items():
            assert reference.score is not None and reference.score.total >= THRESHOLD
            wiring[f"{node}.{logical_name}"] = (
                f"{reference.step_name}.{reference.output_spec.logical_name}"
            )
    assert wiring == EXPECTED_WIRING[name]
