"""Baselines: adopt alignlint on an existing codebase without fixing everything first.

A baseline file records the findings that are accepted for now, one entry per finding, keyed by the
finding's line-independent fingerprint. ``alignlint check --baseline FILE`` hides those findings;
an entry whose finding no longer occurs is reported as *gone*, so the file only ever shrinks.

The file is sorted, indented JSON so a change to it reads well in review::

    {
      "version": 1,
      "findings": [
        {"fingerprint": "...", "code": "ALN203", "file": "src/specs/x.py", "step": "X", "message": "..."}
      ]
    }

The file is read without blocking, only when it is a regular file of bounded size and not reached
through a symbolic link that leaves the repository; it is written without following symbolic links
inside the repository (:mod:`alignlint.infra.output_file`).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from alignlint.core.escape import terminal_lines
from alignlint.core.records import record
from alignlint.core.types import Diagnostic

VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or written, or is not a baseline."""


@record
class BaselineEntry:
    """One accepted finding. Only ``fingerprint`` matters for matching; the rest is for readers."""

    file: str
    code: str
    step: str | None
    fingerprint: str
    message: str

    @classmethod
    def of(cls, diagnostic: Diagnostic) -> BaselineEntry:
        """The entry that accepts ``diagnostic`` (which must carry a fingerprint)."""
        if not diagnostic.fingerprint:
            raise BaselineError(f"{diagnostic.span}: {diagnostic.code} finding has no fingerprint")
        return cls(
            file=diagnostic.span.path,
            code=diagnostic.code,
            step=diagnostic.step,
            fingerprint=diagnostic.fingerprint,
            message=diagnostic.message,
        )

    @property
    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.file, self.code, self.step or "", self.fingerprint, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "code": self.code,
            "file": self.file,
            "step": self.step,
            "message": self.message,
        }

    def __str__(self) -> str:
        return f"{self.file}: {self.code} {self.message}"


