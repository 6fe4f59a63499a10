"""Train a binary XGBoost classifier on the preprocessed train/val splits.

The ``training_data`` channel holds the ``processed_data`` output of TabularPreprocessing
(training job type): ``train/*.csv`` and ``val/*.csv``. Hyperparameters arrive as environment
variables (``NUM_ROUND``, ``MAX_DEPTH``, ``ETA``). The model is saved to the ``model_output``
directory as ``xgboost_model.json`` together with ``model_metadata.json`` (label and feature
columns), which SageMaker packs into ``model.tar.gz``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MODEL_FILE = "xgboost_model.json"
METADATA_FILE = "model_metadata.json"


def read_split(channel_dir: Path, split: str) -> Any:
    """Concatenate the CSV files of one split folder of the training channel."""
    import pandas as pd

    files = sorted(path for path in (channel_dir / split).rglob("*.csv") if path.is_file())
    if not files:
        raise FileNotFoundError(f"no CSV files in split folder {channel_dir / split}")
    return pd.concat([pd.read_csv(path) for path in files], ignore_index=True)


def check_binary_labels(frame: Any, label_field: str, split: str) -> None:
    """Reject label columns that are missing or not coded as 0/1."""
    if label_field not in frame.columns:
        raise KeyError(f"LABEL_FIELD {label_field!r} is not a column of the {split} split")
    unexpected = sorted(set(frame[label_field].tolist()) - {0, 1})
    if unexpected:
        raise ValueError(
            f"{split} labels must be 0 or 1 for binary:logistic, found {unexpected[:5]}"
        )


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> dict[str, Any]:
    """Train on ``train/``, watch ``val/`` and save the model; returns the model metadata."""
    import xgboost as xgb

    label_field = environ_vars["LABEL_FIELD"]
    params = {
        "objective": "binary:logistic",
        "eval_metric": "logloss",
        "max_depth": int(environ_vars.get("MAX_DEPTH", "6")),
        "eta": float(environ_vars.get("ETA", "0.3")),
        "seed": 0,
    }
    num_round = int(environ_vars.get("NUM_ROUND", "50"))

    channel_dir = Path(input_paths["training_data"])
    train = read_split(channel_dir, "train")
    val = read_split(channel_dir, "val")
    check_binary_labels(train, label_field, "train")
    check_binary_labels(val, label_field, "val")
    feature_columns = [str(column) for column in train.columns if column != label_field]

    dtrain = xgb.DMatrix(train[feature_columns], label=train[label_field])
    dval = xgb.DMatrix(val[feature_columns], label=val[label_field])
    booster = xgb.train(params, dtrain, num_round, evals=[(dtrain, "train"), (dval, "val")])

    model_dir = Path(output_paths["model_output"])
    model_dir.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(model_dir / MODEL_FILE))
    metadata: dict[str, Any] = {
        "label_field": label_field,
        "feature_columns": feature_columns,
        "num_round": num_round,
        "params": params,
    }
    (model_dir / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True))
    logger.info("saved model with %d features to %s", len(feature_columns), model_dir)
    return metadata


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
    args, _unused_platform_args = parser.parse_known_args()
    main(
        input_paths={"training_data": "/opt/ml/input/data/training_data"},
        output_paths={"model_output": "/opt/ml/model"},
        environ_vars={
            "LABEL_FIELD": os.environ.get("LABEL_FIELD", ""),
            "NUM_ROUND": os.environ.get("NUM_ROUND", "50"),
            "MAX_DEPTH": os.environ.get("MAX_DEPTH", "6"),
            "ETA": os.environ.get("ETA", "0.3"),
        },
        job_args=args,
    )
