"""Contract of ``feature_select.py``: Select the features of the processed data."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

FEATURE_SELECT_CONTRACT = ScriptContract(
    entry_point="feature_select.py",
    expected_input_paths={"processed_data": "/opt/ml/processing/input/processed_data"},
    expected_output_paths={"selected_features": "/opt/ml/processing/output/selected_features"},
    required_env_vars=["LABEL_FIELD"],
    description="Select the features of the processed data",
)
