"""The summary counts findings by severity in every text format, and never contradicts the exit
status: findings below ``fail-on`` are said not to fail the check, a failure for another reason
(``--strict-baseline``) is named instead of ``All checks passed!``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignlint.core.types import Diagnostic, Severity, Span
from alignlint.render import Verdict
from alignlint.render.summary import summary

from .test_cli import CONTRACT, alignlint

SPAN = Span.of("steps/x.py", 1, 1, 1, 2)
FORMATS = [("--output-format", "full"), ("--output-format", "concise"), ("--statistics",)]


def finding(severity: Severity) -> Diagnostic:
    return Diagnostic("ALN999", "probe", severity, "message", SPAN)


@pytest.fixture
def warnings_only(tmp_path: Path) -> Path:
    """Two contracts no spec or config refers to: two ALN003 warnings (ALN001 is selected too)."""
    (tmp_path / "steps").mkdir()
    (tmp_path / "alignlint.toml").write_text('select = ["ALN001", "ALN003"]\n', encoding="utf-8")
    for name in ("x", "y"):
        text = CONTRACT.replace("X_CONTRACT", f"{name.upper()}_CONTRACT")
        (tmp_path / "steps" / f"{name}_contract.py").write_text(text, encoding="utf-8")
    return tmp_path


def summary_line(stdout: str) -> str:
    (line,) = [line for line in stdout.splitlines() if line.startswith(("Found ", "All ", "No "))]
    return line


@pytest.mark.parametrize("output", FORMATS, ids=lambda args: " ".join(args))
def test_warnings_are_counted_as_warnings(warnings_only: Path, output: tuple[str, ...]) -> None:
    result = alignlint(warnings_only, "check", *output)
    assert result.returncode == 1, result.stderr
    assert summary_line(result.stdout) == "Found 2 problems (0 errors, 2 warnings)."


@pytest.mark.parametrize("output", FORMATS, ids=lambda args: " ".join(args))
def test_findings_below_fail_on_are_said_not_to_fail(
    warnings_only: Path, output: tuple[str, ...]
) -> None:
    result = alignlint(warnings_only, "check", *output, "--config", "fail-on = 'error'")
    assert result.returncode == 0, result.stderr
    assert summary_line(result.stdout) == (
        'Found 2 problems (0 errors, 2 warnings); none fails the check (fail-on = "error").'
    )
    assert "hint:" not in result.stdout


def test_an_error_fails_whatever_fail_on(warnings_only: Path) -> None:
    (warnings_only / "steps" / "bad.py").write_text("def f(:\n", encoding="utf-8")
    result = alignlint(warnings_only, "check", "--config", "fail-on = 'error'")
    assert result.returncode == 1
    assert summary_line(result.stdout) == "Found 3 problems (1 error, 2 warnings)."


def test_strict_baseline_failure_is_in_the_summary(warnings_only: Path) -> None:
    assert alignlint(warnings_only, "baseline", "update").returncode == 0
    (warnings_only / "steps" / "y_contract.py").write_text("Y = 1\n", encoding="utf-8")
    for output in FORMATS:
        args = ("check", *output, "--baseline", "alignlint-baseline.json", "--strict-baseline")
        result = alignlint(warnings_only, *args)
        assert result.returncode == 1
        assert summary_line(result.stdout) == (
            "No problems found, but 1 baselined finding in alignlint-baseline.json no longer "
            "occurs (--strict-baseline)."
        )
        assert "All checks passed!" not in result.stdout
        assert result.stderr.startswith("error: 1 baselined finding in alignlint-baseline.json")
    lenient = alignlint(warnings_only, "check", "--baseline", "alignlint-baseline.json")
    assert (lenient.returncode, lenient.stdout) == (0, "All checks passed!\n")


def test_infos_are_counted_when_there_are_any() -> None:
    findings = [finding(Severity.ERROR), finding(Severity.INFO), finding(Severity.INFO)]
    assert summary(findings) == "Found 3 problems (1 error, 0 warnings, 2 info).\n"
    assert summary([finding(Severity.WARNING)]) == "Found 1 problem (0 errors, 1 warning).\n"


@given(
    st.lists(st.sampled_from(list(Severity)), max_size=4),
    st.sampled_from(list(Severity)),
    st.booleans(),
)
def test_the_summary_says_pass_exactly_when_the_run_passes(
    severities: list[Severity], fail_on: Severity, other_failure: bool
) -> None:
    """The run passes when no finding reaches ``fail_on`` and nothing else fails it (the exit
    status of ``check``); the summary then says so, and only then."""
    failures = ("1 baselined finding in b.json no longer occurs (--strict-baseline)",)
    verdict = Verdict(fail_on, failures if other_failure else ())
    text = summary([finding(severity) for severity in severities], verdict=verdict)
    passes = not other_failure and all(severity < fail_on for severity in severities)
    says_pass = text == "All checks passed!\n" or "; none fails the check" in text
    assert says_pass == passes
    assert (failures[0] in text) == other_failure


def test_statistics_as_json_count_by_severity(warnings_only: Path) -> None:
    result = alignlint(warnings_only, "check", "--statistics", "--output-format", "json")
    assert json.loads(result.stdout)["severities"] == {"error": 0, "warning": 2, "info": 0}
