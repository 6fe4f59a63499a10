"""Specification of ModelRegistration (a sink registering in SageMaker's model registry).

No script runs in this step: SageMaker itself creates the model package, so the specification
has no script contract.
"""

from __future__ import annotations

from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    StepSpecification,
)

from ..registry.step_names import get_spec_step_type

MODEL_REGISTRATION_SPEC = StepSpecification(
    step_type=get_spec_step_type("ModelRegistration"),
    node_type=NodeType.SINK,
    script_contract=None,
    dependencies=[
        DependencySpec(
            logical_name="packaged_model",
            dependency_type=DependencyType.MODEL_ARTIFACTS,
            required=True,
            compatible_sources=["Package"],
            semantic_keywords=["packaged", "model"],
            data_type="S3Uri",
            description="Folder holding the model.tar.gz to register",
        ),
        DependencySpec(
            logical_name="payload_sample",
            dependency_type=DependencyType.PAYLOAD_SAMPLES,
            required=False,
            compatible_sources=["Payload"],
            semantic_keywords=["payload", "sample"],
            data_type="S3Uri",
            description="Folder holding payload.tar.gz, registered as the sample payload",
        ),
        DependencySpec(
            logical_name="metrics_output",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=False,
            compatible_sources=["XGBoostModelEval"],
            semantic_keywords=["metrics", "evaluation"],
            data_type="S3Uri",
            description="Folder holding metrics.json, registered as model statistics",
        ),
    ],
)
