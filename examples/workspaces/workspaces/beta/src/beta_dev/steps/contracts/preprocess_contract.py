"""Contract of ``preprocess.py``: Clean the raw data (beta's variant)."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

PREPROCESS_CONTRACT = ScriptContract(
    entry_point="preprocess.py",
    expected_input_paths={"raw_data": "/opt/ml/processing/input/raw_data"},
    expected_output_paths={"processed_data": "/opt/ml/processing/output/processed_data"},
    required_env_vars=["LABEL_FIELD"],
    description="Clean the raw data (beta's variant)",
)
