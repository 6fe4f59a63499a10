"""Shipped pipeline DAGs: Python modules building a ``PipelineDAG`` and JSON DAG files."""
