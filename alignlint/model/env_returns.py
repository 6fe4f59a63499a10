"""Which values an environment method may return are read: what a builder's
``_get_environment_variables`` (or a config member building the environment, and the helper
methods either returns) gives back is known only when every value it may return
(:attr:`~alignlint.extract.facts.BodyFacts.returned_values`, with the branches of a conditional
return) is one whose keys alignlint reads: a dict display, a local dict the body fills, a
mapping alignlint evaluates (a module constant ``DEFAULT_ENV``, ``{**DEFAULT_ENV, "X": v}``,
``dict(X=v, **DEFAULT_ENV)``), and in a builder a data attribute (``return self._env``) whose
every store in the class hierarchy is read (:func:`data_attribute_keys`). Anything else
(``return build_env(self.config)``, a comprehension) makes the environment unknown, not empty.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.facts import FunctionFact
from alignlint.extract.ir import Attr, Call, DictExpr, Expr, ImportedName, Lit, Name, Opaque
from alignlint.model.components import ClassInfo
from alignlint.model.index import ProjectIndex
from alignlint.model.self_passes import find_method
from alignlint.model.values import DictValue, Located, Unknown


@record
class ReadKeys:
    """Keys read from values (name, where the key is written), and why some are not known
    (each an :class:`~alignlint.model.values.Unknown` whose reason says where and what)."""

    keys: tuple[tuple[str, Span], ...] = ()
    unknown: tuple[Unknown, ...] = ()


def returned_keys(
    index: ProjectIndex,
    info: ClassInfo,
    owner: ClassInfo,
    method: FunctionFact,
    chain: Collection[str],
    *,
    builder: bool,
    reached: Collection[tuple[str, str]] = (),
) -> ReadKeys:
    """The keys of what ``method`` of ``owner`` (on an instance of ``info``) returns that the
    body's own key writes do not give, and why part of it is not read, one reason per value it
    may return that is none of: a local dict the body fills, a dict display, ``None``, a
    mapping alignlint evaluates, a helper method (followed by
    :func:`~alignlint.model.self_passes.follow_results`), ``super().<m>()`` for ``m`` in
    ``chain`` (the methods whose ``super()`` chain is followed), and in a ``builder`` a config
    member (``self.config.x``: followed through the config reads) or a data attribute
    (``self._env``: what the class hierarchy stores there, :func:`data_attribute_keys`;
    ``reached`` are the bodies read as part of the method, as (class qualname, method name)).
    A config's data attribute is one of its members, followed by the caller."""
    where = f"`{owner.name}.{method.name}`"
    keys: list[tuple[str, Span]] = []
    unknown: list[Unknown] = []
    for returned in method.body.returned_values:
        value = returned.value
        if _read(value, chain, builder=builder):
            continue
        assert value is not None
        evaluated = index.evaluator.evaluate_in_class(value, owner.ref, owner.module)
        mapping = _mapping_keys(evaluated)
        if mapping is None:
            unknown.append(Unknown(returned.span, _reason(where, value)))
            continue
        found, parts = mapping
        keys.extend(found)
        unknown.extend(
            Unknown(part.span, f"{where} returns `{_text(value)}`, {_part(part)}") for part in parts
        )
    if builder:
        for result in method.body.returned_self:
            if result.called or find_method(index, info, result.name) is not None:
                continue
            data = data_attribute_keys(index, info, result.name, reached, chain)
            keys.extend(data.keys)
            unknown.extend(data.unknown)
    return ReadKeys(tuple(keys), tuple(unknown))


def bound_value(method: FunctionFact, expr: Expr) -> Expr:
    """The mapping a value merged by ``method`` holds: for a local name bound once (``extra =
    self.config.extra_env``), the value it is bound to; for a shallow copy (``x.copy()``,
    ``dict(x)``), ``x``."""
    if isinstance(expr, Name):
        for name, value in method.body.local_values:
            if name == expr.id:
                expr = value
                break
    if isinstance(expr, Call) and not expr.kwargs:
        func = expr.func
        if isinstance(func, Attr) and func.attr == "copy" and not expr.args:
            return func.value
        if isinstance(func, Name) and func.id == "dict" and len(expr.args) == 1:
            return expr.args[0]
    return expr


def merged_keys(
    index: ProjectIndex, owner: ClassInfo, method: FunctionFact, merged: Expr
) -> ReadKeys:
    """The keys of a mapping ``method`` of ``owner`` merges into the one it builds
    (``env.update(DEFAULTS)``, ``{**DEFAULTS, ...}``), or why they are not known."""
    evaluated = index.evaluator.evaluate_in_class(merged, owner.ref, owner.module)
    mapping = _mapping_keys(evaluated)
    where = f"`{owner.name}.{method.name}` merges `{_text(merged)}`"
    if mapping is None:
        reason = evaluated.reason if isinstance(evaluated, Unknown) else "not a mapping"
        return ReadKeys(
            (), (Unknown(merged.span, f"{where}, which alignlint does not read ({reason})"),)
        )
    found, parts = mapping
    return ReadKeys(tuple(found), tuple(Unknown(p.span, f"{where}, {_part(p)}") for p in parts))


