"""Rule selectors as ruff understands them: ``ALL``, a code prefix (``ALN``, ``ALN2``, ``ALN203``)
or a rule name (``contract-key-mismatch``).

When several selectors from two opposing lists match the same rule, the most specific one decides
(a full code or a rule name — equally specific — beats ``ALN2``, which beats ``ALN``, which beats ``ALL``); on a tie the
negative list wins.

:func:`is_selected` applies them to a rule with a configuration's ``select`` / ``extend-select`` /
``ignore``: a run selects its rules with it, and a rule that leaves a problem to another rule
asks it whether that rule runs (naming it by :class:`RuleName`, without importing its family).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from alignlint.core.records import record
from alignlint.core.settings import Settings

ALL = "ALL"


class Selectable(Protocol):
    """What selection reads of a rule (a rule class, or a :class:`RuleName`)."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def opt_in(self) -> bool: ...


@record
class RuleName:
    """A rule named by its code and name, for asking whether it is selected without importing it."""

    code: str
    name: str
    opt_in: bool = False


S = TypeVar("S", bound=Selectable)


def specificity(selector: str, code: str, name: str = "") -> int | None:
    """How specifically ``selector`` selects the rule ``code``/``name``; ``None`` if it does not."""
    selector = selector.strip()
    if selector == ALL:
        return 0
    if name and selector == name:
        return len(code)
    if selector and code.startswith(selector):
        return len(selector)
    return None


def best_match(selectors: Iterable[str], code: str, name: str = "") -> int | None:
    """The highest specificity among ``selectors`` matching the rule, or ``None``."""
    found = [s for s in (specificity(sel, code, name) for sel in selectors) if s is not None]
    return max(found) if found else None


def resolve(
    positive: Iterable[str], negative: Iterable[str], code: str, name: str = ""
) -> bool | None:
    """Decide between two opposing selector lists.

    Returns ``True`` when ``positive`` selects the rule more specifically than ``negative``,
    ``False`` when ``negative`` matches at least as specifically, ``None`` when neither matches.
    """
    yes = best_match(positive, code, name)
    no = best_match(negative, code, name)
    if yes is None and no is None:
        return None
    if no is None:
        return True
    if yes is None:
        return False
    return yes > no


def is_selected(rule: Selectable, settings: Settings) -> bool:
    """Whether ``settings`` enable ``rule`` (ruff's semantics: the most specific selector wins,
    ``ignore`` wins a tie; an opt-in rule must be selected by its full code or its name)."""
    positive: Iterable[str] = (*settings.select, *settings.extend_select)
    if rule.opt_in:
        positive = [selector for selector in positive if selector in (rule.code, rule.name)]
    return resolve(positive, settings.ignore, rule.code, rule.name) is True


def select_rules(available: Iterable[S], settings: Settings) -> list[S]:
    """The rules a run with ``settings`` executes, sorted by code."""
    return sorted((rule for rule in available if is_selected(rule, settings)), key=lambda r: r.code)
