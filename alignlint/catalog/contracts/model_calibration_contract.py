"""Contract of ``model_calibration.py``: fits an isotonic or Platt calibration."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

MODEL_CALIBRATION_CONTRACT = ScriptContract(
    entry_point="model_calibration.py",
    expected_input_paths={"evaluation_data": "/opt/ml/processing/input/eval_data"},
    expected_output_paths={
        "calibration_output": "/opt/ml/processing/output/calibration",
        "calibrated_data": "/opt/ml/processing/output/calibrated_data",
    },
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={"SCORE_FIELD": "prob", "CALIBRATION_METHOD": "isotonic"},
    expected_arguments={},
    framework_requirements={"pandas": ">=1.5", "scikit-learn": ">=1.2"},
    description=(
        "Fits CALIBRATION_METHOD (isotonic or platt) mapping SCORE_FIELD to LABEL_FIELD on the "
        "predictions under evaluation_data; writes calibration_model.json to calibration_output "
        "and calibrated_predictions.csv to calibrated_data."
    ),
)
