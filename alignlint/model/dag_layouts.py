"""DAGs in every layout a catalogue writes them, as :class:`~alignlint.model.components.Dag`.

- JSON files with ``nodes`` and ``edges`` at the top level, or under a top-level ``dag`` object
  (``*.dag.json``), read in phase 1 (:mod:`alignlint.extract.json_dag`);
- Python functions (``create_x_dag()``) or module code that call ``add_node`` / ``add_edge`` on a
  DAG object, with literal arguments or in ``for`` loops over lists (``for src, dst in EDGES:
  dag.add_edge(src, dst)``, ``for src, targets in EDGES.items(): ...``), the lists literal or
  module constants;
- a DAG class called with its nodes and edges (``PipelineDAG(nodes=[...], edges=[...])``),
  assigned to a name or returned.

Each DAG records its :attr:`~alignlint.model.components.Dag.layout`; ``--statistics`` counts DAGs
per layout. A part that cannot be evaluated is an ``Unknown`` of the DAG (rules stay silent on
what depends on it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.facts import BodyFacts, DagCall, FileFacts
from alignlint.extract.ir import Attr, Call, Expr, Name, SubscriptExpr
from alignlint.model.components import (
    LAYOUT_JSON,
    LAYOUT_JSON_NESTED,
    LAYOUT_PYTHON_CALLS,
    LAYOUT_PYTHON_CONSTRUCTOR,
    LAYOUT_PYTHON_LOOPS,
    Dag,
    DagEdge,
    text_of,
)
from alignlint.model.index import ModuleInfo
from alignlint.model.values import DictValue, Evaluator, Located, SeqValue, Unknown, Value

MAX_LOOP_ITEMS = 10_000
"""How many argument tuples one DAG call inside loops may expand to."""

Bindings = dict[str, Value]


@record(frozen=False)
class _Builder:
    """Nodes and edges of one DAG as they are read."""

    nodes: dict[str, Span] = field(default_factory=dict)
    edges: list[DagEdge] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)
    layouts: set[str] = field(default_factory=set)

    def node(self, value: Value, span: Span) -> None:
        text = text_of(value)
        if text is None:
            self.unknown.append(_unknown(value, span, "a DAG node is not a known string"))
        else:
            self.nodes.setdefault(text, span)

    def edge(self, source: Value, target: Value, span: Span) -> None:
        first, second = text_of(source), text_of(target)
        if first and second:
            self.edges.append(DagEdge(first, second, span))
        else:
            self.unknown.append(Unknown(span, "a DAG edge end is not a known string"))

    @property
    def layout(self) -> str:
        for layout in (LAYOUT_PYTHON_CONSTRUCTOR, LAYOUT_PYTHON_LOOPS):
            if layout in self.layouts:
                return layout
        return LAYOUT_PYTHON_CALLS


def _unknown(value: Value, fallback: Span, reason: str) -> Unknown:
    if isinstance(value, Unknown):
        return Unknown(value.span, f"{reason}: {value.reason}")
    return Unknown(value.span if isinstance(value, Located) else fallback, reason)


class DagReader:
    """Reads every DAG of the project's files (phase 2)."""

    def __init__(
        self, evaluator: Evaluator, dag_classes: frozenset[str], note: Callable[[Unknown], None]
    ) -> None:
        self.ev = evaluator
        self.dag_classes = dag_classes
        self.note = note

    # -- JSON --------------------------------------------------------------------------------
    @staticmethod
    def json_dag(facts: FileFacts) -> Dag | None:
        dag = facts.json_dag
        if dag is None:
            return None
        file_name = facts.path.rpartition("/")[2]
        name = file_name.rsplit(".", 1)[0].removesuffix(".dag")
        return Dag(
            name,
            facts.path,
            dag.span,
            dict(dag.nodes),
            tuple(DagEdge(s, t, span) for s, t, span in dag.edges),
            "json",
            layout=LAYOUT_JSON_NESTED if dag.nested else LAYOUT_JSON,
        )

    # -- Python ------------------------------------------------------------------------------
    def python_dags(self, module: ModuleInfo, bodies: list[tuple[str, BodyFacts]]) -> list[Dag]:
        """The DAGs one module builds: one per (scope, receiver) of DAG calls and constructor
        calls, plus one per function that returns a constructor call directly."""
        builders: dict[tuple[str, str], _Builder] = {}
        first_span: dict[tuple[str, str], Span] = {}
        for _, body in bodies:
            for scope, receiver, call in body.dag_creations:
                key = (scope, receiver)
                builder = builders.setdefault(key, _Builder())
                if self._constructor(call, module.name, builder):
                    first_span.setdefault(key, call.span)
            for dag_call in body.dag_calls:
                key = (dag_call.scope, dag_call.receiver)
                self._call(dag_call, module.name, builders.setdefault(key, _Builder()))
                first_span.setdefault(key, dag_call.span)
        for function in module.facts.functions:
            for returned in function.returns:
                if isinstance(returned, Call) and self._is_dag_class(returned, module.name):
                    key = (function.name, "<return>")
                    builder = builders.setdefault(key, _Builder())
                    if self._constructor(returned, module.name, builder):
                        first_span.setdefault(key, returned.span)
        dags: list[Dag] = []
        for (scope, receiver), builder in sorted(builders.items()):
            if not builder.nodes and not builder.edges:
                continue
            for item in builder.unknown:
                self.note(item)
            name = scope if scope not in ("<module>", "__main__") else receiver
            dags.append(
                Dag(
                    name,
                    module.path,
                    first_span[(scope, receiver)],
                    builder.nodes,
                    tuple(builder.edges),
                    "python",
                    tuple(builder.unknown),
                    builder.layout,
                )
            )
        return dags

    def _is_dag_class(self, call: Call, module: str) -> bool:
        """Whether ``call`` calls a DAG class: by its name as written, else by the name of the
        class its callee resolves to (``PipelineDAG as DAG``, ``DAG = PipelineDAG``)."""
        if call.func_name in self.dag_classes:
            return True
        return self.ev.defined_name(call.func, module) in self.dag_classes

    def _constructor(self, call: Call, module: str, builder: _Builder) -> bool:
        """Nodes and edges passed to a DAG class (``PipelineDAG(nodes=[...], edges=[...])``);
        False when it is called without them."""
        nodes = call.keyword("nodes") or (call.args[0] if call.args else None)
        edges = call.keyword("edges") or (call.args[1] if len(call.args) > 1 else None)
        if nodes is None and edges is None:
            return False
        builder.layouts.add(LAYOUT_PYTHON_CONSTRUCTOR)
        for item in self._argument_items(nodes, "nodes", call, module, builder):
            builder.node(item, item.span if isinstance(item, Located) else call.span)
        for item in self._argument_items(edges, "edges", call, module, builder):
            pair = _positions(item)
            span = item.span if isinstance(item, Located) else call.span
            if pair is None or len(pair) != 2:
                builder.unknown.append(Unknown(span, "a DAG edge is not a known pair"))
            else:
                builder.edge(pair[0], pair[1], span)
        return True

    def _argument_items(
        self, argument: Expr | None, what: str, call: Call, module: str, builder: _Builder
    ) -> tuple[Value, ...]:
        """The items of a constructor's ``nodes`` or ``edges`` argument (none when it is absent;
        an Unknown of the DAG when they cannot be evaluated)."""
        if argument is None:
            return ()
        value = self.ev.evaluate(argument, module)
        items = _items(value)
        if items is None:
            builder.unknown.append(_unknown(value, call.span, f"the DAG's {what} are not known"))
            return ()
        return items

    def _call(self, call: DagCall, module: str, builder: _Builder) -> None:
        if call.loops:
            builder.layouts.add(LAYOUT_PYTHON_LOOPS)
        expanded = self._expand(call, module)
        if isinstance(expanded, Unknown):
            builder.unknown.append(expanded)
            return
        for values, span in expanded:
            if call.method == "add_node" and values:
                builder.node(values[0], span)
            elif call.method == "add_edge" and len(values) >= 2:
                builder.edge(values[0], values[1], span)
            else:
                builder.unknown.append(
                    Unknown(call.span, f"`{call.method}` argument is not a known string")
                )

    def _expand(self, call: DagCall, module: str) -> list[tuple[list[Value], Span]] | Unknown:
        """The argument values of a DAG call, once per combination of the items of the loops
        around it, each with the span that writes it (the call, or the loop's item)."""
        environments: list[tuple[Bindings, Span]] = [({}, call.span)]
        for loop in call.loops:
            widened: list[tuple[Bindings, Span]] = []
            for bindings, _ in environments:
                iterable = self._value(loop.iterable, bindings, module)
                items = _items(iterable)
                if items is None:
                    reason = iterable.reason if isinstance(iterable, Unknown) else "not a list"
                    return Unknown(call.span, f"the loop's items are not known: {reason}")
                for item in items:
                    bound = _bind(loop.targets, item)
                    if bound is None:
                        return Unknown(call.span, "a loop item does not unpack into its targets")
                    span = item.span if isinstance(item, Located) else call.span
                    widened.append(({**bindings, **bound}, span))
                    if len(widened) > MAX_LOOP_ITEMS:
                        return Unknown(call.span, "the loops add too many nodes or edges")
            environments = widened
        return [
            ([self._value(arg, bindings, module) for arg in call.args], span)
            for bindings, span in environments
        ]

    def _value(self, expr: Expr, bindings: Bindings, module: str) -> Value:
        """``expr`` with loop targets bound; ``mapping.items()`` is its (key, value) pairs."""
        if isinstance(expr, Name) and expr.id in bindings:
            return bindings[expr.id]
        if isinstance(expr, SubscriptExpr) and isinstance(expr.value, Name):
            if expr.value.id in bindings:  # ``edge[0]`` of a loop's item
                items = _positions(bindings[expr.value.id])
                index = self.ev.evaluate(expr.index, module)
                if items is not None and isinstance(index, Located):
                    position = index.value
                    if isinstance(position, int) and -len(items) <= position < len(items):
                        return items[position]
                return Unknown(expr.span, "an item of a loop's value is not known")
        if (
            isinstance(expr, Call)
            and isinstance(expr.func, Attr)
            and expr.func.attr in ("items", "keys")
            and not expr.args
        ):
            base = self._value(expr.func.value, bindings, module)
            if isinstance(base, Located) and isinstance(base.value, DictValue):
                if expr.func.attr == "keys":
                    keys = tuple(key for key, _ in base.value.entries)
                    return Located(SeqValue("list", keys), expr.span)
                pairs = tuple(
                    Located(SeqValue("tuple", (key, value)), key.span)
                    for key, value in base.value.entries
                    if isinstance(key, Located)
                )
                return Located(SeqValue("list", pairs), expr.span)
            if isinstance(base, Unknown):
                return base
            return Unknown(expr.span, f"`.{expr.func.attr}()` of a value that is not a mapping")
        return self.ev.evaluate(expr, module)


def _items(value: Value) -> tuple[Value, ...] | None:
    """The items of a known list, tuple or set (a mapping's keys), else None."""
    if not isinstance(value, Located):
        return None
    if isinstance(value.value, SeqValue):
        return value.value.items
    if isinstance(value.value, DictValue):
        return tuple(key for key, _ in value.value.entries)
    return None


def _positions(value: Value) -> tuple[Value, ...] | None:
    """:func:`_items` when their positions are known (not those of a set, or of a sequence
    holding a spread of unknown length), else None."""
    if isinstance(value, Located) and isinstance(value.value, SeqValue):
        sequence = value.value
        if sequence.spread or sequence.kind == "set":
            return None
    return _items(value)


def _bind(targets: tuple[str, ...], item: Value) -> Bindings | None:
    if len(targets) == 1:
        return {targets[0]: item}
    parts = _positions(item)
    if parts is None or len(parts) != len(targets):
        return None
    return dict(zip(targets, parts, strict=True))
