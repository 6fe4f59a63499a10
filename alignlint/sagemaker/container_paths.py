"""Where SageMaker mounts a job's inputs and collects its outputs: the path constants and the
pure path logic over them.

Standard library only: the runtime contracts (pydantic) and the static rules both read these, so
the two judge container paths from the same facts.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

PROCESSING = "Processing"
TRAINING = "Training"
"""The job kinds (:func:`alignlint.sagemaker.property_paths.step_kind_for`) whose container layout
is known here."""

CONTAINER_ROOT = "/opt/ml"
"""Everything SageMaker mounts, provides or collects in a job's container lies below this."""

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
TRAINING_CODE_DIR = "/opt/ml/code"
"""Where a training job unpacks its entry point and ``source_dir``: a file shipped with the code
lives there (no channel is mounted there). A processing job has no such directory: a
``FrameworkProcessor`` unpacks its code under ``/opt/ml/processing/input/code``."""

TRAINING_INPUT_ROOT = "/opt/ml/input"

SAGEMAKER_ENV_DIRECTORIES: Mapping[str, str] = {
    "SM_MODEL_DIR": TRAINING_MODEL_DIR,
    "SM_OUTPUT_DATA_DIR": TRAINING_OUTPUT_DATA_ROOT,
    "SM_INPUT_DIR": TRAINING_INPUT_ROOT,
}
"""Env vars SageMaker's training toolkit sets to a fixed container directory."""

CHANNEL_ENV_PREFIX = "SM_CHANNEL_"
"""``SM_CHANNEL_<NAME>``: the toolkit sets it to the folder of the channel whose name,
upper-cased, is ``<NAME>`` (``/opt/ml/input/data/<name>``, the name in its own case)."""

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


def normalise(path: str) -> str:
    """``path`` with ``.``, ``..``, repeated and trailing ``/`` collapsed (``/`` stays ``/``,
    ``""`` stays ``""``): the one spelling under which container paths are compared."""
    if not path:
        return path
    collapsed = posixpath.normpath(path)
    # POSIX keeps exactly two leading slashes; a container path means the root by them.
    return "/" + collapsed.lstrip("/") if collapsed.startswith("//") else collapsed


def is_under(path: str, root: str) -> bool:
    """True when ``path`` is ``root`` or below it, component by component, both normalised
    (``/opt/ml/input/../model`` is not under ``/opt/ml/input``; ``/opt/ml/model/`` is
    ``/opt/ml/model``; everything absolute is under ``/``)."""
    normalised, directory = normalise(path), normalise(root)
    return normalised == directory or normalised.startswith(directory.rstrip("/") + "/")


def is_strictly_under(path: str, root: str) -> bool:
    """True when ``path`` is below ``root`` (not ``root`` itself)."""
    return is_under(path, root) and normalise(path) != normalise(root)


def training_channel(path: str) -> str | None:
    """The training channel ``path`` lies in: ``train`` for ``/opt/ml/input/data/train`` and for
    anything below it; None for the channel root itself and for paths outside it."""
    if not is_strictly_under(path, TRAINING_CHANNEL_ROOT):
        return None
    return normalise(path)[len(TRAINING_CHANNEL_ROOT) + 1 :].split("/")[0]


def sagemaker_env_directory(name: str) -> str | None:
    """The container directory SageMaker's training toolkit gives env var ``name``, if it is
    one of :data:`SAGEMAKER_ENV_DIRECTORIES` or a channel's (whose folder is taken to be named
    in lower case: the variable's name does not say)."""
    if name.startswith(CHANNEL_ENV_PREFIX):
        return f"{TRAINING_CHANNEL_ROOT}/{name.removeprefix(CHANNEL_ENV_PREFIX).lower()}"
    return SAGEMAKER_ENV_DIRECTORIES.get(name)


def is_channel_folder_of(path: str, name: str) -> bool:
    """Whether ``path`` is the folder SageMaker sets channel variable ``name``
    (``SM_CHANNEL_<NAME>``) to: ``/opt/ml/input/data/<name>``, in any case."""
    channel = training_channel(path)
    return (
        name.startswith(CHANNEL_ENV_PREFIX)
        and channel is not None
        and normalise(path) == f"{TRAINING_CHANNEL_ROOT}/{channel}"
        and channel.upper() == name.removeprefix(CHANNEL_ENV_PREFIX)
    )


def file_extension(path: str) -> str | None:
    """The file extension the last component of ``path`` ends with, if any."""
    last = normalise(path).rsplit("/", 1)[-1].lower()
    for extension in FILE_EXTENSIONS:
        if last.endswith(extension) and last != extension:
            return extension
    return None


def allowed_roots(kind: str, direction: str) -> str:
    """A readable list of where ``direction`` (input/output) paths of a ``kind`` job may be."""
    if kind == PROCESSING:
        return f"under {PROCESSING_ROOT}/"
    if direction == "input":
        return f"under {TRAINING_CHANNEL_ROOT} (a channel folder) or {TRAINING_CONFIG_ROOT}"
    return f"{TRAINING_MODEL_DIR} or under {TRAINING_OUTPUT_DATA_ROOT}"


def is_allowed(kind: str, direction: str, path: str) -> bool:
    """Whether a ``kind`` job can mount (input) or collect (output) ``path``."""
    if kind == PROCESSING:
        return is_strictly_under(path, PROCESSING_ROOT)
    if kind != TRAINING:
        return True
    if direction == "input":
        return is_under(path, TRAINING_CHANNEL_ROOT) or is_strictly_under(
            path, TRAINING_CONFIG_ROOT
        )
    return normalise(path) == TRAINING_MODEL_DIR or is_under(path, TRAINING_OUTPUT_DATA_ROOT)


def is_shipped_code(kind: str, path: str) -> bool:
    """Whether ``path`` is a file a ``kind`` job gets with its code (under the training code
    directory of a training job), not through an input."""
    return kind == TRAINING and is_strictly_under(path, TRAINING_CODE_DIR)


def belongs_to(path: str) -> str | None:
    """The job kind whose layout ``path`` follows (to say "a training path"), if any."""
    if is_under(path, PROCESSING_ROOT):
        return PROCESSING
    roots = (TRAINING_CHANNEL_ROOT, TRAINING_CONFIG_ROOT, TRAINING_MODEL_DIR, "/opt/ml/output")
    if any(is_under(path, root) for root in roots):
        return TRAINING
    return None
