"""Contract of ``dummy_training.py``: passes a pretrained model archive through.

``pretrained_model_path`` is a directory: SageMaker downloads the configured S3 object into it.
(A file path such as ``.../model/model.tar.gz`` would become a directory of that name.)
"""

from __future__ import annotations

from alignlint.runtime.contract import ScriptContract

DUMMY_TRAINING_CONTRACT = ScriptContract(
    entry_point="dummy_training.py",
    expected_input_paths={"pretrained_model_path": "/opt/ml/processing/input/model"},
    expected_output_paths={"model_output": "/opt/ml/processing/output/model"},
    required_env_vars=[],
    optional_env_vars={},
    expected_arguments={},
    framework_requirements={"python": ">=3.9"},
    description=(
        "Finds the single .tar.gz archive under pretrained_model_path, checks it is a tar file "
        "and copies it to model_output/model.tar.gz."
    ),
)
