"""Contract of ``xgboost_model_eval.py``: scores held-out data with a trained model."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

XGBOOST_MODEL_EVAL_CONTRACT = ScriptContract(
    entry_point="xgboost_model_eval.py",
    expected_input_paths={
        "model_input": "/opt/ml/processing/input/model",
        "processed_data": "/opt/ml/processing/input/eval_data",
    },
    expected_output_paths={
        "eval_output": "/opt/ml/processing/output/eval",
        "metrics_output": "/opt/ml/processing/output/metrics",
    },
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={},
    expected_arguments={"job_type": "calibration"},
    framework_requirements={"xgboost": ">=1.7", "pandas": ">=1.5", "scikit-learn": ">=1.2"},
    description=(
        "Loads the model (model.tar.gz or loose files) from model_input, predicts on the CSV "
        "files under processed_data, writes eval_predictions.csv (label, prob) to eval_output and "
        "metrics.json in SageMaker model-quality format to metrics_output."
    ),
)
