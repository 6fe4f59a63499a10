"""JUnit XML output, shaped like ruff's: one test suite per file, one failed test case per finding.

CI systems that understand test reports (GitLab, Jenkins, Azure) then list the findings as failed
tests. A clean run is a single passing test case, so the report is never empty. Text from the
checked code is shown escaped (:mod:`alignlint.core.escape`): the report is printed to CI logs too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from itertools import groupby
from pathlib import PurePosixPath

from alignlint.core.escape import terminal_line, terminal_text
from alignlint.core.types import Diagnostic
from alignlint.render import RenderContext

PACKAGE = "alignlint"
#: Characters XML 1.0 cannot contain at all (even escaped).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """Render the findings as a JUnit XML report."""
    findings = sorted(diagnostics, key=lambda d: d.sort_key)
    report = ET.Element(
        "testsuites",
        name=PACKAGE,
        tests=str(max(len(findings), 1)),
        failures=str(len(findings)),
        errors="0",
    )
    if not findings:
        suite = _suite(report, PACKAGE, tests=1, failures=0)
        ET.SubElement(suite, "testcase", name="No errors found", classname=PACKAGE)
    for path, group in groupby(findings, key=lambda d: d.span.path):
        in_file = list(group)
        suite = _suite(report, path, tests=len(in_file), failures=len(in_file))
        for diagnostic in in_file:
            _add_case(suite, diagnostic)
    ET.indent(report, space="    ")
    body = ET.tostring(report, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _suite(report: ET.Element, name: str, *, tests: int, failures: int) -> ET.Element:
    return ET.SubElement(
        report,
        "testsuite",
        name=_text(name),
        tests=str(tests),
        disabled="0",
        errors="0",
        failures=str(failures),
        package=PACKAGE,
    )


def _add_case(suite: ET.Element, diagnostic: Diagnostic) -> None:
    start = diagnostic.span.start
    path = PurePosixPath(diagnostic.span.path)
    case = ET.SubElement(
        suite,
        "testcase",
        name=f"{PACKAGE}.{diagnostic.code}",
        classname=_text((path.parent / path.stem).as_posix()),
        line=str(start.line),
        column=str(start.column),
    )
    where = f"[workspace {diagnostic.workspace}] " if diagnostic.workspace else ""
    failure = ET.SubElement(case, "failure", message=_text(where + diagnostic.message))
    lines = [f"line {start.line}, col {start.column}, {where}{diagnostic.message}"]
    lines.extend(f"{related.span}: {related.message}" for related in diagnostic.related)
    failure.text = "\n".join(_NOT_XML.sub("", terminal_line(line)) for line in lines)


def _text(text: str) -> str:
    """One line of plain text that XML 1.0 can carry (control characters shown escaped)."""
    return _NOT_XML.sub("", terminal_text(text))
