"""The runtime step library: base classes that pipeline steps are written against.

Public names are re-exported lazily (PEP 562), so ``import alignlint.runtime`` stays cheap and
never imports the SageMaker SDK. The library is built on pydantic, which the linter does not need:
it comes with the ``runtime`` extra (``pip install 'alignlint[runtime]'``; the ``sagemaker`` extra
includes it).
"""

from __future__ import annotations

import importlib.util
from importlib import import_module
from typing import TYPE_CHECKING, Any


def _require_pydantic() -> None:
    try:
        found = importlib.util.find_spec("pydantic") is not None
    except (ImportError, ValueError):  # blocked or half-imported: report it the same way
        found = False
    if not found:
        raise ImportError(
            "alignlint.runtime needs pydantic, which the linter alone does not install: "
            "pip install 'alignlint[runtime]' (or 'alignlint[sagemaker]' to build pipelines)"
        )


_require_pydantic()

if TYPE_CHECKING:
    from alignlint.runtime.assembler import PipelineAssembler
    from alignlint.runtime.builder import (
        ProcessingStepBuilder,
        StepBuilderBase,
        StepBuilderError,
        TrainingStepBuilder,
    )
    from alignlint.runtime.config import BasePipelineConfig, ProcessingStepConfigBase
    from alignlint.runtime.contract import ScriptContract, TrainingScriptContract, ValidationResult
    from alignlint.runtime.dag import DAGError, PipelineDAG
    from alignlint.runtime.registry import StepRegistry, UnknownStepError
    from alignlint.runtime.resolver import DependencyResolver, PropertyReference
    from alignlint.runtime.script_interface import ScriptInterface
    from alignlint.runtime.specification import (
        DependencySpec,
        DependencyType,
        NodeType,
        OutputSpec,
        StepSpecification,
    )

_EXPORTS: dict[str, str] = {
    "PipelineAssembler": "assembler",
    "ProcessingStepBuilder": "builder",
    "StepBuilderBase": "builder",
    "StepBuilderError": "builder",
    "TrainingStepBuilder": "builder",
    "BasePipelineConfig": "config",
    "ProcessingStepConfigBase": "config",
    "ScriptContract": "contract",
    "TrainingScriptContract": "contract",
    "ValidationResult": "contract",
    "DAGError": "dag",
    "PipelineDAG": "dag",
    "StepRegistry": "registry",
    "UnknownStepError": "registry",
    "DependencyResolver": "resolver",
    "PropertyReference": "resolver",
    "ScriptInterface": "script_interface",
    "DependencySpec": "specification",
    "DependencyType": "specification",
    "NodeType": "specification",
    "OutputSpec": "specification",
    "StepSpecification": "specification",
}

__all__ = [
    "BasePipelineConfig",
    "DAGError",
    "DependencyResolver",
    "DependencySpec",
    "DependencyType",
    "NodeType",
    "OutputSpec",
    "PipelineAssembler",
    "PipelineDAG",
    "ProcessingStepBuilder",
    "ProcessingStepConfigBase",
    "PropertyReference",
    "ScriptContract",
    "ScriptInterface",
    "StepBuilderBase",
    "StepBuilderError",
    "StepRegistry",
    "StepSpecification",
    "TrainingScriptContract",
    "TrainingStepBuilder",
    "UnknownStepError",
    "ValidationResult",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'alignlint.runtime' has no attribute '{name}'")
    value = getattr(import_module(f"alignlint.runtime.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
