"""Clean a tabular CSV data set and, for training, split it into train/val/test.

Reads every CSV file below the ``DATA`` input, drops rows without a label, encodes the label and
non-numeric feature columns as integer codes and fills missing numeric values with the column
median. For ``--job_type training`` the rows are split (stratified when possible) into
``train/``, ``val/`` and ``test/`` folders under the ``processed_data`` output; every other job
type writes all rows to ``<job_type>/<job_type>_processed_data.csv``.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

JOB_TYPES = ("training", "validation", "testing", "calibration")


def read_input_data(data_dir: Path) -> Any:
    """Concatenate every CSV file below ``data_dir`` (sorted by path)."""
    import pandas as pd

    files = sorted(path for path in data_dir.rglob("*.csv") if path.is_file())
    if not files:
        raise FileNotFoundError(f"no CSV files found under input DATA directory {data_dir}")
    return pd.concat([pd.read_csv(path) for path in files], ignore_index=True)


def clean_frame(frame: Any, label_field: str) -> Any:
    """Drop unlabeled rows, encode categorical columns and impute numeric gaps."""
    import pandas as pd

    if label_field not in frame.columns:
        raise KeyError(
            f"LABEL_FIELD {label_field!r} is not a column of the input data; "
            f"columns are {sorted(map(str, frame.columns))}"
        )
    cleaned = frame.dropna(subset=[label_field]).reset_index(drop=True)
    for column in cleaned.columns:
        if pd.api.types.is_numeric_dtype(cleaned[column]):
            if column != label_field:
                cleaned[column] = cleaned[column].fillna(cleaned[column].median())
        else:
            cleaned[column] = pd.Categorical(cleaned[column].astype(str)).codes
    return cleaned


def split_training_frame(
    frame: Any, label_field: str, train_ratio: float, test_val_ratio: float, seed: int
) -> dict[str, Any]:
    """Split into train / val / test; ``test_val_ratio`` is the test share of the holdout."""
    from sklearn.model_selection import train_test_split

    def stratify_on(part: Any) -> Any:
        counts = part[label_field].value_counts()
        return part[label_field] if len(counts) > 1 and counts.min() >= 2 else None

    train, holdout = train_test_split(
        frame, train_size=train_ratio, random_state=seed, stratify=stratify_on(frame)
    )
    val, test = train_test_split(
        holdout, test_size=test_val_ratio, random_state=seed, stratify=stratify_on(holdout)
    )
    return {"train": train, "val": val, "test": test}


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> dict[str, int]:
    """Preprocess the ``DATA`` input into ``processed_data``; returns row counts per split."""
    label_field = environ_vars["LABEL_COLUMN"]
    train_ratio = float(environ_vars.get("TRAIN_RATIO", "0.7"))
    test_val_ratio = float(environ_vars.get("TEST_VAL_RATIO", "0.5"))
    seed = int(environ_vars.get("RANDOM_SEED", "42"))
    job_type = job_args.job_type
    if not 0.0 < train_ratio < 1.0 or not 0.0 < test_val_ratio < 1.0:
        raise ValueError(
            f"TRAIN_RATIO ({train_ratio}) and TEST_VAL_RATIO ({test_val_ratio}) must lie in (0, 1)"
        )

    frame = clean_frame(read_input_data(Path(input_paths["DATA"])), label_field)
    if job_type == "training":
        splits = split_training_frame(frame, label_field, train_ratio, test_val_ratio, seed)
    else:
        splits = {job_type: frame}

    output_dir = Path(output_paths["processed_data"])
    row_counts: dict[str, int] = {}
    for split_name, split_frame in splits.items():
        split_dir = output_dir / split_name
        split_dir.mkdir(parents=True, exist_ok=True)
        split_frame.to_csv(split_dir / f"{split_name}_processed_data.csv", index=False)
        row_counts[split_name] = len(split_frame)
        logger.info("wrote %d rows to %s", len(split_frame), split_dir)
    return row_counts


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--job_type", required=True, choices=JOB_TYPES)
    args = parser.parse_args()
    main(
        input_paths={"DATA": "/opt/ml/processing/input/data"},
        output_paths={"processed_data": "/opt/ml/processing/output/processed_data"},
        environ_vars={
            "LABEL_FIELD": os.environ.get("LABEL_FIELD", ""),
            "TRAIN_RATIO": os.environ.get("TRAIN_RATIO", "0.7"),
            "TEST_VAL_RATIO": os.environ.get("TEST_VAL_RATIO", "0.5"),
            "RANDOM_SEED": os.environ.get("RANDOM_SEED", "42"),
        },
        job_args=args,
    )
