"""The rule reference and the README are generated from the rules; they must not drift."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import alignlint
from alignlint.cli.main import BASELINE_HINT
from alignlint.rules.base import FixAvailability, Rule, discover_rules

ROOT = Path(__file__).resolve().parents[2]
#: Rules whose fix is built outside the rule's module.
FIX_BUILT_ELSEWHERE = {"ALN004": "alignlint.run.suppress"}


def test_rule_docs_are_current() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_rule_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("rule", discover_rules(), ids=lambda rule: rule.code)
def test_rule_documentation_has_the_ruff_sections(rule: type[Rule]) -> None:
    doc = rule.documentation()
    for heading in ("## What it does", "## Why is this bad?", "## Example"):
        assert heading in doc, f"{rule.code} documentation lacks {heading!r}"
    if rule.fix_availability is not FixAvailability.NONE:
        assert "## Fix safety" in doc, f"{rule.code} has a fix but no 'Fix safety' section"


@pytest.mark.parametrize("rule", discover_rules(), ids=lambda rule: rule.code)
def test_rule_documentation_says_why_it_has_its_severity(rule: type[Rule]) -> None:
    """`error` means the job or the pipeline build breaks, `warning` likely drift, `info`
    advice: each rule says which consequence earns its severity, in a "## Severity" section or
    by naming its severity where it says why the finding matters."""
    doc = rule.documentation()
    word = rule.severity.name.lower()
    assert "## Severity" in doc or f"`{word}`" in doc, (
        f"{rule.code} ({word}) does not say why it has its severity: add a '## Severity' section"
    )


@pytest.mark.parametrize("rule", discover_rules(), ids=lambda rule: rule.code)
def test_fix_availability_matches_the_code(rule: type[Rule]) -> None:
    """A rule module that builds a Fix declares it (the docs' fix column comes from that)."""
    module = FIX_BUILT_ELSEWHERE.get(rule.code, rule.__module__)
    builds_fix = "Fix(" in inspect.getsource(importlib.import_module(module))
    declared = rule.fix_availability is not FixAvailability.NONE
    assert builds_fix == declared, f"{rule.code}: builds a fix={builds_fix}, declared={declared}"


def samples(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_readme_samples.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_samples_are_what_the_commands_print() -> None:
    """Every sample of the README and of docs/ (the generator's default files)."""
    completed = samples("--check")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runtime = (ROOT / "docs" / "runtime.md").read_text(encoding="utf-8")
    sample = "<!-- sample: alignlint check examples/drifted_pipeline --select ALN107 -->\n"
    assert sample in readme
    assert "<!-- sample: alignlint check alignlint/catalog -->\n" in runtime


def test_a_stale_sample_fails_the_check_and_is_regenerated(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    stale = (
        "Intro.\n\n<!-- sample: alignlint version -->\n```console\n$ alignlint version\nold\n```\n"
    )
    readme.write_text(stale, encoding="utf-8")
    check = samples("--check", str(readme))
    assert check.returncode == 1
    assert "-old\n+alignlint " in check.stdout
    assert readme.read_text(encoding="utf-8") == stale
    assert samples(str(readme)).returncode == 0
    assert readme.read_text(encoding="utf-8") == (
        "Intro.\n\n<!-- sample: alignlint version -->\n```console\n$ alignlint version\n"
        f"alignlint {alignlint.__version__}\n$ echo $?\n0\n```\n"
    )
    assert samples("--check", str(readme)).returncode == 0


def test_readme_quick_start_commands() -> None:
    """The README's two commands come first: install + run on the shipped example; install the
    test extras + run the suite (what .ci/run runs)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first, second = re.findall(r"```console\n(.*?)\n```", readme, re.DOTALL)[:2]
    assert first == (
        "python3 -m venv .venv && .venv/bin/pip install . && "
        ".venv/bin/alignlint check examples/drifted_pipeline"
    )
    assert second == (
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && "
        ".venv/bin/python -m pytest -n 2"
    )
    assert readme.index(first) < readme.index("## Usage")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest -n 2" in ci


def test_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    """The `[tool.alignlint]` example in the README loads without a configuration error."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```toml\n[tool.alignlint]\n") + len("```toml\n")
    (tmp_path / "pyproject.toml").write_text(
        readme[start : readme.index("```", start)], encoding="utf-8"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "alignlint", "config", "show"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert 'rules = { ALN105 = { platform-paths = ["/opt/ml/input/config", "/opt/ml/code"] } }' in (
        completed.stdout
    )


def _yaml_blocks(text: str, first_line: str) -> list[str]:
    return re.findall(rf"```yaml\n({re.escape(first_line)}\n.*?)```", text, re.DOTALL)


def test_readme_snippets_are_the_tested_ones() -> None:
    """The README's pre-commit and Actions snippets are exactly those the tests run: its
    pre-commit snippet is the first of docs/pre-commit.md, the local `alignlint` hook, which
    tests/precommit runs as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pre_commit = (ROOT / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    actions = (ROOT / "docs" / "github-actions.md").read_text(encoding="utf-8")
    (snippet,) = _yaml_blocks(readme, "repos:")
    assert snippet == _yaml_blocks(pre_commit, "repos:")[0]
    assert "  - repo: local\n" in snippet and "      - id: alignlint\n" in snippet
    assert "rev:" not in snippet
    assert _yaml_blocks(readme, "name: alignlint") == _yaml_blocks(actions, "name: alignlint")


PINNED_REFERENCE = re.compile(r"(?:uses: alignlint/alignlint@|rev: )(\S+)")


def test_documented_pins_name_a_commit_not_a_missing_tag() -> None:
    """No release of alignlint is tagged: a snippet that pins a tag (``@v0.1.0``) fails for every
    user who copies it, so every documented pin of alignlint is a full commit SHA."""
    pins = [
        (path.name, match.group(1))
        for path in _markdown_files()
        for match in PINNED_REFERENCE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert pins, "no documented pin found: the pattern no longer matches the docs"
    assert [pin for pin in pins if not re.fullmatch(r"[0-9a-f]{40}", pin[1])] == []


def test_the_documented_adoption_hint_is_the_printed_one() -> None:
    pre_commit = (ROOT / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    assert f"```text\n{BASELINE_HINT}\n```" in pre_commit


README = ROOT / "README.md"
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _markdown_files() -> list[Path]:
    return [README, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def _anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file: explicit ``<a id>`` and GitHub's heading slugs."""
    text = path.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


@pytest.mark.parametrize("document", _markdown_files(), ids=lambda path: path.name)
def test_relative_links_lead_somewhere(document: Path) -> None:
    """Every relative link of the README, CONTRIBUTING.md and docs/ names an existing file (and,
    with ``#anchor``, a heading or anchor in it)."""
    for target in LINK.findall(document.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (document.parent / path).resolve() if path else document
        assert file.exists(), f"{document.name}: {target}"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file), f"{document.name}: {target}"


def test_readme_is_a_users_document() -> None:
    """Short, one line per rule, the sections a user needs; the rest lives in docs/."""
    readme = README.read_text(encoding="utf-8")
    table = readme[readme.index("<!-- rules:start -->") : readme.index("<!-- rules:end -->")]
    # About 350 lines with today's rules; the table grows by a line per new rule.
    assert len(readme.splitlines()) - len(table.splitlines()) <= 290
    rows = [line for line in table.splitlines() if line.startswith("| ALN")]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [
        rule.code for rule in discover_rules()
    ]
    for section in (
        "Quick start",
        "Usage",
        "Configuration",
        "Suppressing a finding",
        "Autofix",
        "Output formats",
        "pre-commit",
        "GitHub Actions",
        "Workspaces",
        "Rules",
    ):
        assert f"\n## {section}\n" in readme, section


def _headline(readme: str, page: str) -> str:
    (line,) = [line for line in readme.splitlines() if line.startswith("- **") and page in line]
    return line


FIGURE = re.compile(r"\d[\d,.]*(?: s| MB)?|\d+ of \d+")


@pytest.mark.parametrize("page", ["docs/performance.md", "docs/reliability.md", "docs/fixes.md"])
def test_headline_figures_are_those_of_their_page(page: str) -> None:
    """A headline figure of the README repeats its page: every number on the line is there."""
    line = _headline(README.read_text(encoding="utf-8"), page)
    text = (ROOT / page).read_text(encoding="utf-8")
    figures = FIGURE.findall(line.split("](")[0])
    assert figures
    for figure in figures:
        assert figure in text, f"{figure} (README) is not in {page}"


def test_the_precision_figure_is_written_once() -> None:
    """Precision changes as rules improve: the README's line holds it, its page only says how
    it is measured."""
    line = _headline(README.read_text(encoding="utf-8"), "docs/precision.md")
    assert re.search(r"\d+\.\d% of the findings are true \(\d+ of \d+", line)
    assert "%" not in (ROOT / "docs" / "precision.md").read_text(encoding="utf-8")
