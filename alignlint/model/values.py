"""Static values: the evaluator that phase 2 runs over the expression IR phase 1 recorded
(:mod:`alignlint.extract.ir`).

Phase 2 evaluates each expression tree against the whole project with :class:`Evaluator`. Every
result is either ``Located`` (a known value and the span where it is written) or ``Unknown`` (the
span of the expression and why it could not be evaluated). Nothing is imported or executed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, Protocol, TypeVar

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.ir import (
    Attr,
    Call,
    Concat,
    DictExpr,
    Expr,
    ImportedName,
    Lit,
    Merge,
    Name,
    Opaque,
    PathDiv,
    SeqExpr,
    Starred,
    SubscriptExpr,
)

T = TypeVar("T")


# --------------------------------------------------------------------------------------------
# Evaluation results (phase 2)
# --------------------------------------------------------------------------------------------


# The commonest results are frozen dataclasses with an ``__init__`` of their own: the generated
# one assigns each field through ``object.__setattr__``, and writing the instance dict directly
# (the same fields, the same frozen object) takes half the time. A link at 5,000 steps creates
# about two million of them.


@record(init=False)
class Located(Generic[T]):
    """A statically known value and the span of source text where it is written."""

    value: T
    span: Span

    def __init__(self, value: T, span: Span) -> None:
        fields = self.__dict__
        fields["value"] = value
        fields["span"] = span


@record(init=False)
class Unknown:
    """A value that cannot be known without running code; ``reason`` says why."""

    span: Span
    reason: str

    def __init__(self, span: Span, reason: str) -> None:
        fields = self.__dict__
        fields["span"] = span
        fields["reason"] = reason


Value = Located[Any] | Unknown


@record
class SeqValue:
    """A list / tuple / set value whose items are each known or unknown. ``spread`` is True when
    the positions of the items are not known: an unknown item may stand for any number of items
    (a ``*`` spread of an unknown value, the keys of a mapping with an unknown part), or the
    items are in no known order (``sorted()`` of partly known items, a list of a set's items).
    Its known items are still its items."""

    kind: str
    items: tuple[Value, ...]
    spread: bool = False


@record
class _Items:
    """The items iterating over a value gives, and whether their positions are not known (see
    :attr:`SeqValue.spread`)."""

    values: tuple[Value, ...]
    spread: bool


@record
class DictValue:
    """A mapping value; keys and values are each known or unknown (a partly known mapping).
    ``display`` is False for a mapping a ``dict(...)`` call builds (no display to edit)."""

    entries: tuple[tuple[Value, Value], ...]
    display: bool = True

    def get(self, key: object) -> Value | None:
        for entry_key, entry_value in self.entries:
            if isinstance(entry_key, Located) and entry_key.value == key:
                return entry_value
        return None

    @property
    def unknown_parts(self) -> tuple[Unknown, ...]:
        return tuple(key for key, _ in self.entries if isinstance(key, Unknown))


@record
class EnumMember:
    """``Owner.MEMBER``; ``value`` is the member's value when the enum is defined in the project."""

    owner: str
    member: str
    value: Any = None


@record
class ClassRef:
    """A class defined in the project (``module`` + ``name``)."""

    module: str
    name: str

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.name}"


@record(init=False)
class ExternalRef:
    """A name from outside the project (``sagemaker.processing.ProcessingInput``, ``os.path``)."""

    dotted: str

    def __init__(self, dotted: str) -> None:
        self.__dict__["dotted"] = dotted

    @property
    def name(self) -> str:
        return self.dotted.rpartition(".")[2]


@record
class ModuleRef:
    module: str


@record
class FunctionRef:
    module: str
    name: str


@record
class Instance:
    """The result of calling a class (``X_CONTRACT = ScriptContract(...)``).

    ``class_name`` is the called class's simple name, ``cls`` the project class when known,
    ``call`` the constructor call and ``module`` the module whose scope evaluates its arguments.
    ``origin`` is the ``(module, variable)`` that holds the instance, when it is a module constant.
    """

    class_name: str
    cls: ClassRef | None
    call: Call
    module: str
    origin: tuple[str, str] | None = None


