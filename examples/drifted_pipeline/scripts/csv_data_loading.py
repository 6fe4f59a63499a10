"""Load a CSV data set from a local path or an S3 location into the processing output.

The source location comes from the ``DATA_SOURCE_URI`` environment variable: a local CSV file,
a local directory of CSV files, or an ``s3://bucket/prefix`` holding CSV objects. The rows are
concatenated into ``<job_type>_data.csv`` under the ``DATA`` output and a column summary is
written to ``metadata.json`` under the ``METADATA`` output.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

JOB_TYPES = ("training", "validation", "testing", "calibration")


def split_s3_uri(uri: str) -> tuple[str, str]:
    """Split ``s3://bucket/key/prefix`` into ``("bucket", "key/prefix")``."""
    without_scheme = uri[len("s3://") :]
    bucket, _, prefix = without_scheme.partition("/")
    if not bucket:
        raise ValueError(f"DATA_SOURCE_URI {uri!r} names no S3 bucket")
    return bucket, prefix


def download_s3_csv_files(uri: str, target_dir: Path) -> list[Path]:
    """Download every ``.csv`` object under an S3 prefix into ``target_dir``."""
    boto3 = importlib.import_module("boto3")
    bucket, prefix = split_s3_uri(uri)
    client = boto3.client("s3")
    paginator = client.get_paginator("list_objects_v2")
    downloaded: list[Path] = []
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            key = str(item["Key"])
            if not key.endswith(".csv"):
                continue
            local_path = target_dir / key.replace("/", "__")
            client.download_file(bucket, key, str(local_path))
            downloaded.append(local_path)
    return sorted(downloaded)


def list_local_csv_files(source: Path) -> list[Path]:
    """Return the CSV file itself, or every CSV file below a directory, sorted."""
    if source.is_file():
        return [source]
    if source.is_dir():
        return sorted(path for path in source.rglob("*.csv") if path.is_file())
    raise FileNotFoundError(f"DATA_SOURCE_URI {str(source)!r} does not exist")


def read_csv_files(files: list[Path], source_uri: str) -> Any:
    """Concatenate CSV files into one data frame (all files must share their columns)."""
    import pandas as pd

    if not files:
        raise FileNotFoundError(f"no CSV files found at DATA_SOURCE_URI {source_uri!r}")
    frames = [pd.read_csv(path) for path in files]
    return pd.concat(frames, ignore_index=True)


def describe_columns(frame: Any) -> list[dict[str, str]]:
    """Name and pandas dtype of each column, in column order."""
    return [{"name": str(name), "dtype": str(dtype)} for name, dtype in frame.dtypes.items()]


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> dict[str, Any]:
    """Load the CSV data named by ``DATA_SOURCE_URI`` and write data plus metadata outputs.

    Returns the metadata document written to ``metadata.json``.
    """
    source_uri = environ_vars["DATA_SOURCE_URI"]
    if not source_uri:
        raise ValueError(
            "DATA_SOURCE_URI is empty: set it to a CSV file, directory or s3:// prefix"
        )
    job_type = job_args.job_type
    data_dir = Path(output_paths["DATA"])
    metadata_dir = Path(output_paths["METADATA"])
    data_dir.mkdir(parents=True, exist_ok=True)
    metadata_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as download_dir:
        if source_uri.startswith("s3://"):
            files = download_s3_csv_files(source_uri, Path(download_dir))
        else:
            files = list_local_csv_files(Path(source_uri))
        frame = read_csv_files(files, source_uri)

    data_file = data_dir / f"{job_type}_data.csv"
    frame.to_csv(data_file, index=False)
    metadata: dict[str, Any] = {
        "job_type": job_type,
        "source_uri": source_uri,
        "source_file_count": len(files),
        "row_count": len(frame),
        "columns": describe_columns(frame),
    }
    (metadata_dir / "metadata.json").write_text(json.dumps(metadata, indent=2, sort_keys=True))
    logger.info("loaded %d rows from %d file(s) into %s", len(frame), len(files), data_file)
    return metadata


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--job_type", required=True, choices=JOB_TYPES)
    args = parser.parse_args()
    main(
        input_paths={},
        output_paths={
            "DATA": "/opt/ml/processing/output/data",
            "METADATA": "/opt/ml/processing/output/metadata",
        },
        environ_vars={"DATA_SOURCE_URI": os.environ.get("DATA_SOURCE_URI", "")},
        job_args=args,
    )
