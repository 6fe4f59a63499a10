"""Build the shipped pipelines offline and print their SageMaker definition JSON.

``python -m alignlint.catalog.pipeline --list`` names the shipped DAGs;
``python -m alignlint.catalog.pipeline NAME`` assembles that DAG with the real SageMaker 2.x SDK,
without credentials or network, and prints the pipeline definition on stdout. The SDK comes with
the ``sagemaker`` extra (``pip install 'alignlint[sagemaker]'``); without it the command says so
and exits with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alignlint.runtime.builder import StepBuilderBase
from alignlint.runtime.config import BasePipelineConfig
from alignlint.runtime.dag import PipelineDAG

from .builders.builder_csv_data_loading_step import CsvDataLoadingStepBuilder
from .builders.builder_dummy_training_step import DummyTrainingStepBuilder
from .builders.builder_model_calibration_step import ModelCalibrationStepBuilder
from .builders.builder_model_registration_step import ModelRegistrationStepBuilder
from .builders.builder_package_step import PackageStepBuilder
from .builders.builder_payload_step import PayloadStepBuilder
from .builders.builder_tabular_preprocessing_step import TabularPreprocessingStepBuilder
from .builders.builder_xgboost_model_eval_step import XGBoostModelEvalStepBuilder
from .builders.builder_xgboost_training_step import XGBoostTrainingStepBuilder
from .dags.xgboost_end_to_end import create_xgboost_end_to_end_dag
from .example_configs import (
    pretrained_model_registration_configs,
    xgboost_end_to_end_configs,
)
from .registry.step_names import STEP_REGISTRY

DAGS_DIR = Path(__file__).resolve().parent / "dags"

BUILDERS: dict[str, type[StepBuilderBase]] = {
    "CsvDataLoading": CsvDataLoadingStepBuilder,
    "TabularPreprocessing": TabularPreprocessingStepBuilder,
    "XGBoostTraining": XGBoostTrainingStepBuilder,
    "XGBoostModelEval": XGBoostModelEvalStepBuilder,
    "ModelCalibration": ModelCalibrationStepBuilder,
    "Package": PackageStepBuilder,
    "Payload": PayloadStepBuilder,
    "ModelRegistration": ModelRegistrationStepBuilder,
    "DummyTraining": DummyTrainingStepBuilder,
}
"""Builder class of each registered step name."""


@dataclass(frozen=True)
class PipelineRecipe:
    """How to build one shipped pipeline: its DAG and its per-node configs."""

    description: str
    dag: Callable[[], PipelineDAG]
    configs: Callable[[str | None], dict[str, BasePipelineConfig]]


def load_json_dag(file_name: str) -> PipelineDAG:
    """A DAG shipped as JSON in ``dags/``."""
    return PipelineDAG.from_json(DAGS_DIR / file_name)


PIPELINES: dict[str, PipelineRecipe] = {
    "xgboost_end_to_end": PipelineRecipe(
        description="load, preprocess, train, evaluate, calibrate, package and register (Python DAG)",
        dag=create_xgboost_end_to_end_dag,
        configs=xgboost_end_to_end_configs,
    ),
    "pretrained_model_registration": PipelineRecipe(
        description="register a pretrained model via DummyTraining (JSON DAG)",
        dag=lambda: load_json_dag("pretrained_model_registration.json"),
        configs=pretrained_model_registration_configs,
    ),
}
"""The shipped pipelines by name."""


def build_pipeline(name: str, source_dir: str | None = None) -> Any:
    """Assemble the named pipeline offline; returns the SDK ``Pipeline``.

    Raises:
        KeyError: ``name`` is not a shipped pipeline.
    """
    from alignlint.runtime.assembler import PipelineAssembler

    recipe = PIPELINES[name]
    assembler = PipelineAssembler(recipe.dag(), recipe.configs(source_dir), BUILDERS, STEP_REGISTRY)
    return assembler.generate_pipeline(pipeline_name=name.replace("_", "-"))


def pipeline_definition(name: str, source_dir: str | None = None) -> dict[str, Any]:
    """The parsed definition JSON of the named pipeline."""
    definition: dict[str, Any] = json.loads(build_pipeline(name, source_dir).definition())
    return definition


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m alignlint.catalog.pipeline", description=__doc__.splitlines()[0]
    )
    parser.add_argument("name", nargs="?", help="shipped pipeline to build")
    parser.add_argument("--list", action="store_true", help="name the shipped pipelines")
    parser.add_argument(
        "--source-dir",
        help="folder (local or s3://) holding the step scripts; default: the catalogue's own",
    )
    args = parser.parse_args(argv)
    if args.list:
        for name, recipe in PIPELINES.items():
            print(f"{name}\t{recipe.description}")
        return 0
    if args.name is None:
        parser.error("name a pipeline to build, or pass --list")
    if args.name not in PIPELINES:
        print(
            f"error: unknown pipeline '{args.name}'; shipped pipelines: {', '.join(PIPELINES)}",
            file=sys.stderr,
        )
        return 2
    try:
        with contextlib.redirect_stdout(sys.stderr):
            definition = pipeline_definition(args.name, args.source_dir)
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.partition(".")[0] != "sagemaker":
            raise
        print(
            f"error: building a pipeline needs the SageMaker Python SDK 2.x ({exc}); install "
            "alignlint with its `sagemaker` extra: pip install 'alignlint[sagemaker]'",
            file=sys.stderr,
        )
        return 2
    print(json.dumps(definition, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
