"""GitLab Code Quality output (a JSON list), shaped like ruff's.

Paths are relative to the project checkout (``CI_PROJECT_DIR`` in GitLab CI). GitLab identifies a
finding by its fingerprint across pipelines, so the line-independent fingerprint is used, made
unique within the report when two findings share one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from typing import Any

from alignlint.core.types import Diagnostic, Severity
from alignlint.render import RenderContext
from alignlint.render.ci import repository_path, strip_ansi

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(diagnostics: Sequence[Diagnostic], context: RenderContext) -> str:
    """Render the findings as a GitLab Code Quality report."""
    project_dir = os.environ.get("CI_PROJECT_DIR") or None
    seen: set[str] = set()
    issues: list[dict[str, Any]] = []
    for diagnostic in sorted(diagnostics, key=lambda d: d.sort_key):
        fingerprint = _unique(_fingerprint(diagnostic), seen)
        issues.append(
            {
                "check_name": diagnostic.code,
                "description": strip_ansi(
                    f"{diagnostic.code}: {_workspace(diagnostic)}{diagnostic.message}"
                ),
                "fingerprint": fingerprint,
                "location": {
                    "lines": {"begin": diagnostic.span.start.line, "end": diagnostic.span.end.line},
                    "path": repository_path(diagnostic.span.path, context.root, project_dir),
                },
                "severity": _SEVERITIES[diagnostic.severity],
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _workspace(diagnostic: Diagnostic) -> str:
    return f"[workspace {diagnostic.workspace}] " if diagnostic.workspace else ""


def _fingerprint(diagnostic: Diagnostic) -> str:
    """The engine's fingerprint; for hand-built findings without one, a hash of what it says."""
    if diagnostic.fingerprint:
        return diagnostic.fingerprint
    identity = "\0".join((diagnostic.code, diagnostic.span.path, diagnostic.message))
    return hashlib.sha256(identity.encode()).hexdigest()[:16]


def _unique(fingerprint: str, seen: set[str]) -> str:
    """``fingerprint``, or ``fingerprint-2``, ``-3``, ... when an earlier finding has it."""
    candidate, number = fingerprint, 1
    while candidate in seen:
        number += 1
        candidate = f"{fingerprint}-{number}"
    seen.add(candidate)
    return candidate
