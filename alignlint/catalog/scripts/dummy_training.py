"""Pass a pretrained model through as if it had been trained (DummyTraining).

The ``pretrained_model_path`` input is a *directory* (SageMaker downloads the configured S3
object into it) that must hold exactly one ``.tar.gz`` model archive. The archive is checked to
be a readable tar file and copied to the ``model_output`` directory as ``model.tar.gz``, where
downstream steps (Package, Payload) pick it up.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tarfile
from pathlib import Path

logger = logging.getLogger(__name__)

OUTPUT_FILE = "model.tar.gz"


def find_model_archive(input_dir: Path) -> Path:
    """The single ``.tar.gz`` file in the input directory (searched recursively)."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"pretrained_model_path directory {input_dir} does not exist")
    archives = sorted(path for path in input_dir.rglob("*.tar.gz") if path.is_file())
    if len(archives) != 1:
        found = [path.relative_to(input_dir).as_posix() for path in archives]
        raise FileNotFoundError(
            f"expected exactly one .tar.gz model archive under {input_dir}, found {found}"
        )
    return archives[0]


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> Path:
    """Validate and copy the pretrained archive; returns the path of the copy."""
    archive = find_model_archive(Path(input_paths["pretrained_model_path"]))
    if not tarfile.is_tarfile(archive):
        raise ValueError(f"{archive} is not a valid tar archive")
    output_dir = Path(output_paths["model_output"])
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / OUTPUT_FILE
    shutil.copy2(archive, target)
    logger.info(
        "copied pretrained model %s (%d bytes) to %s", archive, target.stat().st_size, target
    )
    return target


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
    args = parser.parse_args()
    main(
        input_paths={"pretrained_model_path": "/opt/ml/processing/input/model"},
        output_paths={"model_output": "/opt/ml/processing/output/model"},
        environ_vars={},
        job_args=args,
    )
