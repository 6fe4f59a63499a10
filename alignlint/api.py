"""The Python API: ``alignlint.check(paths)`` returns the findings the ``check`` command reports.

Configuration is found the same way as on the command line (the nearest ``alignlint.toml`` /
``pyproject.toml`` to the paths, else to the current directory) unless ``config`` names a file.
Errors are raised as :class:`~alignlint.core.errors.AlignlintError` (bad configuration, missing
paths, an unreadable baseline) or :class:`~alignlint.core.errors.InternalError` (a bug).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alignlint.core.types import Diagnostic


def check(
    paths: Sequence[str | Path] = (),
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    config: str | Path | None = None,
    baseline: str | Path | None = None,
    report_all: bool = False,
    workspaces: Sequence[str] = (),
    all_workspaces: bool = False,
) -> list[Diagnostic]:
    """Check ``paths`` (default: the configured roots, else the project root), like
    ``alignlint check``.

    Files among ``paths`` are the *changed set* (see :mod:`alignlint.run.changed`): the whole
    project is checked and the findings touching those files are returned (``report_all``: every
    finding of the project). So are directories inside a package of the project; other
    directories are checked and reported as a whole.

    ``select`` replaces the configured selection (codes, prefixes or names, e.g. ``["ALN2"]``),
    ``ignore`` adds to the ignored rules, ``config`` names the configuration file to use.
    ``baseline`` names a baseline file (``alignlint baseline update``): the findings it records
    are left out. Findings are sorted, carry a line-independent ``fingerprint`` and filenames
    relative to the current directory. ``workspaces`` (folder names or developer ids) and
    ``all_workspaces`` are ``--workspace`` and ``--all-workspaces``; a finding of a project
    workspace names it (``Diagnostic.workspace``).
    """
    from alignlint.core.errors import AlignlintError
    from alignlint.run.analysis import analyze
    from alignlint.run.baseline import BaselineError, check_baseline, load_baseline
    from alignlint.run.configuration import Overrides
    from alignlint.run.prepare import prepare
    from alignlint.run.result import rebase

    overrides = Overrides(
        select=tuple(select) if select is not None else None, ignore=tuple(ignore or ())
    )
    prepared = prepare(paths, config_file=config, overrides=overrides)
    configuration = prepared.configuration
    from alignlint.run.workspace_views import WorkspaceRequest

    result = analyze(
        paths,
        configuration.settings,
        root=configuration.root,
        rules=prepared.rules,
        report_all=report_all,
        workspaces=WorkspaceRequest(tuple(workspaces), all_workspaces),
    )
    diagnostics: Sequence[Diagnostic] = result.diagnostics
    if baseline is not None:
        try:
            accepted = load_baseline(baseline, configuration.repository_root)
        except BaselineError as exc:
            raise AlignlintError(str(exc)) from None
        analysed = {file.relative for file in result.files}
        diagnostics = check_baseline(diagnostics, result.unreported, analysed, accepted).remaining
    return rebase(diagnostics, configuration.root, Path.cwd())
