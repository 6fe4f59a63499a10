"""Builder, script and config facts resolved on the by-layer fixture."""

from __future__ import annotations

from alignlint.model import Project, Step, text_of
from engine.helpers import layout, project_of_tree


def _step(name: str) -> Step:
    project: Project = project_of_tree(layout("by_layer"))
    step = project.step(name)
    assert step is not None
    return step


def test_builder_facts() -> None:
    builder = _step("TabularPreprocessing").builder
    assert builder is not None
    assert [(r.attr, r.via, r.guarded) for r in builder.config_reads] == [
        ("job_type", "config", False),
        ("label_field", "self.config", False),
    ]
    assert list(builder.env_var_keys) == ["LABEL_FIELD"]
    assert [s.name for s in builder.spec_refs] == [
        "PREPROCESSING_TRAINING_SPEC",
        "PREPROCESSING_CALIBRATION_SPEC",
    ]
    assert [n.value for n in builder.config_class_names] == ["TabularPreprocessingConfig"]


def test_script_facts() -> None:
    script = _step("TabularPreprocessing").script
    assert script is not None
    assert [(text_of(k.key), k.kind) for k in script.input_keys] == [("DATA", "subscript")]
    assert [(text_of(e.name), e.via, e.where) for e in script.env_reads] == [
        ("LABEL_FIELD", "environ_vars.get", "main"),
        ("LABEL_FIELD", "os.environ.get", "__main__"),
    ]
    assert [(a.flags, a.dest, a.required) for a in script.arguments] == [
        (("--job_type",), "job_type", True)
    ]
    assert [j.name for j in script.job_arg_reads] == ["job_type"]
    assert script.main_block_inputs is not None
    assert script.main_block_inputs.known_strings() == {"DATA": "/opt/ml/processing/input/data"}


def test_fallback_chain_shares_a_group() -> None:
    script = _step("XGBoostModelEval").script
    assert script is not None
    groups = [(text_of(k.key), k.group) for k in script.input_keys]
    assert groups == [("model_input", "main:1"), ("model_dir", "main:1"), ("processed_data", None)]


def test_config_attributes_and_entry_point() -> None:
    config = _step("TabularPreprocessing").config
    assert config is not None
    assert sorted(config.attributes) == [
        "get_script_contract",
        "job_type",
        "label_field",
        "processing_entry_point",
    ]
    assert (
        text_of(config.entry_points["processing_entry_point"].default) == "tabular_preprocessing.py"
    )
    assert not config.info.hierarchy_complete
