"""PipelineDAG: construction, ordering, cycles and the JSON form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alignlint.runtime.dag import DAGError, PipelineDAG


def diamond() -> PipelineDAG:
    dag = PipelineDAG()
    dag.add_node("load")
    dag.add_edge("load", "prep_b")
    dag.add_edge("load", "prep_a")
    dag.add_edge("prep_a", "train")
    dag.add_edge("prep_b", "train")
    dag.add_edge("prep_a", "train")
    return dag


def test_nodes_edges_and_neighbours() -> None:
    dag = diamond()
    assert dag.nodes == ["load", "prep_b", "prep_a", "train"]
    assert dag.edges == [
        ("load", "prep_b"),
        ("load", "prep_a"),
        ("prep_a", "train"),
        ("prep_b", "train"),
    ]
    assert dag.predecessors("train") == ["prep_a", "prep_b"]
    assert dag.successors("load") == ["prep_b", "prep_a"]


def test_topological_sort_follows_insertion_order_on_ties() -> None:
    assert diamond().topological_sort() == ["load", "prep_b", "prep_a", "train"]


def test_cycle_is_named() -> None:
    dag = diamond()
    dag.add_edge("train", "load")
    with pytest.raises(DAGError) as caught:
        dag.topological_sort()
    assert str(caught.value) == "the DAG has a cycle: load -> prep_a -> train -> load"


def test_self_loop() -> None:
    with pytest.raises(DAGError) as caught:
        PipelineDAG().add_edge("a", "a")
    assert str(caught.value) == "edge 'a' -> 'a' is a self-loop"


def test_bad_node_name() -> None:
    with pytest.raises(DAGError) as caught:
        PipelineDAG().add_node("")
    assert str(caught.value) == "node names must be non-empty strings, got ''"


def test_unknown_node() -> None:
    with pytest.raises(DAGError) as caught:
        diamond().predecessors("eval")
    assert str(caught.value) == "unknown node 'eval' (nodes: load, prep_b, prep_a, train)"


def test_json_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "dag.json"
    path.write_text(json.dumps(diamond().to_dict()), encoding="utf-8")
    loaded = PipelineDAG.from_json(path)
    assert (loaded.nodes, loaded.edges) == (diamond().nodes, diamond().edges)
    assert PipelineDAG.from_json(str(path)).nodes == loaded.nodes


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "DAG mapping: expected an object with 'nodes' and 'edges'"),
        ({"nodes": "a"}, "DAG mapping: 'nodes' must be a list of non-empty strings"),
        ({"nodes": ["a"], "edges": {}}, "DAG mapping: 'edges' must be a list of [src, dst] pairs"),
        (
            {"nodes": ["a"], "edges": [["a"]]},
            "DAG mapping: edge ['a'] must be a [src, dst] pair of node names",
        ),
        (
            {"nodes": ["a"], "edges": [["a", "b"]]},
            "DAG mapping: edge ['a', 'b'] names undeclared node 'b'",
        ),
    ],
)
def test_malformed_mapping(data: object, message: str) -> None:
    with pytest.raises(DAGError) as caught:
        PipelineDAG.from_json(data)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_malformed_file(tmp_path: Path) -> None:
    path = tmp_path / "dag.json"
    path.write_text("{nodes", encoding="utf-8")
    with pytest.raises(DAGError) as caught:
        PipelineDAG.from_json(path)
    assert (
        str(caught.value)
        == f"{path}: invalid JSON at line 1: Expecting property name enclosed in double quotes"
    )
    with pytest.raises(DAGError) as caught:
        PipelineDAG.from_json(tmp_path / "missing.json")
    assert (
        str(caught.value)
        == f"{tmp_path / 'missing.json'}: cannot read DAG file: No such file or directory"
    )
