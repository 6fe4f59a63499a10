"""Golden tests of the human and machine formats over hand-made findings.

Regenerate deliberately with ``ALIGNLINT_UPDATE_FIXTURES=1`` and review the diff.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span
from alignlint.render import RenderContext, get_renderer
from alignlint.rules.engine import RULES
from alignlint.run.analysis import with_fingerprints

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
PROJECT = GOLDEN / "project"
CONTRACT = "steps/contracts/x_contract.py"
SPEC = "steps/specs/x_spec.py"


def findings() -> list[Diagnostic]:
    """A cross-file finding with a fix, a warning with a multi-line span, an info without frame."""
    mismatch = Diagnostic(
        code="ALN203",
        name="spec-dependency-not-in-contract",
        severity=Severity.ERROR,
        message="Spec dependency `data` is not an input of contract `X_CONTRACT`",
        span=Span.of(SPEC, 6, 38, 6, 44),
        related=(Related(Span.of(CONTRACT, 5, 5, 5, 25), "contract inputs"),),
        fix=Fix(
            "Rename the dependency to `input_data`",
            Applicability.SAFE,
            (Edit(Span.of(SPEC, 6, 38, 6, 44), '"input_data"'),),
        ),
        step="X",
        subject="data",
        url="https://alignlint.dev/rules/spec-dependency-not-in-contract/",
    )
    multiline = Diagnostic(
        code="ALN101",
        name="contract-env-var-unused",
        severity=Severity.WARNING,
        message="Required env var `LABEL_FIELD` is never read — by the script",
        span=Span.of(CONTRACT, 3, 14, 8, 2),
        fix=Fix(
            "Remove `LABEL_FIELD`",
            Applicability.UNSAFE,
            (Edit(Span.of(CONTRACT, 7, 23, 7, 36), ""),),
        ),
        step="X",
        subject="LABEL_FIELD",
    )
    missing_file = Diagnostic(
        code="ALN003",
        name="unresolved-link",
        severity=Severity.INFO,
        message="Script `x.py` named by the contract was not found",
        span=Span.of("steps/scripts/x.py", 1, 1, 1, 1),
        subject="x.py",
    )
    return with_fingerprints([mismatch, multiline, missing_file])


def _read_text(path: str) -> str | None:
    try:
        return (PROJECT / path).read_text(encoding="utf-8")
    except OSError:
        return None


def _context(*, color: bool = False) -> RenderContext:
    rules = {rule.code: rule for rule in RULES}
    return RenderContext(root=PROJECT, rules=rules, color=color, read_text=_read_text)


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ALIGNLINT_UPDATE_FIXTURES"):
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"{name} (expected)",
            f"{name} (actual)",
        )
        pytest.fail("".join(diff) + "\nrun with ALIGNLINT_UPDATE_FIXTURES=1 to accept")


@pytest.mark.parametrize(
    ("format_name", "golden"),
    [
        ("full", "full.txt"),
        ("concise", "concise.txt"),
        ("json", "output.json"),
        ("json-lines", "output.jsonl"),
    ],
)
def test_format_matches_golden(format_name: str, golden: str) -> None:
    _compare(golden, get_renderer(format_name)(findings(), _context()))


def test_json_objects_have_exactly_the_documented_keys() -> None:
    document = json.loads(get_renderer("json")(findings(), _context()))
    keys = {
        "code",
        "name",
        "severity",
        "message",
        "filename",
        "location",
        "end_location",
        "noqa_row",
        "url",
        "fix",
        "related",
        "step",
        "fingerprint",
    }
    assert [set(item) for item in document] == [keys] * 3
    mismatch = next(item for item in document if item["code"] == "ALN203")
    assert mismatch["fix"]["edits"][0] == {
        "content": '"input_data"',
        "filename": SPEC,
        "location": {"row": 6, "column": 38},
        "end_location": {"row": 6, "column": 44},
    }
    assert mismatch["related"] == [
        {
            "filename": CONTRACT,
            "location": {"row": 5, "column": 5},
            "end_location": {"row": 5, "column": 25},
            "message": "contract inputs",
        }
    ]


def test_json_lines_holds_the_same_objects_as_json() -> None:
    array = json.loads(get_renderer("json")(findings(), _context()))
    lines = get_renderer("json-lines")(findings(), _context()).splitlines()
    assert [json.loads(line) for line in lines] == array


def test_empty_outputs() -> None:
    assert get_renderer("json")([], _context()) == "[]\n"
    assert get_renderer("json-lines")([], _context()) == ""
    assert get_renderer("concise")([], _context()) == "All checks passed!\n"
    assert get_renderer("full")([], _context()) == "All checks passed!\n"


def test_colour_output_has_the_same_text_as_plain_output() -> None:
    from alignlint.render.ci import strip_ansi

    plain = get_renderer("full")(findings(), _context())
    coloured = get_renderer("full")(findings(), _context(color=True))
    assert "\x1b[" in coloured
    assert strip_ansi(coloured) == plain


def test_tabs_are_expanded_under_the_marker() -> None:
    finding = Diagnostic(
        code="ALN001",
        name="syntax-error",
        severity=Severity.ERROR,
        message="boom",
        span=Span.of("t.py", 1, 3, 1, 4),
    )
    context = RenderContext(root=PROJECT, rules={}, read_text=lambda _path: "\tx(y\n")
    lines = get_renderer("full")([finding], context).splitlines()
    assert lines[3:5] == ["1 |     x(y", "  |      ^"]
