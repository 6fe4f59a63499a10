"""The ``alignlint`` command: ``check``, ``rule``, ``config show`` and ``version``.

Exit status (as ruff): 0 when no finding is at or above ``fail-on`` (or with ``--exit-zero``),
1 when findings remain, 2 for a usage, configuration or internal error. A bug never shows a bare
traceback: it prints a short report (set ``ALIGNLINT_DEBUG=1`` for the traceback).

Importing this module is cheap: the engine, the renderers and rich load when a command runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from alignlint import __version__
from alignlint.cli.fix_command import (
    CheckRun,
    FixMode,
    add_fix_options,
    analyze_or_fix,
    displayed,
    with_written_insertions,
)
from alignlint.core.errors import AlignlintError, DiscoveryError, InternalError
from alignlint.core.escape import terminal_lines, terminal_text
from alignlint.core.records import record
from alignlint.render import FORMATS

if TYPE_CHECKING:
    from alignlint.core.settings import Settings
    from alignlint.core.types import Diagnostic
    from alignlint.extract.facts import FileFacts
    from alignlint.render import RenderContext, Verdict
    from alignlint.rules.base import Rule
    from alignlint.run.baseline import Baseline
    from alignlint.run.cached_result import Discovered
    from alignlint.run.configuration import Configuration
    from alignlint.run.prepare import Prepared
    from alignlint.run.progress import Progress
    from alignlint.run.result import Result

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
DEFAULT_FORMAT = "full"
DEBUG_VARIABLE = "ALIGNLINT_DEBUG"
DEFAULT_BASELINE = "alignlint-baseline.json"


@record
class OutputTarget:
    """One ``--output-format FORMAT[:FILE]``: a format and the file it goes to (None: stdout)."""

    format: str
    file: str | None


def parse_output_target(text: str) -> OutputTarget:
    """Parse ``FORMAT`` or ``FORMAT:FILE`` (``argparse`` type; unknown formats are rejected)."""
    name, separator, file = text.partition(":")
    if name not in FORMATS:
        choices = ", ".join(sorted(FORMATS))
        raise argparse.ArgumentTypeError(
            f"unknown output format {name!r} (expected one of: {choices}, optionally as FORMAT:FILE)"
        )
    if separator and not file:
        raise argparse.ArgumentTypeError(f"missing file name after {name}:")
    return OutputTarget(name, file or None)


def _positive(text: str) -> int:
    """``argparse`` type of a count: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _selectors(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _flatten(groups: Sequence[list[str]] | None) -> tuple[str, ...]:
    return tuple(item for group in groups or () for item in group)


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        action="append",
        metavar="CONFIG_OPTION",
        help="a configuration file to use instead of the nearest one, or an inline TOML "
        "setting such as \"fail-on = 'error'\" (repeatable)",
    )
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``alignlint`` command."""
    parser = argparse.ArgumentParser(
        prog="alignlint",
        description="Static alignment linter for spec-driven SageMaker pipelines.",
    )
    parser.add_argument("--version", action="version", version=f"alignlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check files for alignment problems")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to check")
    for option, meaning in (
        ("--select", "rules to enable (replaces the configured `select`)"),
        ("--extend-select", "rules to enable in addition to the configured ones"),
        ("--ignore", "rules to disable"),
    ):
        check.add_argument(
            option,
            type=_selectors,
            action="append",
            metavar="RULE",
            help=f"{meaning}: comma-separated codes, prefixes (ALN1) or rule names",
        )
    check.add_argument(
        "--output-format",
        type=parse_output_target,
        action="append",
        metavar="FORMAT[:FILE]",
        help=f"output format ({', '.join(FORMATS)}), optionally written to FILE; repeatable "
        f"(default: {DEFAULT_FORMAT}, or $ALIGNLINT_OUTPUT_FORMAT)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="show counts per rule and what was checked, instead of the findings",
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit with status 0 even when findings remain"
    )
    check.add_argument(
        "--show-links",
        action="store_true",
        help="print each step and the files and declarations that form it",
    )
    check.add_argument("--no-color", action="store_true", help="disable coloured output")
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply `exclude` / `extend-exclude` to the paths given on the command line too "
        "(the pre-commit hooks pass it); without it a path you name is always checked",
    )
    _add_cache_options(check)
    add_fix_options(check)
    check.add_argument(
        "--all",
        action="store_true",
        help="with FILE arguments, report every finding of the project, not only the findings "
        "that touch the given (changed) files",
    )
    check.add_argument(
        "--workspace",
        action="append",
        metavar="ID",
        help="check this project workspace (its folder name or developer_id) over the shared "
        "library, reporting its findings only; repeatable",
    )
    check.add_argument(
        "--all-workspaces",
        action="store_true",
        help="also check every project workspace (a shared change: what it breaks in each)",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="hide the findings recorded in FILE (written by `alignlint baseline update`)",
    )
    check.add_argument(
        "--strict-baseline",
        action="store_true",
        help="fail when a finding recorded in the baseline no longer occurs",
    )
    _add_config_options(check)

    rule = commands.add_parser("rule", help="explain a rule (or every rule)")
    rule.add_argument("rule", nargs="?", metavar="RULE", help="a rule code or name")
    rule.add_argument("--all", action="store_true", help="explain every rule")
    rule.add_argument("--output-format", choices=("text", "json"), default="text")

    config = commands.add_parser("config", help="show the effective configuration")
    config_commands = config.add_subparsers(dest="config_command", metavar="COMMAND")
    show = config_commands.add_parser(
        "show", help="print the effective settings and where each comes from"
    )
    show.add_argument("path", nargs="?", metavar="PATH", help="the file or directory to check")
    _add_config_options(show)

    baseline = commands.add_parser("baseline", help="manage the baseline of accepted findings")
    baseline_commands = baseline.add_subparsers(dest="baseline_command", metavar="COMMAND")
    update = baseline_commands.add_parser(
        "update", help="record every current finding in the baseline file (sorted JSON)"
    )
    update.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to check")
    update.add_argument(
        "--baseline",
        metavar="FILE",
        default=DEFAULT_BASELINE,
        help=f"the baseline file to write (default: {DEFAULT_BASELINE})",
    )
    _add_config_options(update)

    clean = commands.add_parser(
        "clean", help="remove the cache directory (facts, last results, plugin record)"
    )
    clean.add_argument("path", nargs="?", metavar="PATH", help="the project (default: .)")
    _add_config_options(clean)

    commands.add_parser("version", help="print the version")
    return parser


def _add_cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache", action="store_true", help="do not read or write the fact cache"
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where the fact cache lives (default: `cache-dir` setting, .alignlint_cache)",
    )
    parser.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="worker processes for extracting facts (default: every CPU, when it pays off)",
    )


# -- configuration ---------------------------------------------------------------------------------
def _configuration(args: argparse.Namespace, paths: Sequence[str]) -> Configuration:
    """The configuration (:func:`alignlint.run.configuration.load_configuration`) for a
    command's ``--config``, ``--isolated`` and rule selection options."""
    from alignlint.run.configuration import Overrides, load_configuration

    files: list[str] = []
    inline: list[str] = []
    for value in args.config or ():
        if Path(value).is_file() or "=" not in value:
            files.append(value)
        else:
            inline.append(value)
    if len(files) > 1:
        raise AlignlintError("--config names more than one configuration file")
    select = getattr(args, "select", None)
    overrides = Overrides(
        select=_flatten(select) if select is not None else None,
        extend_select=_flatten(getattr(args, "extend_select", None)),
        ignore=_flatten(getattr(args, "ignore", None)),
        inline=tuple(inline),
        cache_dir=getattr(args, "cache_dir", None),
    )
    return load_configuration(
        paths,
        config_file=files[0] if files else None,
        isolated=args.isolated,
        overrides=overrides,
    )


