"""Suppression comments: every form, both sides of a cross-file finding, ALN004, reasons."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.extract.directives import parse_directives
from alignlint.rules.base import Rule
from alignlint.rules.engine import RULES
from alignlint.run.analysis import instantiate
from alignlint.run.suppress import apply_suppressions


class ContractMismatch(Rule):
    """A stand-in cross-file rule for these tests."""

    code = "ALN203"
    name = "spec-dependency-not-in-contract"
    summary = "test rule"

    def check(self, project: object) -> Iterator[Diagnostic]:
        return iter(())


AVAILABLE: list[type[Rule]] = [*RULES, ContractMismatch]
SPEC = "steps/specs/x_spec.py"
CONTRACT = "steps/contracts/x_contract.py"


def finding(line: int = 3, related_line: int = 5) -> Diagnostic:
    return Diagnostic(
        code="ALN203",
        name="spec-dependency-not-in-contract",
        severity=Severity.ERROR,
        message="mismatch",
        span=Span.of(SPEC, line, 5, line, 9),
        related=(Related(Span.of(CONTRACT, related_line, 5, related_line, 9), "contract"),),
    )


def run(
    sources: Mapping[str, str],
    diagnostics: Iterable[Diagnostic] = (),
    settings: Settings | None = None,
) -> list[str]:
    """Concise lines of what is left after suppression (ALN004 included)."""
    settings = settings or Settings()
    directives = [d for path in sorted(sources) for d in parse_directives(path, sources[path])]
    selected = [instantiate(rule, settings) for rule in AVAILABLE]
    kept, _dropped = apply_suppressions(
        list(diagnostics), directives, available=AVAILABLE, selected=selected, settings=settings
    )
    return [f"{d.span}: {d.code} {d.message}" for d in kept]


def spec_with(comment_line: str, *, above: bool = False) -> str:
    lines = ["import x", "", "    value = 1", "", "", ""]
    if above:
        lines[1] = comment_line
    else:
        lines[2] = lines[2] + "  " + comment_line
    return "\n".join(lines) + "\n"


CLEAN_CONTRACT = "a = 1\n" * 6


def test_unsuppressed_finding_is_kept() -> None:
    assert run({SPEC: spec_with(""), CONTRACT: CLEAN_CONTRACT}, [finding()]) == [
        f"{SPEC}:3:5: ALN203 mismatch"
    ]


def test_ignore_on_the_reported_line() -> None:
    source = spec_with("# alignlint: ignore[ALN203] -- generated at run time")
    assert run({SPEC: source, CONTRACT: CLEAN_CONTRACT}, [finding()]) == []


def test_ignore_by_rule_name_on_the_line_above() -> None:
    source = spec_with("# alignlint: ignore[spec-dependency-not-in-contract]", above=True)
    assert run({SPEC: source, CONTRACT: CLEAN_CONTRACT}, [finding()]) == []


def test_block_of_comments_above_applies_to_the_next_code_line() -> None:
    source = "import x\n# alignlint: ignore[ALN203] -- why\n# an explanation\n    value = 1\n"
    assert run({SPEC: source, CONTRACT: CLEAN_CONTRACT}, [finding(line=4)]) == []


def test_trailing_comment_on_the_previous_line_does_not_apply() -> None:
    source = "import x  # alignlint: ignore[ALN203]\n\n    value = 1\n"
    result = run({SPEC: source, CONTRACT: CLEAN_CONTRACT}, [finding(line=3)])
    assert result == [
        f"{SPEC}:3:5: ALN203 mismatch",
        f"{SPEC}:1:11: ALN004 Unused `alignlint: ignore` directive (unused: `ALN203`)",
    ]


def test_noqa_with_our_code_suppresses_and_other_codes_are_left_alone() -> None:
    source = spec_with("# noqa: E501, ALN203")
    assert run({SPEC: source, CONTRACT: CLEAN_CONTRACT}, [finding()]) == []
    assert run({SPEC: spec_with("# noqa: E501"), CONTRACT: CLEAN_CONTRACT}) == []
    assert run({SPEC: spec_with("# noqa"), CONTRACT: CLEAN_CONTRACT}) == []


def test_file_ignore_applies_to_the_whole_file() -> None:
    source = "# alignlint: file-ignore[ALN203] -- legacy step\n" + spec_with("")
    assert run({SPEC: source, CONTRACT: CLEAN_CONTRACT}, [finding(line=4)]) == []


def test_suppression_on_the_related_side_silences_a_cross_file_finding() -> None:
    contract = "a = 1\n" * 4 + "X = 1  # alignlint: ignore[ALN203] -- contract is right\n"
    assert run({SPEC: spec_with(""), CONTRACT: contract}, [finding()]) == []


def test_suppression_in_a_string_is_not_a_suppression() -> None:
    source = 'import x\n\n    value = "# alignlint: ignore[ALN203]"\n'
    assert run({SPEC: source, CONTRACT: CLEAN_CONTRACT}, [finding()]) == [
        f"{SPEC}:3:5: ALN203 mismatch"
    ]


def test_yaml_comments_suppress() -> None:
    registry = "steps:\n  X:  # alignlint: ignore[ALN203] -- reason\n    config: 'a # b'\n"
    diagnostic = finding()
    moved = Diagnostic(
        code=diagnostic.code,
        name=diagnostic.name,
        severity=diagnostic.severity,
        message=diagnostic.message,
        span=Span.of("registry.yaml", 2, 3, 2, 4),
    )
    assert run({"registry.yaml": registry}, [moved]) == []
    assert parse_directives("registry.yaml", "a: 'x # alignlint: ignore[ALN203]'\n") == []


def test_unused_and_unknown_codes_are_reported_with_a_fix() -> None:
    source = spec_with("# alignlint: ignore[ALN203, ALN999, no-such-rule] -- reason")
    result = run({SPEC: source, CONTRACT: CLEAN_CONTRACT})
    assert result == [
        f"{SPEC}:3:16: ALN004 Unused `alignlint: ignore` directive "
        "(unused: `ALN203`; unknown: `ALN999`, `no-such-rule`)"
    ]


def test_unused_fix_removes_the_comment_or_only_the_unused_codes() -> None:
    directives = parse_directives(SPEC, spec_with("# alignlint: ignore[ALN203, ALN001]"))
    settings = Settings()
    selected = [instantiate(rule, settings) for rule in AVAILABLE]
    kept, _ = apply_suppressions(
        [finding()], directives, available=AVAILABLE, selected=selected, settings=settings
    )
    (unused,) = kept
    assert unused.fix is not None
    (edit,) = unused.fix.edits
    assert (edit.span, edit.content) == (Span.of(SPEC, 3, 36, 3, 50), "ALN203")

    whole = parse_directives(SPEC, spec_with("# noqa: ALN001"))
    kept, _ = apply_suppressions(
        [], whole, available=AVAILABLE, selected=selected, settings=settings
    )
    (unused,) = kept
    assert unused.fix is not None
    (edit,) = unused.fix.edits
    assert (edit.span, edit.content) == (Span.of(SPEC, 3, 14, 3, 30), "")


def test_codes_of_rules_that_did_not_run_are_not_reported_unused() -> None:
    settings = Settings(ignore=("ALN203",))
    source = spec_with("# alignlint: ignore[ALN203] -- reason")
    directives = parse_directives(SPEC, source)
    selected = [instantiate(r, settings) for r in AVAILABLE if r.code != "ALN203"]
    kept, _ = apply_suppressions(
        [], directives, available=AVAILABLE, selected=selected, settings=settings
    )
    assert kept == []


def test_malformed_directive_is_reported() -> None:
    result = run({SPEC: spec_with("# alignlint: ignore ALN203")})
    assert result == [
        f"{SPEC}:3:16: ALN004 Malformed `alignlint` directive; expected "
        "`# alignlint: ignore[CODE] -- reason` or `# alignlint: file-ignore[CODE] -- reason`"
    ]


def test_mandatory_reason() -> None:
    settings = Settings(require_suppression_reason=True)
    without = spec_with("# alignlint: ignore[ALN203]")
    assert run({SPEC: without, CONTRACT: CLEAN_CONTRACT}, [finding()], settings) == [
        f"{SPEC}:3:5: ALN203 mismatch",
        f"{SPEC}:3:16: ALN004 `alignlint: ignore` directive has no reason "
        "(`require-suppression-reason` is set); add one after ` -- `",
    ]
    with_reason = spec_with("# alignlint: ignore[ALN203] -- the contract is generated")
    assert run({SPEC: with_reason, CONTRACT: CLEAN_CONTRACT}, [finding()], settings) == []


def test_per_file_ignores_drop_findings_by_primary_path() -> None:
    settings = Settings(per_file_ignores=(("steps/specs/*.py", ("ALN2",)),))
    assert run({SPEC: spec_with(""), CONTRACT: CLEAN_CONTRACT}, [finding()], settings) == []
    other = Settings(per_file_ignores=(("x_contract.py", ("ALN203",)),))
    assert run({SPEC: spec_with(""), CONTRACT: CLEAN_CONTRACT}, [finding()], other) == [
        f"{SPEC}:3:5: ALN203 mismatch"
    ]


def test_unused_suppression_findings_can_themselves_be_file_ignored() -> None:
    source = "# alignlint: file-ignore[ALN004]\n" + spec_with("# alignlint: ignore[ALN999]")
    assert run({SPEC: source}) == []


def test_directives_are_on_python_lines_whatever_the_line_breaks() -> None:
    """A form feed is not a line break (``str.splitlines`` would say it is) and a lone ``\\r``
    is one: directive lines and removal spans follow Python's line numbering."""
    for text in (
        "X = 1  # a\x0cb\nY = 2\nZ = 3  # noqa: ALN101\n",
        "X = 1\rY = 2\rZ = 3  # noqa: ALN101\r",
        "X = 1\r\nY = 2\r\nZ = 3  # noqa: ALN101\r\n",
    ):
        (directive,) = parse_directives("m.py", text)
        assert directive.span.line == 3, repr(text)
        assert directive.lines == (3,)
        assert directive.removal_span == Span("m.py", 3, 6, 3, 22)
