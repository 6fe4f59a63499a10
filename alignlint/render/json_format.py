"""The JSON format: one array of finding objects, ruff's keys plus ``name``, ``severity``,
``related``, ``step`` and ``fingerprint``, and ``workspace`` for a finding of a project workspace. Rows and columns are 1-based, ends exclusive;
filenames are relative to the current directory with ``/`` separators."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from alignlint.core.types import Diagnostic, Edit, Position, Span
from alignlint.render import RenderContext


def location(position: Position) -> dict[str, int]:
    return {"row": position.line, "column": position.column}


def _span_fields(span: Span) -> dict[str, Any]:
    return {
        "filename": span.path,
        "location": location(span.start),
        "end_location": location(span.end),
    }


def _edit(edit: Edit) -> dict[str, Any]:
    fields = _span_fields(edit.span)
    return {"filename": fields.pop("filename"), "content": edit.content, **fields}


def to_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """The JSON object of one finding."""
    fix = diagnostic.fix
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "filename": diagnostic.span.path,
        "location": location(diagnostic.span.start),
        "end_location": location(diagnostic.span.end),
        "noqa_row": diagnostic.span.start.line,
        "url": diagnostic.url,
        "fix": None
        if fix is None
        else {
            "applicability": fix.applicability.value,
            "message": fix.message,
            "edits": [{"content": edit.content, **_span_fields(edit.span)} for edit in fix.edits],
        },
        "related": [
            {**_span_fields(related.span), "message": related.message}
            for related in diagnostic.related
        ],
        "step": diagnostic.step,
        "fingerprint": diagnostic.fingerprint,
        **({"workspace": diagnostic.workspace} if diagnostic.workspace else {}),
    }


def render(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """All findings as one indented JSON array."""
    return json.dumps([to_json(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"
