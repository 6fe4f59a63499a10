"""Project alpha's steps, used under ``set_workspace_context("alpha")``."""

PROJECT_STEP_NAMES = {
    "FeatureSelect": {
        "config_class": "FeatureSelectConfig",
        "builder_step_name": "FeatureSelectStepBuilder",
        "spec_type": "FeatureSelect",
        "sagemaker_step_type": "Processing",
        "description": "The FeatureSelect step",
        "workspace_id": "alpha",
    },
}
