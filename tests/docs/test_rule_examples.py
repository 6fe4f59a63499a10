"""Every rule's documented example is a pair of fixture cases that the fixture tests run.

A case marked ``doc: <code>`` in its ``[case]`` section is rendered into ``docs/rules.md`` by
``scripts/generate_rule_docs.py`` (``test_docs.py`` keeps that file current). Each rule has
exactly one marked ``_fires`` case, whose expected findings include the rule's, and one marked
``_silent`` case, its corrected version, with none of them: as Fixit does with VALID/INVALID.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from fixture_cases import (
    FIXTURES,
    DocumentedExample,
    case_name,
    case_paths,
    documented_examples,
    load_case,
    project_files,
)

from alignlint.rules.base import Rule, discover_rules

EXAMPLES = documented_examples()
#: How many lines the corrected example may change (added plus removed): it is the firing example
#: with the mistake fixed, not another project.
MAX_CORRECTION = 20
RULES = discover_rules()


def _family(rule: type[Rule]) -> str:
    """The fixture directory of the rule's family (``alignlint.rules.<family>.<module>``)."""
    return rule.__module__.split(".")[2]


def _findings_of(path: Path, code: str) -> int:
    """How many of the case's expected findings are ``code``'s."""
    expected = load_case(path).generated("expected") or ""
    return sum(f" {code} " in line for line in expected.splitlines())


def correction_size(before: dict[str, bytes], after: dict[str, bytes]) -> int:
    """Lines added plus removed from ``before`` to ``after`` (a file moved unchanged: one)."""
    removed = {before[p] for p in before if p not in after}
    size = 0
    for path in set(before) | set(after):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        if old is None and new in removed:
            size += 1
            continue
        if new is None and old in {after[p] for p in after if p not in before}:
            continue
        old_lines = (old or b"").decode("utf-8", "replace").splitlines()
        new_lines = (new or b"").decode("utf-8", "replace").splitlines()
        size += sum(
            line[:1] in "+-" and not line.startswith(("+++", "---"))
            for line in difflib.unified_diff(old_lines, new_lines, lineterm="", n=0)
        )
    return size


def what_to_add(rule: type[Rule], example: DocumentedExample) -> str:
    """The instructions a failing rule gets: which cases to mark or write, and the command."""
    stem = f"{rule.code}_{rule.name.replace('-', '_')}"
    directory = f"fixtures/{_family(rule)}"
    existing = [
        case_name(path)
        for path in case_paths(FIXTURES / _family(rule))
        if path.stem.startswith(rule.code)
    ]
    lines = [
        f"{rule.code} {rule.name} needs a documented example: exactly one `_fires` case and one "
        "`_silent` case, each with the line",
        "",
        "    [case]",
        f"    doc: {rule.code}",
        "",
        f"(the `[case]` section comes first in the file). Write {directory}/{stem}_fires.case, a "
        f"small project that fires {rule.code}, and {directory}/{stem}_silent.case, the same "
        "project with the mistake corrected (only the lines that fix it differ), or mark an "
        "existing pair that is already that: the firing case and its corrected twin.",
        "Then run `ALIGNLINT_UPDATE_FIXTURES=1 pytest -n 2 tests/test_fixtures.py "
        "tests/fix_cli/test_snapshots.py` and `python scripts/generate_rule_docs.py`, and read "
        "the example in docs/rules.md.",
    ]
    if existing:
        lines.append(f"Existing cases of {rule.code}: " + ", ".join(existing) + ".")
    marked = [*example.fires, *example.silent, *example.unnamed]
    if marked:
        lines.append("Marked now: " + ", ".join(case_name(path) for path in marked) + ".")
    return "\n".join(lines)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_has_a_documented_example_that_fires_and_a_corrected_one(
    rule: type[Rule],
) -> None:
    example = EXAMPLES.get(rule.code, DocumentedExample(rule.code))
    shaped = len(example.fires) == 1 and len(example.silent) == 1 and not example.unnamed
    assert shaped, what_to_add(rule, example)
    fires, silent = example.fires[0], example.silent[0]
    assert _findings_of(fires, rule.code) > 0, (
        f"{case_name(fires)} is marked `doc: {rule.code}` but its [expected] has no "
        f"{rule.code} finding\n\n" + what_to_add(rule, example)
    )
    size = correction_size(project_files(fires), project_files(silent))
    assert size <= MAX_CORRECTION, (
        f"{case_name(silent)} changes {size} lines of {case_name(fires)}; the corrected example "
        f"is the firing one with the mistake fixed (at most {MAX_CORRECTION} lines)\n\n"
        + what_to_add(rule, example)
    )
    assert _findings_of(silent, rule.code) == 0, (
        f"{case_name(silent)} is marked `doc: {rule.code}` (the corrected example) but its "
        f"[expected] has {rule.code} findings\n\n" + what_to_add(rule, example)
    )


def test_marked_cases_name_rules_that_exist() -> None:
    codes = {rule.code for rule in RULES}
    unknown = sorted(code for code in EXAMPLES if code not in codes)
    assert unknown == [], f"cases are marked `doc:` with codes no rule has: {unknown}"
