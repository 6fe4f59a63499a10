"""The benchmark library generator: deterministic, parseable, with its seeded mistakes recorded."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from benchmarks.generate import MISALIGNMENT_KINDS, generate, library_files


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return library_files(40, seed=7)[0]


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", 12, seed=5)
    generate(tmp_path / "b", 12, seed=5)
    first = {
        p.relative_to(tmp_path / "a"): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    second = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert first == second


def test_other_seed_gives_other_scripts() -> None:
    assert library_files(12, seed=1)[0] != library_files(12, seed=2)[0]


def test_every_python_file_parses(files: dict[str, str]) -> None:
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)


def test_dags_in_json_are_valid(files: dict[str, str]) -> None:
    dags = [json.loads(text) for path, text in files.items() if path.endswith(".json")]
    assert dags
    for dag in dags:
        assert set(dag) == {"nodes", "edges"}
        assert all(src in dag["nodes"] and dst in dag["nodes"] for src, dst in dag["edges"])


def test_layout_by_layer(files: dict[str, str]) -> None:
    layers = {path.split("/")[1] for path in files if path.startswith("steps/")}
    assert layers == {"contracts", "specs", "builders", "configs", "scripts", "__init__.py"}
    assert "registry/step_names.py" in files
    assert any(path.endswith("_training_spec.py") for path in files)
    assert any(path.startswith("dags/") and path.endswith(".py") for path in files)


def test_scripts_have_realistic_sizes(files: dict[str, str]) -> None:
    lengths = [
        text.count("\n")
        for path, text in files.items()
        if path.startswith("steps/scripts/") and not path.endswith("__init__.py")
    ]
    assert len(lengths) == 40
    assert min(lengths) >= 300
    assert max(lengths) <= 2100


def test_manifest_records_each_kind_of_seeded_misalignment(tmp_path: Path) -> None:
    manifest = generate(tmp_path, 40, seed=7)
    kinds = {m.kind for m in manifest.misalignments}
    assert kinds == set(MISALIGNMENT_KINDS)
    for misalignment in manifest.misalignments:
        assert (tmp_path / "lib" / misalignment.path).is_file()
    written = json.loads((tmp_path / "manifest.json").read_text())
    assert written["files"] == manifest.files
    assert len(written["misalignments"]) == len(manifest.misalignments)


def test_seeded_mistakes_are_in_the_files(files: dict[str, str]) -> None:
    _, misalignments = library_files(40, seed=7)
    by_kind = {m.kind: m for m in misalignments}
    undeclared = by_kind["script_key_undeclared"]
    assert 'input_paths["extra_data"]' in files[undeclared.path]
    unregistered = by_kind["compatible_source_unregistered"]
    assert f'"{unregistered.step}Legacy"' in files[unregistered.path]
    assert f'"{unregistered.step}Legacy"' not in files["registry/step_names.py"]
