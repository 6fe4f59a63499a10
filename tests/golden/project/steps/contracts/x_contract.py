from alignlint.runtime.contract import ScriptContract

X_CONTRACT = ScriptContract(
    entry_point="x.py",
    expected_input_paths={"input_data": "/opt/ml/processing/input/data"},
    expected_output_paths={"model_output": "/opt/ml/processing/output/model"},
    required_env_vars=["LABEL_FIELD"],
)
