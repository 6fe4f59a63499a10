"""``--fix`` cannot lose an edit the user saves while it runs.

Two races: the user saves a file after the analysis read it but before the fixer reads it (the
fixes' offsets then belong to the old text), and the user saves it after the fixer wrote its
temporary file but before the rename (the rename would replace the user's version). In both, the
file must keep the user's text, be reported as left unchanged, and not be counted as fixed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from alignlint.cli.fix_command import FixMode, analyze_or_fix
from alignlint.fix.write import PAUSE_VARIABLE
from alignlint.rules.base import discover_rules
from alignlint.run.analysis import Result, analyze
from alignlint.run.configuration import load_configuration

from .support import REPO, make_project

CONFIG = 'select = ["ALN004", "ALN1"]\n'
#: An unused suppression (ALN004, whose safe fix removes it) after a docstring.
SCRIPT = '''\
"""Prepare the data."""

VALUE = 1  # alignlint: ignore[ALN101]
'''
FIXED = '''\
"""Prepare the data."""

VALUE = 1
'''
#: What the user saves meanwhile: lines above the suppression, so every offset moves.
SAVED = '''\
"""Prepare the data.

The user wrote this paragraph while the fixer was running; it must survive.
"""

VALUE = 1  # alignlint: ignore[ALN101]
'''


def project(root: Path) -> Path:
    make_project(root, config=CONFIG, git=True)
    script = root / "steps" / "scripts" / "extra.py"
    script.write_text(SCRIPT, encoding="utf-8")
    return script


def test_a_file_saved_after_the_analysis_read_it_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    script = project(root)
    configuration = load_configuration(config_file=root / "alignlint.toml")
    rules = discover_rules()
    calls = 0

    def analysis(overlay: Mapping[str, bytes]) -> Result:
        nonlocal calls
        result = analyze([], configuration.settings, root=root, rules=rules, overlay=overlay)
        calls += 1
        if calls == 1:  # the editor saves right after the analysis read the file
            script.write_text(SAVED, encoding="utf-8")
        return result

    run = analyze_or_fix(
        FixMode(fix=True), analysis, configuration.settings, root=root, rules=rules
    )
    assert script.read_text(encoding="utf-8") == SAVED
    assert run.report is not None
    assert run.fixed == 0
    assert [(p.path, p.reason) for p in run.report.left_alone] == [
        ("steps/scripts/extra.py", "changed on disk since it was analysed")
    ]


def test_without_a_concurrent_save_the_fix_applies(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    script = project(root)
    configuration = load_configuration(config_file=root / "alignlint.toml")
    rules = discover_rules()
    run = analyze_or_fix(
        FixMode(fix=True),
        lambda overlay: analyze(
            [], configuration.settings, root=root, rules=rules, overlay=overlay
        ),
        configuration.settings,
        root=root,
        rules=rules,
    )
    assert script.read_text(encoding="utf-8") == FIXED
    assert run.fixed == 1


def test_a_file_saved_between_the_temporary_file_and_the_rename_is_left_alone(
    tmp_path: Path, home: Path
) -> None:
    root = tmp_path / "repo"
    script = project(root)
    marker = tmp_path / "paused"
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    environment.update({"XDG_CACHE_HOME": str(home), PAUSE_VARIABLE: f"1:{marker}"})
    process = subprocess.Popen(
        [sys.executable, "-m", "alignlint", "check", "--fix", "--output-format", "concise"],
        cwd=root,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():  # the temporary file is written; the rename is next
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the fixer never reached the rename"
            time.sleep(0.02)
        temporary = [name for name in os.listdir(script.parent) if name.endswith("-tmp")]
        assert len(temporary) == 1
        script.write_text(SAVED, encoding="utf-8")
        marker.unlink()  # let it go on
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert script.read_text(encoding="utf-8") == SAVED
    assert sorted(os.listdir(script.parent)) == ["extra.py", "prep.py"]
    assert (
        "warning: steps/scripts/extra.py changed on disk since it was read; it was left "
        "unchanged" in stderr
    )
    assert "fixed" not in stdout
    assert "steps/scripts/extra.py:6:12: ALN004" in stdout
