"""Workspace-aware linting of examples/workspaces: views, the CLI, fingerprints, changed sets."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic
from alignlint.run.analysis import analyze
from alignlint.run.configuration import load_configuration
from alignlint.run.fingerprints import fingerprint
from alignlint.run.workspace_views import WorkspaceRequest
from workspaces.conftest import REPOSITORY, Run

BETA = "workspaces/beta/src/beta_dev"
ALPHA = "development/projects/alpha/src/alpha_dev"
SHARED_SPEC = "src/mlpipe/steps/specs/preprocess_spec.py"
BETA_CODES = ["ALN603", "ALN604", "ALN501", "ALN501", "ALN601", "ALN303", "ALN602"]


def run(paths: list[str], root: Path, **options: object) -> tuple[Diagnostic, ...]:
    settings = load_configuration().settings
    return analyze(paths, settings, root=root, **options).diagnostics  # type: ignore[arg-type]


def test_the_drifted_workspace_is_reported_once_with_its_name(example: Path) -> None:
    found = run([], example)
    assert [d.code for d in found] == BETA_CODES
    assert {d.workspace for d in found} == {"beta"}
    assert all(d.span.path.startswith("workspaces/beta/") for d in found)


def test_the_shared_library_alone_passes_and_its_findings_carry_no_workspace(
    example: Path,
) -> None:
    assert run(["src"], example) == ()
    edit = example / "src/mlpipe/steps/scripts/preprocess.py"
    edit.write_text(
        edit.read_text().replace('environ_vars["LABEL_FIELD"]', 'environ_vars["LABEL"]')
    )
    shared = run([], example)
    assert [(d.code, d.workspace) for d in shared if d.workspace is None] == [("ALN107", None)]


def test_shared_fingerprints_are_those_of_a_project_without_workspaces(example: Path) -> None:
    script = example / "src/mlpipe/steps/scripts/preprocess.py"
    script.write_text(
        script.read_text().replace('environ_vars["LABEL_FIELD"]', 'environ_vars["LABEL"]')
    )
    with_workspaces = [d for d in run([], example) if d.workspace is None]
    shutil.rmtree(example / "workspaces")
    shutil.rmtree(example / "development")
    without = run([], example)
    assert [d.fingerprint for d in with_workspaces] == [d.fingerprint for d in without]
    assert len(without) == 1


def test_a_workspace_finding_has_the_workspace_in_its_fingerprint(example: Path) -> None:
    (finding,) = [d for d in run([], example) if d.code == "ALN603"]
    assert finding.workspace == "beta"
    assert fingerprint(finding) != fingerprint(dataclasses.replace(finding, workspace=None))


def test_a_path_inside_a_workspace_lints_that_workspace(cli: Run) -> None:
    alpha = cli("check", "development/projects/alpha")
    assert (alpha.returncode, alpha.stdout) == (0, "All checks passed!\n")
    beta = cli("check", "workspaces/beta/src")
    assert beta.returncode == 1
    codes = [
        line.split(": ")[1].split()[0]
        for line in beta.stdout.splitlines()
        if line.startswith("workspaces/")
    ]
    assert codes == BETA_CODES


@pytest.mark.parametrize("name", ["beta", "team-beta"])
def test_workspace_option_takes_the_folder_or_the_developer_id(cli: Run, name: str) -> None:
    result = cli("check", "--workspace", name, "--output-format", "json")
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert [item["code"] for item in found] == BETA_CODES
    assert {item["workspace"] for item in found} == {"beta"}


def test_workspace_option_is_repeatable_and_unknown_names_are_errors(cli: Run) -> None:
    both = cli("check", "--workspace", "alpha", "--workspace", "beta")
    assert both.returncode == 1 and "[workspace beta]" in both.stdout
    unknown = cli("check", "--workspace", "gamma")
    assert unknown.returncode == 2
    assert "no workspace named `gamma` (workspaces: alpha, beta, team-beta)" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_all_workspaces_adds_every_workspace_to_a_shared_path(cli: Run) -> None:
    shared_only = cli("check", "src")
    assert shared_only.stdout == "All checks passed!\n"
    every = cli("check", "src", "--all-workspaces")
    assert every.returncode == 1 and "[workspace beta]" in every.stdout


def test_every_output_format_names_the_workspace(cli: Run) -> None:
    concise = cli("check", "--output-format", "concise").stdout
    assert "ALN603 [*] [workspace beta] LOCAL_STEPS row" in concise or (
        "ALN603 [workspace beta] LOCAL_STEPS row" in concise
    )
    full = cli("check", "--output-format", "full").stdout
    assert "= workspace: beta" in full
    sarif = json.loads(cli("check", "--output-format", "sarif").stdout)
    schema = json.loads((REPOSITORY / "tests/data/sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    results = sarif["runs"][0]["results"]
    assert {r["properties"]["workspace"] for r in results} == {"beta"}
    github = cli("check", "--output-format", "github").stdout
    assert "title=ALN603 workspace-id-mismatch (workspace beta)" in github
    lines = cli("check", "--output-format", "json-lines").stdout.splitlines()
    assert {json.loads(line)["workspace"] for line in lines} == {"beta"}
    gitlab = json.loads(cli("check", "--output-format", "gitlab").stdout)
    assert all("[workspace beta]" in issue["description"] for issue in gitlab)
    junit = cli("check", "--output-format", "junit").stdout
    assert "[workspace beta] LOCAL_STEPS row" in junit


def test_json_of_a_shared_finding_has_no_workspace_key(cli: Run, example: Path) -> None:
    script = example / "src/mlpipe/steps/scripts/preprocess.py"
    script.write_text(
        script.read_text().replace('environ_vars["LABEL_FIELD"]', 'environ_vars["LABEL"]')
    )
    found = json.loads(cli("check", "src", "--output-format", "json").stdout)
    assert [item["code"] for item in found] == ["ALN107"]
    assert "workspace" not in found[0]


def test_show_links_says_where_each_piece_comes_from(cli: Run) -> None:
    result = cli("check", "--workspace", "beta", "--show-links")
    text = result.stdout
    assert text.startswith("workspace beta (workspaces/beta)\n  developer_id team-beta\n")
    assert (
        f"  spec      PREPROCESS_SPEC {BETA}/steps/specs/preprocess_spec.py:15:1  [workspace beta]"
        in text
    )
    assert "shared steps seen unchanged: 1\n" in text
    alpha = cli("check", "development/projects/alpha", "--show-links").stdout
    assert f"  registry  {ALPHA}/registry/project_step_names.py:4:5  [workspace alpha]" in alpha
    whole = cli("check", "--show-links").stdout
    assert whole.startswith(
        "step DataLoad\n"
    )  # the shared view's table first, as without workspaces
    assert "workspace alpha (development/projects/alpha)" in whole


def test_a_change_inside_a_workspace_checks_that_workspace_only(example: Path) -> None:
    settings = load_configuration().settings
    changed = f"{ALPHA}/steps/specs/feature_select_spec.py"
    result = analyze([changed], settings, root=example, need_project=True)
    assert [view.view.workspace.id for view in result.views if view.view] == ["alpha"]
    assert result.shared_reported is False
    assert result.project is result.views[0]  # the shared view alone is not linked
    assert result.diagnostics == ()
    beta = analyze(
        [f"{BETA}/steps/specs/scoring_spec.py"], settings, root=example, need_project=True
    )
    assert [d.code for d in beta.diagnostics] == ["ALN601", "ALN303", "ALN602"]
    assert [v.view.workspace.id for v in beta.views if v.view] == ["beta"]


def test_a_shared_change_reports_what_it_breaks_in_every_workspace(example: Path) -> None:
    spec = example / SHARED_SPEC
    spec.write_text(
        spec.read_text().replace(
            "output_type=DependencyType.PROCESSING_OUTPUT",
            "output_type=DependencyType.MODEL_ARTIFACTS",
        )
    )
    settings = load_configuration().settings
    result = analyze([SHARED_SPEC], settings, root=example)
    assert result.views == ()  # not kept unless asked for
    assert result.statistics.counters["workspace views"] == 2
    alpha = [(d.code, d.span.path) for d in result.diagnostics if d.workspace == "alpha"]
    assert alpha == [("ALN303", f"{ALPHA}/steps/specs/feature_select_spec.py")]
    # beta overrides Preprocess: the shared spec is not what its consumers use.
    assert [d for d in result.diagnostics if d.workspace == "beta"] == []
    # The shared library's own consumer of Preprocess is reported in the shared view.
    assert all(d.workspace in (None, "alpha") for d in result.diagnostics)


def test_workspace_settings_configure_roots_and_ids(example: Path) -> None:
    (example / "pyproject.toml").write_text(
        "[tool.alignlint.workspaces]\n"
        'roots = ["workspaces", "development/projects"]\nid = "developer-id"\n'
    )
    found = run([], example)
    assert {d.workspace for d in found} == {"team-beta"}


def test_workspace_roots_outside_the_repository_are_refused(example: Path, cli: Run) -> None:
    (example / "pyproject.toml").write_text(
        '[tool.alignlint.workspaces]\nroots = ["../elsewhere"]\n'
    )
    result = cli("check")
    assert result.returncode == 2
    assert "is outside the repository" in result.stderr
    assert "tool.alignlint.workspaces" in result.stderr


def test_workspaces_can_be_turned_off(example: Path) -> None:
    (example / "pyproject.toml").write_text("[tool.alignlint.workspaces]\nenabled = false\n")
    found = run([], example)
    assert all(d.workspace is None for d in found)
    assert Settings().workspaces.enabled


def test_requested_workspaces_need_a_request(example: Path) -> None:
    settings = load_configuration().settings
    result = analyze([], settings, root=example, workspaces=WorkspaceRequest(("alpha",)))
    assert result.diagnostics == () and result.shared_reported is False


def test_the_python_api_takes_workspaces(example: Path) -> None:
    import alignlint

    found = alignlint.check(workspaces=["team-beta"])
    assert [d.code for d in found] == BETA_CODES
    assert alignlint.check(["src"]) == []
    assert {d.workspace for d in alignlint.check(["src"], all_workspaces=True)} == {"beta"}


def test_shared_roots_limit_what_a_workspace_sees(example: Path) -> None:
    """With `shared = ["src"]`, a registry elsewhere (tools/) is checked in the shared view but
    is not part of the library a workspace builds on."""
    tools = example / "tools"
    tools.mkdir()
    (tools / "step_names.py").write_text(
        'STEP_NAMES = {"Audit": {"config_class": "AuditConfig", "builder_step_name": '
        '"AuditStepBuilder", "spec_type": "Audit", "sagemaker_step_type": "Processing", '
        '"description": "audit"}}\n'
    )
    spec = example / f"{ALPHA}/steps/specs/feature_select_spec.py"
    spec.write_text(spec.read_text().replace('["Preprocess"]', '["Preprocess", "Audit"]'))
    alpha = [d for d in run([], example) if d.workspace == "alpha"]
    assert [d.code for d in alpha if d.code == "ALN301"] == []
    (example / "pyproject.toml").write_text('[tool.alignlint.workspaces]\nshared = ["src"]\n')
    alpha = [d for d in run([], example) if d.workspace == "alpha"]
    assert [d.code for d in alpha] == ["ALN301"]
    assert "'Audit'" in alpha[0].message


def test_a_shared_finding_is_reported_once_even_when_a_workspace_is_related(
    example: Path,
) -> None:
    """In alpha's view the misspelled shared source's closest step is alpha's FeatureSelect (a
    related location in alpha); the shared view reports the finding already."""
    spec = example / SHARED_SPEC
    spec.write_text(spec.read_text().replace('["DataLoad"]', '["DataLoad", "FeatureSelec"]'))
    shared = [d for d in run([], example) if d.span.path == SHARED_SPEC]
    assert [(d.code, d.workspace) for d in shared] == [("ALN301", None)]
    only_alpha = run([], example, workspaces=WorkspaceRequest(("alpha",)))
    # Checking alpha alone consults the shared view too: the finding stays the shared one.
    assert [(d.code, d.workspace) for d in only_alpha] == []


def test_a_workspace_asked_for_in_a_project_without_workspaces_is_an_error(cli: Run) -> None:
    result = cli(
        "check", "src", "--workspace", "alpha", "--config", "workspaces = {enabled = false}"
    )
    assert result.returncode == 2
    assert "no workspace named `alpha` (workspaces: none found)" in result.stderr


def test_clean_removes_a_cache_that_checks_with_workspaces_wrote(cli: Run, example: Path) -> None:
    # A check of the whole project (every workspace's view: the per-view store) and of the
    # shared library alone (the last run and its results) write every store there is.
    for args, status in (("check",), 1), (("check", "src"), 0), (("check", "--all-workspaces"), 1):
        assert cli(*args).returncode == status
    cache = example / ".alignlint_cache"
    stores = sorted(path.name.split("-")[0] for path in cache.iterdir() if path.is_dir())
    assert stores == ["facts", "lastrun", "plugins", "results", "stat", "units", "views"]
    cleaned = cli("clean")
    assert (cleaned.returncode, cleaned.stderr) == (0, "")
    assert not cache.exists()