# --------------------------------------------------------------------------------------------
# The environment the evaluator needs (implemented by the project index)
# --------------------------------------------------------------------------------------------


@record
class AssignedSymbol:
    module: str
    name: str
    value: Expr


@record
class ClassSymbol:
    ref: ClassRef


@record
class FunctionSymbol:
    module: str
    name: str
    returns: Expr | None
    takes_arguments: bool


@record
class ModuleSymbol:
    module: str


@record(init=False)
class ExternalSymbol:
    dotted: str

    def __init__(self, dotted: str) -> None:
        self.__dict__["dotted"] = dotted


Symbol = AssignedSymbol | ClassSymbol | FunctionSymbol | ModuleSymbol | ExternalSymbol


class Environment(Protocol):
    """What the evaluator asks the project: names, class attributes and the registry."""

    def lookup(self, module: str, name: str) -> Symbol | None:
        """The symbol ``name`` refers to in ``module``'s global scope (imports followed)."""

    def import_target(self, module: str, name: str | None) -> Symbol | None:
        """The symbol an import of ``name`` from absolute module ``module`` binds."""

    def class_attribute(self, ref: ClassRef, attr: str) -> tuple[str, Expr] | None:
        """The value of a class attribute (searched through bases) and the defining module."""

    def is_enum(self, ref: ClassRef) -> bool: ...

    def class_constants(self, ref: ClassRef) -> Iterator[tuple[str, str, Expr]]:
        """Each attribute with a value the class (or a project base) defines: its name, the
        defining module and the value's expression, nearest class first."""

    def registry_spec_type(self, step_name: str) -> str | None:
        """The registry's ``spec_type`` for a step name, or None when the name is not a key."""


SPEC_TYPE_FUNCTIONS = ("get_spec_step_type", "get_spec_step_type_with_job_type")
_PATH_CLASSES = ("pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.PurePosixPath")
_JOIN_FUNCTIONS = ("os.path.join", "posixpath.join")
#: The builtins building a sequence from one iterable, and the kind each builds.
_SEQUENCE_BUILDERS = {"builtins.list": "list", "builtins.tuple": "tuple", "builtins.set": "set"}
_MAX_DEPTH = 60


def merged_entries(entries: list[tuple[Value, Value]]) -> tuple[tuple[Value, Value], ...]:
    """A mapping's entries: a later entry with a known key replaces an earlier one in place."""
    merged: dict[object, int] = {}
    result: list[tuple[Value, Value]] = []
    for entry in entries:
        if isinstance(entry[0], Located):
            try:
                position = merged.get(entry[0].value)
            except TypeError:
                position = None
            if position is not None:
                result[position] = entry
                continue
            try:
                merged[entry[0].value] = len(result)
            except TypeError:
                pass
        result.append(entry)
    return tuple(result)


def _pairs(sequence: SeqValue) -> list[tuple[Value, Value]]:
    """The entries ``dict(sequence)`` builds: a known pair's key and value, an unknown entry
    for any other item (the mapping is then partly known)."""
    entries: list[tuple[Value, Value]] = []
    for item in sequence.items:
        if (
            isinstance(item, Located)
            and isinstance(item.value, SeqValue)
            and len(item.value.items) == 2
            and not item.value.spread
            and item.value.kind != "set"
        ):
            key, value = item.value.items
            entries.append((key, value))
            continue
        reason = item.reason if isinstance(item, Unknown) else "not a pair"
        unknown = Unknown(item.span, f"an item given to `dict()` is unknown: {reason}")
        entries.append((unknown, unknown))
    return entries


def _helper_name(target: object) -> str | None:
    """The registry step-type helper a called function is (by the name of its definition, so an
    import alias or a re-binding does not hide it), or None."""
    if isinstance(target, (FunctionRef, ExternalRef)) and target.name in SPEC_TYPE_FUNCTIONS:
        return target.name
    return None


def _distinct(items: Iterable[Value]) -> tuple[Value, ...]:
    """``items`` without a known value seen before (the items of a set)."""
    seen: set[object] = set()
    result: list[Value] = []
    for item in items:
        if isinstance(item, Located):
            try:
                if item.value in seen:
                    continue
                seen.add(item.value)
            except TypeError:
                pass
        result.append(item)
    return tuple(result)


