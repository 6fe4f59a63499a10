"""Fit a probability calibration mapping on model predictions.

Reads predictions (label column ``LABEL_FIELD`` and score column ``SCORE_FIELD``) from the
``evaluation_data`` input, fits an isotonic regression or a Platt (logistic) scaling as chosen by
``CALIBRATION_METHOD`` and writes ``calibration_model.json`` to ``calibration_output`` and the
calibrated predictions to ``calibrated_data``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

CALIBRATION_METHODS = ("isotonic", "platt")


def read_predictions(data_dir: Path) -> Any:
    """Concatenate every CSV file below ``data_dir`` (sorted by path)."""
    import pandas as pd

    files = sorted(path for path in data_dir.rglob("*.csv") if path.is_file())
    if not files:
        raise FileNotFoundError(f"no CSV files found under input evaluation_data {data_dir}")
    return pd.concat([pd.read_csv(path) for path in files], ignore_index=True)


def fit_calibration(method: str, scores: Any, labels: Any) -> tuple[dict[str, Any], Any]:
    """Fit the mapping; returns its JSON description and the calibrated scores."""
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        isotonic = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
        calibrated = isotonic.fit_transform(scores, labels)
        description: dict[str, Any] = {
            "method": method,
            "x_thresholds": [float(x) for x in isotonic.X_thresholds_],
            "y_thresholds": [float(y) for y in isotonic.y_thresholds_],
        }
        return description, calibrated
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression()
    platt.fit(scores.reshape(-1, 1), labels)
    calibrated = platt.predict_proba(scores.reshape(-1, 1))[:, 1]
    platt_description: dict[str, Any] = {
        "method": method,
        "coefficient": float(platt.coef_[0][0]),
        "intercept": float(platt.intercept_[0]),
    }
    return platt_description, calibrated


def main(
    input_paths: dict[str, str],
    output_paths: dict[str, str],
    environ_vars: dict[str, str],
    job_args: argparse.Namespace,
) -> dict[str, Any]:
    """Fit and save the calibration; returns the mapping plus Brier scores before/after."""
    from sklearn.metrics import brier_score_loss

    label_field = environ_vars["LABEL_FIELD"]
    score_field = environ_vars.get("SCORE_FIELD", "prob")
    method = environ_vars.get("CALIBRATION_METHOD", "isotonic")
    if method not in CALIBRATION_METHODS:
        raise ValueError(f"CALIBRATION_METHOD must be one of {CALIBRATION_METHODS}, got {method!r}")

    predictions = read_predictions(Path(input_paths["evaluation_data"]))
    for field, variable in ((label_field, "LABEL_FIELD"), (score_field, "SCORE_FIELD")):
        if field not in predictions.columns:
            raise KeyError(f"{variable} {field!r} is not a column of evaluation_data")
    labels = predictions[label_field].astype(int).to_numpy()
    if len(set(labels)) != 2:
        raise ValueError("calibration needs both label values 0 and 1 in evaluation_data")
    scores = predictions[score_field].astype(float).to_numpy()
    description, calibrated = fit_calibration(method, scores, labels)
    description["score_field"] = score_field
    description["brier_before"] = float(brier_score_loss(labels, scores))
    description["brier_after"] = float(brier_score_loss(labels, calibrated))

    model_dir = Path(output_paths["calibration_output"])
    data_dir = Path(output_paths["calibrated_data"])
    model_dir.mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "calibration_model.json").write_text(
        json.dumps(description, indent=2, sort_keys=True)
    )
    calibrated_frame = predictions.assign(calibrated_prob=calibrated)
    calibrated_frame.to_csv(data_dir / "calibrated_predictions.csv", index=False)
    logger.info(
        "%s calibration: Brier %.4f -> %.4f",
        method,
        description["brier_before"],
        description["brier_after"],
    )
    return description


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__)
    args = parser.parse_args()
    main(
        input_paths={"evaluation_data": "/opt/ml/processing/input/eval_data"},
        output_paths={
            "calibration_output": "/opt/ml/processing/output/calibration",
            "calibrated_data": "/opt/ml/processing/output/calibrated_data",
        },
        environ_vars={
            "LABEL_FIELD": os.environ.get("LABEL_FIELD", ""),
            "SCORE_FIELD": os.environ.get("SCORE_FIELD", "prob"),
            "CALIBRATION_METHOD": os.environ.get("CALIBRATION_METHOD", "isotonic"),
        },
        job_args=args,
    )
