"""The configuration of a run and the rules it may use, loaded and validated in one sequence.

Every way in (the ``alignlint`` commands, :func:`alignlint.check`, the fixture harness) calls
:func:`prepare`: find and read the configuration (:mod:`alignlint.run.configuration`), discover
the installed rules (:func:`alignlint.rules.base.discover_rules`), and check the settings against
them (:func:`alignlint.run.validation.validate_settings`). Whatever one of them accepts, the others
accept; whatever one refuses is the same :class:`~alignlint.core.errors.ConfigError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from alignlint.core.errors import AlignlintError
from alignlint.core.records import record
from alignlint.core.settings import Settings
from alignlint.run.configuration import Configuration, Overrides, load_configuration

if TYPE_CHECKING:
    from alignlint.rules.base import Rule


@record
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
    return prepare_loaded(configuration, remember_plugins=remember_plugins)


def prepare_loaded(configuration: Configuration, *, remember_plugins: bool = False) -> Prepared:
    """:func:`prepare` for a configuration loaded already. ``remember_plugins`` also keeps the
    catalogue of the rules (:mod:`alignlint.run.rule_catalogue`) for the next warm run."""
    from alignlint.rules.base import RuleError, discover_rules
    from alignlint.run.validation import validate_settings

    cache_dir = configuration.root / configuration.settings.cache_dir
    try:
        rules = tuple(discover_rules(cache_dir if remember_plugins else None))
    except RuleError as exc:
        raise AlignlintError(str(exc)) from None
    validate_settings(configuration.settings, rules)
    if remember_plugins:
        from alignlint.run.rule_catalogue import remember_catalogue

        remember_catalogue(cache_dir, rules)
    return Prepared(configuration, rules)
