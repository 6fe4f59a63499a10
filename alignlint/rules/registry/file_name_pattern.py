"""ALN514 file-name-pattern."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from alignlint.core.types import Diagnostic, Severity, Span
from alignlint.model import Project
from alignlint.rules.base import Rule, Scope
from alignlint.rules.options import FILE_NAME_PATTERNS, OptionType
from alignlint.rules.registry._common import concrete_steps
from alignlint.rules.registry._naming import file_name, matches_any

_KINDS = ("builder", "config", "contract", "spec", "script")


class FileNamePattern(Rule):
    """## What it does
    Reports a file holding a step's builder, config, contract, specification or script whose
    name matches none of the glob patterns configured for that kind (not the files of an
    abstract registry row's base classes). Off by default: select `ALN514` to enable it.

    ## Why is this bad?
    A predictable layout lets people (and tools) find the pieces of a step.

    ## Severity
    Info, and off by default: a layout convention, advice by nature; nothing fails.

    ## Example
    ```text
    steps/builders/calibration.py   # holds ModelCalibrationStepBuilder
    ```

    Use instead:
    ```text
    steps/builders/builder_model_calibration_step.py
    ```

    ## Options
    - `builder` (default `["builder_*_step.py"]`), `config` (`["config_*_step.py"]`),
      `contract` (`["*_contract.py"]`), `spec` (`["*_spec.py"]`), `script`
      (`["[a-z]*.py"]`): lists of glob patterns a file name must match.
    """

    code: ClassVar[str] = "ALN514"
    name: ClassVar[str] = "file-name-pattern"
    summary: ClassVar[str] = "File of a step component does not follow the naming pattern"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.INFO
    opt_in: ClassVar[bool] = True
    default_options: ClassVar[Mapping[str, Any]] = {
        "builder": ["builder_*_step.py"],
        "config": ["config_*_step.py"],
        "contract": ["*_contract.py"],
        "spec": ["*_spec.py"],
        "script": ["[a-z]*.py"],
    }
    option_types: ClassVar[Mapping[str, OptionType]] = dict.fromkeys(_KINDS, FILE_NAME_PATTERNS)

    def _files(self, project: Project) -> dict[str, tuple[str, str, Span]]:
        """path -> (kind, component name, span) for each file holding a linked step component
        (not the base classes an abstract registry row names)."""
        files: dict[str, tuple[str, str, Span]] = {}
        for step in concrete_steps(project):
            pieces: list[tuple[str, str, str, Span]] = []
            if step.builder is not None:
                info = step.builder.info
                pieces.append(("builder", info.path, info.name, info.name_span))
            if step.config is not None:
                info = step.config.info
                pieces.append(("config", info.path, info.name, info.name_span))
            if step.contract is not None:
                contract = step.contract
                pieces.append(("contract", contract.path, contract.name, contract.name_span))
            for spec in step.all_specs():
                pieces.append(("spec", spec.path, spec.name, spec.name_span))
            if step.script is not None:
                script = step.script
                pieces.append(("script", script.path, f"script of {step.name}", script.span))
            for kind, path, name, span in pieces:
                files.setdefault(path, (kind, name, span))
        return files

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for path, (kind, name, span) in sorted(self._files(project).items()):
            patterns = [str(p) for p in self.options.get(kind, ())]
            if not patterns or matches_any(file_name(path), patterns):
                continue
            shown = ", ".join(f"`{p}`" for p in patterns)
            yield self.diagnostic(
                f"{kind} file `{file_name(path)}` (holds `{name}`) does not match {shown}",
                span,
                subject=f"file-name:{kind}",
            )
