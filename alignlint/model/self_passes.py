"""Where a method hands a parameter on to another method of its object: ``self._helper(inputs)``.

A builder's ``_get_inputs(self, inputs)`` may leave the work to a helper method,
``return self._build_inputs(inputs)``: what it does with ``inputs`` is then what the helper does
with its own parameter. Phase 1 records such calls
(:attr:`~alignlint.extract.facts.BodyFacts.self_passes`, which are no use of the name among the
body's references); :func:`follow_passes` finds the methods they reach, through the builder's
class hierarchy as ``self`` dispatches them, so that reading every body it reaches is reading the
method with its helpers inlined. A call it cannot follow (a method defined outside the project
part of the hierarchy, an argument that no parameter receives by name or position, calls deeper
than :data:`MAX_PASS_DEPTH`) makes what is done with the value unknown, not nothing.

The same walk follows a method's result the other way: ``def _get_environment_variables(self):
return self._build_env()`` returns what the helper returns (:func:`follow_results`, from
:attr:`~alignlint.extract.facts.BodyFacts.returned_self` and the ``self`` members a body merges
into the mapping it builds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice

from alignlint.core.records import record
from alignlint.extract.facts import DictPass, FunctionFact
from alignlint.extract.ir import Attr, Call, Expr, Name
from alignlint.model.components import ClassInfo
from alignlint.model.index import ProjectIndex

#: How many calls deep a parameter is followed (``_get_inputs`` -> ``_build`` -> ... ).
MAX_PASS_DEPTH = 4

_BY_POSITION = ("positional", "normal")
_BY_KEYWORD = ("normal", "keyword_only")


@record
class Reached:
    """A method body the value reaches: ``method``, defined by ``owner``, where the value is the
    parameter ``param``."""

    owner: ClassInfo
    method: FunctionFact
    param: str


@record
class Followed:
    """Every body a method's parameter reaches, the method's own first; ``unknown`` says why
    some of what is done with it is not known (None: all of it is)."""

    reached: tuple[Reached, ...]
    unknown: str | None


#: The "parameter" of a :class:`Reached` method whose returned value is followed
#: (:func:`follow_results`): no parameter has the name of a keyword.
RESULT = "return"


@record
class _HandOn:
    """A ``self`` call that hands the followed value on: to method ``callee``, in the words of
    ``call``; ``target`` gives the callee's parameter that gets the value (None: none does);
    ``data`` when ``self.callee`` may be a data attribute (not followed, nothing unknown);
    ``unknown`` why the callee cannot be read as it is called (None: it can)."""

    callee: str
    call: str
    target: Callable[[FunctionFact], str | None]
    data: bool = False
    unknown: str | None = None


def follow_passes(
    index: ProjectIndex, info: ClassInfo, owner: ClassInfo, method: FunctionFact, param: str
) -> Followed:
    """The methods of ``info`` (a class, whose hierarchy ``method`` of ``owner`` belongs to)
    that ``method``'s parameter ``param`` is handed on to, as it is, through ``self`` calls,
    transitively; each body once (a recursive helper is read once)."""

    def hand_ons(current: Reached) -> Iterator[_HandOn]:
        for passed in current.method.body.self_passes:
            if passed.dict_name == current.param:
                yield _HandOn(
                    passed.callee,
                    f"`{current.owner.name}.{current.method.name}` passes `{current.param}` "
                    f"to `self.{passed.callee}()`",
                    partial(bound_parameter, passed=passed),
                )

    return _follow(index, info, Reached(owner, method, param), hand_ons)


def follow_results(
    index: ProjectIndex, info: ClassInfo, owner: ClassInfo, method: FunctionFact
) -> Followed:
    """The methods of ``info`` whose returned value ``method`` of ``owner`` returns (``return
    self._build()``, through a local name bound once, or as a branch of a conditional return,
    ``self._build() or {}``) or merges into the mapping it builds
    (``env.update(self._extra())``, ``{**self._extra()}``), transitively, ``method`` first (each
    :attr:`Reached.param` is :data:`RESULT`). Reading every body reached is reading ``method``
    with those helpers inlined. A member that no method of the project part of the hierarchy
    defines is followed no further: unknown when it is called, a data attribute (nothing
    unknown) when it is read; a helper called with arguments is unknown (what it returns may
    depend on them)."""

    def hand_ons(current: Reached) -> Iterator[_HandOn]:
        where = f"`{current.owner.name}.{current.method.name}`"
        for result in current.method.body.returned_self:
            yield _HandOn(
                result.name,
                f"{where} returns `{_shown(result.name, result.called, result.arguments)}`",
                _result,
                data=not result.called,
                unknown="which it calls with arguments" if result.arguments else None,
            )
        for merged in current.method.body.merges:
            member = self_member(merged)
            if member is not None:
                name, called, arguments = member
                yield _HandOn(
                    name,
                    f"{where} merges `{_shown(name, called, arguments)}`",
                    _result,
                    data=not called,
                    unknown="which it calls with arguments" if arguments else None,
                )

    return _follow(index, info, Reached(owner, method, RESULT), hand_ons)


def _shown(name: str, called: bool, arguments: bool) -> str:
    """``self.name``, ``self.name()`` or ``self.name(...)``."""
    return f"self.{name}{('(...)' if arguments else '()') if called else ''}"


def _result(callee: FunctionFact) -> str:
    return RESULT


def self_member(expr: Expr) -> tuple[str, bool, bool] | None:
    """``self.x`` or ``self.x(...)`` -> (``x``, called, called with arguments)."""
    called = isinstance(expr, Call)
    target = expr.func if isinstance(expr, Call) else expr
    if isinstance(target, Attr) and isinstance(target.value, Name) and target.value.id == "self":
        arguments = isinstance(expr, Call) and bool(expr.args or expr.kwargs)
        return target.attr, called, arguments
    return None


def _follow(
    index: ProjectIndex,
    info: ClassInfo,
    start: Reached,
    hand_ons: Callable[[Reached], Iterable[_HandOn]],
) -> Followed:
    """Every body the value ``start`` holds reaches through the ``hand_ons`` of each body
    (breadth first, each method and parameter once, at most :data:`MAX_PASS_DEPTH` calls
    deep), and the first reason some of what is done with it is not known."""
    reached: list[Reached] = []
    unknown: str | None = None
    seen: set[tuple[str, str, str]] = {(start.owner.qualname, start.method.name, start.param)}
    queue: list[tuple[Reached, int]] = [(start, 0)]
    while queue:
        current, depth = queue.pop(0)
        reached.append(current)
        for hand_on in hand_ons(current):
            call = hand_on.call
            found = find_method(index, info, hand_on.callee)
            if found is None:
                if not hand_on.data:
                    unknown = unknown or (
                        f"{call}, which the project part of the class hierarchy of `{info.name}` "
                        "does not define"
                    )
                continue
            if hand_on.unknown is not None:
                unknown = unknown or f"{call}, {hand_on.unknown}"
                continue
            callee_owner, callee = found
            target = hand_on.target(callee)
            if target is None:
                unknown = unknown or f"{call}, which has no parameter that takes it by name"
                continue
            key = (callee_owner.qualname, callee.name, target)
            if key in seen:
                continue
            if depth + 1 > MAX_PASS_DEPTH:
                unknown = unknown or f"{call}, more than {MAX_PASS_DEPTH} calls deep"
                continue
            seen.add(key)
            queue.append((Reached(callee_owner, callee, target), depth + 1))
    return Followed(tuple(reached), unknown)


def find_method(
    index: ProjectIndex, info: ClassInfo, name: str, start: int = 0
) -> tuple[ClassInfo, FunctionFact] | None:
    """The method ``self.name`` of an instance of ``info`` calls: the first definition in the
    project part of its class hierarchy (from MRO position ``start`` on: what ``super()``
    reaches from the class before it)."""
    for cls in islice(info.mro(), start, None):
        method = index.class_fact(cls).method(name)
        if method is not None:
            return cls, method
    return None


def bound_parameter(method: FunctionFact, passed: DictPass) -> str | None:
    """The parameter of ``method`` (called on ``self``) that receives the argument ``passed``
    names; None when it is ``*args`` / ``**kwargs`` or no parameter takes it."""
    params = list(method.params)
    static = any(isinstance(d, Name) and d.id == "staticmethod" for d in method.decorators)
    if params and not static and params[0].kind in _BY_POSITION:
        params = params[1:]  # self (or cls)
    if passed.keyword is not None:
        return next(
            (p.name for p in params if p.name == passed.keyword and p.kind in _BY_KEYWORD),
            None,
        )
    positional = [p.name for p in params if p.kind in _BY_POSITION]
    if passed.position is not None and passed.position < len(positional):
        return positional[passed.position]
    return None