def _prepare(
    args: argparse.Namespace,
    paths: Sequence[str],
    *,
    remember_plugins: bool = False,
    configuration: Configuration | None = None,
) -> Prepared:
    """The validated configuration and the installed rules (:func:`alignlint.run.prepare.prepare`)
    for a command's ``--config``, ``--isolated`` and rule selection options (``configuration``:
    loaded for them already)."""
    from alignlint.run.prepare import prepare_loaded

    if configuration is None:
        configuration = _configuration(args, paths)
    return prepare_loaded(configuration, remember_plugins=remember_plugins)


# -- check -----------------------------------------------------------------------------------------
def _read_text(path: str, repository: Path, max_size: int) -> str | None:
    """The text of ``path`` for a code frame: never through a symbolic link that leaves the
    repository, never a special file (no blocking on a named pipe), at most ``max_size`` bytes."""
    from alignlint.core.source import ReadFailure, SourceText, decode_source, read_source
    from alignlint.infra.repository import escaping_link

    if escaping_link(path, repository) is not None:
        return None
    data = read_source(Path(path), max_size)
    if isinstance(data, ReadFailure):
        return None
    decoded = decode_source(data)
    if isinstance(decoded, SourceText):
        return decoded.text
    return data.decode("utf-8", errors="replace")  # best effort, for the code frame only


