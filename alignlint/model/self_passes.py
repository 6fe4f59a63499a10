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
"""

from __future__ import annotations

from alignlint.core.records import record
from alignlint.extract.facts import DictPass, FunctionFact
from alignlint.extract.ir import Name
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


def follow_passes(
    index: ProjectIndex, info: ClassInfo, owner: ClassInfo, method: FunctionFact, param: str
) -> Followed:
    """The methods of ``info`` (a class, whose hierarchy ``method`` of ``owner`` belongs to)
    that ``method``'s parameter ``param`` is handed on to, as it is, through ``self`` calls,
    transitively; each body once (a recursive helper is read once)."""
    reached: list[Reached] = []
    unknown: str | None = None
    seen: set[tuple[str, str, str]] = set()
    queue: list[tuple[Reached, int]] = [(Reached(owner, method, param), 0)]
    seen.add((owner.qualname, method.name, param))
    while queue:
        current, depth = queue.pop(0)
        reached.append(current)
        for passed in current.method.body.self_passes:
            if passed.dict_name != current.param:
                continue
            call = f"`{current.owner.name}.{current.method.name}` passes `{current.param}` to `self.{passed.callee}()`"
            found = find_method(index, info, passed.callee)
            if found is None:
                unknown = unknown or (
                    f"{call}, which the project part of the class hierarchy of `{info.name}` "
                    "does not define"
                )
                continue
            callee_owner, callee = found
            target = bound_parameter(callee, passed)
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
    index: ProjectIndex, info: ClassInfo, name: str
) -> tuple[ClassInfo, FunctionFact] | None:
    """The method ``self.name`` of an instance of ``info`` calls: the first definition in the
    project part of its class hierarchy."""
    for cls in info.mro():
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
