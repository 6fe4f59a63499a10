"""The Python API: ``alignlint.check(paths)`` returns the findings the ``check`` command reports.

Configuration is found the same way as on the command line (the nearest ``alignlint.toml`` /
``pyproject.toml`` to the paths, else to the current directory) unless ``config`` names a file.
Errors are raised as :class:`~alignlint.errors.AlignlintError` (bad configuration, missing paths)
or :class:`~alignlint.errors.InternalError` (a bug).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alignlint.types import Diagnostic


def check(
    paths: Sequence[str | Path] = (),
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    config: str | Path | None = None,
) -> list[Diagnostic]:
    """Check ``paths`` (default: the configured roots, else the project root).

    ``select`` replaces the configured selection, ``ignore`` adds to the ignored rules. Findings are
    sorted and carry filenames relative to the current directory.
    """
    from alignlint.config import (
        Overrides,
        load_configuration,
        validate_rule_options,
        validate_selectors,
    )
    from alignlint.engine import analyze, rebase
    from alignlint.rule import discover_rules

    overrides = Overrides(
        select=tuple(select) if select is not None else None, ignore=tuple(ignore or ())
    )
    configuration = load_configuration(paths, config_file=config, overrides=overrides)
    rules = discover_rules()
    validate_selectors(configuration, [(rule.code, rule.name) for rule in rules])
    validate_rule_options(
        configuration, [(rule.code, rule.name, rule.default_options) for rule in rules]
    )
    result = analyze(paths, configuration.settings, root=configuration.root, rules=rules)
    return rebase(result.diagnostics, configuration.root, Path.cwd())
