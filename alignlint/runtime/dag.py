"""A pipeline DAG: named nodes and directed edges, with a deterministic topological order."""

from __future__ import annotations

import heapq
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class DAGError(ValueError):
    """A DAG is malformed: a cycle, a self-loop, an unknown node or a bad JSON shape."""


class PipelineDAG:
    """Nodes and edges of a pipeline; iteration follows insertion order."""

    def __init__(self) -> None:
        self._nodes: dict[str, None] = {}
        self._edges: dict[tuple[str, str], None] = {}

    @property
    def nodes(self) -> list[str]:
        """Node names in insertion order."""
        return list(self._nodes)

    @property
    def edges(self) -> list[tuple[str, str]]:
        """Edges ``(src, dst)`` in insertion order."""
        return list(self._edges)

    def add_node(self, name: str) -> None:
        """Add a node; adding an existing node again changes nothing."""
        if not isinstance(name, str) or not name:
            raise DAGError(f"node names must be non-empty strings, got {name!r}")
        self._nodes.setdefault(name, None)

    def add_edge(self, src: str, dst: str) -> None:
        """Add an edge ``src -> dst``, adding either node if it is new."""
        if src == dst:
            raise DAGError(f"edge '{src}' -> '{dst}' is a self-loop")
        self.add_node(src)
        self.add_node(dst)
        self._edges.setdefault((src, dst), None)

    def _check_node(self, node: str) -> None:
        if node not in self._nodes:
            raise DAGError(f"unknown node '{node}' (nodes: {', '.join(self._nodes) or 'none'})")

    def predecessors(self, node: str) -> list[str]:
        """Nodes with an edge into ``node``, in edge insertion order."""
        self._check_node(node)
        return [src for src, dst in self._edges if dst == node]

    def successors(self, node: str) -> list[str]:
        """Nodes ``node`` has an edge to, in edge insertion order."""
        self._check_node(node)
        return [dst for src, dst in self._edges if src == node]

    def topological_sort(self) -> list[str]:
        """Nodes so that every edge points forward; ties follow insertion order.

        Raises:
            DAGError: the graph has a cycle (the message names the nodes on it).
        """
        order = {node: index for index, node in enumerate(self._nodes)}
        indegree = dict.fromkeys(self._nodes, 0)
        for _, dst in self._edges:
            indegree[dst] += 1
        ready = [(order[node], node) for node, degree in indegree.items() if degree == 0]
        heapq.heapify(ready)
        result: list[str] = []
        while ready:
            _, node = heapq.heappop(ready)
            result.append(node)
            for successor in self.successors(node):
                indegree[successor] -= 1
                if indegree[successor] == 0:
                    heapq.heappush(ready, (order[successor], successor))
        if len(result) != len(self._nodes):
            cycle = self._find_cycle({node for node in self._nodes if node not in result})
            raise DAGError(f"the DAG has a cycle: {' -> '.join(cycle)}")
        return result

    def _find_cycle(self, remaining: set[str]) -> list[str]:
        """A cycle among ``remaining`` nodes (each has a predecessor among them)."""
        start = next(node for node in self._nodes if node in remaining)
        path: list[str] = []
        node = start
        while node not in path:
            path.append(node)
            node = next(src for src in self.predecessors(node) if src in remaining)
        cycle = path[path.index(node) :]
        cycle.reverse()
        first = min(range(len(cycle)), key=lambda i: self.nodes.index(cycle[i]))
        cycle = cycle[first:] + cycle[:first]
        return [*cycle, cycle[0]]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape ``{"nodes": [...], "edges": [[src, dst], ...]}``."""
        return {"nodes": self.nodes, "edges": [list(edge) for edge in self.edges]}

    @classmethod
    def from_json(cls, source: str | Path | Mapping[str, Any]) -> PipelineDAG:
        """Build a DAG from a JSON file path or an already-parsed mapping."""
        if not isinstance(source, (str, Path)):
            data: Any = source
            where = "DAG mapping"
        else:
            where = str(source)
            try:
                data = json.loads(Path(source).read_text(encoding="utf-8"))
            except OSError as error:
                raise DAGError(f"{where}: cannot read DAG file: {error.strerror}") from error
            except json.JSONDecodeError as error:
                raise DAGError(
                    f"{where}: invalid JSON at line {error.lineno}: {error.msg}"
                ) from error
        if not isinstance(data, Mapping):
            raise DAGError(f"{where}: expected an object with 'nodes' and 'edges'")
        nodes = data.get("nodes", [])
        edges = data.get("edges", [])
        if not isinstance(nodes, list) or not all(isinstance(n, str) and n for n in nodes):
            raise DAGError(f"{where}: 'nodes' must be a list of non-empty strings")
        dag = cls()
        for node in nodes:
            dag.add_node(node)
        if not isinstance(edges, list):
            raise DAGError(f"{where}: 'edges' must be a list of [src, dst] pairs")
        for edge in edges:
            if (
                not isinstance(edge, list)
                or len(edge) != 2
                or not all(isinstance(end, str) and end for end in edge)
            ):
                raise DAGError(f"{where}: edge {edge!r} must be a [src, dst] pair of node names")
            src, dst = edge
            for end in (src, dst):
                if end not in dag._nodes:
                    raise DAGError(f"{where}: edge {edge!r} names undeclared node '{end}'")
            dag.add_edge(src, dst)
        return dag
