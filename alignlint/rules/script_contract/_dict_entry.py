"""The insertion adding ``"key": "value"`` to a contract's dict display.

The fixer writes it in the display's own layout (:class:`~alignlint.core.types.Insertion`); this
module only decides whether the mapping is a dict display the fix may add to.
"""

from __future__ import annotations

from alignlint.core.types import Insertion
from alignlint.model import Contract, EntryMap


def add_entry(mapping: EntryMap, contract: Contract, key: str, value: str) -> Insertion | None:
    """The insertion adding ``"key": "value"`` to a dict display of ``contract``; None when the
    mapping is not a literal dict written in the contract's call with every entry known and
    written inside it."""
    span = mapping.span
    if span is None or span.path != contract.path or not contract.span.contains(span):
        return None
    if not mapping.display:
        return None
    if not mapping.complete or not all(span.contains(e.key_span) for e in mapping.values()):
        return None
    return Insertion.dict_entry(span, key, value)
