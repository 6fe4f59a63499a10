"""The configuration of a run and the rules it may use, loaded and validated in one sequence.

Every way in (the ``alignlint`` commands, :func:`alignlint.check`, the fixture harness) calls
:func:`prepare`: find and read the configuration (:mod:`alignlint.run.configuration`), discover
the installed rules (:func:`alignlint.rules.base.discover_rules`), and check the settings against
them (:func:`alignlint.run.validation.validate_settings`). Whatever one of them accepts, the others
accept; whatever one refuses is the same :class:`~alignlint.core.errors.ConfigError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alignlint.core.errors import AlignlintError
from alignlint.core.settings import Settings
from alignlint.rules.base import Rule, RuleError, discover_rules
from alignlint.run.configuration import Configuration, Overrides, load_configuration
from alignlint.run.validation import validate_settings


@dataclass(frozen=True)
class Prepared:
    """A validated configuration and the installed rules it was validated against."""

    configuration: Configuration
    rules: tuple[type[Rule], ...]

    @property
    def settings(self) -> Settings:
        return self.configuration.settings

    @property
    def root(self) -> Path:
        return self.configuration.root


def prepare(
    paths: Sequence[str | Path] = (),
    *,
    config_file: str | Path | None = None,
    isolated: bool = False,
    overrides: Overrides | None = None,
    remember_plugins: bool = False,
) -> Prepared:
    """Load the configuration for checking ``paths`` (see
    :func:`~alignlint.run.configuration.load_configuration`), discover the installed rules and
    validate the settings against them.

    ``remember_plugins`` keeps the record of installed rule entry points in the configured cache
    directory (:mod:`alignlint.infra.plugins`). Raises
    :class:`~alignlint.core.errors.AlignlintError` (a :class:`ConfigError` for the
    configuration; a malformed plugin is reported with its entry point).
    """
    configuration = load_configuration(
        paths, config_file=config_file, isolated=isolated, overrides=overrides
    )
    cache_dir = configuration.root / configuration.settings.cache_dir
    try:
        rules = tuple(discover_rules(cache_dir if remember_plugins else None))
    except RuleError as exc:
        raise AlignlintError(str(exc)) from None
    validate_settings(configuration.settings, rules)
    return Prepared(configuration, rules)
