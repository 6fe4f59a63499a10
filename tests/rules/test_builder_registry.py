"""Tests of the builder ↔ config and registry rules beyond the fixtures: the statically known
runtime bases match the real classes, the env-var convention mirrors the runtime builder, and the
entry-point fix edits the config default."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace

import pydantic
import pytest
from fixture_cases import case_path, materialize, materialized

from alignlint.core.settings import Settings
from alignlint.core.types import Applicability
from alignlint.extract import extract_file
from alignlint.extract.ir import Name
from alignlint.model.runtime_bases import (
    BASEMODEL_ATTRIBUTES,
    RUNTIME_CONFIG_ATTRIBUTES,
    runtime_base_attributes,
    runtime_config_attributes,
)
from alignlint.rules._support.env_sources import convention_attribute
from alignlint.rules._support.step_types import UNREGISTERED_STEP_TYPE
from alignlint.rules.builder_config import EntryPointMismatch, EnvVarWithoutSource
from alignlint.rules.registry import UnregisteredStepType
from alignlint.run.analysis import analyze
from alignlint.runtime import config as runtime_config
from alignlint.runtime.builder import StepBuilderBase


def _public(names: Iterable[str]) -> set[str]:
    return {name for name in names if not name.startswith("_")}


def test_basemodel_attributes_match_pydantic() -> None:
    assert _public(dir(pydantic.BaseModel)) == set(BASEMODEL_ATTRIBUTES)


@pytest.mark.parametrize("name", ["BasePipelineConfig", "ProcessingStepConfigBase"])
def test_runtime_base_attributes_match_the_real_class(name: str) -> None:
    cls = getattr(runtime_config, name)
    known = runtime_config_attributes()[name]
    assert _public(dir(cls)) | set(cls.model_fields) == _public(known)


def test_runtime_attribute_table_is_what_the_extractor_reads_from_the_source() -> None:
    """Every config class of ``alignlint/runtime/config.py`` with its own and (in-module)
    inherited members, as alignlint's own extraction sees them."""
    source = Path(runtime_config.__file__).read_bytes()
    facts = extract_file("alignlint/runtime/config.py", source, Settings())
    own = {cls.name: {member.name for member in cls.members} for cls in facts.classes}
    bases = {cls.name: [b.id for b in cls.bases if isinstance(b, Name)] for cls in facts.classes}

    def attributes(name: str) -> set[str]:
        found = set(own[name])
        for base in bases[name]:
            if base in own:
                found |= attributes(base)
        return found

    assert sorted(own) == sorted(RUNTIME_CONFIG_ATTRIBUTES)
    for name in own:
        assert attributes(name) | BASEMODEL_ATTRIBUTES == runtime_config_attributes()[name]


def test_runtime_bases_are_found_by_dotted_name() -> None:
    direct = runtime_base_attributes("alignlint.runtime.config.ProcessingStepConfigBase")
    exported = runtime_base_attributes("alignlint.runtime.ProcessingStepConfigBase")
    assert direct is not None and "processing_entry_point" in direct
    assert exported == direct
    assert runtime_base_attributes("company.configs.ProcessingStepConfigBase") is None


@pytest.mark.parametrize("env_var", ["LABEL_FIELD", "MAX-DEPTH", "eta"])
def test_convention_attribute_is_what_the_runtime_builder_reads(env_var: str) -> None:
    attribute = convention_attribute(env_var)
    builder = SimpleNamespace(config=SimpleNamespace(**{attribute: "value"}))
    assert StepBuilderBase._config_value(builder, env_var) == "value"  # type: ignore[arg-type]


def test_entry_point_fix_uses_the_contract_entry_point() -> None:
    case = materialized("builder_config/ALN407_entry_point_mismatch_fires")
    result = analyze([], Settings(), root=case, rules=[EntryPointMismatch])
    (diagnostic,) = result.diagnostics
    assert diagnostic.fix is not None
    assert diagnostic.fix.applicability is Applicability.UNSAFE
    (edit,) = diagnostic.fix.edits
    assert edit.content == '"prep.py"'
    source = (case / edit.span.path).read_text().splitlines()[edit.span.line - 1]
    assert source[edit.span.start.column - 1 : edit.span.end.column - 1] == '"prepare.py"'


def _codes_at(root: Path, settings: Settings) -> list[tuple[str, str, int]]:
    result = analyze([], settings, root=root)
    return [(d.code, d.span.path, d.span.start.line) for d in result.diagnostics]


