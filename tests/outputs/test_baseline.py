"""Baselines: sorted reviewable JSON, fingerprint matching, and entries that have gone."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from output_samples import DefaultDisagrees, SpecOutputMissing, finding, sample_findings

from alignlint.core.types import Related, Span
from alignlint.run.baseline import (
    Baseline,
    BaselineEntry,
    BaselineError,
    apply_baseline,
    load_baseline,
    write_baseline,
)
from alignlint.run.fingerprints import fingerprint


def test_written_file_is_sorted_reviewable_json(tmp_path: Path) -> None:
    path = tmp_path / "alignlint-baseline.json"
    write_baseline(path, sample_findings()[:3])
    assert path.read_text(encoding="utf-8") == (
        "{\n"
        '  "version": 1,\n'
        '  "findings": [\n'
        "    {\n"
        '      "fingerprint": "c0ffee0000000002",\n'
        '      "code": "ALN310",\n'
        '      "file": "src/builders/builder_train.py",\n'
        '      "step": "Train",\n'
        '      "message": "Builder sets environment variable `LABEL_FIELD` that contract '
        '`TRAIN_CONTRACT` does not declare"\n'
        "    },\n"
        "    {\n"
        '      "fingerprint": "c0ffee0000000003",\n'
        '      "code": "ALN501",\n'
        '      "file": "src/scripts/train.py",\n'
        '      "step": "Train",\n'
        '      "message": "Script reads `EPOCHS` with default `10`; the config default is `20`"\n'
        "    },\n"
        "    {\n"
        '      "fingerprint": "c0ffee0000000001",\n'
        '      "code": "ALN203",\n'
        '      "file": "src/specs/preprocess_spec.py",\n'
        '      "step": "Preprocess",\n'
        '      "message": "Output `processed_data` of spec `PREPROCESS_SPEC` is not an output of '
        'contract `PREPROCESS_CONTRACT`"\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file was left behind"


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    written = write_baseline(path, sample_findings())
    assert load_baseline(path) == written
    assert len(written.entries) == 5
    write_baseline(path, reversed(sample_findings()))
    assert load_baseline(path) == written, "the file does not depend on the order of findings"


def test_baselined_findings_are_hidden_even_after_moving(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, sample_findings())
    shifted = [
        replace(d, span=Span.of(d.span.path, d.span.line + 7, 1, d.span.end.line + 7, 1))
        for d in sample_findings()
    ]
    remaining, gone = apply_baseline(shifted, load_baseline(path))
    assert remaining == []
    assert gone == []


def test_new_findings_remain_in_order_and_fixed_ones_are_gone() -> None:
    findings = sample_findings()
    baseline = Baseline.of(findings[:3])
    new = finding(DefaultDisagrees, "new", Span.of("z.py", 1, 1, 1, 2), fingerprint="new1")
    remaining, gone = apply_baseline([findings[3], new, findings[0], findings[4]], baseline)
    assert remaining == [findings[3], new, findings[4]]
    assert [entry.fingerprint for entry in gone] == ["c0ffee0000000002", "c0ffee0000000001"]
    assert str(gone[0]) == (
        "src/builders/builder_train.py: ALN310 Builder sets environment variable `LABEL_FIELD` "
        "that contract `TRAIN_CONTRACT` does not declare"
    )


def test_matching_uses_the_fingerprint_only() -> None:
    original = sample_findings()[2]
    reworded = replace(
        original, message="a better message", span=Span.of("elsewhere.py", 1, 1, 1, 2)
    )
    other = replace(original, fingerprint="something-else")
    remaining, gone = apply_baseline([reworded, other], Baseline.of([original]))
    assert remaining == [other]
    assert gone == []


def test_a_fingerprint_listed_once_hides_one_finding() -> None:
    one = finding(SpecOutputMissing, "m", Span.of("a.py", 1, 1, 1, 2), fingerprint="same")
    two = replace(one, span=Span.of("a.py", 9, 1, 9, 2))
    remaining, gone = apply_baseline([one, two], Baseline.of([one]))
    assert remaining == [two]
    assert gone == []
    remaining, gone = apply_baseline([one], Baseline.of([one, two]))
    assert remaining == []
    assert [entry.fingerprint for entry in gone] == ["same"]


def test_finding_without_fingerprint_cannot_be_baselined(tmp_path: Path) -> None:
    bare = finding(SpecOutputMissing, "m", Span.of("a.py", 3, 4, 3, 5))
    with pytest.raises(BaselineError, match=r"^a\.py:3:4: ALN203 finding has no fingerprint$"):
        write_baseline(tmp_path / "b.json", [bare])
    assert not (tmp_path / "b.json").exists()
    remaining, _ = apply_baseline([bare], Baseline.of(sample_findings()))
    assert remaining == [bare]


def test_step_may_be_null(tmp_path: Path) -> None:
    stepless = finding(SpecOutputMissing, "m", Span.of("a.py", 1, 1, 1, 2), fingerprint="x")
    path = tmp_path / "b.json"
    write_baseline(path, [stepless, sample_findings()[0]])
    assert json.loads(path.read_text(encoding="utf-8"))["findings"][0]["step"] is None
    assert load_baseline(path).entries[0] == BaselineEntry("a.py", "ALN203", None, "x", "m")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{", "1:2: invalid JSON: Expecting property name enclosed in double quotes"),
        ("[]", "not a baseline file (expected an object with `findings`)"),
        ('{"findings": []}', "unsupported baseline version None (this alignlint reads version 1)"),
        (
            '{"version": 2, "findings": []}',
            "unsupported baseline version 2 (this alignlint reads version 1)",
        ),
        ('{"version": 1, "findings": {}}', "`findings` must be a list"),
        ('{"version": 1, "findings": [3]}', "finding 1 must be an object"),
        (
            '{"version": 1, "findings": [{"fingerprint": "", "code": "A", "file": "f", "message": "m"}]}',
            "finding 1 needs a string `fingerprint`",
        ),
        (
            '{"version": 1, "findings": [{"fingerprint": "f", "file": "f", "message": "m"}]}',
            "finding 1 needs a string `code`",
        ),
        (
            '{"version": 1, "findings": [{"fingerprint": "f", "code": "A", "file": "f", "message": "m", "step": 1}]}',
            "finding 1: `step` must be a string or null",
        ),
    ],
)
def test_malformed_files_are_reported_clearly(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as error:
        load_baseline(path)
    separator = "" if reason.startswith("1:") else " "
    assert str(error.value) == f"{path}:{separator}{reason}"


def test_missing_file_is_reported_clearly(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match=r"^baseline file .*nope\.json does not exist$"):
        load_baseline(tmp_path / "nope.json")


def test_unwritable_location_is_reported_clearly(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = tmp_path / "a-file" / "baseline.json"
    with pytest.raises(BaselineError, match=r"^cannot write baseline file .*baseline\.json: "):
        write_baseline(target, sample_findings())


def test_a_context_span_is_not_part_of_the_fingerprint() -> None:
    """A rule that adds a span showing more of the finding's own side keeps its findings'
    fingerprints, so their baseline entries still match; another side's file changes them."""
    original = replace(sample_findings()[2], fingerprint=None)
    shown = Related(Span.of("elsewhere.py", 4, 1, 4, 9), "the declaration", context=True)
    other_side = replace(shown, context=False)
    assert fingerprint(replace(original, related=(*original.related, shown))) == fingerprint(
        original
    )
    assert fingerprint(replace(original, related=(*original.related, other_side))) != fingerprint(
        original
    )