def data_attribute_keys(
    index: ProjectIndex,
    info: ClassInfo,
    name: str,
    reached: Collection[tuple[str, str]] = (),
    chain: Collection[str] = (),
) -> ReadKeys:
    """The keys ``self.<name>`` holds on an instance of ``info``, a data attribute of a
    builder: what the methods of the project part of its class hierarchy store there
    (:attr:`~alignlint.extract.facts.BodyFacts.self_stores`: assignments, keys written,
    mappings merged) and its class-level value, when every one is read. In a body of
    ``reached`` (read as part of the method, as (class qualname, method name)), a local name
    bound to it changes it only by that body's key writes, and a value that is
    ``super().<m>()`` for ``m`` in ``chain`` or a config member (``self.config.x``) is what
    the caller follows (the ``super()`` chain, the body's config reads): all read. Anywhere
    else, like any other use that may change it, a value alignlint does not evaluate, or no
    assignment in the project at all (a base outside the project may set it), it makes the
    keys unknown."""
    shown = f"`self.{name}`"
    keys: list[tuple[str, Span]] = []
    unknown: list[Unknown] = []
    assigned = False
    for cls in info.mro():
        fact = index.class_fact(cls)
        for member in fact.members:
            if member.name == name and member.kind == "class_attribute" and member.default:
                assigned = True
                _add(
                    index, cls, member.default, f"class `{cls.name}` sets {shown} to", keys, unknown
                )
        for method in fact.methods:
            where = f"`{cls.name}.{method.name}`"
            here = (cls.qualname, method.name) in reached
            for store in method.body.self_stores:
                if store.name != name:
                    continue
                if store.value is not None and store.kind in ("assign", "merge"):
                    store = replace(store, value=bound_value(method, store.value))
                if here and store.value is not None and store.kind in ("assign", "merge"):
                    value = store.value
                    if super_method(value) in chain or config_member_name(value) is not None:
                        assigned = assigned or store.kind == "assign"
                        continue  # followed by the caller
                if store.kind == "assign":
                    assigned = True
                    if store.value is None:
                        unknown.append(
                            Unknown(
                                store.span,
                                f"{where} assigns {shown} a value alignlint does not read",
                            )
                        )
                    else:
                        _add(index, cls, store.value, f"{where} assigns {shown}", keys, unknown)
                elif store.kind == "key" and store.value is not None:
                    key = index.evaluator.evaluate(store.value, cls.module)
                    if isinstance(key, Located) and isinstance(key.value, str):
                        keys.append((key.value, store.value.span))
                    else:
                        unknown.append(
                            Unknown(
                                store.span,
                                f"{where} writes a key into {shown} that alignlint cannot evaluate",
                            )
                        )
                elif store.kind == "merge" and store.value is not None:
                    _add(index, cls, store.value, f"{where} merges into {shown}", keys, unknown)
                elif store.kind == "alias" and here:
                    continue  # the body's key writes are read
                else:
                    unknown.append(
                        Unknown(store.span, f"{where} uses {shown} in a way that may change it")
                    )
    if not assigned:
        unknown.append(
            Unknown(
                info.name_span,
                f"{shown} is assigned by no method of the project part of the class hierarchy "
                f"of `{info.name}`",
            )
        )
    return ReadKeys(tuple(keys), tuple(unknown))


def _add(
    index: ProjectIndex,
    cls: ClassInfo,
    expr: Expr,
    what: str,
    keys: list[tuple[str, Span]],
    unknown: list[Unknown],
) -> None:
    """Add the keys of the mapping ``expr`` (written in class ``cls``; ``None`` holds none)."""
    if isinstance(expr, Lit) and expr.value is None:
        return
    evaluated = index.evaluator.evaluate_in_class(expr, cls.ref, cls.module)
    mapping = _mapping_keys(evaluated)
    if mapping is None:
        reason = evaluated.reason if isinstance(evaluated, Unknown) else "not a mapping"
        unknown.append(
            Unknown(expr.span, f"{what} `{_text(expr)}`, which alignlint does not read ({reason})")
        )
        return
    found, parts = mapping
    keys.extend(found)
    unknown.extend(Unknown(part.span, f"{what} `{_text(expr)}`, {_part(part)}") for part in parts)


def _mapping_keys(
    value: Located[object] | Unknown,
) -> tuple[list[tuple[str, Span]], list[Unknown]] | None:
    """The string keys of a mapping value and its unknown keys; None when it is no mapping."""
    if not isinstance(value, Located) or not isinstance(value.value, DictValue):
        return None
    found: list[tuple[str, Span]] = []
    parts: list[Unknown] = []
    for key, _ in value.value.entries:
        if isinstance(key, Located) and isinstance(key.value, str):
            found.append((key.value, key.span))
        elif isinstance(key, Unknown):
            parts.append(key)
        else:
            parts.append(Unknown(key.span, "a key that is not a string"))
    return found, parts


def _part(part: Unknown) -> str:
    return f"part of whose keys alignlint cannot read ({part.reason})"


def _read(value: Expr | None, chain: Collection[str], *, builder: bool) -> bool:
    if value is None or isinstance(value, DictExpr):
        return True
    if isinstance(value, Lit):
        return value.value is None
    if super_method(value) is not None:
        return super_method(value) in chain
    return builder and config_member_name(value) is not None


def super_method(expr: Expr) -> str | None:
    """``super().m(...)`` -> ``m``."""
    if isinstance(expr, Call) and isinstance(expr.func, Attr):
        receiver = expr.func.value
        if (
            isinstance(receiver, Call)
            and isinstance(receiver.func, Name)
            and receiver.func.id == "super"
        ):
            return expr.func.attr
    return None


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
