"""Spec ↔ dependency rules (ALN3xx): dependencies against producers, across the library and
in every DAG, with the same matching core as the runtime resolver."""

from __future__ import annotations

from alignlint.rules.base import Rule
from alignlint.rules.spec_dependency.compatible_source_cannot_satisfy import (
    CompatibleSourceCannotSatisfy,
)
from alignlint.rules.spec_dependency.dag_ambiguous_dependency import DagAmbiguousDependency
from alignlint.rules.spec_dependency.dag_cycle import DagCycle
from alignlint.rules.spec_dependency.dag_unknown_node import DagUnknownNode
from alignlint.rules.spec_dependency.dag_unresolved_dependency import DagUnresolvedDependency
from alignlint.rules.spec_dependency.dag_unused_edge import DagUnusedEdge
from alignlint.rules.spec_dependency.data_type_mismatch import DataTypeMismatch
from alignlint.rules.spec_dependency.type_only_match import TypeOnlyMatch
from alignlint.rules.spec_dependency.unknown_compatible_source import UnknownCompatibleSource
from alignlint.rules.spec_dependency.unlisted_wired_source import UnlistedWiredSource
from alignlint.rules.spec_dependency.unsatisfiable_dependency import UnsatisfiableDependency

RULES: list[type[Rule]] = [
    UnknownCompatibleSource,
    UnsatisfiableDependency,
    CompatibleSourceCannotSatisfy,
    DagUnresolvedDependency,
    DagUnusedEdge,
    DagAmbiguousDependency,
    DagUnknownNode,
    DagCycle,
    DataTypeMismatch,
    TypeOnlyMatch,
    UnlistedWiredSource,
]

__all__ = [
    "RULES",
    "CompatibleSourceCannotSatisfy",
    "DagAmbiguousDependency",
    "DagCycle",
    "DagUnknownNode",
    "DagUnresolvedDependency",
    "DagUnusedEdge",
    "DataTypeMismatch",
    "TypeOnlyMatch",
    "UnknownCompatibleSource",
    "UnlistedWiredSource",
    "UnsatisfiableDependency",
]
