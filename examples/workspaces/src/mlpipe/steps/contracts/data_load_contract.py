"""Contract of ``data_load.py``: Load the raw CSV data."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

DATA_LOAD_CONTRACT = ScriptContract(
    entry_point="data_load.py",
    expected_input_paths={},
    expected_output_paths={"raw_data": "/opt/ml/processing/output/raw_data"},
    required_env_vars=["LABEL_FIELD"],
    description="Load the raw CSV data",
)
