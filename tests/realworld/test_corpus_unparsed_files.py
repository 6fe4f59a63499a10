"""A file that does not parse costs its own ALN001 and nothing else: no other finding appears
anywhere on the corpus when one of its central files (a specification, a builder, a config, a
contract, a script, a DAG, a shared base) has a syntax error, the state of a file mid-edit.

Before, such a file was read as absent: every DAG node of a step whose specification broke was an
ALN307 error (64 for the tabular preprocessing spec), every registry row naming a class of a
broken file an ALN501, every importer of a broken module an ALN408, and a broken builder's step
lost what the builder supplies (ALN111, ALN114, ALN304). Checked by appending a syntax error to
each file in turn (lines do not move) and comparing findings by rule, file and line. Swept over
all 516 files of the package once by hand (about 15 minutes), the same holds for every one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alignlint.core.settings import Settings
from alignlint.extract.facts import FileFacts
from alignlint.run.analysis import analyze
from realworld.corpus import required_corpus

CORPUS = "cursus-a9d18ccc"
PACKAGE_DIR = "src/cursus"
STEPS = f"{PACKAGE_DIR}/steps"
BROKEN = [
    f"{STEPS}/specs/tabular_preprocessing_spec.py",
    f"{STEPS}/specs/lightgbm_training_spec.py",
    f"{STEPS}/specs/feature_selection_training_spec.py",
    f"{STEPS}/builders/builder_tabular_preprocessing_step.py",
    f"{STEPS}/builders/builder_dummy_data_loading_step.py",
    f"{STEPS}/builders/builder_cradle_data_loading_step.py",
    f"{STEPS}/configs/config_xgboost_training_step.py",
    f"{STEPS}/contracts/risk_table_mapping_contract.py",
    f"{STEPS}/scripts/xgboost_training.py",
    f"{PACKAGE_DIR}/core/base/config_base.py",
    f"{PACKAGE_DIR}/registry/step_names_original.py",
    f"{PACKAGE_DIR}/pipeline_catalog/shared_dags/xgboost/complete_e2e_dag.py",
]
SYNTAX_ERROR = b"\ndef _broken(:\n"

Key = tuple[str, str, int]


class Runs:
    """Runs on the corpus sharing extracted facts (only the broken file is extracted again)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.memo: dict[tuple[str, str], FileFacts] = {}

    def keys(self, overlay: dict[str, bytes]) -> set[Key]:
        result = analyze(
            [self.root / PACKAGE_DIR],
            Settings(),
            root=self.root,
            overlay=overlay,
            facts_memo=self.memo,
        )
        return {(d.code, str(d.span.path), d.span.line) for d in result.diagnostics}


@pytest.fixture(scope="module")
def runs() -> Runs:
    return Runs(required_corpus(CORPUS, PACKAGE_DIR))


@pytest.fixture(scope="module")
def base(runs: Runs) -> set[Key]:
    return runs.keys({})


@pytest.mark.parametrize("path", BROKEN, ids=[p.rpartition("/")[2] for p in BROKEN])
def test_a_file_that_does_not_parse_adds_only_its_syntax_error(
    runs: Runs, base: set[Key], path: str
) -> None:
    broken = (runs.root / path).read_bytes() + SYNTAX_ERROR
    found = runs.keys({path: broken})
    assert (
        {key for key in found if key[0] == "ALN001"}
        == {key for key in found if key[0] == "ALN001" and key[1] == path}
        != set()
    )
    added = sorted(key for key in found - base if key[0] != "ALN001")
    assert added == []
