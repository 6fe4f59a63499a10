"""Where SageMaker mounts a job's inputs and collects its outputs (pure path logic)."""

from __future__ import annotations

import posixpath

from alignlint.rules._support.job_kind import PROCESSING, TRAINING
from alignlint.sagemaker.container_paths import (
    FILE_EXTENSIONS,
    PROCESSING_ROOT,
    TRAINING_CHANNEL_ROOT,
    TRAINING_CONFIG_ROOT,
    TRAINING_MODEL_DIR,
    TRAINING_OUTPUT_DATA_ROOT,
)


def normalise(path: str) -> str:
    """``path`` without a trailing ``/`` and with ``.``/``..``/``//`` collapsed."""
    return posixpath.normpath(path) if path.startswith("/") else path.rstrip("/")


def is_under(path: str, root: str) -> bool:
    """True when ``path`` is ``root`` or below it (component-wise)."""
    normalised = normalise(path)
    return normalised == root or normalised.startswith(root + "/")


def is_strictly_under(path: str, root: str) -> bool:
    """True when ``path`` is below ``root`` (not ``root`` itself)."""
    return normalise(path).startswith(root + "/")


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


def belongs_to(path: str) -> str | None:
    """The job kind whose layout ``path`` follows (to say "a training path"), if any."""
    if is_under(path, PROCESSING_ROOT):
        return PROCESSING
    roots = (TRAINING_CHANNEL_ROOT, TRAINING_CONFIG_ROOT, TRAINING_MODEL_DIR, "/opt/ml/output")
    if any(is_under(path, root) for root in roots):
        return TRAINING
    return None
