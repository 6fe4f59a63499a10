"""Contract of ``scoring.py``: Score the processed data."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

SCORING_CONTRACT = ScriptContract(
    entry_point="scoring.py",
    expected_input_paths={
        "processed_data": "/opt/ml/processing/input/processed_data",
        "selected_features": "/opt/ml/processing/input/selected_features",
    },
    expected_output_paths={"scores": "/opt/ml/processing/output/scores"},
    required_env_vars=["LABEL_FIELD"],
    description="Score the processed data",
)
