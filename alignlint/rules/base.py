"""The rule API: what a rule is, and how rules are discovered.

A rule is a class named after the problem it finds. Its docstring is its documentation, written in
ruff's sections (``## What it does``, ``## Why is this bad?``, ``## Example``, ``## Fix safety``,
``## Options``). It declares a code (``ALN203``), a kebab-case name, a one-line summary, a default
severity, default options and their types (:mod:`alignlint.rules.options`), and implements :meth:`Rule.check`, which yields diagnostics for a
whole linked project.

Rules are registered through the entry-point group ``alignlint.rules``. An entry point may name a
rule class or a sequence of rule classes (a family module's ``RULES``). The built-in rules are
registered exactly the way a third-party plugin registers.
"""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from alignlint.core.settings import frozen_value
from alignlint.core.types import Diagnostic, Fix, Related, Severity, Span, Unchecked
from alignlint.infra.plugins import RULES_GROUP
from alignlint.rules.options import OptionType, inferred_type

if TYPE_CHECKING:
    from alignlint.model import Project

ENTRY_POINT_GROUP = RULES_GROUP
CODE_PATTERN = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOCS_URL = "https://alignlint.dev/rules/{name}/"


class FixAvailability(enum.Enum):
    """Whether a rule's findings come with a fix (ruff's notion)."""

    NONE = "none"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


class Scope(enum.Enum):
    """What one finding of a rule can depend on (see :attr:`Rule.reads`)."""

    #: The pieces of one step (registry row, contract, specs and the contracts they name,
    #: config, builder, script, DAG nodes), the project modules they import (bases, constants,
    #: shared helpers, transitively), every registry, and the settings.
    STEP = "step"
    #: Anything in the project: the rule always runs on the whole project.
    PROJECT = "project"


class RuleError(Exception):
    """A rule (or plugin) is malformed; reported as a configuration error."""


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    default_options: ClassVar[Mapping[str, Any]] = {}
    #: The type of each option (:mod:`alignlint.rules.options`); the configuration is checked
    #: against it when it loads. An option without one is checked against its default's type.
    option_types: ClassVar[Mapping[str, OptionType]] = {}
    #: Off unless selected explicitly (opt-in conventions).
    opt_in: ClassVar[bool] = False
    #: Whether findings carry a fix (shown in the docs; ``--fix`` works from the findings).
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NONE
    #: What the rule's findings read. ``Scope.STEP``: the rule's findings about a step (and
    #: what it could not check there) depend only on that step's pieces and what
    #: :class:`Scope` lists, so a run that changed other files reuses them; ``check`` is then
    #: also called on a project narrowed to one step (or to the pieces of no step), and must
    #: find there exactly what it finds for them in the whole project. Without a declaration
    #: (third-party rules) a rule reads the whole project and always runs: safe by default.
    reads: ClassVar[Scope] = Scope.PROJECT

    def __init__(
        self, options: Mapping[str, Any] | None = None, severity: Severity | None = None
    ) -> None:
        merged = dict(self.default_options)
        merged.update(options or {})
        self.options: Mapping[str, Any] = merged
        self.effective_severity = severity or self.severity
        #: What this rule could not check in the run (see :meth:`could_not_check`).
        self.unchecked: list[Unchecked] = []

    # -- what rules implement -------------------------------------------------------------------
    def check(self, project: Project) -> Iterable[Diagnostic]:
        """Yield every finding of this rule in ``project``."""
        raise NotImplementedError

    # -- helpers for rule authors ---------------------------------------------------------------
    def could_not_check(self, subject: str, reason: str) -> None:
        """Record that ``subject`` (e.g. ``step XGBoostTraining``, ``DAG create_x_dag``) was not
        checked because a value it depends on is Unknown, and why. Unknown is not wrong: the rule
        stays silent there, and ``--statistics`` says what was skipped instead."""
        self.unchecked.append(Unchecked(self.code, subject, reason))

    def diagnostic(
        self,
        message: str,
        span: Span,
        *,
        related: Sequence[Related] = (),
        fix: Fix | None = None,
        step: str | None = None,
        subject: str = "",
        severity: Severity | None = None,
    ) -> Diagnostic:
        """Build a diagnostic of this rule. ``subject`` feeds the line-independent fingerprint."""
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=severity or self.effective_severity,
            message=message,
            span=span,
            related=tuple(related),
            fix=fix,
            step=step,
            subject=subject,
            url=self.url(),
        )

    # -- documentation --------------------------------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        """The rule's long documentation (its docstring, dedented)."""
        return inspect.cleandoc(cls.__doc__ or cls.summary)

    @classmethod
    def url(cls) -> str:
        return DOCS_URL.format(name=cls.name)

    @classmethod
    def validate_class(cls) -> None:
        """Raise :class:`RuleError` when the class does not declare a usable rule."""
        where = f"{cls.__module__}.{cls.__qualname__}"
        for attribute in ("code", "name", "summary"):
            if not isinstance(getattr(cls, attribute, None), str):
                raise RuleError(f"rule {where} does not define `{attribute}`")
        if not CODE_PATTERN.match(cls.code):
            raise RuleError(f"rule {where} has code {cls.code!r}; expected e.g. 'ALN203'")
        if not NAME_PATTERN.match(cls.name):
            raise RuleError(f"rule {where} has name {cls.name!r}; expected a kebab-case name")
        if cls.check is Rule.check:
            raise RuleError(f"rule {where} does not implement check()")
        for option, option_type in cls.option_types.items():
            if option not in cls.default_options:
                raise RuleError(
                    f"rule {where} declares a type for `{option}`, which has no default"
                )
            problem = option_type.check(frozen_value(cls.default_options[option]))
            if problem is not None:
                raise RuleError(f"rule {where}: the default of `{option}` is invalid: {problem}")

    @classmethod
    def option_type(cls, option: str) -> OptionType | None:
        """The type of one of this rule's options: declared, else inferred from its default
        (None: any value, or no such option)."""
        if option in cls.option_types:
            return cls.option_types[option]
        if option in cls.default_options:
            return inferred_type(cls.default_options[option])
        return None