def _use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    if args.no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def _targets(args: argparse.Namespace) -> list[OutputTarget]:
    if args.output_format:
        return list(args.output_format)
    default = os.environ.get("ALIGNLINT_OUTPUT_FORMAT", DEFAULT_FORMAT)
    try:
        return [parse_output_target(default)]
    except argparse.ArgumentTypeError as exc:
        raise AlignlintError(f"ALIGNLINT_OUTPUT_FORMAT: {exc}") from None


def _write_file(name: str, text: str, repository: Path) -> None:
    from alignlint.infra.output_file import write_output

    try:
        write_output(Path(name), text, repository)
    except OSError as exc:
        raise AlignlintError(f"cannot write {name}: {exc.strerror or exc}") from None


def _write_github_step_summary(diagnostics: Sequence[Diagnostic], context: RenderContext) -> None:
    """With the ``github`` format inside GitHub Actions, also fill the job's step summary."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    from alignlint.render.github import write_step_summary

    try:
        write_step_summary(diagnostics, context, path)
    except OSError as exc:
        raise AlignlintError(
            f"cannot write the GitHub step summary {path}: {exc.strerror}"
        ) from None


def _warn_when_the_cache_is_unusable(directory: Path) -> None:
    from alignlint.infra.cache import unusable_reason
    from alignlint.infra.user_key import key_file, user_key

    reason = unusable_reason(directory)
    if reason is None and user_key() is None:
        reason = f"no user key can be read or created at {key_file() or 'a user cache directory'}"
    if reason is not None:
        sys.stderr.write(f"warning: running without the cache: {terminal_text(reason)}\n")


def _warn_when_no_file_was_found(
    files: Sequence[object], paths: Sequence[str], settings: Settings
) -> None:
    """A run that found nothing to check says so (naming where it looked) instead of passing
    silently."""
    if files:
        return
    from alignlint.run.discover import SUFFIXES

    where = ", ".join(f"`{path}`" for path in (paths or settings.roots or ["."]))
    suffixes = ", ".join(sorted(SUFFIXES))
    sys.stderr.write(
        f"warning: No files found to check under {where} (alignlint reads {suffixes} files "
        "that no `exclude` or `extend-exclude` pattern matches)\n"
    )


#: The counters of :class:`~alignlint.core.types.Statistics` that count linked pipeline pieces
#: besides ``steps``: a run with none of them compared nothing with anything.
_PIECE_COUNTERS = ("unlinked pieces", "registries", "DAGs")


def _warn_when_nothing_was_linked(result: Result) -> None:
    """A run that found files but no pipeline piece in them says so: its rules compared nothing,
    and "All checks passed!" alone would read as a pass."""
    statistics = result.statistics
    if not result.files or statistics.steps:
        return
    if any(statistics.counters.get(counter, 0) for counter in _PIECE_COUNTERS):
        return
    count = len(result.files)
    unparsed = statistics.files - statistics.files_parsed
    parsed = f" ({unparsed} of them do not parse)" if unparsed else ""
    sys.stderr.write(
        f"warning: None of the {count} file{'' if count == 1 else 's'} checked{parsed} declares "
        "a pipeline piece (script contract, step specification, builder, config class, registry "
        "or DAG): nothing was aligned. A library with its own base classes names them in "
        "`[tool.alignlint.base-classes]`\n"
    )


def _look_up(
    args: argparse.Namespace, mode: FixMode, configuration: Configuration, progress: Progress
) -> tuple[Result | None, Discovered | None]:
    """The previous run's result when nothing changed since, found without importing the rules
    (:mod:`alignlint.run.cached_result`); else the files discovered for the run, if any. Only a
    plain cached check asks (of the whole project or a changed set), with a usable cache and a
    rule catalogue."""
    if args.no_cache or mode.active or args.show_links or args.workspace or args.all_workspaces:
        return None, None
    from alignlint.infra.cache import unusable_reason
    from alignlint.infra.user_key import user_key

    cache_dir = configuration.root / configuration.settings.cache_dir
    if unusable_reason(cache_dir) is not None or user_key() is None:
        return None, None  # the usual run warns about it
    from alignlint.run.cached_result import look_up
    from alignlint.run.rule_catalogue import recall_catalogue

    catalogue = recall_catalogue(cache_dir)
    if catalogue is None:
        return None, None
    found = look_up(
        args.paths,
        configuration.settings,
        configuration.root,
        catalogue,
        force_exclude=args.force_exclude,
        report_all=args.all,
        progress=progress,
    )
    return found.result, found.discovered


def run_check(args: argparse.Namespace, stdout: TextIO) -> int:
    """``alignlint check``: analyse, render every requested output, return the exit status."""
    from alignlint.cli.progress_bar import progress_for
    from alignlint.render import RenderContext, get_renderer
    from alignlint.run.result import rebase

    targets = _targets(args)
    configuration = _configuration(args, args.paths)
    settings = configuration.settings
    mode = FixMode.from_args(args)
    if not mode.active:
        from alignlint.infra.gcpause import disable_for_one_shot_run

        disable_for_one_shot_run()
    cwd = Path.cwd()
    with progress_for(sys.stderr) as progress:
        reused, discovered = _look_up(args, mode, configuration, progress)
        if reused is not None:
            if args.baseline is not None:  # refused before the findings, as the usual path does
                _load_baseline(args.baseline, configuration.repository_root)
            run = CheckRun(mode, reused)
        else:
            run = _analyze_or_fix(args, mode, configuration, progress, discovered)
    finished = run.finish(settings, stdout, sys.stderr, cwd)
    if finished is not None:
        return finished
    result = run.result
    _warn_when_no_file_was_found(result.files, args.paths, settings)
    _warn_when_nothing_was_linked(result)
    failures: tuple[str, ...] = ()
    if args.baseline is not None:
        result, failures = _apply_baseline(
            result, args.baseline, args.strict_baseline, configuration.repository_root
        )
    verdict = _verdict(result, settings, failures, args)
    diagnostics = rebase(result.diagnostics, configuration.root, cwd)
    read_text = functools.partial(
        _read_text, repository=configuration.repository_root, max_size=settings.max_file_size
    )
    diagnostics = displayed(diagnostics, settings, read_text)
    diagnostics = list(with_written_insertions(diagnostics, [t.format for t in targets], read_text))
    by_code = {rule.code: rule for rule in result.rules}
    if args.show_links and result.project is not None:
        from alignlint.model import describe_links, describe_view

        if result.shared_reported:
            stdout.write(describe_links(result.project))
            stdout.write("\n")
        for view in result.views:
            stdout.write(describe_view(view))
            stdout.write("\n")
    for target in targets:
        if target.file is None and args.statistics:
            continue
        context = RenderContext(
            root=cwd,
            rules=by_code,
            statistics=result.statistics,
            color=target.file is None and _use_color(args, stdout),
            show_fixes=mode.show_fixes,
            unsafe_fixes=mode.unsafe_fixes,
            fixed=run.fixed,
            resolved=run.resolved,
            revealed=run.revealed,
            applied_fixes=run.applied_fixes(cwd),
            read_text=read_text,
            verdict=verdict,
        )
        text = get_renderer(target.format)(diagnostics, context)
        if target.file is None:
            stdout.write(text)
        else:
            _write_file(target.file, text, configuration.repository_root)
        if target.format == "github":
            _write_github_step_summary(diagnostics, context)
    if args.statistics:
        from alignlint.render.statistics import render_statistics, render_statistics_json

        as_json = any(t.file is None and t.format in ("json", "json-lines") for t in targets)
        stdout.write(
            render_statistics_json(diagnostics, result.statistics, unsafe_fixes=mode.unsafe_fixes)
            if as_json
            else render_statistics(
                diagnostics, result.statistics, unsafe_fixes=mode.unsafe_fixes, verdict=verdict
            )
        )
    if args.exit_zero or not (result.failed(settings.fail_on) or failures):
        return EXIT_OK
    return EXIT_FINDINGS


def _analyze_or_fix(
    args: argparse.Namespace,
    mode: FixMode,
    configuration: Configuration,
    progress: Progress,
    discovered: Discovered | None,
) -> CheckRun:
    """The check run computed (:func:`alignlint.run.analysis.analyze`), fixing first when asked;
    ``discovered``: the files the cache lookup found already."""
    from alignlint.run.analysis import analyze
    from alignlint.run.workspace_views import WorkspaceRequest

    prepared = _prepare(
        args, args.paths, remember_plugins=not args.no_cache, configuration=configuration
    )
    settings, rules = prepared.settings, prepared.rules
    if not args.no_cache:
        _warn_when_the_cache_is_unusable(configuration.root / settings.cache_dir)
    # Fixing analyses the project after every pass: facts of the files no fix edited are reused.
    facts_memo: dict[tuple[str, str], FileFacts] | None = {} if mode.active else None

    def run(overlay: Mapping[str, bytes], need_project: bool, found: Discovered | None) -> Result:
        return analyze(
            args.paths,
            settings,
            root=configuration.root,
            rules=rules,
            overlay=overlay,
            report_all=args.all,
            progress=progress,
            use_cache=not args.no_cache,
            jobs=args.jobs,
            need_project=args.show_links or need_project,
            facts_memo=facts_memo,
            force_exclude=args.force_exclude,
            workspaces=WorkspaceRequest(tuple(args.workspace or ()), args.all_workspaces),
            discovered=found,
        )

    return analyze_or_fix(
        mode,
        lambda overlay: run(overlay, mode.active, None if overlay else discovered),
        settings,
        root=configuration.root,
        rules=rules,
        shown=(
            _baseline_filter(args.baseline, configuration.repository_root)
            if args.baseline is not None
            else None
        ),
        # Fixing starts from the cached result when there is nothing to fix.
        cached=None if args.no_cache else lambda: run({}, False, discovered),
    )


#: The last line of a failing run without a baseline: how to adopt alignlint on existing code.
BASELINE_HINT = (
    "hint: to adopt alignlint on code with existing findings, record them with "
    f"`alignlint baseline update` and check with `--baseline {DEFAULT_BASELINE}` "
    f"(pre-commit: `args: [--baseline, {DEFAULT_BASELINE}]`)"
)


def _verdict(
    result: Result, settings: Settings, failures: tuple[str, ...], args: argparse.Namespace
) -> Verdict:
    """What the exit status depends on, for the summary to say; with the adoption hint when
    findings fail a run that uses no baseline."""
    from alignlint.render import Verdict

    failing = not args.exit_zero and result.failed(settings.fail_on)
    hint = BASELINE_HINT if failing and args.baseline is None else ""
    return Verdict(settings.fail_on, failures, hint)


# -- baseline --------------------------------------------------------------------------------------
def _load_baseline(path: str, repository: Path) -> Baseline:
    """The baseline ``path`` (a malformed one is an :class:`AlignlintError`)."""
    from alignlint.run.baseline import BaselineError, load_baseline

    try:
        return load_baseline(path, repository)
    except BaselineError as exc:
        raise AlignlintError(str(exc)) from None


def _baseline_filter(path: str, repository: Path) -> Callable[[Result], Sequence[Diagnostic]]:
    """The findings of a result that the baseline ``path`` does not hide (what fixing repairs)."""
    from alignlint.run.baseline import check_baseline

    baseline = _load_baseline(path, repository)

    def shown(result: Result) -> Sequence[Diagnostic]:
        analysed = {file.relative for file in result.files}
        return check_baseline(result.diagnostics, result.unreported, analysed, baseline).remaining

    return shown


def _apply_baseline(
    result: Result, path: str, strict: bool, repository: Path
) -> tuple[Result, tuple[str, ...]]:
    """Hide the baselined findings; note entries whose finding has gone (``strict``: they fail
    the run, and the reason is returned for the summary)."""

    from alignlint.run.baseline import check_baseline, gone_report

    baseline = _load_baseline(path, repository)
    analysed = {file.relative for file in result.files}
    outcome = check_baseline(result.diagnostics, result.unreported, analysed, baseline)
    result.statistics.bump("baselined findings", outcome.hidden)
    failures: tuple[str, ...] = ()
    if outcome.gone:
        sys.stderr.write(gone_report(outcome.gone, path, strict=strict))
        if strict:
            count = len(outcome.gone)
            verb = "no longer occurs" if count == 1 else "no longer occur"
            noun = "finding" if count == 1 else "findings"
            failures = (f"{count} baselined {noun} in {path} {verb} (--strict-baseline)",)
    return dataclasses.replace(result, diagnostics=outcome.remaining), failures


def run_baseline_update(args: argparse.Namespace, stdout: TextIO) -> int:
    """``alignlint baseline update``: record every finding of the checked paths."""
    from alignlint.run.analysis import analyze
    from alignlint.run.baseline import BaselineError, write_baseline

    prepared = _prepare(args, args.paths)
    configuration = prepared.configuration
    result = analyze(
        args.paths,
        configuration.settings,
        root=configuration.root,
        rules=prepared.rules,
        report_all=True,
    )
    _warn_when_no_file_was_found(result.files, args.paths, configuration.settings)
    try:
        baseline = write_baseline(args.baseline, result.diagnostics, configuration.repository_root)
    except BaselineError as exc:
        raise AlignlintError(str(exc)) from None
    count = len(baseline.entries)
    stdout.write(f"Wrote {count} finding{'' if count == 1 else 's'} to {args.baseline}.\n")
    return EXIT_OK


# -- rule ------------------------------------------------------------------------------------------
def explain(rule: type[Rule]) -> str:
    """``alignlint rule`` text: a title, the default severity, then the documentation."""
    facts = [f"Default severity: {rule.severity.label}."]
    if rule.opt_in:
        facts.append(f'Opt-in: enable it with `extend-select = ["{rule.code}"]`.')
    return f"# {rule.name} ({rule.code})\n\n{' '.join(facts)}\n\n{rule.documentation()}\n"


def _rule_json(rule: type[Rule]) -> dict[str, object]:
    return {
        "code": rule.code,
        "name": rule.name,
        "summary": rule.summary,
        "severity": rule.severity.label,
        "opt_in": rule.opt_in,
        "options": dict(rule.default_options),
        "url": rule.url(),
        "explanation": rule.documentation(),
    }


def _find_rule(rules: Sequence[type[Rule]], wanted: str) -> type[Rule]:
    import difflib

    for rule in rules:
        if wanted in (rule.code, rule.name) or wanted.upper() == rule.code:
            return rule
    keys = [rule.code for rule in rules] + [rule.name for rule in rules]
    close = difflib.get_close_matches(wanted, keys, n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    raise AlignlintError(f"unknown rule code or name `{wanted}`{hint}")


def run_rule(args: argparse.Namespace, parser: argparse.ArgumentParser, stdout: TextIO) -> int:
    """``alignlint rule CODE`` / ``alignlint rule --all``."""
    from alignlint.rules.base import RuleError, discover_rules

    try:
        rules = discover_rules()
    except RuleError as exc:
        raise AlignlintError(str(exc)) from None
    if args.all == (args.rule is not None):
        parser.error("rule: give either a rule code or name, or --all")
    chosen = rules if args.all else [_find_rule(rules, args.rule)]
    if args.output_format == "json":
        payload: object = [_rule_json(r) for r in chosen] if args.all else _rule_json(chosen[0])
        stdout.write(json.dumps(payload, indent=2, default=str) + "\n")
    else:
        stdout.write("\n".join(explain(rule) for rule in chosen))
    return EXIT_OK


def _existing(path: str | None) -> list[str]:
    """The optional PATH of ``config show`` / ``clean`` as a list; a path that does not exist
    is an error (exit 2), as for ``check``, never a silent fallback to the current directory."""
    if path is None:
        return []
    if not os.path.lexists(path):
        raise DiscoveryError(f"{path}: No such file or directory")
    return [path]


def run_config_show(args: argparse.Namespace, stdout: TextIO) -> int:
    """``alignlint config show [PATH]``."""
    from alignlint.run.configuration import show

    configuration = _prepare(args, _existing(args.path)).configuration
    stdout.write(terminal_lines(show(configuration)))
    return EXIT_OK


def run_clean(args: argparse.Namespace, stdout: TextIO) -> int:
    """``alignlint clean [PATH]``: remove the project's cache directory."""
    from alignlint.infra.cache import clean

    configuration = _prepare(args, _existing(args.path)).configuration
    outcome = clean([configuration.root / configuration.settings.cache_dir])
    for removed in outcome.removed:
        stdout.write(f"Removed cache directory {terminal_text(str(removed))}\n")
    if not outcome.removed and not outcome.refused:
        stdout.write("No cache to remove.\n")
    for refused in outcome.refused:
        sys.stderr.write(
            f"error: {terminal_text(str(refused))} is not an alignlint cache directory, or holds "
            "files alignlint did not write there; left it alone\n"
        )
    return EXIT_ERROR if outcome.refused else EXIT_OK


