"""A registry's module may change the table after binding it (``STEP_NAMES["X"] = {...}``,
``.update()``, ``|=``, ``.setdefault()``, ``del``): the rows it ends with are the table's, and
a change alignlint cannot read leaves the table open rather than complete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixture_cases import materialized

from alignlint.core.settings import Settings
from alignlint.run.analysis import analyze

CASE = "registry/ALN503_unregistered_step_type_registry_update_silent"

ROW = (
    '{"config_class": "PrepConfig", "builder_step_name": "PrepStepBuilder", '
    '"spec_type": "Prep", "sagemaker_step_type": "Processing"}'
)


def _with_registry(tmp_path: Path, table: str) -> Path:
    """The case's project with the registry's table written as ``table``."""
    root = tmp_path / "project"
    shutil.copytree(materialized(CASE), root)
    registry = root / "steps" / "registry.py"
    text = registry.read_text(encoding="utf-8")
    head, _, tail = text.partition("STEP_NAMES = {}\n")
    body = tail[tail.index("\n\ndef ") :]
    registry.write_text(
        f'{head}import json\n\nEXTRA = "{{}}"\n{table.format(ROW=ROW)}\n{body}',
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    ("table", "rows", "closed"),
    [
        ('STEP_NAMES = {{}}\nSTEP_NAMES["Prep"] = {ROW}', ["Prep"], True),
        ('STEP_NAMES = {{}}\nSTEP_NAMES |= {{"Prep": {ROW}}}', ["Prep"], True),
        ("STEP_NAMES = {{}}\nSTEP_NAMES.update(Prep={ROW})", ["Prep"], True),
        ('STEP_NAMES = {{}}\nSTEP_NAMES.setdefault("Prep", {ROW})', ["Prep"], True),
        ('STEP_NAMES = {{"Prep": {ROW}, "Old": {ROW}}}\ndel STEP_NAMES["Old"]', ["Prep"], True),
        ('STEP_NAMES = {{"Prep": {ROW}, "Old": {ROW}}}\nSTEP_NAMES.pop("Old")', ["Prep"], True),
        ('STEP_NAMES = {{"Prep": {ROW}}}\nSTEP_NAMES.update(json.loads(EXTRA))', ["Prep"], False),
        ('STEP_NAMES = {{"Prep": {ROW}}}\nSTEP_NAMES.clear()', ["Prep"], False),
    ],
    ids=["store", "|=", "update keywords", "setdefault", "del", "pop", "unknown update", "clear"],
)
def test_the_rows_are_those_the_module_ends_with(
    tmp_path: Path, table: str, rows: list[str], closed: bool
) -> None:
    root = _with_registry(tmp_path, table)
    result = analyze([], Settings(), root=root, need_project=True)
    assert result.project is not None
    (registry,) = result.project.registries
    assert sorted(registry.rows) == rows
    assert registry.closed is closed
    # Prep is registered either way: nothing reports it unregistered.
    assert [d.code for d in result.diagnostics if d.code in ("ALN003", "ALN503")] == []


@pytest.mark.parametrize("open_registry", [False, True], ids=["closed", "open"])
def test_a_contract_no_known_step_links_is_not_judged_in_an_open_registry(
    tmp_path: Path, open_registry: bool
) -> None:
    """ALN114's exemption for SDK steps needs the contract's step (its builder decides whether a
    script runs). With no step linking the contract, a closed registry says there is none, and
    the missing entry point is reported; an open one may hold the step's row, so the entry
    point is not judged, and the statistics say so."""
    root = tmp_path / "project"
    shutil.copytree(materialized("script_contract/ALN114_missing_entry_point_fires"), root)
    (root / "steps" / "specs" / "prep_spec.py").unlink()
    registry = root / "steps" / "registry.py"
    if open_registry:
        registry.write_text(
            "import json\n\n"
            + registry.read_text(encoding="utf-8")
            + "\nSTEP_NAMES.update(json.loads('{\"Extra\": {}}'))\n",
            encoding="utf-8",
        )
    result = analyze([], Settings(select=("ALN114",)), root=root)
    found = [d.code for d in result.diagnostics]
    unchecked = [(u.subject, u.reason) for u in result.statistics.unchecked]
    if open_registry:
        assert found == []
        assert unchecked == [
            (
                "contract `PREP_CONTRACT` entry point",
                "no step links the contract and a registry's rows are not all known, so what "
                "runs it is not known (an SDK step runs no script of the library)",
            )
        ]
    else:
        assert found == ["ALN114"]
        assert unchecked == []