@record
class Baseline:
    """The accepted findings, sorted by file, code, step, fingerprint and message."""

    entries: tuple[BaselineEntry, ...] = ()

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> Baseline:
        return cls(_sorted(BaselineEntry.of(d) for d in diagnostics))

    def to_json(self) -> str:
        document = {"version": VERSION, "findings": [entry.to_json() for entry in self.entries]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


#: Larger baseline files are refused (a baseline of 100,000 findings is about 25 MB).
MAX_SIZE = 100_000_000


def load_baseline(path: str | Path, repository: Path | None = None) -> Baseline:
    """Read a baseline file. Raises :class:`BaselineError` with a readable reason.
    ``repository`` (default: the one holding the current directory) is the boundary that a
    symbolic link must not lead the read out of."""
    from alignlint.core.source import ReadFailure, read_source
    from alignlint.infra.repository import escaping_link, repository_root

    if not os.path.lexists(path):
        raise BaselineError(f"baseline file {path} does not exist")
    boundary = repository_root(Path.cwd()) if repository is None else repository
    escape = escaping_link(path, boundary)
    if escape is not None:
        raise BaselineError(f"cannot read baseline file {path}: {escape}")
    data = read_source(Path(path), MAX_SIZE)
    if isinstance(data, ReadFailure):
        raise BaselineError(f"cannot read baseline file {path}: {data.reason}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BaselineError(f"cannot read baseline file {path}: {exc}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    return _parse(document, str(path))


def _parse(document: object, path: str) -> Baseline:
    if not isinstance(document, dict) or "findings" not in document:
        raise BaselineError(f"{path}: not a baseline file (expected an object with `findings`)")
    if document.get("version") != VERSION:
        raise BaselineError(
            f"{path}: unsupported baseline version {document.get('version')!r} "
            f"(this alignlint reads version {VERSION})"
        )
    findings = document["findings"]
    if not isinstance(findings, list):
        raise BaselineError(f"{path}: `findings` must be a list")
    return Baseline(_sorted(_entry(item, path, n) for n, item in enumerate(findings, 1)))


def _entry(item: object, path: str, number: int) -> BaselineEntry:
    where = f"{path}: finding {number}"
    if not isinstance(item, dict):
        raise BaselineError(f"{where} must be an object")
    for key in ("fingerprint", "code", "file", "message"):
        if not isinstance(item.get(key), str) or (key == "fingerprint" and not item[key]):
            raise BaselineError(f"{where} needs a string `{key}`")
    step = item.get("step")
    if step is not None and not isinstance(step, str):
        raise BaselineError(f"{where}: `step` must be a string or null")
    return BaselineEntry(
        file=item["file"],
        code=item["code"],
        step=step,
        fingerprint=item["fingerprint"],
        message=item["message"],
    )


def write_baseline(
    path: str | Path, diagnostics: Iterable[Diagnostic], repository: Path | None = None
) -> Baseline:
    """Write a baseline accepting ``diagnostics`` to ``path`` (atomically, never through a
    symbolic link inside ``repository``, default: the one holding the current directory) and
    return it."""
    from alignlint.infra.output_file import write_output
    from alignlint.infra.repository import repository_root

    baseline = Baseline.of(diagnostics)
    boundary = repository_root(Path.cwd()) if repository is None else repository
    try:
        write_output(Path(path), baseline.to_json(), boundary)
    except OSError as exc:
        raise BaselineError(f"cannot write baseline file {path}: {exc}") from None
    return baseline


def apply_baseline(
    diagnostics: Sequence[Diagnostic], baseline: Baseline
) -> tuple[list[Diagnostic], list[BaselineEntry]]:
    """Hide the baselined findings.

    Returns the findings the baseline does not accept, in their original order, and the entries
    whose finding no longer occurs (*gone*). Matching is by fingerprint only, so findings that moved
    to other lines stay hidden; a fingerprint listed ``n`` times hides at most ``n`` findings.
    """
    budget = Counter(entry.fingerprint for entry in baseline.entries)
    remaining: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.fingerprint and budget[diagnostic.fingerprint] > 0:
            budget[diagnostic.fingerprint] -= 1
        else:
            remaining.append(diagnostic)
    gone: list[BaselineEntry] = []
    for entry in reversed(baseline.entries):
        if budget[entry.fingerprint] > 0:
            budget[entry.fingerprint] -= 1
            gone.append(entry)
    return remaining, list(_sorted(gone))


def _sorted(entries: Iterable[BaselineEntry]) -> tuple[BaselineEntry, ...]:
    return tuple(sorted(entries, key=lambda entry: entry.sort_key))


@record
class BaselineCheck:
    """The outcome of ``check --baseline``: what is still reported, how much was hidden, and the
    entries whose finding has gone (the file should shrink by them)."""

    remaining: tuple[Diagnostic, ...]
    hidden: int
    gone: tuple[BaselineEntry, ...]


def check_baseline(
    reported: Sequence[Diagnostic],
    unreported: Sequence[Diagnostic],
    analysed: Collection[str],
    baseline: Baseline,
) -> BaselineCheck:
    """Hide the baselined findings among ``reported``.

    ``unreported`` are the findings the run found but does not report (outside the changed set);
    they still count as present, so their entries are not *gone*. Entries for files the run did
    not analyse (``analysed``: root-relative paths) are never gone either: nothing is known
    about them.
    """
    remaining, gone = apply_baseline([*reported, *unreported], baseline)
    still_reported = {id(diagnostic) for diagnostic in reported}
    kept = tuple(diagnostic for diagnostic in remaining if id(diagnostic) in still_reported)
    return BaselineCheck(
        remaining=kept,
        hidden=len(reported) - len(kept),
        gone=tuple(entry for entry in gone if entry.file in analysed),
    )


def gone_report(gone: Sequence[BaselineEntry], path: str, *, strict: bool) -> str:
    """The stderr note (an error with ``strict``) listing baselined findings that have gone."""
    count = len(gone)
    noun = "finding" if count == 1 else "findings"
    verb = "no longer occurs" if count == 1 else "no longer occur"
    level = "error" if strict else "warning"
    lines = [
        f"{level}: {count} baselined {noun} in {path} {verb}; remove "
        f"{'it' if count == 1 else 'them'} with `alignlint baseline update --baseline {path}`:"
    ]
    lines.extend(f"  {entry}" for entry in gone)
    return terminal_lines("\n".join(lines)) + "\n"
