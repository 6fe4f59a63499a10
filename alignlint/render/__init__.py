"""Output formats. Each format is one small module with a ``render(diagnostics, context) -> str``.

Adding a format touches nothing else: add a module and a row to :data:`FORMATS`. Modules are
imported lazily so ``alignlint check`` only pays for the formats it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field
from pathlib import Path

from alignlint.core.records import record
from alignlint.core.rule_description import RuleDescription
from alignlint.core.types import Diagnostic, Severity, Statistics

#: format name -> module under ``alignlint.render`` that defines ``render``.
FORMATS: dict[str, str] = {
    "full": "full",
    "concise": "concise",
    "json": "json_format",
    "json-lines": "json_lines",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "gitlab": "gitlab",
}


@record
class Verdict:
    """What decides the exit status of ``check``, so that the summary says the same thing:
    findings at or above ``fail_on`` fail the run, and so does each of ``failures`` (a reason
    besides the findings, such as baselined findings gone under ``--strict-baseline``)."""

    fail_on: Severity = Severity.INFO
    failures: tuple[str, ...] = ()
    #: A last line after the summary (how to adopt alignlint with a baseline), or ``""``.
    hint: str = ""


@record
class RenderContext:
    """What a renderer may need besides the findings.

    ``root`` is the directory filenames are shown relative to (the current directory);
    diagnostics carry paths relative to it already. ``rules`` maps code to rule (a rule class,
    or its catalogue entry: names, summaries and documentation). ``read_text`` returns a file's text for code frames
    (``None`` when unreadable).
    """

    root: Path
    rules: Mapping[str, RuleDescription]
    statistics: Statistics = field(default_factory=Statistics)
    color: bool = False
    show_fixes: bool = False
    unsafe_fixes: bool = False
    #: How many of the findings reported before fixing ``--fix`` fixed, and ``(path, code,
    #: count)`` rows of them for ``--show-fixes``.
    fixed: int = 0
    applied_fixes: tuple[tuple[str, str, int], ...] = ()
    #: How many other findings went with the fixes; how many findings the fixes revealed (by
    #: repairing links), and how many of those they fixed.
    resolved: int = 0
    revealed: tuple[int, int] = (0, 0)
    read_text: Callable[[str], str | None] = lambda _path: None
    verdict: Verdict = field(default_factory=Verdict)


Renderer = Callable[[Sequence[Diagnostic], RenderContext], str]


def get_renderer(name: str) -> Renderer:
    """Return the renderer for an output format name (``ValueError`` when unknown)."""
    module_name = FORMATS.get(name)
    if module_name is None:
        choices = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown output format {name!r} (expected one of: {choices})")
    module = importlib.import_module(f"alignlint.render.{module_name}")
    renderer: Renderer = module.render
    return renderer
