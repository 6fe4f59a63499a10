"""SARIF 2.1.0 output, in the shape GitHub code scanning accepts.

One run whose driver lists every known rule (sorted by code) with its documentation, and one
result per finding. The other side of a mismatch is a ``relatedLocation`` that the message links to
with SARIF's ``[label](id)`` syntax. ``partialFingerprints`` carries the finding's line-independent
fingerprint, so code scanning keeps tracking an alert when unrelated lines move. Paths are relative
to the repository root (``%SRCROOT%``) and columns count Unicode code points.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import alignlint
from alignlint.core.rule_description import RuleDescription
from alignlint.core.types import Diagnostic, Severity, Span
from alignlint.render import RenderContext
from alignlint.render.ci import github_workspace, repository_path, strip_ansi

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://alignlint.dev/"
URI_BASE_ID = "%SRCROOT%"
FINGERPRINT_KEY = "alignlintFingerprint/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SECTION = re.compile(r"^##\s+(?P<title>.+?)\s*$", re.MULTILINE)

JSONObject = dict[str, Any]


def render(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """Render the findings as one SARIF 2.1.0 log (indented JSON)."""
    return json.dumps(sarif_log(diagnostics, context), indent=2, ensure_ascii=False) + "\n"


def sarif_log(diagnostics: Sequence[Diagnostic], context: RenderContext) -> JSONObject:
    """The SARIF log as a JSON-compatible dictionary."""
    rules = [context.rules[code] for code in sorted(context.rules)]
    index = {rule.code: position for position, rule in enumerate(rules)}
    workspace = github_workspace()
    results = [
        _result(diagnostic, index, context.root, workspace)
        for diagnostic in sorted(diagnostics, key=lambda d: d.sort_key)
    ]
    driver: JSONObject = {
        "name": "alignlint",
        "version": alignlint.__version__,
        "semanticVersion": alignlint.__version__,
        "informationUri": INFORMATION_URI,
        "rules": [rule_descriptor(rule) for rule in rules],
    }
    run: JSONObject = {
        "tool": {"driver": driver},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def rule_descriptor(rule: RuleDescription) -> JSONObject:
    """The ``reportingDescriptor`` of a rule: names, descriptions, help and default level."""
    documentation = rule.documentation()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _what_it_does(documentation) or rule.summary},
        "help": {"text": documentation, "markdown": documentation},
        "helpUri": rule.url(),
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def _what_it_does(documentation: str) -> str:
    """The text of the ``## What it does`` section (empty when there is none)."""
    headings = list(_SECTION.finditer(documentation))
    for number, heading in enumerate(headings):
        if heading["title"].lower() == "what it does":
            end = headings[number + 1].start() if number + 1 < len(headings) else None
            return documentation[heading.end() : end].strip()
    return ""


def _result(
    diagnostic: Diagnostic, index: Mapping[str, int], root: Path, workspace: str | None
) -> JSONObject:
    result: JSONObject = {"ruleId": diagnostic.code}
    if diagnostic.code in index:
        result["ruleIndex"] = index[diagnostic.code]
    result["level"] = _LEVELS[diagnostic.severity]
    result["message"] = {"text": result_message(diagnostic)}
    result["locations"] = [{"physicalLocation": _physical(diagnostic.span, root, workspace)}]
    if diagnostic.related:
        result["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": _physical(related.span, root, workspace),
                "message": {"text": strip_ansi(related.message)},
            }
            for number, related in enumerate(diagnostic.related, start=1)
        ]
    if diagnostic.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: diagnostic.fingerprint}
    if diagnostic.workspace:
        result["properties"] = {"workspace": diagnostic.workspace}
    return result


def result_message(diagnostic: Diagnostic) -> str:
    """The message text, linking to each related location as ``[label](id)``."""
    text = _escape_brackets(strip_ansi(diagnostic.message))
    if not diagnostic.related:
        return text
    links = ", ".join(
        f"[{_escape_brackets(strip_ansi(related.message))}]({number})"
        for number, related in enumerate(diagnostic.related, start=1)
    )
    return f"{text} (see {links})"


def _escape_brackets(text: str) -> str:
    """Escape the characters SARIF gives meaning to in plain-text messages (§3.11.6)."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _physical(span: Span, root: Path, workspace: str | None) -> JSONObject:
    return {
        "artifactLocation": {
            "uri": quote(repository_path(span.path, root, workspace), safe="/"),
            "uriBaseId": URI_BASE_ID,
        },
        "region": {
            "startLine": span.start.line,
            "startColumn": span.start.column,
            "endLine": span.end.line,
            "endColumn": span.end.column,
        },
    }
