"""`.pre-commit-hooks.yaml`: valid for pre-commit itself, with the two documented hooks."""

from __future__ import annotations

from pathlib import Path

from pre_commit.clientlib import load_manifest

MANIFEST = Path(__file__).parents[2] / ".pre-commit-hooks.yaml"


def test_manifest_is_valid_and_declares_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(MANIFEST))}
    assert sorted(hooks) == ["alignlint", "alignlint-fix"]
    assert hooks["alignlint"]["entry"] == "alignlint check --force-exclude"
    assert hooks["alignlint-fix"]["entry"] == "alignlint check --fix --force-exclude"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        assert hook["pass_filenames"] is True
        assert hook["types_or"] == ["python", "json", "yaml", "toml"]
