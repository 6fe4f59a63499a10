"""Where SageMaker mounts a job's inputs and collects its outputs: the shared path constants.

Standard library only: the runtime contracts (pydantic) and the static rules both read these, so
the two judge container paths from the same facts.
"""

from __future__ import annotations

from collections.abc import Mapping

PROCESSING_ROOT = "/opt/ml/processing"
PROCESSING_INPUT_ROOT = "/opt/ml/processing/input"
PROCESSING_OUTPUT_ROOT = "/opt/ml/processing/output"

PROCESSING_INPUT_EXCEPTIONS: Mapping[str, str] = {
    "/opt/ml/processing/config": "configuration files (e.g. hyperparameters) mounted beside the data",
}
"""Documented extra roots a processing input may live under, with the reason each is allowed."""

PROCESSING_OUTPUT_EXCEPTIONS: Mapping[str, str] = {
    "/opt/ml/processing/evaluation": "evaluation reports, the layout of the SageMaker examples",
}
"""Documented extra roots a processing output may live under, with the reason each is allowed."""

TRAINING_CHANNEL_ROOT = "/opt/ml/input/data"
TRAINING_CONFIG_ROOT = "/opt/ml/input/config"
TRAINING_HYPERPARAMETERS_FILE = "/opt/ml/input/config/hyperparameters.json"
TRAINING_MODEL_DIR = "/opt/ml/model"
TRAINING_OUTPUT_DATA_ROOT = "/opt/ml/output/data"

FILE_EXTENSIONS: tuple[str, ...] = (
    ".tar.gz",
    ".tgz",
    ".gz",
    ".tar",
    ".zip",
    ".json",
    ".jsonl",
    ".csv",
    ".tsv",
    ".parquet",
    ".pkl",
    ".pickle",
    ".joblib",
    ".npy",
    ".txt",
    ".yaml",
    ".yml",
    ".py",
    ".bst",
)
"""Suffixes that mark a container path as a file (longest first where one ends another);
SageMaker needs directories there."""
