"""Names, messages, paths and source bytes from the checked code cannot drive a terminal or a CI
runner: no raw control character reaches the output of a human format, no line built from the
checked code is a GitHub workflow command, and the job summary's Markdown renders as plain text.

The attacker writes a contract whose input key holds a line break followed by workflow commands,
terminal escape sequences (a title change, a hyperlink) and a bidi override, and files whose names
hold such text; the real command then runs in every human format.
"""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from alignlint.core.escape import (
    markdown_code,
    markdown_message,
    markdown_text,
    terminal_line,
    terminal_lines,
    terminal_text,
)

from .support import CONTRACT, alignlint, make_project

HOSTILE = (
    "data_input\n::error file=x.py::pwned\r\n  ::add-mask::secret\x1b]0;title\x07"
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\\x9b31m\u202egnp.exe ##[add-mask]s"
)
#: Raw characters that must never reach a terminal or a CI log from the checked code.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: A line the Actions runner would parse as a workflow command (``TryParseV2`` trims the start).
WORKFLOW_COMMAND = re.compile(r"^\s*::(?!:)")
#: The full format's own marker of a related location (a command name cannot start with ``:``).
RELATED_MARKER = re.compile(r"^ +::: ")


def hostile_project(root: Path) -> Path:
    contract = CONTRACT.replace('"data_input"', repr(HOSTILE).replace("'", '"'))
    assert contract != CONTRACT
    make_project(root, contract=contract, config='select = ["ALN001", "ALN1"]\n')
    # Files whose names are workflow commands and terminal escapes; neither parses (ALN001).
    for name in ("::warning title=x::pwned.py", "evil\x1b]0;x\x07 ##[add-mask]s.py"):
        (root / "steps" / name).write_text("def broken(:\n", encoding="utf-8")
    return root


def assert_safe(output: str, *, related_markers: bool = False) -> None:
    assert not RAW_CONTROL.search(output), repr(RAW_CONTROL.search(output))
    assert "##[" not in output
    for line in output.split("\n"):
        if related_markers and RELATED_MARKER.match(line):
            continue
        assert not WORKFLOW_COMMAND.match(line), line


@pytest.mark.parametrize("output_format", ["full", "concise", "junit"])
def test_human_formats_show_hostile_text_escaped(
    tmp_path: Path, home: Path, output_format: str
) -> None:
    root = hostile_project(tmp_path / "project")
    result = alignlint(root, home, "check", "--no-cache", "--output-format", output_format)
    assert result.returncode == 1, result.stderr
    assert_safe(result.stdout, related_markers=output_format == "full")
    assert_safe(result.stderr)
    # What the code says is still shown, escaped.
    assert "data_input\\n::error file=x.py::pwned\\r\\n" in result.stdout
    assert "\\x1b]0;title\\x07" in result.stdout
    assert "\\u202egnp.exe #\\x23[add-mask]s" in result.stdout
    assert "::warning title=x::pwned.py" in result.stdout


def test_concise_line_of_a_file_named_like_a_workflow_command_is_not_one(
    tmp_path: Path, home: Path
) -> None:
    root = hostile_project(tmp_path / "project")
    (root / "::error title=x::pwned.py").write_text("def broken(:\n", encoding="utf-8")
    result = alignlint(root, home, "check", "--no-cache", "--output-format", "concise")
    assert "\\x3a:error title=x::pwned.py:1:" in result.stdout
    assert_safe(result.stdout)


def test_statistics_show_links_and_stderr_are_escaped(tmp_path: Path, home: Path) -> None:
    root = hostile_project(tmp_path / "project")
    (root / "alignlint.toml").write_text(
        'select = ["ALN1"]\nper-file-ignores = { "x" = ["ALN1"] }\n', encoding="utf-8"
    )
    result = alignlint(root, home, "check", "--no-cache", "--statistics", "--show-links")
    assert result.returncode == 1, result.stderr
    assert "step Prep" in result.stdout
    assert_safe(result.stdout)
    # A configuration value is echoed in the error: escaped too.
    (root / "alignlint.toml").write_text(
        'select = ["\\n::error::x\\u001b]0;t\\u0007"]\n', encoding="utf-8"
    )
    failed = alignlint(root, home, "check", "--no-cache")
    assert failed.returncode == 2
    assert "selector `\\n::error::x\\x1b]0;t\\x07`" in failed.stderr
    assert_safe(failed.stderr)


