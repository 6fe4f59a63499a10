"""``alignlint check`` with fixing: ``--fix``, ``--unsafe-fixes``, ``--diff``, ``--fix-only``,
``--show-fixes`` and ``--add-ignore[=REASON]``, with ruff's semantics.

* ``--fix`` applies safe fixes (``--unsafe-fixes``: unsafe ones too), writes the files, then reports
  what remains; the exit status is 1 when findings remain, even after fixing.
* ``--diff`` prints the unified diff of what ``--fix`` would change and writes nothing; exit 1 when
  something would change.
* ``--fix-only`` fixes and reports nothing else (``Fixed N problems.``); exit 0 unless a file a fix
  needed could not be changed (then 1).
* ``--show-fixes`` lists the applied fixes per file and rule before the summary; in pre-commit
  (``PRE_COMMIT`` set, as pre-commit does for its hooks) ``--fix`` also lists each fix it applied
  (file, line, rule, what changed), so a commit the hook blocked says what it changed.
* ``--add-ignore[=REASON]`` adds a suppression comment for every finding left (after fixing, when
  combined with ``--fix``), merging codes into existing comments instead of duplicating them.

The configuration's ``fixable`` / ``unfixable`` / ``extend-safe-fixes`` / ``extend-unsafe-fixes``
decide which fixes apply; :func:`displayed` applies the same policy to the findings shown, so the
``[*]`` marker and the fixable counts of the summary say exactly what ``--fix`` would do (every fix
goes through the gate of :mod:`alignlint.fix.gate`: a fix it refuses is reported, never counted).
Fixes that were refused or discarded, findings revealed by repaired links, files left unchanged and
a failure to converge are reported on stderr.

Importing this module is cheap: the fix machinery and the engine load when fixing starts.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from alignlint.core.escape import terminal_lines
from alignlint.core.records import record
from alignlint.core.types import Applicability, Diagnostic

if TYPE_CHECKING:
    from alignlint.core.settings import Settings
    from alignlint.fix import FixReport
    from alignlint.fix.snapshot import Snapshot
    from alignlint.rules.base import Rule
    from alignlint.run.fix_policy import FixPolicy
    from alignlint.run.result import Result

EXIT_OK = 0
EXIT_FINDINGS = 1
#: Set by pre-commit in the environment of the hooks it runs.
PRE_COMMIT_VARIABLE = "PRE_COMMIT"


def _reason(text: str) -> str:
    """``argparse`` type of ``--add-ignore=REASON``: one line, and not a path taken by mistake."""
    if "\n" in text or "\r" in text:
        raise argparse.ArgumentTypeError("the reason must be a single line")
    if text and os.path.exists(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is a path; write the reason as --add-ignore=REASON "
            "(or put the paths before --add-ignore)"
        )
    return text.strip()


def add_fix_options(parser: argparse.ArgumentParser) -> None:
    """Add the fix options to the ``check`` parser."""
    parser.add_argument(
        "--fix", dest="fix", action="store_true", default=False, help="apply safe fixes"
    )
    parser.add_argument(
        "--no-fix", dest="fix", action="store_false", help="do not apply fixes (undoes --fix)"
    )
    parser.add_argument(
        "--unsafe-fixes",
        dest="unsafe_fixes",
        action="store_true",
        default=False,
        help="also apply (and count as fixable) fixes that may change behaviour",
    )
    parser.add_argument(
        "--no-unsafe-fixes",
        dest="unsafe_fixes",
        action="store_false",
        help="apply only safe fixes (undoes --unsafe-fixes)",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print the diff of what --fix would change, write nothing; exit 1 if anything would "
        "change",
    )
    parser.add_argument(
        "--fix-only",
        action="store_true",
        help="apply fixes and report nothing else (exit 0 unless a file could not be fixed)",
    )
    parser.add_argument(
        "--show-fixes", action="store_true", help="list the fixes applied, per file and rule"
    )
    parser.add_argument(
        "--add-ignore",
        nargs="?",
        const="",
        default=None,
        type=_reason,
        metavar="REASON",
        help="add a suppression comment (`# alignlint: ignore[CODE] -- REASON`) for every "
        "remaining finding; give the reason as --add-ignore=REASON",
    )


@record
class FixMode:
    """The fix options of one ``check`` run."""

    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    fix_only: bool = False
    show_fixes: bool = False
    add_ignore: str | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> FixMode:
        """The options parsed by :func:`add_fix_options` (defaults for a parser without them)."""
        return cls(
            fix=bool(getattr(args, "fix", False)),
            unsafe_fixes=bool(getattr(args, "unsafe_fixes", False)),
            diff=bool(getattr(args, "diff", False)),
            fix_only=bool(getattr(args, "fix_only", False)),
            show_fixes=bool(getattr(args, "show_fixes", False)),
            add_ignore=getattr(args, "add_ignore", None),
        )

    @property
    def applies_fixes(self) -> bool:
        """Whether rule fixes are applied (``--fix``, ``--fix-only``, or previewed by ``--diff``)."""
        return self.fix or self.fix_only or self.diff

    @property
    def active(self) -> bool:
        """Whether the run edits (or, with ``--diff``, previews edits to) any file."""
        return self.applies_fixes or self.add_ignore is not None

    def policy(self, settings: Settings) -> FixPolicy:
        """The fix policy of the run (configuration plus ``--unsafe-fixes``)."""
        from alignlint.run.fix_policy import FixPolicy

        return FixPolicy.from_settings(settings, unsafe_fixes=self.unsafe_fixes)


#: The engine run by ``check`` with some files' content replaced (path → bytes; ``{}``: the disk).
AnalyzeProject = Callable[[Mapping[str, bytes]], "Result"]
#: The findings of a result the run shows (e.g. without the baselined ones); fixing repairs these.
Shown = Callable[["Result"], Sequence[Diagnostic]]


@record
class CheckRun:
    """What the analysis part of ``check`` produced.

    ``result`` is the engine's result for the files as they are at the end (with ``--diff`` and
    ``--fix-only``, which report no findings: the last analysis made); ``report`` is what fixing
    did (``None`` without a fix option).
    """

    mode: FixMode
    result: Result
    report: FixReport | None = None
    root: Path = Path()
    names: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def fixed(self) -> int:
        """How many fixes were written."""
        return self.report.fixed if self.report is not None and not self.mode.diff else 0

    @property
    def resolved(self) -> int:
        """How many findings without a fix went with the fixes."""
        return self.report.resolved if self.report is not None and not self.mode.diff else 0

    @property
    def revealed(self) -> tuple[int, int]:
        """How many findings repaired links revealed, and how many of them were fixed."""
        if self.report is None or self.mode.diff:
            return (0, 0)
        return (len(self.report.revealed), self.report.revealed_fixed)

    def applied_fixes(self, cwd: Path) -> tuple[tuple[str, str, int], ...]:
        """``(path, code, count)`` rows of the fixes written, paths relative to ``cwd``."""
        if self.report is None or self.mode.diff:
            return ()
        return tuple(
            (_relative(path, self.root, cwd), code, count)
            for path, code, count in self.report.applied_per_file
        )

    def finish(self, settings: Settings, stdout: TextIO, stderr: TextIO, cwd: Path) -> int | None:
        """Write what fixing did (problems and counts on ``stderr``; the diff or the
        ``--fix-only`` summary on ``stdout``). Returns the exit status when the command is
        complete (``--diff``, ``--fix-only``), else ``None`` (render ``result``)."""
        report = self.report
        if report is None:
            return None
        lines = problem_lines(report, self.root, cwd)
        stderr.write("".join(terminal_lines(line) + "\n" for line in lines))
        if self.mode.diff:
            return _finish_diff(report, self.root, cwd, self.mode, settings, stdout, stderr)
        if self.mode.add_ignore is not None and report.suppressions_added:
            stderr.write(f"Added {_count(report.suppressions_added, 'suppression comment')}.\n")
        if os.environ.get(PRE_COMMIT_VARIABLE) and report.changes_made and report.written:
            stdout.write(change_listing(report, self.root, cwd, self.names))
        if not self.mode.fix_only:
            return None
        applied = self.applied_fixes(cwd)
        if self.mode.show_fixes and applied:
            from alignlint.render.summary import fix_listing

            stdout.write(fix_listing(applied, self.names).rstrip("\n") + "\n")
        elif report.fixed:
            stdout.write(f"Fixed {_count(report.fixed, 'problem')}.\n")
        return EXIT_FINDINGS if report.left_alone else EXIT_OK


def analyze_or_fix(
    mode: FixMode,
    analyze: AnalyzeProject,
    settings: Settings,
    *,
    root: Path,
    rules: Sequence[type[Rule]],
    shown: Shown | None = None,
    cached: Callable[[], Result] | None = None,
) -> CheckRun:
    """Analyse the project (``analyze({})``); with a fix option, fix it first (``--diff``: only
    compute the fixes). Fixing repairs the findings ``shown`` keeps (default: all the findings
    reported). Writes nothing to the terminal: see :meth:`CheckRun.finish`.

    ``cached()``, when given, analyses the disk as ``analyze({})`` does but may answer from the
    cache, without the linked project. Fixing starts from it when it has the project, or when
    the policy allows no fix of what it reports (nothing to fix: the fixer needs no links), so a
    ``--fix`` run of a project with nothing to fix costs what a cached check costs."""
    if not mode.active:
        return CheckRun(mode, analyze({}))
    from alignlint.fix import run_fixes

    recorder = _Recorder(analyze, shown)
    policy = mode.policy(settings) if mode.applies_fixes else None
    if cached is not None and policy is not None and mode.add_ignore is None:
        from alignlint.fix.apply import fix_candidates

        first = cached()
        if first.project is not None or not fix_candidates(recorder.shown(first), policy):
            recorder.start_from(first)
    report = run_fixes(
        root,
        recorder,
        policy,
        write=not mode.diff,
        add_ignore=mode.add_ignore,
        analysed_hashes=recorder.content_hashes,
    )
    names = {rule.code: rule.name for rule in rules}
    if mode.diff or mode.fix_only:
        return CheckRun(mode, recorder.last, report, root, names)
    return CheckRun(mode, recorder.final(report.remaining), report, root, names)


def displayed(
    diagnostics: Iterable[Diagnostic],
    settings: Settings,
    read_text: Callable[[str], str | None],
) -> list[Diagnostic]:
    """The findings as the configuration's fix policy sees them: a fix of a rule that is not
    ``fixable`` becomes display-only (its message still shows as help), and ``extend-safe-fixes``
    / ``extend-unsafe-fixes`` change the applicability shown. A fix whose structural edits
    ``--fix`` cannot write (the file, read with ``read_text``, nests too deep for libcst) is
    display-only too (:mod:`alignlint.fix.writable`)."""
    shown = []
    policy: FixPolicy | None = None  # made for the first fix (most findings have none)
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None:
            if policy is None:
                from alignlint.run.fix_policy import FixPolicy

                policy = FixPolicy.from_settings(settings, unsafe_fixes=False)
            applicability = (
                policy.applicability(fix, diagnostic.code, diagnostic.name)
                if policy.is_fixable(diagnostic.code, diagnostic.name)
                else Applicability.DISPLAY_ONLY
            )
            if applicability is not fix.applicability:
                fix = dataclasses.replace(fix, applicability=applicability)
                diagnostic = dataclasses.replace(diagnostic, fix=fix)
        shown.append(diagnostic)
    if any(d.fix is not None and d.fix.insertions for d in shown):
        from alignlint.fix.writable import with_writable_fixes

        return with_writable_fixes(shown, read_text)
    return shown


#: Output formats that show a fix's edits.
FORMATS_WITH_EDITS = ("json", "json-lines")


def with_written_insertions(
    diagnostics: Sequence[Diagnostic],
    formats: Iterable[str],
    read_text: Callable[[str], str | None],
) -> Sequence[Diagnostic]:
    """For the formats that show edits: the findings with their fixes' insertions written as
    edits, against the files as they are (``read_text``: path → text). A fix whose insertions
    cannot be written keeps them (and ``--fix`` reports it discarded, with the reason)."""
    if not set(formats) & set(FORMATS_WITH_EDITS):
        return diagnostics
    if not any(d.fix is not None and d.fix.insertions for d in diagnostics):
        return diagnostics
    from alignlint.fix.structural import InsertionError, with_edits

    texts: dict[str, str] = {}
    shown = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None and fix.insertions:
            for path in fix.paths:
                if path not in texts and (text := read_text(path)) is not None:
                    texts[path] = text
            try:
                diagnostic = dataclasses.replace(diagnostic, fix=with_edits(fix, texts))
            except InsertionError:
                pass
        shown.append(diagnostic)
    return shown


def problem_lines(report: FixReport, root: Path, cwd: Path) -> list[str]:
    """The stderr lines about what fixing could not do: discarded fixes, files left unchanged,
    a failure to converge."""
    lines = [
        f"warning: discarded the {item.code} fix in {_relative(item.path, root, cwd)} "
        f"({item.message}): {item.reason}"
        for item in report.discarded
    ]
    lines.extend(
        f"warning: did not apply the {item.code} fix in "
        f"{_relative(item.path, root, cwd)}:{item.line} ({item.message}): {item.reason}"
        for item in report.refused
    )
    if report.revealed:
        found = _count(len(report.revealed), "finding")
        lines.append(
            f"note: fixes repaired links between pieces and revealed {found} that could not be "
            f"checked before ({report.revealed_fixed} of them fixed too)"
        )
    lines.extend(
        f"warning: {_relative(item.path, root, cwd)} "
        f"{item.reason.removesuffix('; left alone')}; it was left unchanged"
        for item in report.left_alone
    )
    if not report.converged:
        codes = ", ".join(report.non_converging_codes)
        lines.append(
            f"warning: fixing did not converge after {_count(report.passes, 'pass', 'passes')}: "
            f"the fixes for {codes} kept changing the files; they hold the result of the last pass"
        )
    return lines


class _Recorder:
    """``analyze(overlay)`` for the fix loop that keeps the last full result of the engine."""

    def __init__(self, analyze: AnalyzeProject, shown: Shown | None = None) -> None:
        self._analyze = analyze
        self._shown = shown
        self._last: Result | None = None
        self._first: Result | None = None

    def __call__(self, overlay: Mapping[str, bytes]) -> Snapshot:
        from alignlint.fix.snapshot import Snapshot

        first, self._first = self._first, None
        if first is not None and not overlay:
            result = first
        else:
            result = self._analyze(overlay)
        self._last = result
        return Snapshot.from_result(self.shown(result), result)

    def start_from(self, result: Result) -> None:
        """Answer the first analysis of the disk with ``result`` (made already)."""
        self._first = result

    def shown(self, result: Result) -> Sequence[Diagnostic]:
        """The findings of ``result`` the run shows (and fixing repairs)."""
        return self._shown(result) if self._shown is not None else result.diagnostics

    def content_hashes(self) -> Mapping[str, str]:
        """The content hash of each file as the last call read it (none before the first)."""
        return self._last.content_hashes if self._last is not None else {}

    @property
    def last(self) -> Result:
        """The result of the last call (analysing the disk if there was none)."""
        if self._last is None:
            self._last = self._analyze({})
        return self._last

    def final(self, remaining: Sequence[Diagnostic]) -> Result:
        """The engine's result for the files as they are now (reused when the last call saw them)."""
        if tuple(remaining) == tuple(self.shown(self.last)):
            return self.last
        return self._analyze({})


