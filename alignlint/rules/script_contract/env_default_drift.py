"""ALN110 env-default-drift."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.model import Project, text_of
from alignlint.model.values import Located
from alignlint.rules.base import Rule
from alignlint.rules.script_contract._common import contract_label, pairings
from alignlint.rules.script_contract._env import default_text, read_name


class EnvDefaultDrift(Rule):
    """## What it does
    Compares the default of each read of an optional env var (`environ_vars.get("X", "0.7")`,
    `os.environ.get("X", "0.7")`, `os.getenv("X", "0.7")`) with the default the contract's
    `optional_env_vars` gives it. Numbers are compared as the string they stand for.

    ## Why is this bad?
    The builder sets the contract's default when the config gives no value, while a local run or a
    test of the script uses the script's default: the same step behaves differently depending on
    how it is started.

    ## Example
    ```python
    # contract: optional_env_vars={"TRAIN_RATIO": "0.7"}
    ratio = float(environ_vars.get("TRAIN_RATIO", "0.8"))
    ```

    Use instead:
    ```python
    ratio = float(environ_vars.get("TRAIN_RATIO", "0.7"))
    ```
    """

    code: ClassVar[str] = "ALN110"
    name: ClassVar[str] = "env-default-drift"
    summary: ClassVar[str] = "Script's env var default differs from the contract's"
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for pairing in pairings(project):
            optional = pairing.contract.optional_env_vars
            for read in sorted(pairing.script.env_reads, key=lambda r: r.span):
                name = read_name(read)
                script_default = default_text(read)
                if name is None or script_default is None or name not in optional:
                    continue
                entry = optional.entries[name]
                expected = text_of(entry.value)
                if expected is None or expected == script_default:
                    continue
                assert isinstance(read.default, Located)
                where = entry.value.span if isinstance(entry.value, Located) else entry.key_span
                message = (
                    f"script defaults env var `{name}` to `{script_default}` but "
                    f"{contract_label(pairing.contract)} gives it the default `{expected}`"
                )
                yield self.diagnostic(
                    message,
                    read.default.span,
                    related=[Related(where, f"contract default of `{name}`")],
                    step=pairing.step.name,
                    subject=f"env:{name}",
                )
