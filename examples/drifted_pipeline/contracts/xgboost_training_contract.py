"""Contract of ``xgboost_training.py``: a SageMaker training job with one data channel."""

from __future__ import annotations

from alignlint.runtime.contract import TrainingScriptContract

XGBOOST_TRAINING_CONTRACT = TrainingScriptContract(
    entry_point="xgboost_training.py",
    expected_input_paths={"training_data": "/opt/ml/input/data/training_data"},
    expected_output_paths={"model_output": "/opt/ml/model"},
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={"NUM_ROUND": "50", "MAX_DEPTH": "6", "ETA": "0.3"},
    expected_arguments={},
    framework_requirements={"xgboost": ">=1.7", "pandas": ">=1.5"},
    description=(
        "Trains a binary:logistic XGBoost model on training_data/train, watching "
        "training_data/val, and saves xgboost_model.json plus model_metadata.json to /opt/ml/model."
    ),
)
