"""ALN105 undeclared-container-path."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from alignlint.core.types import Diagnostic, Related, Span
from alignlint.model import Project, text_of
from alignlint.model.values import Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.options import CONTAINER_PATHS, OptionType
from alignlint.rules.script_contract._common import contract_label, pairings, similarity
from alignlint.rules.script_contract._paths import (
    DeclaredPath,
    compared_spans,
    declared_paths,
)
from alignlint.sagemaker.container_paths import is_under

#: Container paths SageMaker provides to every job, whatever the contract says.
DEFAULT_PLATFORM_PATHS: tuple[str, ...] = (
    "/opt/ml/input/config",
    "/opt/ml/output/failure",
    "/opt/ml/code",
    "/opt/ml/checkpoints",
)


class UndeclaredContainerPath(Rule):
    """## What it does
    Reports a `/opt/ml/...` path in the script (a literal, a module constant, or a path built
    with `os.path.join`, `Path(...) / "x"`, an f-string or `+`, on a literal or on a constant)
    that no path of the contract covers: it is neither a declared path, nor below one, nor a
    parent directory of one. The message shows the nearest declared path. A constant the code
    reads only as the root of paths it builds (`f"{ROOT}/models"`) is not a use of its own: the
    paths built are.

    A path stored in a module-level table (`PATHS = {"PLOTS": "/opt/ml/..."}`) counts only when
    some code reads its key (`PATHS["PLOTS"]`, `PATHS.get("PLOTS")`) or uses the table whole
    (iterates it, passes it on): an entry nothing reads is dead code, not a use.

    A `__main__` entry mapping a declared key to another path is reported by ALN106 instead.
    Paths SageMaker provides to every job (`/opt/ml/input/config`, `/opt/ml/output/failure`, ...)
    are fine; paths alignlint cannot evaluate are not checked.

    ## Why is this bad?
    SageMaker only mounts the paths the builder derives from the contract. A path the contract
    does not declare is empty (input) or never uploaded (output) at run time.

    ## Example
    ```python
    # contract: expected_input_paths={"data": "/opt/ml/processing/input/data"}
    if __name__ == "__main__":
        main({"data": "/opt/ml/processing/input/data"}, ..., extra="/opt/ml/processing/input/x")
    ```

    ## Severity
    `error`: the job reads an empty directory or writes output SageMaker never uploads.

    ## Options
    - `platform-paths` (array of absolute paths below `/opt/ml`): container paths always
      available, besides the contract's (default: `/opt/ml/input/config`,
      `/opt/ml/output/failure`, `/opt/ml/code`, `/opt/ml/checkpoints`).
    """

    code: ClassVar[str] = "ALN105"
    name: ClassVar[str] = "undeclared-container-path"
    summary: ClassVar[str] = "Script uses a container path its contract does not declare"
    reads: ClassVar[Scope] = Scope.STEP
    default_options: ClassVar[Mapping[str, Any]] = {"platform-paths": DEFAULT_PLATFORM_PATHS}
    option_types: ClassVar[Mapping[str, OptionType]] = {"platform-paths": CONTAINER_PATHS}

    def check(self, project: Project) -> Iterator[Diagnostic]:
        platform = tuple(str(path) for path in self.options["platform-paths"])
        for pairing in pairings(project):
            contract = pairing.contract
            if not (contract.inputs.complete and contract.outputs.complete):
                continue
            declared = declared_paths(pairing)
            mapped = compared_spans(project, pairing)
            reported: set[Span] = set()
            unused = pairing.script.unused_table_values
            for use in pairing.script.container_paths:
                path = text_of(use.value)
                if path is None or use.span in mapped or use.span in reported:
                    continue
                if any(value.contains(use.span) for value in unused):
                    continue
                if any(is_under(path, d.path) or is_under(d.path, path) for d in declared):
                    continue
                if any(is_under(path, directory) for directory in platform):
                    continue
                reported.add(use.span)
                label = contract_label(contract)
                yield self._finding(pairing.step.name, label, path, use.span, declared)

    def _finding(
        self, step: str, label: str, path: str, span: Span, declared: list[DeclaredPath]
    ) -> Diagnostic:
        message = f"script uses container path `{path}` but {label} declares no path covering it"
        related: list[Related] = []
        if declared:
            nearest = min(declared, key=lambda d: (-similarity(path, d.path), d.path, d.key))
            message += f"; nearest declared: {nearest.noun} `{nearest.key}` -> `{nearest.path}`"
            where = (
                nearest.entry.value.span
                if isinstance(nearest.entry.value, Located)
                else nearest.entry.key_span
            )
            related.append(
                Related(where, f"nearest declared path ({nearest.noun} `{nearest.key}`)")
            )
        else:
            message += "; it declares no container paths"
        return self.diagnostic(message, span, related=related, step=step, subject=f"path:{path}")