def _iterated(value: Value, span: Span, what: str, ordered: bool) -> _Items | Unknown:
    """The items iterating over ``value`` (``what``) gives: a sequence's items, a mapping's
    keys, a string's characters, in order; Unknown when they are not known. With ``ordered``
    (the items go into a list or tuple), a set of more than one item gives its items in no
    known order: their positions are not known (``spread``)."""
    if isinstance(value, Unknown):
        return Unknown(span, f"{what} is unknown: {value.reason}")
    target = value.value
    if isinstance(target, SeqValue):
        unordered = ordered and target.kind == "set" and len(target.items) > 1
        return _Items(target.items, target.spread or unordered)
    if isinstance(target, DictValue):
        keys = tuple(key for key, _ in target.entries)
        return _Items(keys, any(isinstance(key, Unknown) for key in keys))
    if isinstance(target, str):
        return _Items(tuple(Located(character, value.span) for character in target), False)
    return Unknown(span, f"{what} is not a known sequence, mapping or string")


def _sort_key(items: tuple[Value, ...]) -> Callable[[Value], Any] | None:
    """How ``sorted()`` orders ``items``, all known: by value when they are all strings or all
    numbers; None when they cannot be compared as known values."""
    values = [item.value for item in items if isinstance(item, Located)]
    if all(isinstance(value, str) for value in values) or all(
        isinstance(value, (int, float)) for value in values
    ):
        return lambda item: item.value if isinstance(item, Located) else None
    return None


def _is_text(value: Value) -> bool:
    return isinstance(value, Located) and isinstance(value.value, str)


