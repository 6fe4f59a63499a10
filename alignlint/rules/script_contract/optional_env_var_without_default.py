"""ALN109 optional-env-var-without-default."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related
from alignlint.model import Project, text_of
from alignlint.model.components import reported_at
from alignlint.rules.base import Rule, Scope
from alignlint.rules.script_contract._common import contract_label, pairings
from alignlint.rules.script_contract._env import imported_read, read_name


class OptionalEnvVarWithoutDefault(Rule):
    """## What it does
    Reports `os.environ["X"]` where `X` is one of the contract's `optional_env_vars`, unless
    a test around it makes sure the variable is set (`if "X" in os.environ:`, or a conditional
    expression `os.environ["X"] if "X" in os.environ else ...`).

    ## Why is this bad?
    An optional variable may be unset (the contract gives it a default for that case); indexing
    `os.environ` then raises `KeyError` instead of falling back to the default.

    ## Severity
    An error: the job raises `KeyError` whenever the variable is left unset, which the contract
    says is allowed.

    ## Example
    ```python
    # contract: optional_env_vars={"TRAIN_RATIO": "0.7"}
    ratio = float(os.environ["TRAIN_RATIO"])
    ```

    Use instead:
    ```python
    ratio = float(os.environ.get("TRAIN_RATIO", "0.7"))
    ```
    """

    code: ClassVar[str] = "ALN109"
    name: ClassVar[str] = "optional-env-var-without-default"
    summary: ClassVar[str] = "Optional env var is read without a default"
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for pairing in pairings(project):
            optional = pairing.contract.optional_env_vars
            for read in sorted(pairing.script.env_reads, key=lambda r: (reported_at(r), r.span)):
                name = read_name(read)
                if read.via != "os.environ[]" or name is None or name not in optional:
                    continue
                entry = optional.entries[name]
                default = text_of(entry.value)
                shown = f" (`{default}`)" if default is not None else ""
                message = (
                    f"script reads optional env var `{name}` with `os.environ[...]`, which raises "
                    f"KeyError when it is unset, but {contract_label(pairing.contract)} gives it "
                    f"a default{shown}; use `os.environ.get` with the default"
                )
                yield self.diagnostic(
                    message,
                    reported_at(read),
                    related=[
                        Related(entry.key_span, f"optional env var `{name}`"),
                        *imported_read(read),
                    ],
                    step=pairing.step.name,
                    subject=f"env:{name}",
                )
