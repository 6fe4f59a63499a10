"""ALN120 wrong-container-root."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import ContainerPath, Script, Step, text_of
from alignlint.model.components import WRITTEN_MORE_THAN_ONCE
from alignlint.model.values import Located, Unknown
from alignlint.rules._support.job_kind import contracts_by_kind, job_kind
from alignlint.rules.base import Rule, Scope
from alignlint.sagemaker.container_paths import (
    PROCESSING,
    TRAINING,
    TRAINING_CODE_DIR,
    allowed_roots,
    belongs_to,
    is_allowed,
    is_shipped_code,
    is_under,
    normalise,
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

    A Training input under `/opt/ml/code/` is a file shipped in the estimator's `source_dir`
    (SageMaker unpacks the code there), which is fine as long as the builder does not also turn
    that path into an input (a `TrainingInput`/`ProcessingInput` built with it). A Processing job
    has no `/opt/ml/code`: a contract input there, and a `/opt/ml/code/...` path the step's
    script uses (outside the contract's paths, which are reported once, at the contract), are
    reported (a `FrameworkProcessor` unpacks the code under
    `/opt/ml/processing/input/code`).

    Steps of kinds with other layouts (models, transforms, custom kinds) are not checked.

    ## Why is this bad?
    SageMaker only mounts inputs and uploads outputs at these places. A processing path on a
    training step (or the reverse) is silently empty at run time, and the output is never
    uploaded.

    ## Severity
    `error`: the job reads an empty or missing directory, or its output is lost. `warning` for
    a `/opt/ml/code/...` path the script's `__main__` block uses as a fallback (a key it writes
    more than once, with this path on one branch or in a value built from it, as in
    `if os.path.exists(<input>): ... else: "/opt/ml/code/..."`): the job gets its input the other way, and the fallback, which never
    finds anything, is dead code to fix or remove (likely drift). A path built on a module
    constant (`CODE = "/opt/ml/code"`, then `f"{CODE}/models"`, `os.path.join(CODE, "models")`
    or `CODE + "/models"`) counts as the literal `"/opt/ml/code/models"` does; the constant, when
    the code reads it only as the root of such paths, is not reported itself.

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
    reads: ClassVar[Scope] = Scope.STEP

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
                    if (
                        direction == "input"
                        and is_shipped_code(kind.kind, path)
                        and not _builder_mounts(step, path)
                    ):
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
        yield from self._script_code_paths(project)

    def _script_code_paths(self, project: Project) -> Iterator[Diagnostic]:
        """``/opt/ml/code/...`` paths the script of a Processing step uses, except those under a
        contract path (reported at the contract)."""
        seen: set[tuple[str, int]] = set()
        for step in project.steps:
            script = step.script
            kind = job_kind(step)
            if script is None or kind is None or kind.kind != PROCESSING:
                continue
            if step.contract is None and project.may_be_unparsed(script.file_name.split(".")[0]):
                # Its contract (whose own paths are reported there) may not parse.
                self.could_not_check(
                    f"script `{script.file_name}` container paths",
                    "its contract may be in a file that does not parse",
                )
                continue
            contract_paths = [
                text
                for mapping in (
                    (step.contract.inputs, step.contract.outputs) if step.contract else ()
                )
                for entry in mapping.values()
                if (text := text_of(entry.value)) is not None
            ]
            for use in script.container_paths:
                path = text_of(use.value)
                if path is None or not is_under(path, TRAINING_CODE_DIR):
                    continue
                if any(is_under(path, declared) for declared in contract_paths):
                    continue  # the contract's own path is reported (the same root cause)
                if any(value.contains(use.span) for value in script.unused_table_values):
                    continue  # an entry of a path table that nothing reads
                if (script.path, id(use)) in seen:
                    continue
                seen.add((script.path, id(use)))
                message = (
                    f"script `{script.file_name}` uses `{path}`, but step {step.name} is a "
                    f"{PROCESSING} job ({kind.declared_by}), which has no {TRAINING_CODE_DIR} "
                    "(a FrameworkProcessor unpacks the code under /opt/ml/processing/input/code): "
                    "nothing is there at run time"
                )
                fallback = _fallback_value(script, use)
                if fallback:
                    message += f"; a fallback: `__main__` also gives `{fallback}` another value"
                yield self.diagnostic(
                    message,
                    use.span,
                    related=[Related(kind.span, f"{PROCESSING} job kind declared here")],
                    step=step.name,
                    subject=f"{script.file_name}:script:{path}",
                    # A fallback that never finds anything: likely drift, the job still runs.
                    severity=Severity.WARNING if fallback else None,
                )


def _builder_mounts(step: Step, path: str) -> bool:
    """Whether the step's builder builds an input with ``path`` (a ``ProcessingInput``
    destination, a ``TrainingInput`` argument)."""
    builder = step.builder
    if builder is None:
        return False
    for built in builder.built_objects:
        for value in built.arguments.values():
            text = text_of(value)
            if text is not None and normalise(text) == normalise(path):
                return True
    return False


def _fallback_value(script: Script, use: ContainerPath) -> str | None:
    """The ``__main__`` key the path ``use`` is one of several values of, or None: the entry
    is written more than once (a fallback in an ``else`` branch), this path being, or being
    part of, one of its writes (``str(Path("/opt/ml/code") / "x")``)."""
    for mapping in (script.main_block_inputs, script.main_block_outputs):
        for key, entry in mapping.items() if mapping is not None else ():
            value = entry.value
            if (
                isinstance(value, Unknown)
                and value.reason == WRITTEN_MORE_THAN_ONCE
                and value.span.contains(use.span)
            ):
                return key
    return None
