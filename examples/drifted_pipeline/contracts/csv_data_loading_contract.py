"""Contract of ``csv_data_loading.py``: a source step that reads a local or S3 CSV location."""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

CSV_DATA_LOADING_CONTRACT = ScriptContract(
    entry_point="csv_data_loading.py",
    expected_input_paths={},
    expected_output_paths={
        "DATA": "/opt/ml/processing/output/data",
        "METADATA": "/opt/ml/processing/output/metadata",
    },
    required_env_vars=["DATA_SOURCE_URI"],
    optional_env_vars={},
    expected_arguments={"job_type": "training"},
    framework_requirements={"pandas": ">=1.5", "boto3": ">=1.26"},
    description=(
        "Loads the CSV file, directory of CSV files or s3:// prefix named by DATA_SOURCE_URI and "
        "writes <job_type>_data.csv to DATA and a column summary metadata.json to METADATA."
    ),
)
