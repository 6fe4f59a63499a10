"""Checking one workspace alone reports exactly what the full check reports of it.

A shared finding whose related location is in a workspace (a closer suggestion in the
workspace's view) is the shared library's: the full check reports it once, untagged, and a check
of that workspace alone (``--workspace``, a path inside it, a changed file inside it) must not
report its workspace-view twin. A finding only a workspace view has in the shared library (a
shared consumer of a step the workspace overrides) is the workspace's in both runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alignlint.core.types import Diagnostic
from alignlint.run.analysis import analyze
from alignlint.run.configuration import load_configuration
from alignlint.run.workspace_views import WorkspaceRequest
from workspaces.conftest import Run

SHARED_SPEC = "src/mlpipe/steps/specs/preprocess_spec.py"
ALPHA_ROOT = "development/projects/alpha"
ROOTS = {"alpha": ALPHA_ROOT, "beta": "workspaces/beta"}
#: A shared consumer of Preprocess, which beta overrides with an output of another type.
CONSUMER = '''"""Specification of the Train step."""

from __future__ import annotations

from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    StepSpecification,
)

TRAIN_SPEC = StepSpecification(
    step_type="Train",
    node_type=NodeType.SINK,
    dependencies=[
        DependencySpec(
            logical_name="training_data",
            dependency_type=DependencyType.PROCESSING_OUTPUT,
            required=True,
            compatible_sources=["Preprocess"],
            data_type="S3Uri",
        ),
    ],
)
'''
CONSUMER_PATH = "src/mlpipe/steps/specs/train_spec.py"


def _misspell_a_shared_source(project: Path) -> None:
    """The shared Preprocess lists `FeatureSelec`: alpha's view suggests alpha's FeatureSelect
    (a related location in alpha), the shared view another step."""
    spec = project / SHARED_SPEC
    spec.write_text(spec.read_text().replace('["DataLoad"]', '["DataLoad", "FeatureSelec"]'))


def _key(d: Diagnostic) -> tuple[object, ...]:
    return (d.fingerprint, d.code, d.span, d.message, d.workspace)


def _concerning(found: tuple[Diagnostic, ...], workspace: str) -> list[tuple[object, ...]]:
    root = ROOTS[workspace] + "/"
    return sorted(_key(d) for d in found if any(p.startswith(root) for p in d.paths))


@pytest.mark.parametrize("workspace", ["alpha", "beta"])
def test_one_workspace_reports_exactly_what_the_full_check_reports_of_it(
    example: Path, workspace: str
) -> None:
    _misspell_a_shared_source(example)
    (example / CONSUMER_PATH).write_text(CONSUMER)
    settings = load_configuration().settings
    full = analyze([], settings, root=example).diagnostics
    request = WorkspaceRequest((workspace,))
    alone = analyze([], settings, root=example, workspaces=request).diagnostics
    by_path = analyze([ROOTS[workspace]], settings, root=example).diagnostics
    assert sorted(_key(d) for d in alone) == _concerning(full, workspace)
    assert sorted(_key(d) for d in by_path) == _concerning(full, workspace)
    # Never the same finding twice.
    assert len({(d.code, d.span, d.message) for d in full}) == len(full)


def test_a_shared_finding_related_to_a_workspace_is_not_repeated_by_that_workspace(
    example: Path,
) -> None:
    _misspell_a_shared_source(example)
    settings = load_configuration().settings
    full = analyze([], settings, root=example).diagnostics
    assert [(d.code, d.workspace) for d in full if d.span.path == SHARED_SPEC] == [("ALN301", None)]
    alone = analyze([], settings, root=example, workspaces=WorkspaceRequest(("alpha",)))
    assert alone.diagnostics == ()
    # The changed-set run of a file inside alpha (pre-commit) agrees.
    changed = f"{ALPHA_ROOT}/src/alpha_dev/steps/specs/feature_select_spec.py"
    assert analyze([changed], settings, root=example, report_all=True).diagnostics == ()


def test_a_shared_location_only_a_workspace_view_finds_stays_the_workspaces(
    example: Path,
) -> None:
    (example / CONSUMER_PATH).write_text(CONSUMER)
    settings = load_configuration().settings
    alone = analyze([], settings, root=example, workspaces=WorkspaceRequest(("beta",)))
    consumer = [(d.code, d.workspace) for d in alone.diagnostics if d.span.path == CONSUMER_PATH]
    assert consumer == [("ALN303", "beta")]
    full = analyze([], settings, root=example).diagnostics
    assert [d.fingerprint for d in full if d.span.path == CONSUMER_PATH and d.workspace] == [
        d.fingerprint for d in alone.diagnostics if d.span.path == CONSUMER_PATH
    ]


def test_the_command_line_agrees_in_concise_and_json(example: Path, cli: Run) -> None:
    _misspell_a_shared_source(example)
    (example / CONSUMER_PATH).write_text(CONSUMER)
    full = json.loads(cli("check", "--no-cache", "--output-format", "json").stdout)
    for workspace, root in ROOTS.items():
        expected = sorted(
            (d["fingerprint"], d["code"], d["filename"], d["message"], d.get("workspace"))
            for d in full
            if d["filename"].startswith(root + "/")
            or any(r["filename"].startswith(root + "/") for r in d["related"])
        )
        for target in (["--workspace", workspace], [root]):
            out = cli("check", "--no-cache", "--output-format", "json", *target).stdout
            alone = sorted(
                (d["fingerprint"], d["code"], d["filename"], d["message"], d.get("workspace"))
                for d in json.loads(out)
            )
            assert alone == expected, target
    concise = cli("check", "--no-cache", "--workspace", "alpha").stdout
    assert concise.startswith("All checks passed!"), concise
    changed = f"{ALPHA_ROOT}/src/alpha_dev/steps/specs/feature_select_spec.py"
    for args in ([changed], [changed, "--all"]):
        hook = cli("check", "--no-cache", *args).stdout
        assert hook.startswith("All checks passed!"), (args, hook)
    lines = cli("check", "--no-cache").stdout.splitlines()
    assert sum(line.startswith(f"{SHARED_SPEC}:24:") for line in lines) == 1
    beta = cli("check", "--no-cache", "--workspace", "beta").stdout.splitlines()
    assert [line for line in beta if line.startswith(CONSUMER_PATH)] == [
        line for line in lines if line.startswith(CONSUMER_PATH) and "[workspace beta]" in line
    ]
