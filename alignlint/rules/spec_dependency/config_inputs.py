"""Which dependencies a step does not take from the pipeline.

Some steps declare a dependency that no DAG wires on purpose: a data-loading step whose builder
builds that input from the configuration (a local or S3 data source), or an input the builder
skips because the step reads it from its own source folder. The builder says so in what its
``_get_inputs(self, inputs)`` does, found through its class hierarchy:

- it never reads the ``inputs`` it is given: every dependency comes from elsewhere;
- it constructs a ``ProcessingInput`` / ``TrainingInput`` for a literal input name whose
  ``source`` is read from the configuration (``self.config.x``, ``self.config.method()``);
- its loop over the dependencies skips a name (``if logical_name == "x": continue``).

What the builder does with inputs it is given (``inputs[name]``, or raising "Required input
... not provided") is the opposite evidence: those dependencies must be wired.

A ``_get_inputs`` that hands its ``inputs`` to another method of the builder
(``return self._build_inputs(inputs)``) is read together with that method, as if its body were
inlined (:mod:`alignlint.model.self_passes`); when the method cannot be followed (defined outside
the project part of the hierarchy), what the builder takes from the pipeline is unknown.
"""

from __future__ import annotations

from alignlint.core.records import record
from alignlint.extract.ir import Attr, Call, Expr, Lit, Name
from alignlint.model import Project, Step
from alignlint.model.components import ClassInfo
from alignlint.model.self_passes import follow_passes

INPUT_CLASSES = frozenset({"ProcessingInput", "TrainingInput"})
_INPUT_NAME_KEYWORDS = ("input_name", "channel_name")


@record
class ConfigInputs:
    """What a builder's ``_get_inputs`` says, read with the helpers it hands its ``inputs`` to
    (:mod:`alignlint.model.self_passes`): ``all_of_them`` when none of them reads the
    ``inputs``; otherwise the input names whose source they read from the configuration or
    that they skip. ``where`` names the method (``Builder._get_inputs``) for explanations."""

    all_of_them: bool
    names: frozenset[str]
    where: str
    #: Why what the method does with its ``inputs`` is not known (it hands them to a helper
    #: alignlint cannot follow): then it supplies nothing known, and needs nothing known wired.
    unknown: str | None = None

    def supplies(self, logical_name: str) -> bool:
        return self.unknown is None and (self.all_of_them or logical_name in self.names)


def config_inputs(project: Project, step: Step | None) -> ConfigInputs | None:
    """What the step's builder takes from its configuration (None: no builder, or no
    ``_get_inputs`` in the project part of its class hierarchy: nothing is known)."""
    builder = step.builder if step is not None else None
    if builder is None:
        return None
    return project.derived(("config-inputs", id(builder)), lambda: _read(project, builder.info))


def _read(project: Project, info: ClassInfo) -> ConfigInputs | None:
    for cls in info.mro():
        method = project.index.class_fact(cls).method("_get_inputs")
        if method is None:
            continue
        where = f"{cls.name}._get_inputs"
        parameters = [p.name for p in method.params if p.name not in ("self", "cls")]
        if not parameters:
            return None
        # The method as if the helpers it hands ``inputs`` to were inlined.
        followed = follow_passes(project.index, info, cls, method, parameters[0])
        if followed.unknown is not None:
            return ConfigInputs(False, frozenset(), where, followed.unknown)
        reads = any(
            isinstance(reference, Name) and reference.id == body.param
            for body in followed.reached
            for reference in body.method.body.references
        )
        if not reads:
            return ConfigInputs(True, frozenset(), where)
        names: set[str] = set()
        for body in followed.reached:
            facts = body.method.body
            names.update(
                name
                for construction in facts.constructions
                if construction.class_name in INPUT_CLASSES
                for name in [_input_name(construction.call, construction.channel)]
                if name is not None and _from_config(construction.call.keyword("source"))
            )
            names.update(facts.loop_skips)
        return ConfigInputs(False, frozenset(names), where)
    return None


def _input_name(call: Call, channel: Expr | None) -> str | None:
    for keyword in _INPUT_NAME_KEYWORDS:
        value = call.keyword(keyword)
        if isinstance(value, Lit) and isinstance(value.value, str):
            return value.value
    if isinstance(channel, Lit) and isinstance(channel.value, str):
        return channel.value
    return None


def _from_config(source: Expr | None) -> bool:
    """Whether ``source`` reads the builder's configuration (``self.config`` / ``config``)."""
    if source is None:
        return False
    for node in _attribute_bases(source):
        if isinstance(node, Attr) and node.attr == "config":
            base = node.value
            if isinstance(base, Name) and base.id == "self":
                return True
        if isinstance(node, Name) and node.id == "config":
            return True
    return False


def _attribute_bases(expr: Expr) -> list[Expr]:
    """Every attribute chain link and name in ``expr`` (``self.config.x()`` -> the call's
    callee chain ``self.config.x``, ``self.config``, ``self``)."""
    found: list[Expr] = []
    stack: list[Expr] = [expr]
    while stack:
        node = stack.pop()
        found.append(node)
        if isinstance(node, Attr):
            stack.append(node.value)
        elif isinstance(node, Call):
            stack.append(node.func)
            stack.extend(node.args)
    return found
