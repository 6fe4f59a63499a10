"""``check --fix`` starts from the cached result when the policy allows no fix of what it reports
(the fixer needs no links then), so the ``alignlint-fix`` pre-commit hook on a project with
nothing to fix costs what a cached check costs; with something to fix it links the project and
fixes as before. Compared with ``--no-cache`` runs: output, exit status and the files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alignlint.cli.fix_command import FixMode, analyze_or_fix
from alignlint.core.settings import Settings
from alignlint.rules.base import discover_rules
from alignlint.run.analysis import analyze
from alignlint.run.result import Result

from .support import project_of, snapshot
from .test_cli import CLEAN, MISSPELLED_KEY, WRONG_PATH, alignlint

RULES = discover_rules()


class Linking:
    """The analysis the fixer asks for (the linked project), counting its calls."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.calls = 0

    def __call__(self, overlay: dict[str, bytes]) -> Result:
        self.calls += 1
        return analyze(
            [], Settings(), root=self.root, rules=RULES, overlay=overlay, use_cache=True,
            need_project=True,
        )  # fmt: skip


def cached(root: Path) -> Result:
    return analyze([], Settings(), root=root, rules=RULES, use_cache=True)


@pytest.mark.parametrize(("case", "links"), [(CLEAN, 0), (MISSPELLED_KEY, 0), (WRONG_PATH, 2)])
def test_the_fixer_links_only_when_a_fix_applies(tmp_path: Path, case: str, links: int) -> None:
    """A warm cache and nothing the policy allows (a clean project; only an unsafe fix without
    ``--unsafe-fixes``): no linking at all. A safe fix: the project is linked for the first
    analysis and again after the fix, as without the shortcut."""
    root = project_of(case, tmp_path / "project")
    (root / "alignlint.toml").unlink(missing_ok=True)
    cached(root)  # a check filled the cache
    linking = Linking(root)
    run = analyze_or_fix(
        FixMode(fix=True), linking, Settings(), root=root, rules=RULES, cached=lambda: cached(root)
    )
    assert linking.calls == links
    assert run.report is not None
    assert run.report.fixed == (1 if links else 0)


@pytest.mark.parametrize("case", [CLEAN, MISSPELLED_KEY, WRONG_PATH])
@pytest.mark.parametrize("options", [("--fix",), ("--fix", "--unsafe-fixes"), ("--diff",)])
def test_a_warm_fix_run_prints_and_writes_what_a_run_without_the_cache_does(
    tmp_path: Path, case: str, options: tuple[str, ...]
) -> None:
    warm = project_of(case, tmp_path / "warm")
    fresh = tmp_path / "fresh"
    shutil.copytree(warm, fresh)
    assert alignlint(warm).returncode in (0, 1)  # fills the cache
    got = alignlint(warm, *options, "--output-format", "concise")
    expected = alignlint(fresh, *options, "--output-format", "concise", "--no-cache")
    assert (got.returncode, got.stdout, got.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )
    assert snapshot(warm) == snapshot(fresh)
