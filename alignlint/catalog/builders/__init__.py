"""Step builders: one class per step, turning config + spec into a SageMaker step."""
