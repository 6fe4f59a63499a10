"""Clean the raw data."""

from __future__ import annotations

import os


def main(input_paths, output_paths, environ_vars, job_args):
    source = input_paths["raw_data"]
    target = output_paths["processed_data"]
    label = environ_vars["LABEL_FIELD"]
    return source, target, label


if __name__ == "__main__":
    main(
        {"raw_data": "/opt/ml/processing/input/raw_data"},
        {"processed_data": "/opt/ml/processing/output/processed_data"},
        {"LABEL_FIELD": os.environ["LABEL_FIELD"]},
        None,
    )
