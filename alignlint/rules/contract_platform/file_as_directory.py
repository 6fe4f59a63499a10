"""ALN121 file-as-directory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model.values import Located
from alignlint.rules._support.job_kind import contracts_by_kind
from alignlint.rules._support.literals import replace_value
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.sagemaker.container_paths import (
    PROCESSING,
    PROCESSING_INPUT_ROOT,
    PROCESSING_OUTPUT_ROOT,
    PROCESSING_ROOT,
    file_extension,
    normalise,
)

if TYPE_CHECKING:
    from alignlint.model import Project, Step


class FileAsDirectory(Rule):
    """## What it does
    Checks that no input or output path of a processing step's contract names a file (ends in
    an extension such as `.tar.gz`, `.json`, `.csv` or `.parquet`).

    ## Why is this bad?
    A `ProcessingInput.destination` and a `ProcessingOutput.source` are directories. SageMaker
    creates a *directory* named `model.tar.gz` for `/opt/ml/processing/input/model/model.tar.gz`,
    and the script fails with "Is a directory" when it opens the path as a file.

    ## Severity
    An error: the script fails with "Is a directory" when it opens the path as a file.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(
        entry_point="x.py",
        expected_input_paths={"model": "/opt/ml/processing/input/model/model.tar.gz"},
    )
    ```

    Use instead:
    ```python
    X_CONTRACT = ScriptContract(
        entry_point="x.py",
        expected_input_paths={"model": "/opt/ml/processing/input/model"},
    )
    ```
    and let the script open `model.tar.gz` inside the directory.

    ## Fix safety
    The fix replaces the path with its parent directory (with the file's name without its
    extension when the parent is the input or output root itself, which is never a channel:
    `/opt/ml/processing/output/model.tar.gz` becomes `/opt/ml/processing/output/model`). It is
    offered only when no other piece of the step (script, builder, config, specs) writes the file
    path: they would then disagree with the contract. It is unsafe: the script must look inside
    the directory instead of opening the path.
    """

    code: ClassVar[str] = "ALN121"
    name: ClassVar[str] = "file-as-directory"
    summary: ClassVar[str] = "Processing contract path names a file, not a directory"
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES
    severity: ClassVar[Severity] = Severity.ERROR
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for contract, step, kind in contracts_by_kind(project):
            if kind.kind != PROCESSING:
                continue
            for direction, entries in (("input", contract.inputs), ("output", contract.outputs)):
                for key, entry in entries.items():
                    value = entry.value
                    if not (isinstance(value, Located) and isinstance(value.value, str)):
                        continue
                    extension = file_extension(value.value)
                    if extension is None:
                        continue
                    parent = directory_for(normalise(value.value), extension)
                    message = (
                        f"contract {contract.name} {direction} '{key}' path '{value.value}' "
                        f"names a '{extension}' file, but step {step.name} is a {kind.kind} job "
                        f"({kind.declared_by}): SageMaker creates a directory there; use the "
                        f"directory '{parent}'"
                    )
                    fix = None
                    if not _written_elsewhere(project, step, contract.path, value.value):
                        fix = Fix(
                            f"Use the directory '{parent}'",
                            Applicability.UNSAFE,
                            (replace_value(value, parent),),
                        )
                    yield self.diagnostic(
                        message,
                        value.span,
                        related=[Related(kind.span, f"{kind.kind} job kind declared here")],
                        fix=fix,
                        step=step.name,
                        subject=f"{contract.name}:{direction}:{key}",
                    )


def _written_elsewhere(project: Project, step: Step, contract_path: str, path: str) -> bool:
    """Whether another piece of ``step`` (its script, builder, config or specs) writes ``path``:
    changing the contract alone would then make them disagree."""
    pieces = [step.script.path if step.script is not None else None]
    pieces += [piece.info.name_span.path for piece in (step.builder, step.config) if piece]
    pieces += [spec.path for spec in step.all_specs()]
    for piece_path in sorted({p for p in pieces if p is not None} - {contract_path}):
        text = project.texts.get(piece_path)
        if text is not None and path in text:
            return True
    return False


def directory_for(path: str, extension: str) -> str:
    """The directory to use instead of the file ``path`` (with ``extension``): its parent, unless
    that is a processing root, where the file's name without the extension names the directory."""
    parent, _, name = path.rpartition("/")
    if parent not in (PROCESSING_ROOT, PROCESSING_INPUT_ROOT, PROCESSING_OUTPUT_ROOT):
        return parent
    # ``file_extension`` matched the lower-cased name, and never a name that is only an extension.
    return f"{parent}/{name[: -len(extension)]}"
