"""Link tables of the three fixture layouts and of the shipped catalogue."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alignlint.model import describe_links
from engine.helpers import FIXTURES, REPO, project_of_tree

LAYOUTS = ["by_layer", "pipeline_style", "per_step_folder"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_link_table_matches_expectation(layout: str) -> None:
    root = FIXTURES / layout
    actual = describe_links(project_of_tree(root))
    expected_file = root / "links.txt"
    if os.environ.get("ALIGNLINT_REGENERATE"):
        expected_file.write_text(actual)
    assert actual == expected_file.read_text()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_piece_is_linked(layout: str) -> None:
    project = project_of_tree(FIXTURES / layout)
    assert project.unlinked == []
    assert project.unresolved == []
    assert [step.name for step in project.steps] == [
        "TabularPreprocessing",
        "XGBoostModelEval",
        "XGBoostTraining",
    ]
    for step in project.steps:
        assert step.contract is not None
        assert step.config is not None
        assert step.builder is not None
        assert step.script is not None


def test_job_type_variants_share_one_contract() -> None:
    project = project_of_tree(FIXTURES / "by_layer")
    step = project.step("TabularPreprocessing")
    assert step is not None
    assert step.job_types == ("calibration", "training")
    contracts = {id(spec.contract) for spec in step.all_specs()}
    assert contracts == {id(step.contract)}


def test_acronym_step_links_by_declaration() -> None:
    project = project_of_tree(FIXTURES / "by_layer")
    step = project.step("XGBoostTraining")
    assert step is not None and step.script is not None and step.contract is not None
    assert step.script.path == "steps/scripts/xgboost_training.py"
    assert step.contract.kind == "training"


def test_imported_module_is_never_executed() -> None:
    """The eval contract writes a file, raises and loops forever when imported."""
    root = FIXTURES / "by_layer"
    marker = root / "steps" / "contracts" / "IMPORTED"
    project = project_of_tree(root)
    assert not marker.exists()
    step = project.step("XGBoostModelEval")
    assert step is not None and step.contract is not None
    assert sorted(step.contract.inputs) == ["model_input", "processed_data"]
    assert sorted(step.contract.required_env_vars) == ["ID_FIELD", "LABEL_FIELD"]


def test_script_roots_restrict_where_scripts_are_found(tmp_path: Path) -> None:
    from alignlint.settings import Settings

    project = project_of_tree(FIXTURES / "by_layer", Settings(script_roots=("nowhere",)))
    step = project.step("XGBoostTraining")
    assert step is not None and step.script is not None
    assert step.script.path == "steps/scripts/xgboost_training.py"


def test_catalogue_links_fully() -> None:
    catalogue = REPO / "alignlint" / "catalog"
    if not (catalogue / "registry").is_dir():
        pytest.skip("the catalogue is not there yet")
    project = project_of_tree(REPO / "alignlint")
    assert project.unlinked == []
    assert project.steps
    for step in project.steps:
        assert step.specs, step.name
        assert step.config is not None, step.name
        assert step.builder is not None, step.name
