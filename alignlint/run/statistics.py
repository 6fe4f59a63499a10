"""The statistics of a run (``--statistics``): what was read, parsed and linked, what the rules
counted, and what each rule could not check."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from alignlint.core.records import record
from alignlint.core.types import Statistics
from alignlint.rules.base import Rule

if TYPE_CHECKING:
    from alignlint.extract.facts import FileFacts
    from alignlint.model import Project
    from alignlint.run.discover import SourceFile


def parsed_count(facts: Sequence[FileFacts]) -> int:
    """The files read and parsed without error (a compiled module is found, never read)."""
    return sum(1 for f in facts if not f.errors and f.kind != "compiled")


def statistics_of(
    files: Sequence[SourceFile],
    facts: Sequence[FileFacts],
    counts: Counts,
    rules: Sequence[Rule],
    suppressed: int,
) -> Statistics:
    """The statistics of a run over ``files`` whose linked project counted ``counts``
    (:func:`linked_counts`)."""
    return counted(
        len(files),
        dataclasses.replace(counts, files_parsed=parsed_count(facts)),
        rules,
        suppressed,
    )


def linked_counts(project: Project) -> Counts:
    """What the statistics count of a linked project (``files_parsed`` is the run's: 0 here)."""
    return Counts(
        files_parsed=0,
        steps=len(project.steps),
        counters=dict(getattr(project, "counters", {})),
        unlinked=len(project.unlinked),
        unresolved=len(project.unresolved),
    )


@record
class Counts:
    """What the statistics count of the facts and the linked project."""

    files_parsed: int
    steps: int
    counters: Mapping[str, int]
    unlinked: int
    unresolved: int


def counted(files: int, counts: Counts, rules: Sequence[Rule], suppressed: int) -> Statistics:
    statistics = Statistics(files=files, files_parsed=counts.files_parsed, steps=counts.steps)
    for key, value in sorted(counts.counters.items()):
        statistics.bump(key, value)
    statistics.bump("unlinked pieces", counts.unlinked)
    statistics.bump("unresolved values", counts.unresolved)
    statistics.bump("rules run", len(rules))
    statistics.bump("suppressed findings", suppressed)
    statistics.unchecked = sorted({item for rule in rules for item in rule.unchecked})
    return statistics
