"""Which values an environment method may return are read: what a builder's
``_get_environment_variables`` (or a config member building the environment, and the helper
methods either returns) gives back is known only when every value it may return
(:attr:`~alignlint.extract.facts.BodyFacts.returned_values`, with the branches of a conditional
return) is one whose keys alignlint reads. Anything else (``return build_env(self.config)``, a
module constant, a comprehension) makes the environment unknown, not empty.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from alignlint.extract.facts import FunctionFact
from alignlint.extract.ir import Attr, Call, DictExpr, Expr, ImportedName, Lit, Name, Opaque
from alignlint.model.components import ClassInfo


def unread_returns(
    owner: ClassInfo, method: FunctionFact, chain: Collection[str], *, builder: bool
) -> Iterator[str]:
    """Why part of what ``method`` of ``owner`` returns is not read, one reason per value it may return that is none of: a local dict the body fills, a
    dict display, ``None``, a helper method (followed by
    :func:`~alignlint.model.self_passes.follow_results`), ``super().<m>()`` for ``m`` in
    ``chain`` (the methods whose ``super()`` chain is followed), and in a ``builder`` a config
    member (``self.config.x``: followed through the config reads). A data attribute returned
    (``return self._cache``) is, like a local dict, what the bodies write into it (a
    config's is one of its members, followed by the caller)."""
    where = f"`{owner.name}.{method.name}`"
    for returned in method.body.returned_values:
        value = returned.value
        if not _read(value, chain, builder=builder):
            yield _reason(where, value)


def _read(value: Expr | None, chain: Collection[str], *, builder: bool) -> bool:
    if value is None or isinstance(value, DictExpr):
        return True
    if isinstance(value, Lit):
        return value.value is None
    if isinstance(value, Call) and isinstance(value.func, Attr):
        receiver = value.func.value
        if (
            isinstance(receiver, Call)
            and isinstance(receiver.func, Name)
            and receiver.func.id == "super"
        ):
            return value.func.attr in chain
    return builder and config_member_name(value) is not None


def _reason(where: str, value: Expr | None) -> str:
    if isinstance(value, Opaque):
        return f"{where} returns a value alignlint does not read ({value.reason})"
    return f"{where} returns `{_text(value)}`, which alignlint does not read"


def _text(expr: Expr | None) -> str:
    """Short source-like text: ``build_env(...)``, ``super().env()``, ``DEFAULTS``."""
    if isinstance(expr, Name):
        return expr.id
    if isinstance(expr, ImportedName):
        return expr.name or expr.module
    if isinstance(expr, Attr):
        return f"{_text(expr.value)}.{expr.attr}"
    if isinstance(expr, Call):
        return f"{_text(expr.func)}({'...' if expr.args or expr.kwargs else ''})"
    return "..."


def config_member_name(expr: Expr) -> str | None:
    """``self.config.x``, ``config.x`` (or a call of either) -> ``x``."""
    if isinstance(expr, Call):
        expr = expr.func
    if not isinstance(expr, Attr):
        return None
    owner = expr.value
    if isinstance(owner, Name) and owner.id == "config":
        return expr.attr
    if (
        isinstance(owner, Attr)
        and owner.attr == "config"
        and isinstance(owner.value, Name)
        and owner.value.id == "self"
    ):
        return expr.attr
    return None