# -- entry point -----------------------------------------------------------------------------------
def _report_internal_error(error: BaseException, where: str, details: str) -> None:
    message = terminal_text(f"{type(error).__name__}: {error}")
    lines = [
        f"error: alignlint failed while {terminal_text(where)}: {message}",
        "This is a bug in alignlint (or in the plugin that provides the rule named above).",
        "Please report it to the alignlint maintainers with the command you ran, the output of",
        "`alignlint --version`, and, if you can, the files involved.",
    ]
    if os.environ.get(DEBUG_VARIABLE):
        lines.append(details.rstrip())
    else:
        lines.append(f"Set {DEBUG_VARIABLE}=1 to see the traceback.")
    sys.stderr.write(terminal_lines("\n".join(lines)) + "\n")


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    stdout = sys.stdout
    if args.command == "check":
        return run_check(args, stdout)
    if args.command == "rule":
        return run_rule(args, parser, stdout)
    if args.command == "config":
        if args.config_command != "show":
            parser.error("config: expected the command `show`")
        return run_config_show(args, stdout)
    if args.command == "baseline":
        if args.baseline_command != "update":
            parser.error("baseline: expected the command `update`")
        return run_baseline_update(args, stdout)
    if args.command == "clean":
        return run_clean(args, stdout)
    if args.command == "version":
        stdout.write(f"alignlint {__version__}\n")
        return EXIT_OK
    parser.print_help(sys.stderr)
    return EXIT_ERROR


def run() -> NoReturn:
    """The ``alignlint`` command line (the console script and ``python -m alignlint``):
    :func:`main`, then its output flushed and the process ended without tearing the
    interpreter down.

    A run that linked a large project holds every file's facts and the linked model (over a
    gigabyte at 5,000 steps); freeing them object by object at exit took 1 to 2 s after the
    findings were printed. Nothing is left to do then: every cache entry is written and closed,
    the worker pool is shut down, and alignlint registers no exit handler. :func:`main` itself
    returns, for callers that run it in their own process."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone away, a stream closed
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``alignlint`` command; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args, parser)
    except InternalError as exc:
        _report_internal_error(exc.error, exc.where, exc.details)
    except AlignlintError as exc:
        sys.stderr.write(f"error: {terminal_text(str(exc))}\n")
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (``alignlint check | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:
        _report_internal_error(exc, f"running `alignlint {args.command}`", traceback.format_exc())
    return EXIT_ERROR
