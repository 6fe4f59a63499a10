"""Evaluate a trained XGBoost model on held-out processed data.

The ``model_input`` directory holds the training job's ``model.tar.gz`` (or its unpacked files);
``processed_data`` holds CSV files produced by TabularPreprocessing. Writes per-row predictions
(``eval_predictions.csv``: the label and the predicted probability ``prob``) to ``eval_output`` and
``metrics.json`` in SageMaker model-quality format to ``metrics_output``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tarfile
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

JOB_TYPES = ("training", "validation", "testing", "calibration")
MODEL_FILE = "xgboost_model.json"
METADATA_FILE = "model_metadata.json"


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


def unpack_model_dir(model_dir: Path, work_dir: Path) -> Path:
    """Return the folder holding the model files, extracting ``model.tar.gz`` if present."""
    archive = model_dir / "model.tar.gz"
    if not archive.is_file():
        return model_dir
    extract_archive(archive, work_dir)
    return work_dir


def read_eval_data(data_dir: Path) -> Any:
    """Concatenate every CSV file below ``data_dir`` (sorted by path)."""
    import pandas as pd

    files = sorted(path for path in data_dir.rglob("*.csv") if path.is_file())
    if not files:
        raise FileNotFoundError(f"no CSV files found under input processed_data {data_dir}")
    return pd.concat([pd.read_csv(path) for path in files], ignore_index=True)


def quality_metrics(labels: Any, probabilities: Any) -> dict[str, Any]:
    """Binary classification metrics in the SageMaker model-quality JSON layout."""
    from sklearn.metrics import accuracy_score, log_loss, roc_auc_score

    predicted = (probabilities >= 0.5).astype(int)
    values = {
        "accuracy": float(accuracy_score(labels, predicted)),
        "log_loss": float(log_loss(labels, probabilities, labels=[0, 1])),
    }
    if len(set(labels)) == 2:
        values["auc"] = float(roc_auc_score(labels, probabilities))
    return {
        "binary_classification_metrics": {
            name: {"value": value, "standard_deviation": "NaN"}
            for name, value in sorted(values.items())
        },
        "row_count": len(labels),
    }


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> dict[str, Any]:
    """Score ``processed_data`` with the model and write predictions and metrics."""
    import pandas as pd
    import xgboost as xgb

    label_field = environ_vars["LABEL_FIELD"]
    with tempfile.TemporaryDirectory() as work_dir:
        model_files = unpack_model_dir(Path(input_paths["model_input"]), Path(work_dir))
        metadata = json.loads((model_files / METADATA_FILE).read_text())
        booster = xgb.Booster()
        booster.load_model(str(model_files / MODEL_FILE))

    frame = read_eval_data(Path(input_paths["processed_data"]))
    if label_field not in frame.columns:
        raise KeyError(f"LABEL_FIELD {label_field!r} is not a column of processed_data")
    missing = [column for column in metadata["feature_columns"] if column not in frame.columns]
    if missing:
        raise KeyError(f"processed_data lacks model feature columns {missing}")
    probabilities = booster.predict(xgb.DMatrix(frame[metadata["feature_columns"]]))
    labels = frame[label_field].astype(int).to_numpy()

    eval_dir = Path(output_paths["eval_output"])
    metrics_dir = Path(output_paths["metrics_output"])
    eval_dir.mkdir(parents=True, exist_ok=True)
    metrics_dir.mkdir(parents=True, exist_ok=True)
    predictions = pd.DataFrame({label_field: labels, "prob": probabilities})
    predictions.to_csv(eval_dir / "eval_predictions.csv", index=False)
    metrics = quality_metrics(labels, probabilities)
    metrics["job_type"] = job_args.job_type
    (metrics_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True))
    logger.info("evaluated %d rows: %s", len(labels), metrics["binary_classification_metrics"])
    return metrics


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--job_type", required=True, choices=JOB_TYPES)
    args = parser.parse_args()
    main(
        input_paths={
            "model_input": "/opt/ml/processing/input/model",
            "processed_data": "/opt/ml/processing/input/eval_data",
        },
        output_paths={
            "eval_output": "/opt/ml/processing/output/eval",
            "metrics_output": "/opt/ml/processing/output/metrics",
        },
        environ_vars={"LABEL_FIELD": os.environ.get("LABEL_FIELD", "")},
        job_args=args,
    )
