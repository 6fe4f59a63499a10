"""Settings against the rules a run may use: every rule selector names one of them, and every rule
option is one its rule declares, of the declared type (:mod:`alignlint.rules.options`).

:func:`validate_settings` is the one check: :func:`alignlint.run.prepare.prepare` runs it when the
configuration loads (so ``alignlint config show`` and ``alignlint clean`` refuse what ``check``
refuses) and :func:`alignlint.run.analysis.analyze` runs it on whatever settings it is given, so the
command line, the Python API and the tests share it. A problem is a
:class:`~alignlint.core.errors.ConfigError` naming where the value was written (the file, line
and key, or the command-line option; see :attr:`Settings.locations`).

A setting equal to its default is alignlint's own choice, not checked: a run given only a few
rules (a plugin's tests) is not refused for the default ``select = ["ALN"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from alignlint.core.errors import ConfigError
from alignlint.core.selectors import select_rules, specificity
from alignlint.core.settings import Settings
from alignlint.run.configuration import describe_value, unknown_field_message

if TYPE_CHECKING:
    from alignlint.rules.base import Rule

#: Settings that hold rule selectors (codes, prefixes or names), by Settings field.
SELECTOR_FIELDS: tuple[tuple[str, str], ...] = (
    ("select", "select"),
    ("extend-select", "extend_select"),
    ("ignore", "ignore"),
    ("fixable", "fixable"),
    ("unfixable", "unfixable"),
    ("extend-safe-fixes", "extend_safe_fixes"),
    ("extend-unsafe-fixes", "extend_unsafe_fixes"),
)


def validate_settings(settings: Settings, rules: Sequence[type[Rule]]) -> None:
    """Raise :class:`ConfigError` for the first selector that names none of ``rules`` and the
    first rule option that ``rules`` do not declare or whose value is of the wrong type."""
    _validate_selectors(settings, rules)
    _validate_rule_options(settings, rules)
    chosen = any(_changed(settings, a) for a in ("select", "extend_select", "ignore"))
    if chosen and rules and not select_rules(rules, settings):
        # A run that checks nothing must not look like a pass (`--select ''`, `select = []`,
        # `ignore = ["ALN"]`): say so instead of printing "All checks passed!". Only a selection
        # someone wrote: the default `select = ["ALN"]` names none of a plugin-only rule set.
        raise ConfigError(
            "the rule selection enables no rule, so nothing would be checked",
            settings.location("select" if _changed(settings, "select") else "ignore"),
        )


def _changed(settings: Settings, attribute: str) -> bool:
    return bool(getattr(settings, attribute) != getattr(_DEFAULTS, attribute))


_DEFAULTS = Settings()


def _check_selectors(
    settings: Settings, key: str, selectors: Iterable[str], rules: Sequence[type[Rule]]
) -> None:
    for selector in selectors:
        if not selector:
            raise ConfigError("empty rule selector", settings.location(key))
        if not any(specificity(selector, rule.code, rule.name) is not None for rule in rules):
            raise ConfigError(f"unknown rule selector `{selector}`", settings.location(key))


def _check_rule_names(
    settings: Settings, key: str, names: Iterable[str], rules: Sequence[type[Rule]]
) -> None:
    for name in names:
        if _rule_named(name, rules) is None:
            message = f"unknown rule code or name `{name}`" if name else "empty rule code or name"
            raise ConfigError(message, settings.location(key))


def _rule_named(name: str, rules: Sequence[type[Rule]]) -> type[Rule] | None:
    return next((rule for rule in rules if name in (rule.code, rule.name)), None)


def _validate_selectors(settings: Settings, rules: Sequence[type[Rule]]) -> None:
    for key, attribute in SELECTOR_FIELDS:
        if _changed(settings, attribute):
            _check_selectors(settings, key, getattr(settings, attribute), rules)
    if _changed(settings, "per_file_ignores"):
        for _pattern, selectors in settings.per_file_ignores:
            _check_selectors(settings, "per-file-ignores", selectors, rules)
    if _changed(settings, "severity_overrides"):
        names = (selector for selector, _ in settings.severity_overrides)
        _check_rule_names(settings, "severity", names, rules)


def _validate_rule_options(settings: Settings, rules: Sequence[type[Rule]]) -> None:
    for key, options in settings.rule_options:
        rule = _rule_named(key, rules)
        if rule is None:
            where = settings.locations.get(f"rules.{key}", settings.location("rules"))
            message = f"unknown rule code or name `{key}`" if key else "empty rule code or name"
            raise ConfigError(message, where)
        for option, value in options:
            where = settings.locations.get(f"rules.{key}.{option}", f"rules.{key}.{option}")
            problem = _option_problem(rule, option, value)
            if problem is not None:
                raise ConfigError(problem, where)


def _option_problem(rule: type[Rule], option: str, value: Any) -> str | None:
    """What is wrong with ``option = value`` for ``rule`` (None: nothing)."""
    if option not in rule.default_options:
        if rule.default_options:
            return unknown_field_message(option, rule.default_options)
        return f"rule {rule.code} ({rule.name}) has no options; got `{option}`"
    option_type = rule.option_type(option)
    if option_type is None:
        return None
    if not option_type.shape(value):
        return (
            f"invalid value: expected {option_type.expected}, got {describe_value(_thawed(value))}"
        )
    problem = option_type.problem(value)
    return None if problem is None else f"invalid value: {problem}"


def _thawed(value: Any) -> Any:
    """A frozen option value as TOML gave it, for messages: tuples of pairs whose first items are
    strings were tables, other tuples arrays (an empty tuple is shown as an array)."""
    if isinstance(value, tuple):
        if value and all(
            isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)
            for item in value
        ):
            return {key: _thawed(item) for key, item in value}
        return [_thawed(item) for item in value]
    return value
