"""Wording shared by the ALN3xx messages: candidates with their score breakdown."""

from __future__ import annotations

from collections.abc import Iterable

from alignlint.model.components import Dag
from alignlint.sagemaker.matching import THRESHOLD, Candidate


def candidate_label(candidate: Candidate) -> str:
    """``Producer.output``."""
    return f"{candidate.producer_step}.{candidate.output.logical_name}"


def why_rejected(candidate: Candidate) -> str:
    """Why the resolver does not accept ``candidate``: the gate, or the score below threshold."""
    score = candidate.score
    if score.gate_failure is not None:
        return f"rejected: {score.gate_failure}"
    return f"below the threshold {THRESHOLD}: {score.breakdown()}"


def best_candidate_text(candidates: Iterable[Candidate], nothing: str) -> str:
    """``best candidate P.out (why)`` for the top candidate, else ``nothing``."""
    for candidate in candidates:
        return f"best candidate {candidate_label(candidate)} ({why_rejected(candidate)})"
    return nothing


def names(items: Iterable[str]) -> str:
    """``'a', 'b'`` (sorted order is the caller's business)."""
    return ", ".join(f"'{item}'" for item in items)


def dag_label(dag: Dag) -> str:
    """``DAG create_training_dag``."""
    return f"DAG {dag.name}"
