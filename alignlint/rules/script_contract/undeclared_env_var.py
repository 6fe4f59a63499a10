"""ALN107 undeclared-env-var."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model import EnvAccess, Project
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.script_contract._common import (
    SUGGESTION_CUTOFF,
    Pairing,
    closest,
    contract_label,
    is_platform_env_var,
    pairings,
)
from alignlint.rules.script_contract._dict_entry import add_entry_edit
from alignlint.rules.script_contract._env import (
    declared_env_vars,
    default_text,
    env_declarations_complete,
    environment_reads,
    read_name,
)


class UndeclaredEnvVar(Rule):
    """## What it does
    Reports an environment variable the script reads (`os.environ[...]`, `os.environ.get`,
    `os.getenv`, `environ_vars[...]` / `environ_vars.get`, in `main`, helpers or the `__main__`
    block) that the contract declares neither in `required_env_vars` nor in `optional_env_vars`.
    Each variable is reported once, at its first read.

    Variables SageMaker or the OS set (`SM_*`, `AWS_*`, `TRAINING_JOB_NAME`,
    `PROCESSING_JOB_CONFIG`, ...: the `platform-env-vars` and `extra-platform-env-vars`
    settings, glob patterns) are never undeclared. Writes to `os.environ` are not reads; names
    alignlint cannot evaluate are not checked. A key that the script's `__main__` block puts
    into `environ_vars` from a constant or literal (`environ_vars["WORK_DIR"] = DEFAULT_DIR`)
    is not an environment read: `main`'s read of it never consults the container's
    environment.

    ## Why is this bad?
    The builder only sets the contract's env vars. An undeclared variable is never set by the
    pipeline: the script gets its default (or `KeyError`), whatever the config says. This is the
    classic trace of an env var renamed in the script but not in the contract.

    ## Severity
    `error` when a read has no default (`os.environ["X"]` raises `KeyError`, `.get("X")` gives
    `None`): the job breaks. `warning` when every read has a default: the job runs, on a value
    the pipeline never sets (likely drift).

    ## Example
    ```python
    # contract: optional_env_vars={"TRAIN_RATIO": "0.7"}
    ratio = float(environ_vars.get("TRAIN_SPLIT", "0.7"))
    ```

    Use instead:
    ```python
    ratio = float(environ_vars.get("TRAIN_RATIO", "0.7"))
    ```

    ## Fix safety
    When the script reads the variable with a default, the fix adds it to the contract's
    `optional_env_vars` with that default. It is unsafe: the variable may be a misspelling of a
    declared one, which the fix would paper over.
    """

    code: ClassVar[str] = "ALN107"
    name: ClassVar[str] = "undeclared-env-var"
    summary: ClassVar[str] = "Script reads an env var its contract does not declare"
    reads: ClassVar[Scope] = Scope.STEP
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        platform = project.settings.all_platform_env_vars
        for pairing in pairings(project):
            contract = pairing.contract
            if not env_declarations_complete(contract):
                continue
            declared = declared_env_vars(contract)
            reads: dict[str, list[EnvAccess]] = {}
            for read in environment_reads(pairing.script):
                name = read_name(read)
                if name is None or name in declared or is_platform_env_var(name, platform):
                    continue
                reads.setdefault(name, []).append(read)
            for name, uses in sorted(reads.items(), key=lambda item: item[1][0].span):
                yield self._finding(pairing, name, uses, declared, project.texts)

    def _finding(
        self,
        pairing: Pairing,
        name: str,
        uses: Sequence[EnvAccess],
        declared: set[str],
        texts: Mapping[str, str],
    ) -> Diagnostic:
        contract = pairing.contract
        message = (
            f"script reads env var `{name}` but {contract_label(contract)} declares it in "
            "neither `required_env_vars` nor `optional_env_vars`"
        )
        suggestion = closest(name, declared, cutoff=SUGGESTION_CUTOFF)
        if suggestion is not None:
            message += f"; did you mean `{suggestion}`?"
        declarations = [
            Related(span, f"`{part}` of {contract.name}")
            for part, span in (
                ("required_env_vars", contract.required_env_vars.span),
                ("optional_env_vars", contract.optional_env_vars.span),
            )
            if span is not None
        ]
        related = declarations or [Related(contract.name_span, f"contract {contract.name}")]
        severity = Severity.WARNING if all(use.has_default for use in uses) else None
        return self.diagnostic(
            message,
            uses[0].span,
            severity=severity,
            related=related,
            fix=self._fix(pairing, name, uses, texts.get(pairing.contract.path)),
            step=pairing.step.name,
            subject=f"env:{name}",
        )

    @staticmethod
    def _fix(
        pairing: Pairing, name: str, uses: Sequence[EnvAccess], contract_text: str | None
    ) -> Fix | None:
        # Prefer the default main (or a helper) uses over the `__main__` block's plumbing.
        ordered = sorted(uses, key=lambda use: (use.where == "__main__", use.span))
        default = next((text for use in ordered if (text := default_text(use)) is not None), None)
        if default is None:
            return None
        contract = pairing.contract
        edit = add_entry_edit(contract.optional_env_vars, contract, name, default, contract_text)
        if edit is None:
            return None
        return Fix(
            f"Add `{name}` to `optional_env_vars` of {contract.name} with default `{default}`",
            Applicability.UNSAFE,
            (edit,),
        )
