"""Package model artifacts (and an optional calibration mapping) into one ``model.tar.gz``.

``model_input`` holds the trained model as ``model.tar.gz`` or as loose files; the optional
``calibration_model`` input holds ``calibration_model.json`` files. The package keeps the model
files at the archive root and the calibration files under ``calibration/``; it is written to
the ``packaged_model`` output directory as ``model.tar.gz``.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tarfile
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

PACKAGE_FILE = "model.tar.gz"


def extract_archive(archive: Path, target: Path) -> None:
    """Extract a tar archive, refusing links and members that would land outside ``target``."""
    root = target.resolve()
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            inside = (root / member.name).resolve().is_relative_to(root)
            if not inside or member.issym() or member.islnk():
                raise ValueError(f"refusing unsafe archive member {member.name!r} in {archive}")
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:
            tar.extractall(target)


def stage_model_files(model_dir: Path, staging: Path) -> None:
    """Copy or extract the model artifacts into the staging folder."""
    if not model_dir.is_dir() or not any(model_dir.iterdir()):
        raise FileNotFoundError(f"model_input directory {model_dir} is missing or empty")
    for path in sorted(model_dir.iterdir()):
        if path.name.endswith(".tar.gz"):
            extract_archive(path, staging)
        elif path.is_dir():
            shutil.copytree(path, staging / path.name, dirs_exist_ok=True)
        else:
            shutil.copy2(path, staging / path.name)


def stage_calibration_files(calibration_dir: Path, staging: Path) -> None:
    """Copy calibration files (when the optional input is present) under ``calibration/``."""
    if not calibration_dir.is_dir():
        return
    for path in sorted(calibration_dir.rglob("*")):
        if path.is_file():
            target = staging / "calibration" / path.relative_to(calibration_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> list[str]:
    """Write ``model.tar.gz`` to ``packaged_model``; returns the archive member names."""
    output_dir = Path(output_paths["packaged_model"])
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as staging_dir:
        staging = Path(staging_dir)
        stage_model_files(Path(input_paths["model_input"]), staging)
        calibration_input = input_paths.get("calibration_model")
        if calibration_input:
            stage_calibration_files(Path(calibration_input), staging)
        members = sorted(
            path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file()
        )
        with tarfile.open(output_dir / PACKAGE_FILE, "w:gz") as tar:
            for member in members:
                tar.add(staging / member, arcname=member)
    logger.info("packaged %d files into %s", len(members), output_dir / PACKAGE_FILE)
    return members


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
    args = parser.parse_args()
    main(
        input_paths={
            "model_input": "/opt/ml/processing/input/model",
            "calibration_model": "/opt/ml/processing/input/calibration",
        },
        output_paths={"packaged_model": "/opt/ml/processing/output/model"},
        environ_vars={},
        job_args=args,
    )
