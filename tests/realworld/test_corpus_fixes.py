"""alignlint's fixes on a real step library: each one helps, and none is quietly withdrawn.

On a copy of the corpus (``../shared/corpus/``, absent on a user's clone: the tests then skip,
except under ``ALIGNLINT_CI=1``):

* a bounded sample (the first offered fix of each rule) is tried alone (``fix_trial.py``): it
  applies, the files re-parse, its finding goes, no new finding appears, a second run changes
  nothing. ``benchmarks/corpus_fixes.py`` tries every offered fix and prints the figures;
* the fixes offered are recorded in ``cursus-a9d18ccc.fixes.csv`` (``fingerprint, code, file,
  status, reason``): a finding recorded ``offered`` that is still reported must still offer its
  fix; one whose fix was shown harmful is ``withdrawn`` with the reason (and listed in
  docs/fixes.md); every offered fix has a row. ``ALIGNLINT_UPDATE_VERDICTS=1`` adds rows for new
  offers and marks rows whose finding is no longer reported ``gone`` (never ``withdrawn``: a
  person decides that, with the reason);
* ``check``'s count of fixes (fixable plus hidden) equals what ``--fix --unsafe-fixes`` fixes.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from realworld.corpus import required_corpus
from realworld.fix_trial import POLICY, Corpus, Offer, corpus_copy
from realworld.verdicts import UPDATE_VARIABLE

CORPUS = "cursus-a9d18ccc"
PACKAGE_DIR = "src/cursus"
RECORD = Path(__file__).resolve().parent / f"{CORPUS}.fixes.csv"
COLUMNS = ("fingerprint", "code", "file", "status", "reason")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    source = required_corpus(CORPUS, PACKAGE_DIR)
    return Corpus(corpus_copy(source, tmp_path_factory.mktemp("corpus") / CORPUS), PACKAGE_DIR)


@pytest.fixture(scope="module")
def offers(corpus: Corpus) -> list[Offer]:
    return corpus.offers()


def read_record() -> list[dict[str, str]]:
    with RECORD.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def write_record(rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda row: (row["code"], row["file"], row["fingerprint"])))
    RECORD.write_text(buffer.getvalue(), encoding="utf-8")


def test_a_sample_of_fixes_each_helps_alone(corpus: Corpus, offers: list[Offer]) -> None:
    sample: dict[str, Offer] = {}
    for offer in offers:
        sample.setdefault(offer.finding.code, offer)
    assert sample, "the corpus offers no fix at all"
    failed = [
        f"{trial.offer.label}: {'; '.join(trial.problems)}"
        for trial in (corpus.try_alone(offer) for offer in sample.values())
        if not trial.passed
    ]
    assert not failed, "\n".join(failed)


def test_no_fix_is_withdrawn_without_a_reason(corpus: Corpus, offers: list[Offer]) -> None:
    reported = {d.fingerprint for d in corpus.analyze({}).diagnostics}
    offered = {offer.finding.fingerprint: offer.finding for offer in offers}
    rows = read_record()
    if os.environ.get(UPDATE_VARIABLE):
        known = {row["fingerprint"] for row in rows}
        for row in rows:
            if row["fingerprint"] not in reported and row["status"] == "offered":
                row["status"] = "gone"
        rows += [
            {"fingerprint": key, "code": d.code, "file": d.span.path, "status": "offered"}
            | {"reason": ""}
            for key, d in offered.items()
            if key not in known
        ]
        write_record(rows)
    problems = []
    recorded = {row["fingerprint"] for row in rows}
    for row in rows:
        where = f"{row['code']} {row['file']} ({row['fingerprint']})"
        if row["status"] == "withdrawn" and not row["reason"]:
            problems.append(f"{where} is withdrawn without a reason")
        if row["status"] == "offered" and row["fingerprint"] in reported:
            if row["fingerprint"] not in offered:
                problems.append(f"{where} no longer offers its fix")
        if row["status"] == "gone" and row["fingerprint"] in reported:
            problems.append(f"{where} is reported again: set its status")
    problems += [
        f"{d.code} {d.span.path} ({key}) offers a fix that is not recorded"
        for key, d in offered.items()
        if key not in recorded
    ]
    assert not problems, "\n".join(problems) + f"\n(ALIGNLINT_UPDATE_VERDICTS=1 updates {RECORD})"


def test_check_counts_what_fixing_fixes(corpus: Corpus, offers: list[Offer]) -> None:
    from alignlint.fix import run_fixes

    report = run_fixes(corpus.root, corpus.snapshot, POLICY, write=False)
    assert report.fixed == len(offers)
    assert (report.refused, report.discarded) == ((), ())
