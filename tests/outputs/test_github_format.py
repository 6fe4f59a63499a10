"""The `github` format: workflow commands the Actions runner turns into annotations."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from output_samples import DefaultDisagrees, SpecOutputMissing, finding, sample_findings

from alignlint.core.types import Span
from alignlint.render import RenderContext, get_renderer
from alignlint.render.github import escape_data, escape_property, step_summary, write_step_summary

COMMAND = re.compile(r"^::(?P<kind>error|warning|notice) (?P<properties>[^:]*)::(?P<data>.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one workflow command the way the Actions runner does (ActionCommand.TryParseV2)."""
    match = COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    properties = {}
    for pair in match["properties"].split(","):
        key, _, value = pair.partition("=")
        properties[key] = _unescape(value, ("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","))
    data = _unescape(match["data"], ("%0D", "\r"), ("%0A", "\n"))
    return match["kind"], properties, data


def _unescape(text: str, *pairs: tuple[str, str]) -> str:
    for escaped, plain in pairs:
        text = text.replace(escaped, plain)
    return text.replace("%25", "%")


def test_golden(context: RenderContext, golden: Callable[[str, str], None]) -> None:
    golden("github.txt", get_renderer("github")(sample_findings(), context))


def test_no_findings_renders_nothing(context: RenderContext) -> None:
    assert get_renderer("github")([], context) == ""


def test_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("100% a:b,c\r\nd") == "100%25 a:b,c%0D%0Ad"
    assert escape_property("100% a:b,c\r\nd") == "100%25 a%3Ab%2Cc%0D%0Ad"


def test_path_with_comma_and_colon_message_with_newline_percent_and_ansi(
    context: RenderContext,
) -> None:
    weird = next(d for d in sample_findings() if d.step == "Weird")
    line = get_renderer("github")([weird], context)
    # The message's own line breaks and escape sequences are shown escaped; the only line break
    # (%0A) is the one before the related location.
    assert line == (
        "::error file=src/weird%2Cdir%3Aname/spec.py,line=3,col=9,endLine=3,endColumn=14,"
        "title=ALN203 spec-output-missing::Coverage is 100%25 of\\nthe \\x1b[31mdeclared"
        "\\x1b[0m outputs[0]\\r\\nnaïve → ok%0Asrc/weird,dir:name/contract.py:2:1: the [other] side\n"
    )
    kind, properties, data = parse_command(line.rstrip("\n"))
    assert kind == "error"
    assert properties == {
        "file": "src/weird,dir:name/spec.py",
        "line": "3",
        "col": "9",
        "endLine": "3",
        "endColumn": "14",
        "title": "ALN203 spec-output-missing",
    }
    assert data == (
        "Coverage is 100% of\\nthe \\x1b[31mdeclared\\x1b[0m outputs[0]\\r\\nnaïve → ok\n"
        "src/weird,dir:name/contract.py:2:1: the [other] side"
    )


def test_escape_sequences_are_shown_escaped_in_properties_too(context: RenderContext) -> None:
    coloured = finding(SpecOutputMissing, "\x1b[1mbold\x1b[0m", Span.of("a\x1b[31m.py", 1, 1, 1, 2))
    assert get_renderer("github")([coloured], context) == (
        "::error file=a\\x1b[31m.py,line=1,col=1,endLine=1,endColumn=2,"
        "title=ALN203 spec-output-missing::\\x1b[1mbold\\x1b[0m\n"
    )


def test_multiline_span_has_no_columns(context: RenderContext) -> None:
    multiline = finding(SpecOutputMissing, "m", Span.of("a.py", 4, 2, 6, 3))
    assert get_renderer("github")([multiline], context) == (
        "::error file=a.py,line=4,endLine=6,title=ALN203 spec-output-missing::m\n"
    )


def test_errors_then_warnings_then_notices(context: RenderContext) -> None:
    lines = get_renderer("github")(sample_findings(), context).splitlines()
    kinds = [parse_command(line)[0] for line in lines]
    assert kinds == ["error", "error", "error", "warning", "notice"]
    files = [parse_command(line)[1]["file"] for line in lines[:3]]
    assert files == [
        "src/specs/preprocess_spec.py",
        "src/specs/preprocess_spec.py",
        "src/weird,dir:name/spec.py",
    ]


def test_same_output_whatever_the_input_order(context: RenderContext) -> None:
    render = get_renderer("github")
    assert render(sample_findings(), context) == render(sample_findings()[::-1], context)


def test_paths_are_relative_to_the_github_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    subdirectory = tmp_path / "services" / "pipelines"
    subdirectory.mkdir(parents=True)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    context = RenderContext(root=subdirectory, rules={})
    inside = finding(
        DefaultDisagrees,
        "m",
        Span.of("src/a.py", 1, 1, 1, 2),
        related=(sample_findings()[2].related[0],),
    )
    outside = replace(inside, span=Span.of("../../../elsewhere.py", 1, 1, 1, 2), related=())
    lines = get_renderer("github")([inside, outside], context).splitlines()
    assert [parse_command(line)[1]["file"] for line in lines] == [
        "../../../elsewhere.py",
        "services/pipelines/src/a.py",
    ]
    assert parse_command(lines[1])[2] == (
        "m\nservices/pipelines/src/contracts/preprocess_contract.py:8:5: contract outputs"
    )


def test_step_summary(context: RenderContext, golden: Callable[[str, str], None]) -> None:
    golden("github-step-summary.md", step_summary(sample_findings(), context))


def test_step_summary_without_findings_says_what_was_checked(context: RenderContext) -> None:
    assert (
        step_summary([], context)
        == "## alignlint\n\n**No findings.** Checked 7 files and 3 steps.\n\n"
    )


def test_step_summary_lists_at_most_fifty_findings(context: RenderContext) -> None:
    many = [finding(SpecOutputMissing, f"m{n}", Span.of("a.py", n, 1, n, 2)) for n in range(1, 53)]
    summary = step_summary(many, context)
    assert summary.count("| `a.py:") == 50
    assert summary.endswith("| `a.py:50:1` | `ALN203` | m50 |\n\n… and 2 more findings.\n\n")


def test_write_step_summary_appends(context: RenderContext, tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_text("## earlier step\n\n", encoding="utf-8")
    write_step_summary([], context, path)
    assert path.read_text(encoding="utf-8") == (
        "## earlier step\n\n## alignlint\n\n**No findings.** Checked 7 files and 3 steps.\n\n"
    )
