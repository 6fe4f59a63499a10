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


def test_readme_samples_are_what_the_commands_print() -> None:
    completed = samples("--check")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- sample: alignlint check examples/drifted_pipeline -->\n" in readme
    assert "<!-- sample: alignlint check alignlint/catalog -->\n" in readme


def test_a_stale_sample_fails_the_check_and_is_regenerated(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    stale = (
        "Intro.\n\n<!-- sample: alignlint version -->\n```console\n$ alignlint version\nold\n```\n"
    )
    readme.write_text(stale, encoding="utf-8")
    check = samples("--check", "--readme", str(readme))
    assert check.returncode == 1
    assert "-old\n+alignlint " in check.stdout
    assert readme.read_text(encoding="utf-8") == stale
    assert samples("--readme", str(readme)).returncode == 0
    assert readme.read_text(encoding="utf-8") == (
        "Intro.\n\n<!-- sample: alignlint version -->\n```console\n$ alignlint version\n"
        f"alignlint {alignlint.__version__}\n$ echo $?\n0\n```\n"
    )
    assert samples("--check", "--readme", str(readme)).returncode == 0


def test_readme_quick_start_commands() -> None:
    """The README's two commands: install + run on the shipped example; install tests + run."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "alignlint check examples/drifted_pipeline" in readme
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest -n 2" in readme
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


def test_the_documented_adoption_hint_is_the_printed_one() -> None:
    pre_commit = (ROOT / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    assert f"```text\n{BASELINE_HINT}\n```" in pre_commit