def _expand(obj: object, source: str) -> Iterator[type[Rule]]:
    if isinstance(obj, type) and issubclass(obj, Rule):
        yield obj
    elif isinstance(obj, Iterable) and not isinstance(obj, (str, bytes)):
        for item in obj:
            yield from _expand(item, source)
    else:
        raise RuleError(f"entry point {source} does not name a rule class or a list of them")


def discover_rules(cache_dir: Path | None = None) -> list[type[Rule]]:
    """Load every rule class registered in the ``alignlint.rules`` entry-point group.

    Sorted by code; duplicate codes or names are an error (two plugins cannot share a code).
    ``cache_dir`` remembers which entry points are installed between runs
    (:mod:`alignlint.infra.plugins`).
    """
    from alignlint.infra.plugins import installed_entry_points, load_entry_point

    found: dict[str, type[Rule]] = {}
    names: dict[str, str] = {}
    for name, value in installed_entry_points(ENTRY_POINT_GROUP, cache_dir):
        try:
            loaded = load_entry_point(value)
        except Exception as exc:  # a broken plugin must not crash the linter
            raise RuleError(f"cannot load rule entry point {name} = {value}: {exc}") from exc
        for rule in _expand(loaded, f"{name} = {value}"):
            rule.validate_class()
            other = found.get(rule.code)
            if other is not None and other is not rule:
                raise RuleError(
                    f"rule code {rule.code} is defined twice: "
                    f"{other.__module__}.{other.__qualname__} and {rule.__module__}.{rule.__qualname__}"
                )
            if names.get(rule.name, rule.code) != rule.code:
                raise RuleError(
                    f"rule name {rule.name} is used by {names[rule.name]} and {rule.code}"
                )
            found[rule.code] = rule
            names[rule.name] = rule.code
    return [found[code] for code in sorted(found)]