class Evaluator:
    """Evaluates expression IR against an :class:`Environment`. Results of module constants are
    memoised; a reference cycle evaluates to ``Unknown`` instead of looping."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._memo: dict[tuple[str, str], Value] = {}
        self._active: set[tuple[str, str]] = set()
        self._depth = 0
        #: The method evaluating each kind of expression (one dict lookup instead of a chain of
        #: ``isinstance`` tests: phase 2 evaluates hundreds of thousands of expressions).
        self._handlers: dict[type[Any], Callable[[Any, str], Value]] = {
            Name: self._name,
            ImportedName: self._imported_name,
            Attr: self._attribute,
            Call: self._call,
            Concat: self._concat,
            PathDiv: self._path_div,
            Merge: self._merge,
            DictExpr: self._dict,
            SeqExpr: self._sequence,
            Starred: self._starred,
            SubscriptExpr: self._subscript,
        }

    # -- public ------------------------------------------------------------------------------
    def evaluate(self, expr: Expr, module: str) -> Value:
        """Evaluate ``expr`` as written in ``module``."""
        if self._depth > _MAX_DEPTH:
            return Unknown(expr.span, "expression is too deeply nested to evaluate")
        if type(expr) is Lit:  # the commonest expression, and a leaf: no nesting to count
            return Located(expr.value, expr.span)
        self._depth += 1
        try:
            return self._handlers.get(type(expr), self._opaque)(expr, module)
        finally:
            self._depth -= 1

    def evaluate_in_class(self, expr: Expr, ref: ClassRef, module: str) -> Value:
        """Evaluate ``expr`` as written in a method of class ``ref`` (defined in ``module``):
        ``self.X``, ``cls.X`` and ``ClassName.X`` are the class constant ``X`` of the class or
        a project base, found through its MRO."""
        if (
            isinstance(expr, Attr)
            and isinstance(expr.value, Name)
            and expr.value.id in ("self", "cls", ref.name)
        ):
            found = self.env.class_attribute(ref, expr.attr)
            if found is not None:
                defining_module, value = found
                return self.evaluate(value, defining_module)
        return self.evaluate(expr, module)

    def constant(self, module: str, name: str, span: Span) -> Value:
        """The value of module constant ``name`` (memoised, cycle-safe)."""
        key = (module, name)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        if key in self._active:
            return Unknown(span, f"`{name}` is defined in terms of itself")
        symbol = self.env.lookup(module, name)
        self._active.add(key)
        try:
            result = self._symbol_value(symbol, name, span)
        finally:
            self._active.discard(key)
        if isinstance(result, Located) and isinstance(result.value, Instance):
            instance = result.value
            if instance.origin is None and isinstance(symbol, AssignedSymbol):
                origin = (symbol.module, symbol.name)
                result = Located(
                    Instance(
                        instance.class_name, instance.cls, instance.call, instance.module, origin
                    ),
                    result.span,
                )
        self._memo[key] = result
        return result

    # -- leaves and names --------------------------------------------------------------------
    @staticmethod
    def _opaque(expr: Opaque, module: str) -> Value:
        return Unknown(expr.span, expr.reason)

    @staticmethod
    def _starred(expr: Starred, module: str) -> Value:
        """``*value`` read on its own (not as the items of a display): any number of values."""
        return Unknown(expr.span, "a `*` spread is not one value")

    def _name(self, expr: Name, module: str) -> Value:
        value = self._memo.get((module, expr.id))  # what :meth:`constant` answers first
        if value is None:
            value = self.constant(module, expr.id, expr.span)
        return self._located_at(value, expr.span)

    def _imported_name(self, expr: ImportedName, module: str) -> Value:
        symbol = self.env.import_target(expr.module, expr.name)
        label = expr.name or expr.module
        return self._located_at(self._reference_value(symbol, label, expr.span), expr.span)

    @staticmethod
    def _located_at(value: Value, span: Span) -> Value:
        """References to classes/modules/functions are located at the use site; data values keep
        the span where they are written."""
        if isinstance(value, Located) and isinstance(
            value.value, (ClassRef, ExternalRef, ModuleRef, FunctionRef)
        ):
            return Located(value.value, span)
        return value

    def _reference_value(self, symbol: Symbol | None, name: str, span: Span) -> Value:
        """The value of a name reached through an import or a module attribute: a constant
        goes through :meth:`constant`, so it is memoised and an instance keeps its origin."""
        if isinstance(symbol, AssignedSymbol):
            return self.constant(symbol.module, symbol.name, span)
        return self._symbol_value(symbol, name, span)

    def _symbol_value(self, symbol: Symbol | None, name: str, span: Span) -> Value:
        if symbol is None:
            return Unknown(span, f"`{name}` is not defined in the project")
        if isinstance(symbol, AssignedSymbol):
            return self.evaluate(symbol.value, symbol.module)
        if isinstance(symbol, ClassSymbol):
            return Located(symbol.ref, span)
        if isinstance(symbol, FunctionSymbol):
            return Located(FunctionRef(symbol.module, symbol.name), span)
        if isinstance(symbol, ModuleSymbol):
            return Located(ModuleRef(symbol.module), span)
        return Located(ExternalRef(symbol.dotted), span)

    # -- constructs --------------------------------------------------------------------------
    def _attribute(self, expr: Attr, module: str) -> Value:
        base = self.evaluate(expr.value, module)
        if isinstance(base, Unknown):
            return Unknown(expr.span, base.reason)
        target = base.value
        if isinstance(target, ModuleRef):
            symbol = self.env.lookup(target.module, expr.attr)
            return self._located_at(self._reference_value(symbol, expr.attr, expr.span), expr.span)
        if isinstance(target, ExternalRef):
            dotted = f"{target.dotted}.{expr.attr}"
            if target.name[:1].isupper() and expr.attr.isupper():
                return Located(EnumMember(target.name, expr.attr), expr.span)
            return Located(ExternalRef(dotted), expr.span)
        if isinstance(target, ClassRef):
            return self._class_attribute(target, expr)
        if isinstance(target, Instance):
            argument = target.call.keyword(expr.attr)
            if argument is not None:
                return self.evaluate(argument, target.module)
            return Unknown(expr.span, f"`{target.class_name}` has no known attribute `{expr.attr}`")
        return Unknown(
            expr.span, f"cannot read attribute `{expr.attr}` of a {type(target).__name__}"
        )

    def _class_attribute(self, ref: ClassRef, expr: Attr) -> Value:
        found = self.env.class_attribute(ref, expr.attr)
        if found is None:
            if self.env.is_enum(ref):
                return Located(EnumMember(ref.name, expr.attr), expr.span)
            return Unknown(expr.span, f"class `{ref.name}` has no attribute `{expr.attr}`")
        defining_module, value_expr = found
        value = self.evaluate(value_expr, defining_module)
        if self.env.is_enum(ref):
            inner = value.value if isinstance(value, Located) else None
            return Located(EnumMember(ref.name, expr.attr, inner), expr.span)
        return value

    def defined_name(self, expr: Expr, module: str) -> str | None:
        """The name of the class or function ``expr`` resolves to (in the project or outside
        it), whatever name the code uses for it: ``DAG`` after ``import PipelineDAG as DAG``
        is ``PipelineDAG``. None for anything else."""
        value = self.evaluate(expr, module)
        target = value.value if isinstance(value, Located) else None
        if isinstance(target, (ClassRef, FunctionRef, ExternalRef)):
            return target.name
        return None

    def spec_type_function(self, expr: Call, module: str) -> str | None:
        """Which registry step-type helper (a name of :data:`SPEC_TYPE_FUNCTIONS`) ``expr`` calls,
        or None: the name written at the call site, else the name of the function the callee
        resolves to (``get_spec_step_type as step_type_of``, ``step_type_of =
        registry.get_spec_step_type``), in the project or outside it."""
        if expr.func_name in SPEC_TYPE_FUNCTIONS:
            return expr.func_name
        func = self.evaluate(expr.func, module)
        return _helper_name(func.value) if isinstance(func, Located) else None

    def _call(self, expr: Call, module: str) -> Value:
        if expr.func_name in SPEC_TYPE_FUNCTIONS:
            return self._spec_step_type(expr, module, expr.func_name)
        func = self.evaluate(expr.func, module)
        if isinstance(func, Unknown):
            return Unknown(expr.span, f"cannot resolve the called function: {func.reason}")
        target = func.value
        helper = _helper_name(target)
        if helper is not None:
            return self._spec_step_type(expr, module, helper)
        if isinstance(target, FunctionRef):
            return self._function_call(target, expr)
        if isinstance(target, ClassRef):
            if self.env.is_enum(target) and len(expr.args) == 1 and not expr.kwargs:
                return self._enum_by_value(target, expr, module)
            return Located(Instance(target.name, target, expr, module), expr.span)
        if isinstance(target, ExternalRef):
            return self._external_call(target, expr, module)
        return Unknown(expr.span, "call of a value that is not a function or class")

    def _enum_by_value(self, ref: ClassRef, expr: Call, module: str) -> Value:
        """``Kind("internal")``: the member of a project enum whose value that is."""
        wanted = self.evaluate(expr.args[0], module)
        if isinstance(wanted, Unknown):
            return Unknown(expr.span, f"the value looked up in `{ref.name}` is unknown")
        seen: set[str] = set()
        for name, defining, value_expr in self.env.class_constants(ref):
            if name in seen:
                continue
            seen.add(name)
            value = self.evaluate(value_expr, defining)
            if isinstance(value, Located) and value.value == wanted.value:
                return Located(EnumMember(ref.name, name, wanted.value), expr.span)
        return Unknown(expr.span, f"{wanted.value!r} is no value of enum `{ref.name}`")

    def _function_call(self, target: FunctionRef, expr: Call) -> Value:
        symbol = self.env.lookup(target.module, target.name)
        if not isinstance(symbol, FunctionSymbol) or symbol.returns is None:
            return Unknown(expr.span, f"`{target.name}()` does not simply return a value")
        if symbol.takes_arguments and (expr.args or expr.kwargs):
            return Unknown(expr.span, f"`{target.name}()` depends on its arguments")
        key = (target.module, f"{target.name}()")
        if key in self._active:
            return Unknown(expr.span, f"`{target.name}()` calls itself")
        self._active.add(key)
        try:
            return self.evaluate(symbol.returns, symbol.module)
        finally:
            self._active.discard(key)

    def _external_call(self, target: ExternalRef, expr: Call, module: str) -> Value:
        if target.dotted in _JOIN_FUNCTIONS or target.dotted in _PATH_CLASSES:
            return self._join(expr, module)
        if target.dotted == "builtins.dict" and len(expr.args) <= 1:
            return self._dict_call(expr, module)
        kind = _SEQUENCE_BUILDERS.get(target.dotted)
        if kind is not None and len(expr.args) <= 1 and not expr.kwargs:
            return self._sequence_call(kind, expr, module)
        if target.dotted == "builtins.sorted" and len(expr.args) == 1:
            return self._sorted(expr, module)
        if target.dotted == "builtins.dict.fromkeys" and 1 <= len(expr.args) <= 2:
            if not expr.kwargs:
                return self._fromkeys(expr, module)
        if target.dotted == "builtins.str" and len(expr.args) == 1 and not expr.kwargs:
            value = self.evaluate(expr.args[0], module)
            if isinstance(value, Located) and isinstance(value.value, (str, int, float)):
                return Located(str(value.value), value.span)
            return (
                value
                if isinstance(value, Unknown)
                else Unknown(expr.span, "str() of a non-text value")
            )
        if target.dotted.startswith("builtins.") and not target.name[:1].isupper():
            return Unknown(expr.span, f"call to `{target.name}()` is not evaluated")
        if target.name[:1].isupper():
            return Located(Instance(target.name, None, expr, module), expr.span)
        return Unknown(expr.span, f"call to external function `{target.dotted}()`")

    def _dict_call(self, expr: Call, module: str) -> Value:
        """``dict(a=1, **b)``, ``dict(mapping, a=1)``, ``dict([("a", 1), ...], b=2)``: the
        mapping it builds (a keyword's name has no span of its own: its value's stands for it).
        A positional sequence gives its pairs; a positional mapping is spread."""
        entries: list[tuple[Value, Value]] = []
        for arg in expr.args:
            value = self.evaluate(arg, module)
            if isinstance(value, Located) and isinstance(value.value, SeqValue):
                entries.extend(_pairs(value.value))
            else:
                entries.extend(self._spread(value, arg.span, "the mapping given to `dict()`"))
        for key, item in expr.kwargs:
            if key is None:
                spread = self.evaluate(item, module)
                entries.extend(self._spread(spread, item.span, "`**` spread"))
            else:
                entries.append((Located(key, item.span), self.evaluate(item, module)))
        return Located(DictValue(merged_entries(entries), display=False), expr.span)

    def _sequence_call(self, kind: str, expr: Call, module: str) -> Value:
        """``list(x)``, ``tuple(x)``, ``set(x)``: the items of ``x`` (in its order, but for a
        set), as a sequence of that kind."""
        if not expr.args:
            return Located(SeqValue(kind, ()), expr.span)
        what = f"the value given to `{kind}()`"
        found = _iterated(self.evaluate(expr.args[0], module), expr.span, what, kind != "set")
        if isinstance(found, Unknown):
            return found
        items = _distinct(found.values) if kind == "set" else found.values
        return Located(SeqValue(kind, items, found.spread), expr.span)

    def _sorted(self, expr: Call, module: str) -> Value:
        """``sorted(x)`` (``reverse=`` a known bool): a list of the items of ``x`` in order.
        Items that are not known are kept, and then the positions are not known (``spread``)."""
        reverse = False
        for key, value_expr in expr.kwargs:
            value = self.evaluate(value_expr, module) if key == "reverse" else None
            if not (isinstance(value, Located) and isinstance(value.value, bool)):
                return Unknown(expr.span, f"`sorted()` with `{key or '**'}=` is not evaluated")
            reverse = value.value
        what = "the value given to `sorted()`"
        found = _iterated(self.evaluate(expr.args[0], module), expr.span, what, False)
        if isinstance(found, Unknown):
            return found
        known = tuple(item for item in found.values if isinstance(item, Located))
        order = _sort_key(known)
        if order is None:
            return Unknown(expr.span, "`sorted()` of values that are not all strings or numbers")
        items: tuple[Value, ...] = (
            *sorted(known, key=order, reverse=reverse),
            *(item for item in found.values if isinstance(item, Unknown)),
        )
        spread = found.spread or len(known) < len(found.values)
        return Located(SeqValue("list", items, spread), expr.span)

    def _fromkeys(self, expr: Call, module: str) -> Value:
        """``dict.fromkeys(keys, value)``: each of ``keys`` (in order) mapped to ``value``, or
        to None when no value is given."""
        what = "the keys given to `dict.fromkeys()`"
        source = self.evaluate(expr.args[0], module)
        found = _iterated(source, expr.span, what, True)
        if isinstance(found, Unknown):
            return found
        if isinstance(source, Located) and isinstance(source.value, SeqValue):
            if source.value.kind == "set" and len(source.value.items) > 1:
                return Unknown(expr.span, f"the order of {what}, a set, is not known")
        value: Value = (
            self.evaluate(expr.args[1], module) if len(expr.args) > 1 else Located(None, expr.span)
        )
        entries = [(key, value) for key in found.values]
        return Located(DictValue(merged_entries(entries), display=False), expr.span)

    @staticmethod
    def _spread(value: Value, span: Span, what: str) -> list[tuple[Value, Value]]:
        """The entries of ``**value`` (``what``): its own when it is a mapping, else one
        unknown entry."""
        if isinstance(value, Located) and isinstance(value.value, DictValue):
            return list(value.value.entries)
        reason = value.reason if isinstance(value, Unknown) else "not a mapping"
        unknown = Unknown(span, f"{what} is unknown: {reason}")
        return [(unknown, unknown)]

    def _join(self, expr: Call, module: str) -> Value:
        if expr.kwargs:
            return Unknown(expr.span, "path join with keyword arguments")
        parts: list[str] = []
        for arg in expr.args:
            value = self.evaluate(arg, module)
            if isinstance(value, Unknown):
                return Unknown(expr.span, f"path part is unknown: {value.reason}")
            if not isinstance(value.value, str):
                return Unknown(expr.span, "path part is not a string")
            parts.append(value.value)
        return Located(posixpath.join(*parts) if parts else ".", expr.span)

    def _path_div(self, expr: PathDiv, module: str) -> Value:
        left = self.evaluate(expr.left, module)
        right = self.evaluate(expr.right, module)
        for side in (left, right):
            if isinstance(side, Unknown):
                return Unknown(expr.span, f"path part is unknown: {side.reason}")
        if _is_text(left) and _is_text(right):
            assert isinstance(left, Located) and isinstance(right, Located)
            return Located(posixpath.join(left.value, right.value), expr.span)
        return Unknown(expr.span, "`/` of values that are not paths")

    def _merge(self, expr: Merge, module: str) -> Value:
        """``left | right``: two mappings merged (the right side's values win, as ``{**left,
        **right}``), the union of two sets, or two integers or-ed."""
        left = self.evaluate(expr.left, module)
        right = self.evaluate(expr.right, module)
        for side in (left, right):
            if isinstance(side, Unknown):
                return Unknown(expr.span, f"a side of `|` is unknown: {side.reason}")
        assert isinstance(left, Located) and isinstance(right, Located)
        first, second = left.value, right.value
        if isinstance(first, DictValue) and isinstance(second, DictValue):
            entries = merged_entries([*first.entries, *second.entries])
            return Located(DictValue(entries, display=False), expr.span)
        if (
            isinstance(first, SeqValue)
            and isinstance(second, SeqValue)
            and first.kind == second.kind == "set"
        ):
            items = _distinct((*first.items, *second.items))
            return Located(SeqValue("set", items, first.spread or second.spread), expr.span)
        if type(first) in (int, bool) and type(second) in (int, bool):
            return Located(first | second, expr.span)
        return Unknown(expr.span, "`|` of values that are not two mappings, sets or integers")

    def _sequence(self, expr: SeqExpr, module: str) -> Value:
        if expr.kind != "set" and not any(type(item) is Starred for item in expr.items):
            items = tuple(self.evaluate(item, module) for item in expr.items)
            return Located(SeqValue(expr.kind, items), expr.span)
        found: list[Value] = []
        spread = False
        for item in expr.items:
            if type(item) is not Starred:
                found.append(self.evaluate(item, module))
                continue
            value = self.evaluate(item.value, module)
            spreads = _iterated(value, item.span, "the `*` spread", ordered=expr.kind != "set")
            if isinstance(spreads, Unknown):
                found.append(spreads)
                spread = True
            else:
                found.extend(spreads.values)
                spread = spread or spreads.spread
        distinct = _distinct(found) if expr.kind == "set" else tuple(found)
        return Located(SeqValue(expr.kind, distinct, spread), expr.span)

    def _concat(self, expr: Concat, module: str) -> Value:
        values = [self.evaluate(part, module) for part in expr.parts]
        for value in values:
            if isinstance(value, Unknown):
                return Unknown(expr.span, f"part of the concatenation is unknown: {value.reason}")
        known = [value.value for value in values if isinstance(value, Located)]
        if expr.formatted:
            if all(isinstance(item, (str, int, float, bool)) for item in known):
                return Located("".join(str(item) for item in known), expr.span)
            return Unknown(expr.span, "f-string part is not a plain value")
        if all(isinstance(item, str) for item in known):
            return Located("".join(known), expr.span)
        if all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in known):
            return Located(sum(known), expr.span)
        if all(isinstance(item, SeqValue) for item in known):
            kinds = {seq.kind for seq in known}
            if len(kinds) > 1 or "set" in kinds:
                return Unknown(expr.span, "`+` of sequences of different kinds, or of sets")
            items = tuple(entry for seq in known for entry in seq.items)
            spread = any(seq.spread for seq in known)
            return Located(SeqValue(known[0].kind, items, spread), expr.span)
        return Unknown(expr.span, "`+` of values of different kinds")

    def _dict(self, expr: DictExpr, module: str) -> Value:
        entries: list[tuple[Value, Value]] = []
        for key, value in expr.items:
            if key is None:
                spread = self.evaluate(value, module)
                entries.extend(self._spread(spread, value.span, "`**` spread"))
                continue
            entries.append((self.evaluate(key, module), self.evaluate(value, module)))
        return Located(DictValue(merged_entries(entries)), expr.span)

    def _subscript(self, expr: SubscriptExpr, module: str) -> Value:
        base = self.evaluate(expr.value, module)
        index = self.evaluate(expr.index, module)
        if isinstance(base, Unknown):
            return Unknown(expr.span, base.reason)
        if isinstance(index, Unknown):
            return Unknown(expr.span, index.reason)
        if isinstance(base.value, DictValue):
            found = base.value.get(index.value)
            if found is not None:
                return found
            return Unknown(expr.span, f"key {index.value!r} is not in the mapping")
        sequence = base.value
        if isinstance(sequence, SeqValue) and isinstance(index.value, int):
            if sequence.spread or sequence.kind == "set":
                return Unknown(expr.span, "the positions of the sequence's items are not known")
            items = sequence.items
            if -len(items) <= index.value < len(items):
                return items[index.value]
        return Unknown(expr.span, "subscript of a value that is not a known mapping or sequence")

    def _spec_step_type(self, expr: Call, module: str, function: str) -> Value:
        """The step type a call of registry helper ``function`` (called as written in ``expr``)
        returns."""
        if not expr.args:
            return Unknown(expr.span, f"`{expr.func_name}()` without a step name")
        name = self.evaluate(expr.args[0], module)
        if isinstance(name, Unknown) or not isinstance(name.value, str):
            return Unknown(expr.span, "the step name passed to the registry is not a known string")
        spec_type = self.env.registry_spec_type(name.value)
        if spec_type is None:
            return Unknown(expr.span, f"{name.value!r} is not a registered step name")
        if function == SPEC_TYPE_FUNCTIONS[1]:
            if len(expr.args) < 2:
                return Unknown(expr.span, "job type argument missing")
            job = self.evaluate(expr.args[1], module)
            if isinstance(job, Unknown) or not isinstance(job.value, str):
                return Unknown(expr.span, "the job type is not a known string")
            if not job.value:
                return Located(spec_type, expr.span)
            return Located(f"{spec_type}_{job.value[:1].upper()}{job.value[1:]}", expr.span)
        return Located(spec_type, expr.span)
