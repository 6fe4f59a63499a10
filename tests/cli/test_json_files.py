"""Committing editor settings with comments passes; a broken DAG file fails (end to end)."""

from __future__ import annotations

from pathlib import Path

from .test_cli import alignlint

WITH_COMMENTS = b'{\n  // the editor reads this\n  "editor.rulers": [100],\n}\n'
BROKEN_DAG = b'{\n  "nodes": ["A", "B"],\n  "edges": [["A", "B"]\n'


def test_committing_editor_settings_passes_and_a_broken_dag_fails(tmp_path: Path) -> None:
    for name in (".vscode/settings.json", ".devcontainer/devcontainer.json"):
        (tmp_path / name).parent.mkdir()
        (tmp_path / name).write_bytes(WITH_COMMENTS)
    changed = alignlint(tmp_path, "check", ".vscode/settings.json")
    assert (changed.returncode, changed.stdout) == (0, "All checks passed!\n"), changed.stderr
    (tmp_path / "pipelines").mkdir()
    (tmp_path / "pipelines" / "training.dag.json").write_bytes(BROKEN_DAG)
    broken = alignlint(tmp_path, "check", "--output-format", "concise")
    assert broken.returncode == 1
    assert broken.stdout.splitlines()[0] == (
        "pipelines/training.dag.json:4:1: ALN001 syntax error: invalid JSON: Expecting ',' delimiter"
    )
    configured = alignlint(
        tmp_path, "check", "--config", 'dag-files = ["*.dag.json", ".vscode/*.json"]'
    )
    assert ".vscode/settings.json" in configured.stdout