def test_an_unregistered_step_type_is_reported_once_by_aln503() -> None:
    root = materialized("registry/ALN503_unregistered_step_type_fires")
    assert _codes_at(root, Settings()) == [("ALN503", "steps/specs/prep_spec.py", 15)]


def test_aln003_reports_the_unlinked_spec_when_aln503_does_not_run() -> None:
    root = materialized("registry/ALN503_unregistered_step_type_fires")
    assert _codes_at(root, Settings(ignore=("ALN503",))) == [
        ("ALN003", "steps/specs/prep_spec.py", 14)
    ]


def test_aln003_knows_aln503_by_name_too() -> None:
    """ALN003 names ALN503 without importing the registry family: by code and by rule name."""
    root = materialized("registry/ALN503_unregistered_step_type_fires")
    assert _codes_at(root, Settings(ignore=("unregistered-step-type",))) == [
        ("ALN003", "steps/specs/prep_spec.py", 14)
    ]
    rule = UnregisteredStepType
    assert (rule.code, rule.name, rule.opt_in) == (
        UNREGISTERED_STEP_TYPE.code,
        UNREGISTERED_STEP_TYPE.name,
        UNREGISTERED_STEP_TYPE.opt_in,
    )


def test_an_open_registry_leaves_unknown_step_types_listed_as_not_checked() -> None:
    root = materialized("registry/ALN503_open_registry_silent")
    result = analyze([], Settings(), root=root, rules=[UnregisteredStepType])
    assert result.diagnostics == ()
    (unchecked,) = result.statistics.unchecked
    assert unchecked.subject == "step type `RawFeed` of specification `PLUGIN_FEED_SPEC`"
    assert unchecked.reason.startswith("the registry may hold rows not known statically: ")


@pytest.mark.skipif(sys.version_info < (3, 12), reason="`type X = ...` is Python 3.12 syntax")
def test_a_type_alias_is_a_name_its_module_defines(tmp_path: Path) -> None:
    """``type Mapping = ...`` (PEP 695) binds ``Mapping``: ALN408 does not report importing
    it, and still reports a name no statement binds."""
    root = materialize(
        case_path("builder_config/ALN408_missing_import_corrected_silent"), tmp_path / "case"
    )
    shared = root / "steps" / "shared"
    shared.mkdir()
    (shared / "__init__.py").write_text("")
    (shared / "aliases.py").write_text("type Mapping[K] = dict[K, int]\n")
    builder = root / "steps" / "builders" / "builder_prep_step.py"
    text = builder.read_text()
    builder.write_text(
        text.replace("\nclass ", "\nfrom ..shared.aliases import Mapping\n\n\nclass ", 1)
    )
    assert [d.code for d in analyze([], Settings(), root=root).diagnostics] == []
    builder.write_text(
        text.replace("\nclass ", "\nfrom ..shared.aliases import Missing\n\n\nclass ", 1)
    )
    found = analyze([], Settings(), root=root).diagnostics
    assert [(d.code, d.span.path) for d in found] == [
        ("ALN408", "steps/builders/builder_prep_step.py")
    ]


def test_aln402_lists_the_required_variables_it_cannot_check() -> None:
    """ALN402 skips a required variable when what the builder sends is not all known (here a
    module-level function's result, then an unknown key write) and says so in the statistics;
    a builder whose keys are read is checked as before."""
    root = materialized("builder_config/ALN402_env_var_without_source_module_function_silent")
    result = analyze([], Settings(), root=root, rules=[EnvVarWithoutSource])
    assert result.diagnostics == ()
    subjects = [(u.code, u.subject) for u in result.statistics.unchecked]
    assert subjects == [
        ("ALN402", "step Rank env var RANK_COLUMN"),
        ("ALN402", "step Rank env var RANK_LIMIT"),
    ]
    assert {u.reason for u in result.statistics.unchecked} == {
        "what the builder sends cannot be fully read: `RankStepBuilder._get_environment_variables` "
        "returns `rank_environment(...)`, which alignlint does not read"
    }
    root = materialized("builder_config/ALN402_env_var_without_source_builder_data_silent")
    result = analyze([], Settings(), root=root, rules=[EnvVarWithoutSource])
    assert (result.diagnostics, result.statistics.unchecked) == ((), [])
