"""The statistics of a run (``--statistics``): what was read, parsed and linked, what the rules
counted, and what each rule could not check."""

from __future__ import annotations

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
    project: Project,
    rules: Sequence[Rule],
    suppressed: int,
) -> Statistics:
    return counted(
        len(files),
        Counts(
            files_parsed=parsed_count(facts),
            steps=len(project.steps),
            counters=dict(getattr(project, "counters", {})),
            unlinked=len(project.unlinked),
            unresolved=len(project.unresolved),
        ),
        rules,
        suppressed,
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
