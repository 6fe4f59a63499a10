"""Verdicts on alignlint's findings on a real step library, and the checks that lock them in.

``tests/realworld/<corpus>.csv`` holds one row per finding alignlint ever reported on the corpus
``../shared/corpus/<corpus>`` (default rule selection, ``alignlint check src/<pkg>``):

    fingerprint, code, file, line, message, verdict, status, reason

* ``verdict`` is ``true`` (the step or pipeline would fail or misbehave, or a maintainer would want
  the inconsistency fixed), ``false`` (the code is fine, the linter misread it) or ``unjudged``
  (a new finding nobody has read yet), judged by reading the code on both sides;
* ``status`` is ``reported`` (alignlint reports it today), ``gone`` (no longer reported: the row
  stays, so a false finding that comes back is caught) or ``replaced:<fingerprint>`` (a true finding
  whose identity changed, e.g. a new subject or related file: the named row carries it on);
* ``reason`` is the one-line reason a maintainer would accept, citing the other side.

:func:`problems` says what is wrong between the rows and a run: a finding without a row, an
unjudged row, a true finding that disappeared, a false one that came back, a stale status.
``ALIGNLINT_UPDATE_VERDICTS=1`` rewrites the rows' line, message and status from the run and adds
new findings as ``unjudged`` (never a verdict: a person judges them).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpus"
COLUMNS = ("fingerprint", "code", "file", "line", "message", "verdict", "status", "reason")
VERDICTS = ("true", "false", "unjudged")
UPDATE_VARIABLE = "ALIGNLINT_UPDATE_VERDICTS"
REQUIRE_VARIABLE = "ALIGNLINT_CI"
"""Set by ``.ci/run``: there the corpus is always present, and its absence is a failure."""


@dataclass(frozen=True)
class Finding:
    """One finding of a run, as the verdict file records it."""

    fingerprint: str
    code: str
    file: str
    line: int
    message: str


@dataclass(frozen=True)
class Row:
    """One row of a verdict file."""

    fingerprint: str
    code: str
    file: str
    line: int
    message: str
    verdict: str
    status: str
    reason: str

    @property
    def replaced_by(self) -> str | None:
        prefix = "replaced:"
        return self.status[len(prefix) :] if self.status.startswith(prefix) else None


def verdict_file(corpus: str) -> Path:
    return Path(__file__).resolve().parent / f"{corpus}.csv"


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: expected the columns {', '.join(COLUMNS)}")
        return [
            Row(
                fingerprint=item["fingerprint"],
                code=item["code"],
                file=item["file"],
                line=int(item["line"]),
                message=item["message"],
                verdict=item["verdict"],
                status=item["status"],
                reason=item["reason"],
            )
            for item in reader
        ]


def write_rows(path: Path, rows: Iterable[Row]) -> None:
    ordered = sorted(rows, key=lambda row: (row.code, row.file, row.line, row.fingerprint))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in ordered:
        writer.writerow([getattr(row, column) for column in COLUMNS])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def run_alignlint(corpus_root: Path, package_dir: str) -> list[Finding]:
    """``alignlint check <package_dir>`` in ``corpus_root`` with the default selection."""
    command = [sys.executable, "-m", "alignlint", "check", package_dir, "--no-cache"]
    command += ["--exit-zero", "--output-format", "json"]
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    for variable in ("ALIGNLINT_OUTPUT_FORMAT", "ALIGNLINT_CONFIG"):
        environment.pop(variable, None)
    done = subprocess.run(
        command, cwd=corpus_root, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"alignlint failed ({done.returncode}):\n{done.stderr}")
    return [
        Finding(
            fingerprint=item["fingerprint"],
            code=item["code"],
            file=item["filename"],
            line=int(item["location"]["row"]),
            message=item["message"],
        )
        for item in json.loads(done.stdout)
    ]


def problems(rows: Sequence[Row], findings: Sequence[Finding]) -> list[str]:
    """Everything that disagrees between the verdict rows and the findings of a run."""
    reported = {finding.fingerprint: finding for finding in findings}
    by_fingerprint = {row.fingerprint: row for row in rows}
    found: list[str] = []
    duplicates = [fp for fp, count in Counter(row.fingerprint for row in rows).items() if count > 1]
    found.extend(f"{fp}: two rows have this fingerprint" for fp in sorted(duplicates))
    for row in rows:
        where = f"{row.code} {row.file}:{row.line} ({row.fingerprint})"
        if row.verdict not in VERDICTS:
            found.append(f"{where}: verdict must be one of {', '.join(VERDICTS)}")
        elif row.verdict == "unjudged":
            found.append(f"{where}: nobody has judged it yet: read both sides, write the verdict")
        live = row.fingerprint in reported
        successor = row.replaced_by
        if successor is not None:
            target = by_fingerprint.get(successor)
            if row.verdict == "true" and (target is None or target.verdict != "true"):
                found.append(f"{where}: replaced by {successor}, which is not a true row")
            if live:
                found.append(f"{where}: marked replaced but still reported")
            continue
        if row.status not in ("reported", "gone"):
            found.append(f"{where}: status must be reported, gone or replaced:<fingerprint>")
        elif row.verdict == "true" and not live:
            found.append(f"{where}: a true finding is no longer reported: {row.message}")
        elif row.verdict == "false" and row.status == "gone" and live:
            found.append(f"{where}: a false finding came back: {row.message}")
        elif (row.status == "reported") != live:
            found.append(
                f"{where}: status {row.status!r} is stale ({UPDATE_VARIABLE}=1 updates it)"
            )
    for fingerprint, finding in sorted(reported.items()):
        if fingerprint not in by_fingerprint:
            found.append(
                f"{finding.code} {finding.file}:{finding.line} ({fingerprint}): no verdict for "
                f"this finding: {finding.message}"
            )
    return found


def updated(rows: Sequence[Row], findings: Sequence[Finding]) -> list[Row]:
    """The rows with line, message and status refreshed from a run, and new findings added as
    ``unjudged``; verdicts and reasons are never changed."""
    reported = {finding.fingerprint: finding for finding in findings}
    result: list[Row] = []
    for row in rows:
        finding = reported.get(row.fingerprint)
        if finding is not None:
            row = replace(row, line=finding.line, message=finding.message, file=finding.file)
            status = "reported"
        else:
            status = row.status if row.replaced_by is not None else "gone"
        result.append(replace(row, status=status))
    known = {row.fingerprint for row in rows}
    for fingerprint, finding in reported.items():
        if fingerprint not in known:
            result.append(
                Row(
                    fingerprint,
                    finding.code,
                    finding.file,
                    finding.line,
                    finding.message,
                    "unjudged",
                    "reported",
                    "",
                )
            )
    return result


@dataclass(frozen=True)
class Precision:
    """True and false findings among those reported, overall and per rule."""

    true: int
    false: int
    per_rule: Mapping[str, tuple[int, int]]

    @property
    def value(self) -> float:
        total = self.true + self.false
        return self.true / total if total else 1.0

    def of(self, code: str) -> float:
        true, false = self.per_rule[code]
        return true / (true + false) if true + false else 1.0


def precision(rows: Sequence[Row], findings: Sequence[Finding]) -> Precision:
    """Precision of the findings of a run by the verdict rows (unjudged findings not counted)."""
    verdicts = {row.fingerprint: row.verdict for row in rows}
    per_rule: dict[str, list[int]] = {}
    for finding in findings:
        verdict = verdicts.get(finding.fingerprint)
        if verdict not in ("true", "false"):
            continue
        counts = per_rule.setdefault(finding.code, [0, 0])
        counts[0 if verdict == "true" else 1] += 1
    true = sum(counts[0] for counts in per_rule.values())
    false = sum(counts[1] for counts in per_rule.values())
    return Precision(true, false, {code: (c[0], c[1]) for code, c in sorted(per_rule.items())})


def precision_table(result: Precision) -> str:
    lines = [f"{'rule':<8} {'findings':>8} {'true':>5} {'false':>5} {'precision':>9}"]
    for code, (true, false) in result.per_rule.items():
        lines.append(f"{code:<8} {true + false:>8} {true:>5} {false:>5} {result.of(code):>9.1%}")
    total = result.true + result.false
    lines.append(f"{'all':<8} {total:>8} {result.true:>5} {result.false:>5} {result.value:>9.1%}")
    return "\n".join(lines)
