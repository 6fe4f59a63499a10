"""Properties of fixing, over every fixture case (``fixtures/**/*.case``), each materialised in a
temporary directory and fixed with ``--fix --unsafe-fixes`` (the real engine and rules):

* every fix pass changes a file only inside the spans of the edits it was offered (for an
  insertion, inside its container) — every other character (and so every byte: encoding, BOM and
  newlines are kept) is unchanged;
* fixing a second time changes nothing.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from fixture_harness import Case, collect_cases

from alignlint.core.types import Diagnostic
from alignlint.fix import FixPolicy, run_fixes

from .support import (
    RecordingAnalysis,
    changed_only_inside,
    fix_copy,
    offered_fixes,
    snapshot,
    span_offsets,
)

CASES = collect_cases()


def _state(before: dict[str, bytes], overlay: dict[str, bytes]) -> dict[str, bytes]:
    return {**before, **overlay}


def _regions(
    diagnostics: tuple[Diagnostic, ...], policy: FixPolicy, path: str, old: str
) -> list[tuple[int, int]]:
    spans = [
        change.span
        for finding in offered_fixes(diagnostics, policy)
        if finding.fix is not None
        for change in (*finding.fix.edits, *finding.fix.insertions)
    ]
    return [span_offsets(old, span) for span in spans if span.path == path]


def _outside_edits(
    before: dict[str, bytes], analysis: RecordingAnalysis, policy: FixPolicy
) -> list[str]:
    """Files changed by some pass outside the spans of the fixes offered to that pass."""
    problems = []
    for (overlay, found), (next_overlay, _) in pairwise(analysis.calls):
        old_state, new_state = _state(before, overlay), _state(before, next_overlay)
        for path in sorted(new_state):
            if new_state[path] == old_state.get(path):
                continue
            old = old_state[path].decode("utf-8-sig")
            new = new_state[path].decode("utf-8-sig")
            if not changed_only_inside(old, new, _regions(found, policy, path, old)):
                problems.append(path)
    return problems


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixing_is_confined_to_the_edits_and_idempotent(case: Case, tmp_path: Path) -> None:
    fixed = fix_copy(case, tmp_path / "project")
    assert _outside_edits(fixed.before, fixed.analysis, fixed.policy) == []
    after = snapshot(fixed.root)
    assert set(after) == set(fixed.before)

    again = RecordingAnalysis(fixed.root, fixed.analysis.settings, fixed.analysis.rules)
    second = run_fixes(fixed.root, again, fixed.policy)
    assert second.changes == ()
    assert second.fixed == 0
    assert snapshot(fixed.root) == after


@pytest.mark.parametrize(
    ("new", "regions", "confined"),
    [
        ("abXYef", [(2, 4)], True),
        ("abcdefZ", [(6, 6)], True),
        ("abXdeY", [(2, 3)], False),
        ("Xbcdef", [(2, 3)], False),
        ("abcdef", [], True),
        ("abdef", [], False),
    ],
)
def test_the_confinement_check_itself(
    new: str, regions: list[tuple[int, int]], confined: bool
) -> None:
    assert changed_only_inside("abcdef", new, regions) is confined
