"""Generate sample inference payloads for a trained model.

Reads ``model_metadata.json`` (the feature columns) from the ``model_input`` directory, which holds
``model.tar.gz`` or the unpacked model files, and writes one sample request per content type in
``CONTENT_TYPES`` (``text/csv`` and/or ``application/json``) with every feature set to
``DEFAULT_NUMERIC_VALUE``. The samples are archived as ``payload.tar.gz`` in ``payload_sample``,
the layout SageMaker's model registry expects for ``SamplePayloadUrl``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

logger = logging.getLogger(__name__)

METADATA_FILE = "model_metadata.json"
PAYLOAD_FILE = "payload.tar.gz"
SUPPORTED_CONTENT_TYPES = ("text/csv", "application/json")


def read_feature_columns(model_dir: Path) -> list[str]:
    """Feature column names from the model metadata (inside ``model.tar.gz`` if packed)."""
    loose = model_dir / METADATA_FILE
    if loose.is_file():
        metadata = json.loads(loose.read_text())
    else:
        archive = model_dir / "model.tar.gz"
        if not archive.is_file():
            raise FileNotFoundError(
                f"model_input {model_dir} has neither {METADATA_FILE} nor model.tar.gz"
            )
        with tarfile.open(archive) as tar:
            member = next(
                (
                    item
                    for item in tar.getmembers()
                    if item.isfile() and PurePosixPath(item.name).name == METADATA_FILE
                ),
                None,
            )
            stream = tar.extractfile(member) if member is not None else None
            if stream is None:
                raise FileNotFoundError(f"{archive} does not contain {METADATA_FILE}")
            metadata = json.loads(stream.read())
    return [str(column) for column in metadata["feature_columns"]]


def render_payload(content_type: str, feature_columns: list[str], value: float) -> str:
    """One sample request body of the given content type."""
    if content_type == "text/csv":
        return ",".join(str(value) for _ in feature_columns) + "\n"
    return json.dumps({"instances": [{column: value for column in feature_columns}]}) + "\n"


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> list[str]:
    """Write ``payload.tar.gz`` to ``payload_sample``; returns the sample file names."""
    content_types = [
        item.strip()
        for item in environ_vars.get("CONTENT_TYPES", "text/csv,application/json").split(",")
        if item.strip()
    ]
    unsupported = sorted(set(content_types) - set(SUPPORTED_CONTENT_TYPES))
    if unsupported or not content_types:
        raise ValueError(
            f"CONTENT_TYPES must list some of {SUPPORTED_CONTENT_TYPES}, got {unsupported or 'none'}"
        )
    value = float(environ_vars.get("DEFAULT_NUMERIC_VALUE", "0.0"))
    feature_columns = read_feature_columns(Path(input_paths["model_input"]))

    output_dir = Path(output_paths["payload_sample"])
    output_dir.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    with tempfile.TemporaryDirectory() as staging_dir:
        with tarfile.open(output_dir / PAYLOAD_FILE, "w:gz") as tar:
            for content_type in content_types:
                extension = "csv" if content_type == "text/csv" else "json"
                name = f"payload_{content_type.replace('/', '_')}.{extension}"
                sample = Path(staging_dir) / name
                sample.write_text(render_payload(content_type, feature_columns, value))
                tar.add(sample, arcname=name)
                names.append(name)
    logger.info("wrote %d sample payload(s) to %s", len(names), output_dir / PAYLOAD_FILE)
    return names


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
    args = parser.parse_args()
    main(
        input_paths={"model_input": "/opt/ml/processing/input/model"},
        output_paths={"payload_sample": "/opt/ml/processing/output/payload"},
        environ_vars={
            "CONTENT_TYPES": os.environ.get("CONTENT_TYPES", "text/csv,application/json"),
            "DEFAULT_NUMERIC_VALUE": os.environ.get("DEFAULT_NUMERIC_VALUE", "0.0"),
        },
        job_args=args,
    )
