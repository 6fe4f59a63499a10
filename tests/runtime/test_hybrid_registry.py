"""The runtime hybrid registry: workspace contexts over shared rows (see also the differential
test against the linter's workspace model, tests/workspaces/test_hybrid_registry_differential.py)."""

from __future__ import annotations

import pytest

from alignlint.runtime.hybrid_registry import (
    OVERRIDE_OF_UNKNOWN_STEP,
    SHARED,
    UNDECLARED_OVERRIDE,
    WORKSPACE_ID_MISMATCH,
    HybridRegistry,
    ProjectRegistry,
)
from alignlint.runtime.registry import RegistryError, UnknownStepError


def row(name: str, config: str | None = None, **extra: str) -> dict[str, str]:
    return {
        "config_class": config or f"{name}Config",
        "builder_step_name": f"{name}StepBuilder",
        "spec_type": name,
        "sagemaker_step_type": "Processing",
        "description": name,
        **extra,
    }


SHARED_ROWS = {"Load": row("Load"), "Clean": row("Clean")}


def hybrid() -> HybridRegistry:
    registry = HybridRegistry(SHARED_ROWS)
    registry.register(
        ProjectRegistry.from_project_step_names(
            "alpha",
            {
                "Clean": row("Clean", "AlphaCleanConfig", workspace_id="alpha"),
                "Select": row("Select", workspace_id="alpha"),
            },
        )
    )
    registry.register(
        ProjectRegistry.from_workspace_tables(
            "beta",
            {"Score": row("Score", workspace_id="beta")},
            {"Load": row("Load", "BetaLoadConfig", workspace_id="team-beta")},
            {"developer_id": "team-beta"},
        )
    )
    return registry


def test_outside_a_workspace_only_shared_steps_exist() -> None:
    registry = hybrid()
    assert registry.current_workspace is None
    assert registry.registry().step_names == ["Load", "Clean"]
    with pytest.raises(UnknownStepError):
        registry.registry().get_config_class_name("Select")


def test_a_workspace_resolves_its_own_rows_first_then_shared() -> None:
    registry = hybrid()
    with registry.workspace_context("alpha") as alpha:
        assert registry.current_workspace == "alpha"
        assert alpha.get_config_class_name("Clean") == "AlphaCleanConfig"
        assert alpha.get_config_class_name("Load") == "LoadConfig"
        assert registry.source_of("Clean") == "alpha"
        assert registry.source_of("Load") == SHARED
        assert registry.source_of("Select") == "alpha"
    assert registry.current_workspace is None


def test_contexts_nest_and_a_developer_id_names_its_workspace() -> None:
    registry = hybrid()
    with registry.workspace_context("alpha"):
        with registry.workspace_context("team-beta") as beta:
            assert registry.current_workspace == "beta"
            assert beta.get_config_class_name("Load") == "BetaLoadConfig"
            with pytest.raises(UnknownStepError):
                beta.get_config_class_name("Select")  # alpha's step is not beta's
        assert registry.current_workspace == "alpha"


def test_unknown_and_duplicate_workspaces_are_errors() -> None:
    registry = hybrid()
    with pytest.raises(UnknownStepError, match="unknown workspace 'gamma'"):
        with registry.workspace_context("gamma"):
            pass
    with pytest.raises(RegistryError, match="registered already"):
        registry.register(ProjectRegistry.from_project_step_names("alpha", {}))
    with pytest.raises(RegistryError, match="missing"):
        registry.register(ProjectRegistry.from_project_step_names("delta", {"X": {}}))


def test_problems_of_a_workspace() -> None:
    project = ProjectRegistry.from_workspace_tables(
        "beta",
        {"Clean": row("Clean", workspace_id="beta"), "Score": row("Score", workspace_id="alpha")},
        {"Lod": row("Lod", workspace_id="beta")},
        {"developer_id": "team-beta"},
    )
    kinds = [(p.kind, p.step) for p in project.problems(SHARED_ROWS)]
    assert kinds == [
        (UNDECLARED_OVERRIDE, "Clean"),
        (WORKSPACE_ID_MISMATCH, "Score"),
        (OVERRIDE_OF_UNKNOWN_STEP, "Lod"),
    ]
    alpha = ProjectRegistry.from_project_step_names("alpha", {"Clean": row("Clean")})
    assert alpha.problems(SHARED_ROWS) == []  # PROJECT_STEP_NAMES: a shared name is an override


def test_the_catalogue_offers_a_hybrid_registry_over_its_steps() -> None:
    from alignlint.catalog.registry.step_names import STEP_NAMES, hybrid_registry

    catalogue = hybrid_registry()
    override = {**STEP_NAMES["TabularPreprocessing"], "config_class": "ProjectPreprocessingConfig"}
    catalogue.register(
        ProjectRegistry.from_project_step_names("alpha", {"TabularPreprocessing": override})
    )
    assert catalogue.registry().step_names == list(STEP_NAMES)
    with catalogue.workspace_context("alpha") as alpha:
        assert alpha.get_config_class_name("TabularPreprocessing") == "ProjectPreprocessingConfig"
        assert catalogue.source_of("XGBoostTraining") == SHARED
    assert (
        catalogue.registry().get_config_class_name("TabularPreprocessing")
        == (STEP_NAMES["TabularPreprocessing"]["config_class"])
    )
