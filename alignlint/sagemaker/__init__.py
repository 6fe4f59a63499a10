"""What SageMaker is, as alignlint needs to know it: container paths, step property paths
checked against the service model, and the dependency-matching score. Standard library only;
imports nothing else from alignlint (the runtime library and the linter both read it).
"""
