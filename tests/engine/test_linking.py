"""Linking of the fixture layouts (``fixtures/linking/*.case``, whose link tables the fixture harness
compares) and of the shipped catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignlint.model import Contract
from engine.helpers import REPO, layout, project_of, project_of_tree

LAYOUTS = ["by_layer", "pipeline_style", "per_step_folder", "flat_files", "yaml_registry"]


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_piece_is_linked(name: str) -> None:
    project = project_of_tree(layout(name))
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
    project = project_of_tree(layout("by_layer"))
    step = project.step("TabularPreprocessing")
    assert step is not None
    assert step.job_types == ("calibration", "training")
    contracts = {id(spec.contract) for spec in step.all_specs()}
    assert contracts == {id(step.contract)}


def test_lazy_contract_in_a_module_sorting_first_keeps_its_name() -> None:
    """``tabular_preprocessing_calibration_spec.py`` sorts before the contract module and reaches
    the contract through a lazy import helper: the contract is still named by its variable."""
    project = project_of_tree(layout("flat_files"))
    step = project.step("TabularPreprocessing")
    assert step is not None and step.contract is not None
    assert step.contract.name == "TABULAR_PREPROCESSING_CONTRACT"
    assert str(step.contract.name_span) == "pipeline/tabular_preprocessing_contract.py:7:1"
    assert [spec.contract for spec in step.all_specs()] == [step.contract, step.contract]


def test_acronym_step_links_by_declaration() -> None:
    project = project_of_tree(layout("by_layer"))
    step = project.step("XGBoostTraining")
    assert step is not None and step.script is not None and step.contract is not None
    assert step.script.path == "steps/scripts/xgboost_training.py"
    assert step.contract.kind == "training"


def test_imported_module_is_never_executed() -> None:
    """The eval contract writes a file, raises and loops forever when imported."""
    root = layout("by_layer")
    marker = root / "steps" / "contracts" / "IMPORTED"
    project = project_of_tree(root)
    assert not marker.exists()
    step = project.step("XGBoostModelEval")
    assert step is not None and step.contract is not None
    assert sorted(step.contract.inputs) == ["model_input", "processed_data"]
    assert sorted(step.contract.required_env_vars) == ["ID_FIELD", "LABEL_FIELD"]


def test_script_roots_restrict_where_scripts_are_found(tmp_path: Path) -> None:
    from alignlint.core.settings import Settings

    project = project_of_tree(layout("by_layer"), Settings(script_roots=("nowhere",)))
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


CONFIG_CONTRACT_PROJECT = {
    "registry.py": (
        'STEP_NAMES = {"Prep": {"config_class": "PrepConfig", "spec_type": "Prep",'
        ' "builder_step_name": "PrepStepBuilder"}}\n'
    ),
    "contracts.py": (
        "from pipeline_core import ScriptContract\n"
        'SPEC_SIDE = ScriptContract(entry_point="prep.py")\n'
        'CONFIG_SIDE = ScriptContract(entry_point="prep.py")\n'
        'ORPHAN = ScriptContract(entry_point="other.py")\n'
    ),
    "spec.py": (
        "from pipeline_core import StepSpecification\n"
        "from contracts import SPEC_SIDE\n"
        'PREP_SPEC = StepSpecification(step_type="Prep", script_contract=SPEC_SIDE)\n'
    ),
    "config.py": (
        "from pipeline_core import ProcessingStepConfigBase\n"
        "class PrepConfig(ProcessingStepConfigBase):\n"
        "    def get_script_contract(self):\n"
        "        from contracts import CONFIG_SIDE\n"
        "        return CONFIG_SIDE\n"
    ),
}


def test_contract_returned_by_a_linked_config_is_linked() -> None:
    """A config's ``get_script_contract()`` links its contract even when the spec names another
    (that mismatch is a rule's finding, not an unlinked contract)."""
    project = project_of(CONFIG_CONTRACT_PROJECT)
    step = project.step("Prep")
    assert step is not None and step.config is not None and step.contract is not None
    assert step.contract.name == "SPEC_SIDE"
    assert isinstance(step.config.script_contract, Contract)
    assert step.config.script_contract.name == "CONFIG_SIDE"
    assert [(u.kind, u.name) for u in project.unlinked] == [("contract", "ORPHAN")]
