"""Hand-built rules and findings rendered by the output-format tests.

The findings cover the cases every format must handle: several files and severities, a related
location (the other side of a mismatch), a multi-line span, a file-level span, a path with a comma
and a colon, a message with a newline, a carriage return, a percent sign, ANSI colours and square
brackets, and non-ASCII text. They are deliberately listed out of order.
"""

from __future__ import annotations

from collections.abc import Iterable

from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.rules.base import Rule


class SpecOutputMissing(Rule):
    """Checks that every output of a step specification is declared by its script contract.

    ## What it does
    Reports a specification output whose logical name is not an output of the contract.

    ## Why is this bad?
    The step builder cannot wire the output; the pipeline fails when it is built.

    ## Example
    ```python
    outputs=[OutputSpec(logical_name="processed_data")]
    ```
    """

    code = "ALN203"
    name = "spec-output-missing"
    summary = "Specification output is not declared by the contract"

    def check(self, project: object) -> Iterable[Diagnostic]:
        return ()


class BuilderEnvUndeclared(Rule):
    """Reports environment variables a builder sets that the contract does not declare."""

    code = "ALN310"
    name = "builder-env-undeclared"
    summary = "Builder sets an environment variable the contract does not declare"
    severity = Severity.WARNING

    def check(self, project: object) -> Iterable[Diagnostic]:
        return ()


class DefaultDisagrees(Rule):
    """Reports a script default that differs from the config default.

    ## What it does
    Compares `os.environ.get(NAME, default)` in the script with the config field's default.
    """

    code = "ALN501"
    name = "default-disagrees"
    summary = "Script default differs from the config default"
    severity = Severity.INFO

    def check(self, project: object) -> Iterable[Diagnostic]:
        return ()


class ContractEntryPointMissing(Rule):
    """Reports a contract whose entry point does not exist.

    ## What it does
    Looks for the contract's `entry_point` among the scripts.

    ## Why is this bad?
    The processing job cannot start.
    """

    code = "ALN101"
    name = "contract-entry-point-missing"
    summary = "Contract entry point does not exist"

    def check(self, project: object) -> Iterable[Diagnostic]:
        return ()


RULES: dict[str, type[Rule]] = {
    rule.code: rule
    for rule in (
        SpecOutputMissing,
        BuilderEnvUndeclared,
        DefaultDisagrees,
        ContractEntryPointMissing,
    )
}


def finding(
    rule: type[Rule],
    message: str,
    span: Span,
    *,
    related: tuple[Related, ...] = (),
    step: str | None = None,
    fingerprint: str = "",
) -> Diagnostic:
    """A finding of ``rule`` as the engine would produce it (fingerprint included)."""
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=message,
        span=span,
        related=related,
        step=step,
        fingerprint=fingerprint,
        url=rule.url(),
    )


def sample_findings() -> list[Diagnostic]:
    """The fixed findings the golden files are rendered from (out of order on purpose)."""
    contract = "src/contracts/preprocess_contract.py"
    return [
        finding(
            DefaultDisagrees,
            "Script reads `EPOCHS` with default `10`; the config default is `20`",
            Span.whole_file("src/scripts/train.py"),
            step="Train",
            fingerprint="c0ffee0000000003",
        ),
        finding(
            BuilderEnvUndeclared,
            "Builder sets environment variable `LABEL_FIELD` that contract `TRAIN_CONTRACT` does not declare",
            Span.of("src/builders/builder_train.py", 40, 9, 44, 10),
            related=(
                Related(
                    Span.of("src/contracts/train_contract.py", 14, 5, 16, 6),
                    "declared environment variables",
                ),
            ),
            step="Train",
            fingerprint="c0ffee0000000002",
        ),
        finding(
            SpecOutputMissing,
            "Output `processed_data` of spec `PREPROCESS_SPEC` is not an output of contract `PREPROCESS_CONTRACT`",
            Span.of("src/specs/preprocess_spec.py", 12, 25, 12, 41),
            related=(
                Related(Span.of(contract, 8, 5, 8, 26), "contract outputs"),
                Related(Span.of("src/scripts/preprocess.py", 30, 17, 30, 33), "script writes here"),
            ),
            step="Preprocess",
            fingerprint="c0ffee0000000001",
        ),
        finding(
            SpecOutputMissing,
            "Coverage is 100% of\nthe \x1b[31mdeclared\x1b[0m outputs[0]\r\nnaïve → ok",
            Span.of("src/weird,dir:name/spec.py", 3, 9, 3, 14),
            related=(
                Related(Span.of("src/weird,dir:name/contract.py", 2, 1, 2, 7), "the [other] side"),
            ),
            step="Weird",
            fingerprint="c0ffee0000000004",
        ),
        finding(
            SpecOutputMissing,
            "Output `metrics` of spec `PREPROCESS_SPEC` is not an output of contract `PREPROCESS_CONTRACT`",
            Span.of("src/specs/preprocess_spec.py", 20, 25, 20, 34),
            related=(Related(Span.of(contract, 8, 5, 8, 26), "contract outputs"),),
            step="Preprocess",
            fingerprint="c0ffee0000000005",
        ),
    ]
