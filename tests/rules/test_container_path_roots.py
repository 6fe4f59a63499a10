"""A module constant holding a container path, read only as the root of paths the script builds
(``f"{SOURCE}/models"``), is no use of its own: the paths built are (see
``ModelResolver._without_composed_roots``). Read otherwise, it still is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_cases import materialized

from alignlint.core.settings import Settings
from alignlint.rules.base import discover_rules
from alignlint.run.analysis import analyze

CASE = "contract_platform/ALN120_wrong_container_root_main_fallback_constant_prefix_fires"
ROOT_FINDING = "uses `/opt/ml/code`, but step Score"


def _aln120(tmp_path: Path, old: str, new: str) -> list[tuple[int, str, str]]:
    root = tmp_path / "project"
    shutil.copytree(materialized(CASE), root)
    script = root / "steps" / "scripts" / "score.py"
    text = script.read_text(encoding="utf-8")
    assert old in text
    script.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = analyze([], Settings(select=("ALN120",)), root=root, rules=discover_rules())
    return [(d.span.line, d.severity.label, d.message) for d in result.diagnostics]


def test_a_root_read_only_in_the_paths_built_on_it_is_not_reported(tmp_path: Path) -> None:
    found = _aln120(tmp_path, "import os\n", "import os\n")
    assert not any(ROOT_FINDING in message for _, _, message in found)
    assert [severity for _, severity, _ in found] == ["error", "warning", "warning", "warning"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # also read as itself
        (
            "    return input_paths",
            "    print(SOURCE)\n    return input_paths",
        ),
        # bound twice: where it is read, it may hold the other value
        (
            'SOURCE = "/opt/ml/code"\n',
            'SOURCE = "/opt/ml/code"\nif os.name != "posix":\n    SOURCE = "/opt/ml/code"\n',
        ),
        # read in a path alignlint cannot evaluate
        (
            'input_paths = {"settings": f"{SOURCE}/settings"}',
            'input_paths = {"settings": os.path.join(SOURCE, os.environ["NAME"])}',
        ),
    ],
    ids=["read as itself", "bound twice", "in a path not known"],
)
def test_a_root_read_otherwise_is_still_a_use(tmp_path: Path, old: str, new: str) -> None:
    found = _aln120(tmp_path, old, new)
    assert [(line, severity) for line, severity, message in found if ROOT_FINDING in message][
        :1
    ] == [(5, "error")]
