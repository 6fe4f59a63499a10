"""Rule selectors as ruff understands them: ``ALL``, a code prefix (``ALN``, ``ALN2``, ``ALN203``)
or a rule name (``contract-key-mismatch``).

When several selectors from two opposing lists match the same rule, the most specific one decides
(a full code or a rule name — equally specific — beats ``ALN2``, which beats ``ALN``, which beats ``ALL``); on a tie the
negative list wins.
"""

from __future__ import annotations

from collections.abc import Iterable

ALL = "ALL"


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
