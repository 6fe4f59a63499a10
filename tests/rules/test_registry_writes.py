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
