"""Contract of ``tabular_preprocessing.py``: cleaning plus train/val/test split."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

TABULAR_PREPROCESSING_CONTRACT = ScriptContract(
    entry_point="tabular_preprocessing.py",
    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},
    expected_output_paths={"processed_data": "/opt/ml/processing/output/processed_data"},
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={"TRAIN_RATIO": "0.7", "TEST_VAL_RATIO": "0.5", "RANDOM_SEED": "42"},
    expected_arguments={"job_type": "training"},
    framework_requirements={"pandas": ">=1.5", "scikit-learn": ">=1.2"},
    description=(
        "Reads the CSV files under DATA, drops unlabeled rows, encodes categorical columns, "
        "imputes numeric gaps and writes processed_data/<split>/<split>_processed_data.csv: "
        "train/val/test for the training job type, a single <job_type> split otherwise."
    ),
)
