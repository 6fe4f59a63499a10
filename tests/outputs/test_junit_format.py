"""The `junit` format: ruff's JUnit XML shape (a suite per file, a failed case per finding)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from output_samples import SpecOutputMissing, finding, sample_findings

from alignlint.core.types import Span
from alignlint.render import RenderContext, get_renderer


def test_golden(context: RenderContext, golden: Callable[[str, str], None]) -> None:
    golden("junit.xml", get_renderer("junit")(sample_findings(), context))


def test_structure(context: RenderContext) -> None:
    report = ET.fromstring(get_renderer("junit")(sample_findings(), context))
    assert report.tag == "testsuites"
    assert report.attrib == {"name": "alignlint", "tests": "5", "failures": "5", "errors": "0"}
    suites = {suite.get("name", ""): suite for suite in report}
    assert sorted(suites) == [
        "src/builders/builder_train.py",
        "src/scripts/train.py",
        "src/specs/preprocess_spec.py",
        "src/weird,dir:name/spec.py",
    ]
    specs = suites["src/specs/preprocess_spec.py"]
    assert (specs.get("tests"), specs.get("failures")) == ("2", "2")
    case = specs[0]
    assert case.attrib == {
        "name": "alignlint.ALN203",
        "classname": "src/specs/preprocess_spec",
        "line": "12",
        "column": "25",
    }
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "Output `processed_data` of spec `PREPROCESS_SPEC` is not an output of contract "
        "`PREPROCESS_CONTRACT`"
    )
    assert failure.text == (
        "line 12, col 25, Output `processed_data` of spec `PREPROCESS_SPEC` is not an output of "
        "contract `PREPROCESS_CONTRACT`\n"
        "src/contracts/preprocess_contract.py:8:5: contract outputs\n"
        "src/scripts/preprocess.py:30:17: script writes here"
    )


def test_no_findings_is_one_passing_case(context: RenderContext) -> None:
    assert get_renderer("junit")([], context) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="alignlint" tests="1" failures="0" errors="0">\n'
        '    <testsuite name="alignlint" tests="1" disabled="0" errors="0" failures="0" package="alignlint">\n'
        '        <testcase name="No errors found" classname="alignlint" />\n'
        "    </testsuite>\n"
        "</testsuites>\n"
    )


def test_control_characters_and_ansi_do_not_break_the_xml(context: RenderContext) -> None:
    nasty = finding(
        SpecOutputMissing, "a\x1b[31mred\x1b[0m\x00\x07 <&> \"'", Span.of("x<&>.py", 1, 1, 1, 2)
    )
    report = ET.fromstring(get_renderer("junit")([nasty], context))
    failure = report.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "a\\x1b[31mred\\x1b[0m\\x00\\x07 <&> \"'"
    assert report[0].get("name") == "x<&>.py"
