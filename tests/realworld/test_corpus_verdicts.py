"""alignlint on a real step library: every finding has a verdict, and precision holds.

The corpus (``../shared/corpus/``) is a snapshot of a public library in the style alignlint checks.
It is absent on a user's clone: these tests then skip with the reason. Under ``ALIGNLINT_CI=1``
(``.ci/run``) its absence is a failure. See ``verdicts.py`` for the verdict file.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from realworld.corpus import required_corpus
from realworld.verdicts import (
    REPO,
    UPDATE_VARIABLE,
    Finding,
    Row,
    precision,
    precision_table,
    problems,
    read_rows,
    run_alignlint,
    updated,
    verdict_file,
    write_rows,
)

CORPUS = "cursus-a9d18ccc"
PACKAGE_DIR = "src/cursus"

PRECISION_FLOOR = 0.95
"""The overall precision the verdicts must keep (issue 13: at least 95 %; today 198 of 198)."""
RULE_FLOOR = 0.90
"""The precision every rule with :data:`RULE_MINIMUM` findings or more must keep."""
RULE_MINIMUM = 5


def _corpus_root() -> Path:
    return required_corpus(CORPUS, PACKAGE_DIR)


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return run_alignlint(_corpus_root(), PACKAGE_DIR)


def test_every_finding_has_a_verdict_and_none_regressed(findings: list[Finding]) -> None:
    path = verdict_file(CORPUS)
    rows = read_rows(path)
    if os.environ.get(UPDATE_VARIABLE):
        rows = updated(rows, findings)
        write_rows(path, rows)
    found = problems(rows, findings)
    assert not found, "\n".join(found)


def test_precision_holds(findings: list[Finding]) -> None:
    result = precision(read_rows(verdict_file(CORPUS)), findings)
    table = precision_table(result)
    assert result.value >= PRECISION_FLOOR, table
    for code, (true, false) in result.per_rule.items():
        if true + false >= RULE_MINIMUM:
            assert result.of(code) >= RULE_FLOOR, f"{code}\n{table}"


def _row(fingerprint: str, verdict: str, status: str = "reported") -> Row:
    return Row(fingerprint, "ALN101", "a.py", 1, "m", verdict, status, "why")


def _finding(fingerprint: str) -> Finding:
    return Finding(fingerprint, "ALN101", "a.py", 1, "m")


def test_the_checks_catch_every_kind_of_disagreement() -> None:
    assert problems([_row("a", "true")], [_finding("a")]) == []
    assert "no verdict" in problems([], [_finding("a")])[0]
    assert "nobody has judged" in problems([_row("a", "unjudged")], [_finding("a")])[0]
    assert "no longer reported" in problems([_row("a", "true")], [])[0]
    assert "came back" in problems([_row("a", "false", "gone")], [_finding("a")])[0]
    assert "stale" in problems([_row("a", "false")], [])[0]
    assert problems([_row("a", "false", "gone")], []) == []
    replaced = [_row("a", "true", "replaced:b"), _row("b", "true")]
    assert problems(replaced, [_finding("b")]) == []
    assert (
        "not a true row"
        in problems([_row("a", "true", "replaced:b"), _row("b", "false")], [_finding("b")])[0]
    )


def test_update_refreshes_rows_and_adds_new_findings_unjudged() -> None:
    rows = updated([_row("a", "false"), _row("b", "true")], [_finding("b"), _finding("c")])
    assert [(row.fingerprint, row.verdict, row.status) for row in rows] == [
        ("a", "false", "gone"),
        ("b", "true", "reported"),
        ("c", "unjudged", "reported"),
    ]
    result = precision(rows, [_finding("b"), _finding("c")])
    assert (result.true, result.false, result.value) == (1, 0, 1.0)


def test_every_could_not_check_record_is_judged() -> None:
    """What the rules say they could not check is a claim too: each record of the corpus run has
    a judged row (``cursus-a9d18ccc.unchecked.csv``: the record, ``justified`` or not, and why,
    from reading the code), and every row is still a record."""
    command = [sys.executable, "-m", "alignlint", "check", PACKAGE_DIR, "--no-cache"]
    command += ["--exit-zero", "--statistics", "--output-format", "json"]
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    done = subprocess.run(
        command, cwd=_corpus_root(), env=environment, capture_output=True, text=True, check=True
    )
    records = {(u["code"], u["subject"], u["reason"]) for u in json.loads(done.stdout)["unchecked"]}
    path = verdict_file(CORPUS).with_suffix(".unchecked.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = {(r["code"], r["subject"], r["reason"]): r for r in csv.DictReader(handle)}
    assert sorted(records - rows.keys()) == [], "records nobody has judged"
    assert sorted(rows.keys() - records) == [], "judged records no longer reported"
    assert all(row["verdict"] == "justified" and row["why"] for row in rows.values())
