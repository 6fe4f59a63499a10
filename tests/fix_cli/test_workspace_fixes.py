"""The fix gate in a project with workspaces: a workspace step's links and findings are judged
in the workspace's view, as a step of a project without workspaces is.

The fixture project of a repaired entry point (the fixes link the script to its contract, which
reveals an undeclared environment variable) is placed in workspace ``alpha`` over a shared
library; fixing must give the same outcome as in the plain project.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from alignlint.fix import FixPolicy, run_fixes
from alignlint.rules.base import discover_rules
from alignlint.run.configuration import load_configuration

from .support import RecordingAnalysis, project_of
from .test_cli import alignlint

REPOSITORY = Path(__file__).resolve().parents[2]
REVEALING = "builder_config/ALN407_entry_point_mismatch_contract_names_nothing_fires"
WORKSPACE = "development/projects/alpha/src/alpha_dev"


def _workspace_project(tmp_path: Path) -> Path:
    """The fixture's steps as workspace alpha's, over the shared library of the example."""
    plain = project_of(REVEALING, tmp_path / "plain")
    root = tmp_path / "project"
    shutil.copytree(REPOSITORY / "examples/workspaces/src", root / "src")
    shutil.copytree(plain / "steps", root / WORKSPACE / "steps")
    (root / WORKSPACE / "__init__.py").write_text("")
    return root


def test_a_workspace_fix_that_repairs_a_link_reveals_instead_of_introducing(
    tmp_path: Path,
) -> None:
    root = _workspace_project(tmp_path)
    checked = alignlint(root, "--no-cache")
    assert "Found 3 problems (1 error, 2 warnings)." in checked.stdout, checked.stdout
    fixed = alignlint(root, "--no-cache", "--fix", "--unsafe-fixes")
    assert "did not apply" not in fixed.stderr, fixed.stderr
    assert "Found 3 problems (2 fixed, 1 more resolved by the fixes, 0 remaining)." in fixed.stdout
    assert "Fixing revealed 1 more (1 fixed, 0 remaining)." in fixed.stdout
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    contract = (root / WORKSPACE / "steps/contracts/prep_contract.py").read_text()
    assert 'entry_point="prep.py"' in contract and '"SEED"' in contract
    assert alignlint(root, "--no-cache").returncode == 0


def test_the_gate_knows_the_steps_of_every_view(tmp_path: Path) -> None:
    """The engine's fix loop over the real analysis: the workspace's step and its pieces are in
    the snapshot, named with the workspace, and no fix is refused."""
    root = _workspace_project(tmp_path)
    settings = load_configuration(config_file=None, isolated=True).settings
    analysis = RecordingAnalysis(root, settings, discover_rules())
    snapshot = analysis({})
    script = f"{WORKSPACE}/steps/scripts/prep.py"
    config = f"{WORKSPACE}/steps/configs/config_prep_step.py"
    assert snapshot.steps_of(config) == {"Prep [workspace alpha]"}
    assert snapshot.steps_of("src/mlpipe/steps/specs/preprocess_spec.py") == {
        "Preprocess",
        "Preprocess [workspace alpha]",
    }
    assert script not in {p.split(":", 2)[1] for p in snapshot.pieces["Prep [workspace alpha]"]}
    report = run_fixes(
        root, analysis, FixPolicy.from_settings(settings, unsafe_fixes=True), write=False
    )
    assert report.refused == ()
    assert [d.code for d in report.revealed] == ["ALN107"]
    assert report.remaining == ()
