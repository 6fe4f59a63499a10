"""The shared library's step registry (read-only for project workspaces)."""

STEP_NAMES = {
    "DataLoad": {
        "config_class": "DataLoadConfig",
        "builder_step_name": "DataLoadStepBuilder",
        "spec_type": "DataLoad",
        "sagemaker_step_type": "Processing",
        "description": "The DataLoad step",
    },
    "Preprocess": {
        "config_class": "PreprocessConfig",
        "builder_step_name": "PreprocessStepBuilder",
        "spec_type": "Preprocess",
        "sagemaker_step_type": "Processing",
        "description": "The Preprocess step",
    },
}
