from alignlint.runtime.specification import DependencySpec, StepSpecification

X_SPEC = StepSpecification(
    step_type="X",
    dependencies=[
        DependencySpec(logical_name="data", dependency_type="processing_output"),
    ],
    outputs=[],
    description="Spécification — unicode",
)
