"""Contract of ``payload.py``: sample inference requests for the model registry."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

PAYLOAD_CONTRACT = ScriptContract(
    entry_point="payload.py",
    expected_input_paths={"model_input": "/opt/ml/processing/input/model"},
    expected_output_paths={"payload_sample": "/opt/ml/processing/output/payload"},
    required_env_vars=[],
    optional_env_vars={
        "CONTENT_TYPES": "text/csv,application/json",
        "DEFAULT_NUMERIC_VALUE": "0.0",
    },
    expected_arguments={},
    framework_requirements={"python": ">=3.9"},
    description=(
        "Reads the feature columns from model_metadata.json in model_input and writes one sample "
        "request per CONTENT_TYPES entry, archived as payload.tar.gz in payload_sample."
    ),
)