def test_github_format_prints_only_its_own_commands(tmp_path: Path, home: Path) -> None:
    root = hostile_project(tmp_path / "project")
    result = alignlint(root, home, "check", "--no-cache", "--output-format", "github")
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # ALN101, ALN103 and two ALN001
    assert all(re.match(r"::(error|warning|notice) file=", line) for line in lines)
    assert not RAW_CONTROL.search(result.stdout)
    assert "##[" not in result.stdout


def test_diff_of_a_file_holding_hostile_lines_is_escaped(tmp_path: Path, home: Path) -> None:
    root = make_project(tmp_path / "project", config='select = ["ALN004", "ALN1"]\n')
    script = root / "steps" / "scripts" / "prep.py"
    script.write_text(
        'NOTE = """\n::error file=a.py::pwned\n\x1b]0;title\x07 ##[add-mask]s\n"""\n'
        "VALUE = 1  # alignlint: ignore[ALN101]\n",
        encoding="utf-8",
    )
    result = alignlint(root, home, "check", "--no-cache", "--diff")
    assert result.returncode == 1, result.stderr
    assert "-VALUE = 1  # alignlint: ignore[ALN101]" in result.stdout
    assert " \\x3a:error file=a.py::pwned" in result.stdout
    assert_safe(result.stdout)


class _Cells(html.parser.HTMLParser):
    """The text of every table cell and every tag of the rendered Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[list[str]] = []
        self.tags: set[str] = set()
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "td":
            self.cells.append([])
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.cells[-1].append(data)


def rendered(markdown: str) -> _Cells:
    parser = _Cells()
    parser.feed(MarkdownIt("commonmark").enable("table").render(markdown))
    return parser


def test_step_summary_markdown_renders_names_as_plain_text(tmp_path: Path, home: Path) -> None:
    key = "a`b [click](https://evil.example) ![x](https://evil.example/t.png) <img src=x> | *e* ``c"
    root = make_project(
        tmp_path / "project", contract=CONTRACT.replace("data_input", key.replace('"', "'"))
    )
    summary = tmp_path / "summary.md"
    result = alignlint(
        root,
        home,
        "check",
        "--no-cache",
        "--output-format",
        "github",
        "--output-format",
        f"json:{tmp_path / 'findings.json'}",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 1, result.stderr
    messages = [item["message"] for item in json.loads((tmp_path / "findings.json").read_text())]
    assert any(key in message for message in messages)
    page = rendered(summary.read_text(encoding="utf-8"))
    assert page.tags <= {"h2", "p", "strong", "table", "thead", "tbody", "tr", "th", "td", "code"}
    texts = ["".join(cell) for cell in page.cells]
    for message in messages:
        assert message.replace("`", "") in [text.replace("`", "") for text in texts]


# -- the escaping functions ------------------------------------------------------------------------
def test_terminal_text_examples() -> None:
    assert terminal_text("a\tb\nc\rd\x1b[31m\x9b\u202e\udcff") == (
        "a\tb\\nc\\rd\\x1b[31m\\x9b\\u202e\\udcff"
    )
    assert terminal_text("##[add-mask]x") == "#\\x23[add-mask]x"
    assert terminal_line("  ::error::x") == "  \\x3a:error::x"
    assert terminal_line("a ::error::x") == "a ::error::x"
    assert terminal_lines("ok\n::warning::x") == "ok\n\\x3a:warning::x"


@given(st.text())
def test_terminal_line_never_emits_control_characters_or_commands(text: str) -> None:
    line = terminal_line(text)
    assert not RAW_CONTROL.search(line)
    assert "\n" not in line and "##[" not in line
    assert not line.lstrip().startswith("::")
    line.encode("utf-8")  # no lone surrogate is left to crash a write


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_markdown_text_renders_as_the_text_itself(text: str) -> None:
    cell = rendered(f"| h |\n| --- |\n| {markdown_text(text)} |\n")
    assert cell.tags <= {"table", "thead", "tbody", "tr", "th", "td"}
    expected = terminal_text(" ".join(text.split()))
    assert "".join(cell.cells[0]).strip() == expected.strip()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_markdown_code_and_message_cannot_break_out(text: str) -> None:
    page = rendered(
        f"| a | b |\n| --- | --- |\n| {markdown_code(text)} | {markdown_message(text)} |\n"
    )
    assert page.tags <= {"table", "thead", "tbody", "tr", "th", "td", "code"}
    assert len(page.cells) == 2
