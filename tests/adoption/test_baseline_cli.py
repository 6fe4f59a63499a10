"""``alignlint baseline update`` and ``alignlint check --baseline`` on a real step library."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import alignlint
from adoption.library import BAD_PATH, GOOD_PATH, Run, edit, rename_load_data_output

PREPROCESS_SPEC = "specs/preprocess_spec.py"
ALN206_MESSAGE = (
    "property path of output 'processed_data' in spec PREPROCESS_SPEC reads Outputs['data']; "
    "the builder names the processing output 'processed_data', so the path must read "
    "Outputs['processed_data']"
)
GONE = (
    "{level}: 1 baselined finding in alignlint-baseline.json no longer occurs; remove it with "
    "`alignlint baseline update --baseline alignlint-baseline.json`:\n"
    f"  specs/preprocess_spec.py: ALN206 {ALN206_MESSAGE}\n"
)


@pytest.fixture
def baselined(library: Path, cli: Run) -> Path:
    """The library with one ALN206 finding, recorded in ``alignlint-baseline.json``."""
    edit(library / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    result = cli("baseline", "update")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "Wrote 1 finding to alignlint-baseline.json.\n",
        "",
    )
    return library / "alignlint-baseline.json"


def test_update_writes_sorted_reviewable_json(baselined: Path) -> None:
    [fingerprint] = [d.fingerprint for d in alignlint.check([])]
    assert (
        baselined.read_text(encoding="utf-8")
        == json.dumps(
            {
                "version": 1,
                "findings": [
                    {
                        "fingerprint": fingerprint,
                        "code": "ALN206",
                        "file": PREPROCESS_SPEC,
                        "step": "Preprocess",
                        "message": ALN206_MESSAGE,
                    }
                ],
            },
            indent=2,
        )
        + "\n"
    )


def test_baselined_findings_are_hidden(baselined: Path, cli: Run) -> None:
    assert cli("check").returncode == 1
    for args in ((), (PREPROCESS_SPEC,)):
        result = cli("check", "--baseline", "alignlint-baseline.json", *args)
        assert (result.returncode, result.stdout, result.stderr) == (0, "All checks passed!\n", "")


def test_fingerprints_survive_unrelated_lines_inserted_above(
    baselined: Path, library: Path, cli: Run
) -> None:
    spec = library / PREPROCESS_SPEC
    [finding] = alignlint.check([])
    edit(
        spec,
        '"""Specification of Preprocess."""\n',
        '"""Specification of Preprocess."""\n\n# a\n# b\n',
    )
    [moved] = alignlint.check([])
    assert (moved.span.line, moved.fingerprint) == (finding.span.line + 3, finding.fingerprint)
    result = cli("check", "--baseline", "alignlint-baseline.json")
    assert (result.returncode, result.stdout, result.stderr) == (0, "All checks passed!\n", "")


def test_new_findings_are_still_reported(baselined: Path, library: Path, cli: Run) -> None:
    rename_load_data_output(library)
    result = cli("check", "--baseline", "alignlint-baseline.json")
    assert result.returncode == 1
    codes = re.findall(r"^\S+:\d+:\d+: (ALN\d+) ", result.stdout, re.MULTILINE)
    assert "ALN302" in codes and "ALN206" not in codes, result.stdout


def test_gone_findings_are_reported_so_the_file_shrinks(
    baselined: Path, library: Path, cli: Run
) -> None:
    edit(library / PREPROCESS_SPEC, BAD_PATH, GOOD_PATH)
    result = cli("check", "--baseline", "alignlint-baseline.json")
    assert (result.returncode, result.stdout) == (0, "All checks passed!\n")
    assert result.stderr == GONE.format(level="warning")
    strict = cli("check", "--baseline", "alignlint-baseline.json", "--strict-baseline")
    assert (strict.returncode, strict.stderr) == (1, GONE.format(level="error"))
    assert cli("baseline", "update").stdout == "Wrote 0 findings to alignlint-baseline.json.\n"
    assert json.loads(baselined.read_text(encoding="utf-8"))["findings"] == []


def test_findings_outside_the_changed_set_are_not_gone(baselined: Path, cli: Run) -> None:
    result = cli(
        "check",
        "--baseline",
        "alignlint-baseline.json",
        "--strict-baseline",
        "scripts/train.py" if False else "scripts/load_data.py",
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "All checks passed!\n", "")
    under = cli("check", "--baseline", "alignlint-baseline.json", "--strict-baseline", "scripts")
    assert under.stderr == "", "the baselined file was not analysed: nothing is known about it"


def test_api_takes_a_baseline(baselined: Path) -> None:
    assert [d.code for d in alignlint.check([])] == ["ALN206"]
    assert alignlint.check([], baseline=baselined) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "error: baseline file missing.json does not exist\n"),
        ("[]", "error: missing.json: not a baseline file (expected an object with `findings`)\n"),
    ],
)
def test_bad_baseline_is_a_usage_error(
    library: Path, cli: Run, content: str | None, message: str
) -> None:
    if content is not None:
        (library / "missing.json").write_text(content, encoding="utf-8")
    result = cli("check", "--baseline", "missing.json")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


ADOPT = (
    "hint: to adopt alignlint on code with existing findings, record them with `alignlint "
    "baseline update` and check with `--baseline alignlint-baseline.json` (pre-commit: "
    "`args: [--baseline, alignlint-baseline.json]`)"
)


def test_a_failing_check_without_a_baseline_ends_with_how_to_adopt(library: Path, cli: Run) -> None:
    edit(library / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    for output in ("concise", "full"):
        failing = cli("check", "--output-format", output)
        assert failing.returncode == 1
        assert failing.stdout.splitlines()[-1] == ADOPT
    assert ADOPT not in cli("check", "--output-format", "json").stdout
    # Doing what the hint says adopts the library: the check passes, with no hint.
    assert cli("baseline", "update").returncode == 0
    adopted = cli("check", "--baseline", "alignlint-baseline.json")
    assert (adopted.returncode, adopted.stdout) == (0, "All checks passed!\n")
    # A new finding in an adopted library fails without the hint: it is not to be baselined.
    rename_load_data_output(library)
    new = cli("check", "--baseline", "alignlint-baseline.json")
    assert new.returncode == 1
    assert ADOPT not in new.stdout
    assert cli("check", "--exit-zero").stdout.splitlines()[-1] != ADOPT
