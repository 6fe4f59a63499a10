"""ALN120 wrong-container-root."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model.values import Located
from alignlint.rules._support.job_kind import contracts_by_kind
from alignlint.rules.base import Rule
from alignlint.sagemaker.container_paths import (
    PROCESSING,
    TRAINING,
    allowed_roots,
    belongs_to,
    is_allowed,
)

if TYPE_CHECKING:
    from alignlint.model import Project


class WrongContainerRoot(Rule):
    """## What it does
    Checks that every container path of a contract lies where SageMaker puts data for the step's
    job kind. The kind comes from the registry row's `sagemaker_step_type` (or, without one, from
    the SageMaker step class the builder creates):

    - Processing: inputs and outputs under `/opt/ml/processing/`;
    - Training: inputs under `/opt/ml/input/data` (a channel folder, or the data root) or under
      `/opt/ml/input/config` (the hyperparameters file); outputs `/opt/ml/model` or under
      `/opt/ml/output/data`.

    Steps of kinds with other layouts (models, transforms, custom kinds) are not checked.

    ## Why is this bad?
    SageMaker only mounts inputs and uploads outputs at these places. A processing path on a
    training step (or the reverse) is silently empty at run time, and the output is never
    uploaded.

    ## Example
    ```python
    # registry: "sagemaker_step_type": "Training"
    X_CONTRACT = TrainingScriptContract(
        entry_point="train.py",
        expected_input_paths={"train": "/opt/ml/processing/input/train"},
        expected_output_paths={"model": "/opt/ml/model"},
    )
    ```

    Use instead:
    ```python
    X_CONTRACT = TrainingScriptContract(
        entry_point="train.py",
        expected_input_paths={"train": "/opt/ml/input/data/train"},
        expected_output_paths={"model": "/opt/ml/model"},
    )
    ```
    """

    code: ClassVar[str] = "ALN120"
    name: ClassVar[str] = "wrong-container-root"
    summary: ClassVar[str] = "Contract path is not where SageMaker mounts data for the job kind"
    severity: ClassVar[Severity] = Severity.ERROR

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for contract, step, kind in contracts_by_kind(project):
            if kind.kind not in (PROCESSING, TRAINING):
                continue
            for direction, entries in (("input", contract.inputs), ("output", contract.outputs)):
                for key, entry in entries.items():
                    value = entry.value
                    if not (isinstance(value, Located) and isinstance(value.value, str)):
                        continue
                    path = value.value
                    if is_allowed(kind.kind, direction, path):
                        continue
                    other = belongs_to(path)
                    reason = (
                        f"a {other.lower()} path on a {kind.kind} step"
                        if other and other != kind.kind
                        else f"not where a {kind.kind} job puts its {direction}s"
                    )
                    message = (
                        f"contract {contract.name} {direction} '{key}' path '{path}' is "
                        f"{reason}: step {step.name} is a {kind.kind} job ({kind.declared_by}), "
                        f"so {direction} paths must be {allowed_roots(kind.kind, direction)}"
                    )
                    yield self.diagnostic(
                        message,
                        value.span,
                        related=[Related(kind.span, f"{kind.kind} job kind declared here")],
                        step=step.name,
                        subject=f"{contract.name}:{direction}:{key}",
                    )
