"""What a report shows of a rule: its code, name, summary, severity, documentation and link.

A rule class (:class:`alignlint.rules.base.Rule`) is one; so is an entry of the rule catalogue
(:mod:`alignlint.run.rule_catalogue`), which lets a warm run whose findings come from the cache
render them without importing any rule module.
"""

from __future__ import annotations

from typing import Protocol

from alignlint.core.selectors import Selectable
from alignlint.core.types import Severity


class RuleDescription(Selectable, Protocol):
    """The parts of a rule that selection and the output formats read."""

    @property
    def summary(self) -> str: ...

    @property
    def severity(self) -> Severity: ...

    def documentation(self) -> str: ...

    def url(self) -> str: ...