def change_listing(report: FixReport, root: Path, cwd: Path, names: Mapping[str, str]) -> str:
    """Each fix applied: ``- path:line: CODE (name) what changed``, in file order."""
    lines = [f"Applied {_count(len(report.changes_made), 'fix', 'fixes')}:"]
    for change in report.changes_made:
        name = f" ({names[change.code]})" if change.code in names else ""
        revealed = " [revealed by a repaired link]" if change.revealed else ""
        where = f"{_relative(change.path, root, cwd)}:{change.line}"
        lines.append(f"- {where}: {change.code}{name} {change.message}{revealed}")
    return "\n".join(lines) + "\n\n"


def _finish_diff(
    report: FixReport,
    root: Path,
    cwd: Path,
    mode: FixMode,
    settings: Settings,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    from alignlint.fix import render_diffs

    changes = [dataclasses.replace(c, path=_relative(c.path, root, cwd)) for c in report.changes]
    stdout.write(render_diffs(changes))
    remaining = displayed(report.remaining, settings, functools.partial(_text_below, root))
    hidden = sum(1 for d in remaining if d.fix and d.fix.applicability is Applicability.UNSAFE)
    note = ""
    if hidden and not mode.unsafe_fixes:
        note = f" ({_count(hidden, 'hidden fix', 'hidden fixes')} can be enabled with the `--unsafe-fixes` option)"
    parts = []
    if report.fixed:
        parts.append(f"Would fix {_count(report.fixed, 'problem')}")
    if report.suppressions_added:
        parts.append(f"would add {_count(report.suppressions_added, 'suppression comment')}")
    if parts:
        sentence = "; ".join(parts)
        stderr.write(sentence[0].upper() + sentence[1:] + note + ".\n")
    elif note:
        stderr.write(f"No fixes available{note}.\n")
    return EXIT_FINDINGS if report.changes else EXIT_OK


def _text_below(root: Path, path: str) -> str | None:
    """The text of the root-relative ``path`` (None when it cannot be read or decoded)."""
    from alignlint.core.source import SourceText, decode_source, read_source

    data = read_source(root / path)
    decoded = decode_source(data) if isinstance(data, bytes) else None
    return decoded.text if isinstance(decoded, SourceText) else None


def _relative(path: str, root: Path, cwd: Path) -> str:
    """A root-relative path as shown to the user: relative to the current directory."""
    return Path(os.path.relpath(root / path, cwd)).as_posix()


def _count(count: int, singular: str, plural: str | None = None) -> str:
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count} {noun}"
