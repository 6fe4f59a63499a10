"""Score the processed data."""

from __future__ import annotations

import os


def main(input_paths, output_paths, environ_vars, job_args):
    source = input_paths["processed_data"]
    source = input_paths["selected_features"]
    target = output_paths["scores"]
    label = environ_vars["LABEL_FIELD"]
    return source, target, label


if __name__ == "__main__":
    main(
        {
            "processed_data": "/opt/ml/processing/input/processed_data",
            "selected_features": "/opt/ml/processing/input/selected_features",
        },
        {"scores": "/opt/ml/processing/output/scores"},
        {"LABEL_FIELD": os.environ["LABEL_FIELD"]},
        None,
    )
