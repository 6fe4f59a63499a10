"""Contract of ``package.py``: bundles model and calibration into one model.tar.gz."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

PACKAGE_CONTRACT = ScriptContract(
    entry_point="package.py",
    expected_input_paths={
        "model_input": "/opt/ml/processing/input/model",
        "calibration_model": "/opt/ml/processing/input/calibration",
    },
    expected_output_paths={"packaged_model": "/opt/ml/processing/output/model"},
    required_env_vars=[],
    optional_env_vars={},
    expected_arguments={},
    framework_requirements={"python": ">=3.9"},
    description=(
        "Extracts or copies the model artifacts from model_input, adds the optional "
        "calibration_model files under calibration/, and writes model.tar.gz to packaged_model."
    ),
)
