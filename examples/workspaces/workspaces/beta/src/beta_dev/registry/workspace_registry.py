"""Workspace beta's registry: its own steps and its overrides of shared ones."""

WORKSPACE_METADATA = {
    "developer_id": "team-beta",
    "description": "Scoring experiments over the shared preprocessing",
}

LOCAL_STEPS = {
    "Scoring": {
        "config_class": "ScoringConfig",
        "builder_step_name": "ScoringStepBuilder",
        "spec_type": "Scoring",
        "sagemaker_step_type": "Processing",
        "description": "The Scoring step",
        "workspace_id": "alpha",
    },
}

STEP_OVERRIDES = {
    "Preprocess": {
        "config_class": "PreprocessConfig",
        "builder_step_name": "PreprocessStepBuilder",
        "spec_type": "Preprocess",
        "sagemaker_step_type": "Processing",
        "description": "The Preprocess step",
        "workspace_id": "beta",
    },
    "Postprocess": {
        "config_class": "PostprocessConfig",
        "builder_step_name": "PostprocessStepBuilder",
        "spec_type": "Postprocess",
        "sagemaker_step_type": "Processing",
        "description": "The Postprocess step",
        "workspace_id": "beta",
    },
}
