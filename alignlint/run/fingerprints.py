"""Fingerprints and the order of findings: every run sorts its findings the same way and gives
each a stable identity (code, step, files and subject, never line numbers), unique within the
run, which baselines and the fix gate match findings by."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from alignlint.core.types import Diagnostic


def fingerprint(diagnostic: Diagnostic) -> str:
    """A stable hash of code, step, the files involved (not those of ``context`` related
    spans) and the subject — never line numbers — and, for a finding of a project workspace,
    the workspace (shared findings keep theirs)."""
    related = sorted({r.span.path for r in diagnostic.related if not r.context})
    subject = diagnostic.subject or diagnostic.message
    payload: list[object] = [
        diagnostic.code,
        diagnostic.step or "",
        diagnostic.span.path,
        related,
        subject,
    ]
    if diagnostic.workspace is not None:
        payload.append({"workspace": diagnostic.workspace})
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:16]


def with_fingerprints(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort findings deterministically and give each a fingerprint, unique within the run."""
    ordered = sorted(diagnostics, key=_order)
    seen: Counter[str] = Counter()
    result = []
    for diagnostic in ordered:
        base = fingerprint(diagnostic)
        seen[base] += 1
        value = base if seen[base] == 1 else _suffixed(base, seen[base])
        result.append(dataclasses.replace(diagnostic, fingerprint=value))
    return result


def _suffixed(base: str, occurrence: int) -> str:
    return hashlib.sha256(f"{base}#{occurrence}".encode()).hexdigest()[:16]


def _order(diagnostic: Diagnostic) -> tuple[Any, ...]:
    return (
        *diagnostic.sort_key,
        diagnostic.span.end,
        diagnostic.related,
        diagnostic.step or "",
        diagnostic.workspace or "",
    )
