"""The SageMaker Python SDK's pipeline step classes, and the registry kinds each one is.

A builder creates one of these classes; the registry row of its step declares a
``sagemaker_step_type``. The extractor records which of these classes a builder calls
(``alignlint.extract.bodies``), ALN504 compares them with the row, and the default
``generic-sources`` setting names the ones a specification may list as a compatible source.
Standard library only, like the rest of :mod:`alignlint.sagemaker`.
"""

from __future__ import annotations

from collections.abc import Mapping

STEP_CLASS_KINDS: Mapping[str, frozenset[str]] = {
    "ProcessingStep": frozenset({"Processing"}),
    "TrainingStep": frozenset({"Training"}),
    "TransformStep": frozenset({"Transform"}),
    "CreateModelStep": frozenset({"CreateModel"}),
    "ModelStep": frozenset({"CreateModel", "RegisterModel", "Model"}),
    "RegisterModel": frozenset({"RegisterModel"}),
    "LambdaStep": frozenset({"Lambda"}),
    "TuningStep": frozenset({"Tuning"}),
    "ConditionStep": frozenset({"Condition"}),
    "FailStep": frozenset({"Fail"}),
    "EMRStep": frozenset({"EMR"}),
    "CallbackStep": frozenset({"Callback"}),
    "QualityCheckStep": frozenset({"QualityCheck"}),
    "ClarifyCheckStep": frozenset({"ClarifyCheck"}),
}
"""SDK step class -> the registry ``sagemaker_step_type`` values a step of that class has."""

STEP_CLASSES: frozenset[str] = frozenset(STEP_CLASS_KINDS)
"""Every SDK pipeline step class (a builder that calls one creates that kind of step)."""

GENERIC_SOURCE_CLASSES: tuple[str, ...] = (
    "ProcessingStep",
    "TrainingStep",
    "TransformStep",
    "CreateModelStep",
    "ModelStep",
    "RegisterModel",
    "LambdaStep",
    "TuningStep",
)
"""The step classes that produce outputs a later step can consume: a specification may name one
as a compatible source meaning "any step of this class" (the default ``generic-sources``)."""
