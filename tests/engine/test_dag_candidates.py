"""Only DAG files are read as DAGs: by name (``dag-files``) or by content shape. Any other JSON
file (editor settings with comments, package manifests) is ignored, never a syntax error."""

from __future__ import annotations

import json

import pytest

from alignlint.core.settings import Settings
from alignlint.extract import extract_file
from alignlint.extract.json_dag import is_dag_shaped

SETTINGS = Settings()
WITH_COMMENTS = b'{\n  // the editor reads this\n  "editor.rulers": [100],\n}\n'
BROKEN_DAG = b'{\n  "nodes": ["A", "B"],\n  "edges": [["A", "B"]\n'
DAG = b'{\n  "nodes": ["A", "B"],\n  "edges": [["A", "B"]]\n}\n'
NESTED_DAG = b'{"name": "p", "dag": {"nodes": ["A", "B"], "edges": [["A", "B"]]}}\n'


@pytest.mark.parametrize(
    "path",
    [
        ".vscode/settings.json",
        ".devcontainer/devcontainer.json",
        "package.json",
        "conf/training.json",
    ],
)
@pytest.mark.parametrize("data", [WITH_COMMENTS, BROKEN_DAG, b"\xff\xfe{", b"[1, 2]\n"])
def test_a_json_file_that_is_not_a_dag_is_ignored(path: str, data: bytes) -> None:
    facts = extract_file(path, data, SETTINGS)
    assert facts.errors == ()
    assert facts.json_dag is None


@pytest.mark.parametrize(
    "path", ["pipelines/training.dag.json", "dags/training.json", "src/p/dags/sub/x.json"]
)
def test_a_dag_file_by_name_that_is_not_valid_json_is_a_syntax_error(path: str) -> None:
    (error,) = extract_file(path, BROKEN_DAG, SETTINGS).errors
    assert (error.kind, error.message) == (
        "syntax",
        "syntax error: invalid JSON: Expecting ',' delimiter",
    )
    (undecodable,) = extract_file(path, b"\xff\xfe{", SETTINGS).errors
    assert undecodable.kind == "undecodable"


def test_a_json_file_shaped_like_a_dag_is_read_whatever_its_name() -> None:
    facts = extract_file("conf/training.json", DAG, SETTINGS)
    assert facts.errors == ()
    assert facts.json_dag is not None
    assert [node for node, _ in facts.json_dag.nodes] == ["A", "B"]


def test_dag_shapes() -> None:
    assert is_dag_shaped(json.loads(DAG))
    assert is_dag_shaped(json.loads(NESTED_DAG))
    assert not is_dag_shaped({"nodes": ["A"]})
    assert not is_dag_shaped({"nodes": {}, "edges": []})
    assert not is_dag_shaped({"dag": {"nodes": [], "edges": {}}})
    assert not is_dag_shaped([{"nodes": [], "edges": []}])


def test_dag_files_is_configurable() -> None:
    settings = Settings(dag_files=("pipelines/*.json",))
    assert extract_file("pipelines/broken.json", BROKEN_DAG, settings).errors
    assert extract_file("dags/broken.json", BROKEN_DAG, settings).errors == ()
    assert settings.extraction_key() != SETTINGS.extraction_key()


def test_a_nested_dag_is_read_with_the_spans_of_its_names() -> None:
    text = (
        '{"metadata": {"nodes": "not these"},\n'
        ' "dag": {"nodes": [{"name": "A"}, {"id": "B"}],\n'
        '         "edges": [{"source": "A", "target": "B"}]}}\n'
    )
    facts = extract_file("pipelines/p.dag.json", text.encode(), SETTINGS)
    dag = facts.json_dag
    assert dag is not None and dag.nested
    assert [(node, span.line, span.column) for node, span in dag.nodes] == [
        ("A", 2, 29),
        ("B", 2, 42),
    ]
    assert [(s, t, span.line) for s, t, span in dag.edges] == [("A", "B", 3)]
