"""Select the features of the processed data."""

from __future__ import annotations

import os


def main(input_paths, output_paths, environ_vars, job_args):
    source = input_paths["processed_data"]
    target = output_paths["selected_features"]
    label = environ_vars["LABEL_FIELD"]
    return source, target, label


if __name__ == "__main__":
    main(
        {"processed_data": "/opt/ml/processing/input/processed_data"},
        {"selected_features": "/opt/ml/processing/output/selected_features"},
        {"LABEL_FIELD": os.environ["LABEL_FIELD"]},
        None,
    )
