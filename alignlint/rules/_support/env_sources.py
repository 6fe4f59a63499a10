"""What a step's builder puts into its job's environment (``_get_environment_variables``).

Shared by the builder-side env rule (ALN402: does a required variable have a source?) and the
script-side env rules (ALN110: does the script's default ever apply? ALN116/ALN117: is what the
builder sends ever read?). One computation, read from the facts the builder and config classes
hold:

* the **explicit keys**: every key the nearest ``_get_environment_variables`` of the builder's
  project hierarchy writes (dict display keys, ``env["K"] = v``, ``update(K=...)``), the keys of
  the mappings it returns or merges that alignlint evaluates (``return DEFAULT_ENV``,
  ``dict(K=v, **DEFAULT_ENV)``, ``env.update(DEFAULTS)``), the keys a data attribute it returns
  holds (``return self._env``, filled in ``__init__``:
  :func:`~alignlint.model.env_returns.data_attribute_keys`), and the keys
  of the config members it reads (``self.config.get_environment_variables()``, a property that
  builds the dict), followed through ``super()`` calls of both hierarchies and through the
  helper methods whose result a body returns or merges (``return self._build_env()``:
  :func:`~alignlint.model.self_passes.follow_results`; a ``super()`` call in a helper continues
  from the helper's class);
* the **convention**: the base builder (a class named in the ``base-classes`` builders setting,
  or an external base) fills every required variable of the contract from ``config.<name>`` and
  every optional one from the config or the contract default. It is reached when no project class
  overrides the method, or when an override calls ``super()._get_environment_variables()``;
* **complete**: False when something merged in cannot be read (a key alignlint cannot evaluate,
  ``env.update(self.config.env)`` with a dict field, a config class that is not known, a helper
  called with arguments or that no project class defines), or a value a body may return is none
  whose keys are read (``return build_env(self.config)``: every branch of a conditional return
  counts, :func:`~alignlint.model.env_returns.returned_keys`): then other keys may be sent too.

A config member declared ``env = property(_build_env)`` is read as a property whose body is the
getter's, the function of the same class body (:func:`property_getter`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.facts import FunctionFact
from alignlint.extract.ir import Attr, Call, DictExpr, Expr, Name
from alignlint.model import BuilderClass, ClassInfo, ConfigClass, Contract, NameSet, Project, Step
from alignlint.model.env_returns import (
    ReadKeys,
    bound_value,
    config_member_name,
    merged_keys,
    returned_keys,
    super_method,
)
from alignlint.model.index import ProjectIndex
from alignlint.model.self_passes import find_method, follow_results, self_member
from alignlint.model.values import DictValue, Located, Unknown

METHOD = "_get_environment_variables"

#: Config member kinds whose body can build the environment.
_CODE_MEMBERS = frozenset({"method", "property", "classmethod", "staticmethod"})


@record
class SentEnv:
    """The environment a builder sends (see the module docstring)."""

    keys: Mapping[str, Span]
    convention: bool
    complete: bool
    #: Where the builder's own ``_get_environment_variables`` is (None: the base's convention).
    span: Span | None
    #: Why it is not complete, when a helper method it returns or merges, or a value it may
    #: return, cannot be read (None: it is complete, or the reason is something else it
    #: merges).
    unknown: str | None = None

    def may_send(self, name: str, contract: Contract | None) -> bool | None:
        """Whether the job may receive ``name`` from the builder; None when it cannot be known."""
        if name in self.keys:
            return True
        if self.convention and contract is not None:
            if name in contract.optional_env_vars or name in contract.required_env_vars:
                return True
            if not (contract.optional_env_vars.complete and contract.required_env_vars.complete):
                return None
        return False if self.complete else None


def convention_attribute(env_var: str) -> str:
    """The config attribute the base builder reads for an env var: ``FOO-BAR`` -> ``foo_bar``
    (as ``StepBuilderBase._config_value`` does)."""
    return env_var.lower().replace("-", "_")


def env_method(
    project: Project, builder: BuilderClass
) -> tuple[ClassInfo, FunctionFact, bool] | None:
    """The nearest ``_get_environment_variables`` in the builder's MRO, the class defining it,
    and whether it is the base builder's convention itself (``StepBuilderBase`` in the
    project); None when no class in the project defines it."""
    found = find_method(project.index, builder.info, METHOD)
    if found is None:
        return None
    owner, method = found
    return owner, method, owner.name in project.settings.base_classes.builders


def explicit_env_keys(project: Project, builder: BuilderClass) -> NameSet:
    """The keys the builder's own ``_get_environment_variables`` sets (with the helper methods
    whose result it returns or merges); empty when the nearest definition is the base
    builder's convention itself."""
    found = env_method(project, builder)
    return NameSet() if found is not None and found[2] else builder.env_var_keys


def replaces_convention(project: Project, builder: BuilderClass) -> bool:
    """Whether the builder's own ``_get_environment_variables`` returns nothing but mappings
    whose keys are all known and that hold nothing of the base's (itself or through the helper
    methods whose result it returns): dict displays without ``**`` entries, mappings alignlint
    evaluates (a module or class constant, ``dict(K=v)``), a data attribute whose every store is
    read. The environment is then exactly those keys, and the base builder's convention (reached
    only through ``super()``) fills nothing. An override that builds its result any other way
    may start from the base's, so it is not assumed to replace it."""
    found = env_method(project, builder)
    if found is None or found[2]:
        return False
    index = project.index
    followed = follow_results(index, builder.info, found[0], found[1])
    if followed.unknown is not None:
        return False
    returns = 0
    for reached in followed.reached:
        chain = (METHOD, reached.method.name)
        read = returned_keys(
            index, builder.info, reached.owner, reached.method, chain, builder=True
        )
        if read.unknown:
            return False
        body = reached.method.body
        for result in body.returned_self:
            if result.local is not None:
                return False  # the body may add to what the helper returns
            if not result.called and find_method(index, builder.info, result.name) is None:
                returns += 1  # a data attribute whose stores are all read
        for returned in body.returned_values:
            if not _known_mapping(index, reached.owner, returned.value, returned.local):
                return False
            returns += 1
    return returns > 0


def _known_mapping(
    index: ProjectIndex, owner: ClassInfo, value: Expr | None, local: str | None
) -> bool:
    """Whether a returned ``value`` is a mapping whose every key is known: a dict display
    without ``**`` entries, or a mapping alignlint evaluates without an unknown part."""
    if value is None or local is not None:
        return False
    if isinstance(value, DictExpr):
        return all(key is not None for key, _ in value.items)
    evaluated = index.evaluator.evaluate_in_class(value, owner.ref, owner.module)
    return (
        isinstance(evaluated, Located)
        and isinstance(evaluated.value, DictValue)
        and not evaluated.value.unknown_parts
    )


def sent_env(project: Project, step: Step) -> SentEnv | None:
    """What the step's builder sends; None without a builder."""
    builder = step.builder
    if builder is None:
        return None
    return project.derived(("sent-env", id(builder), id(step)), lambda: _sent(project, step))


def _sent(project: Project, step: Step) -> SentEnv:
    builder = step.builder
    assert builder is not None
    collector = _Collector(project, step.config or builder.config_class)
    own, convention = collector.definitions(
        builder.info, METHOD, config_reads=True, stop=project.settings.base_classes.builders
    )
    if convention and not builder.info.hierarchy_complete:
        # The walk reaches a base alignlint cannot read: it is assumed to follow the
        # convention, but it may send more.
        collector.complete = False
    return SentEnv(dict(collector.keys), convention, collector.complete, own, collector.unknown)


class _Collector:
    """Keys written by builder methods and the config members they read, with completeness."""

    def __init__(self, project: Project, config: ConfigClass | None) -> None:
        self.project = project
        self.config = config
        self.keys: dict[str, Span] = {}
        self.complete = True
        self.unknown: str | None = None
        self._followed: set[tuple[str, str]] = set()

    def not_known(self, reason: str) -> None:
        self.complete = False
        self.unknown = self.unknown or reason

    def definitions(
        self,
        info: ClassInfo,
        name: str,
        *,
        config_reads: bool,
        start: int = 0,
        stop: Collection[str] = (),
    ) -> tuple[Span | None, bool]:
        """Add what ``self.<name>`` builds on an instance of ``info``: the nearest definition
        in its project hierarchy from MRO position ``start`` on, with the helper methods whose
        result it returns or merges (:func:`follow_results`), then each definition that a
        ``super().<name>()`` call in those bodies reaches (a helper calling ``super()`` on its
        own name continues that helper's chain). Returns where the first definition is, and
        whether a chain reaches past the project's definitions or a class named in ``stop``
        (or no project class defines it): the base's code then runs."""
        index = self.project.index
        positions = {cls.qualname: position for position, cls in enumerate(info.mro())}
        first: Span | None = None
        beyond = False
        starts = [start]
        while starts:
            found = find_method(index, info, name, starts.pop(0))
            if found is None or found[0].name in stop:
                beyond = True
                continue
            cls, method = found
            if (cls.qualname, name) in self._followed:
                continue
            self._followed.add((cls.qualname, name))
            first = first or method.name_span
            followed = follow_results(index, info, cls, method)
            if followed.unknown is not None:
                self.not_known(followed.unknown)
            bodies = {(r.owner.qualname, r.method.name) for r in followed.reached}
            for reached in followed.reached:
                self.method(
                    info,
                    reached.owner,
                    reached.method,
                    config_reads=config_reads,
                    chain=name,
                    reached=bodies,
                )
                after = positions[reached.owner.qualname] + 1
                if name in reached.method.body.super_calls:
                    starts.append(after)
                helper = reached.method.name
                if helper != name and helper in reached.method.body.super_calls:
                    _, external = self.definitions(
                        info, helper, config_reads=config_reads, start=after
                    )
                    if external:
                        self.not_known(
                            f"`{reached.owner.name}.{helper}` calls `super().{helper}()`, which "
                            f"the project part of the class hierarchy of `{info.name}` does "
                            "not define"
                        )
        return first, beyond

    def method(
        self,
        info: ClassInfo,
        cls: ClassInfo,
        method: FunctionFact,
        *,
        config_reads: bool,
        chain: str,
        reached: Collection[tuple[str, str]] = (),
    ) -> None:
        """Add what ``method`` of ``cls`` (on an instance of ``info``, reached from
        ``self.<chain>``) writes; a builder method also follows the config members it reads,
        a config method the ``self`` members it merges or returns. The helper methods whose
        result it returns or merges are followed by :meth:`definitions`. A value it may return
        that is none of what is read (a dict display, a local dict it fills, a mapping alignlint
        evaluates, a helper method, ``super()`` on its own chain, a config member, a builder's
        data attribute whose stores are read, ``None``) makes the result unknown; ``reached``
        are the bodies read as the method (:func:`~alignlint.model.env_returns.returned_keys`)."""
        index = self.project.index
        evaluator = index.evaluator
        names = (chain, method.name)
        returned = returned_keys(
            index, info, cls, method, names, builder=config_reads, reached=reached
        )
        self._add(returned)
        if not config_reads:
            for result in method.body.returned_self:
                if not result.called and find_method(index, info, result.name) is None:
                    self.config_member(result.name)  # a field or member of the config
        for write in method.body.key_writes:
            value = evaluator.evaluate(write.key, cls.module)
            if isinstance(value, Located) and isinstance(value.value, str):
                self.keys.setdefault(value.value, write.span)
            else:
                reason = value.reason if isinstance(value, Unknown) else "not a string"
                self.not_known(
                    f"`{cls.name}.{method.name}` writes a key alignlint cannot evaluate ({reason})"
                )
        if config_reads:
            for read in method.body.config_reads:
                self.config_member(read.attr)
        for merged in method.body.merges:
            merged = bound_value(method, merged)
            member = self_member(merged)
            if member is not None and find_method(self.project.index, info, member[0]):
                continue  # a helper method: followed
            if super_method(merged) in names:
                continue  # followed by the ``super()`` chain
            if config_reads and config_member_name(merged) is not None:
                continue  # followed through the config reads
            if not config_reads and member is not None:
                self.config_member(member[0])
                continue
            self._add(merged_keys(index, cls, method, merged))

    def _add(self, read: ReadKeys) -> None:
        for name, span in read.keys:
            self.keys.setdefault(name, span)
        for part in read.unknown:
            self.not_known(part.reason)

    def config_member(self, name: str) -> None:
        """Add the keys the config member ``name`` builds (a method or property, through its
        class hierarchy and ``super()`` calls)."""
        config = self.config
        if config is None:
            self.complete = False
            return
        attribute = config.attributes.get(name)
        if attribute is None:
            return
        if attribute.kind == "class_attribute":
            getter = property_getter(self.project.index, config.info, name)
            if getter is not None:
                start, method = getter
                if method is None:
                    self.not_known(
                        f"config member `{config.name}.{name}` is a `property(...)` whose getter "
                        "is no method of its class"
                    )
                else:
                    self.definitions(config.info, method, config_reads=False, start=start)
                return
        if attribute.kind not in _CODE_MEMBERS:
            if _is_mapping(attribute.annotation):
                self.complete = False
            return
        self.definitions(config.info, name, config_reads=False)


def property_getter(
    index: ProjectIndex, info: ClassInfo, name: str
) -> tuple[int, str | None] | None:
    """For a member ``name = property(getter)`` (or ``property(fget=getter)``) of a class of
    ``info``'s project hierarchy (the nearest definition of ``name``): the MRO position of that
    class and the getter's name when it is a function of the same class body (what the
    property calls, whatever a subclass overrides), else None for the name. None when the
    nearest definition of ``name`` is no such member."""
    for position, cls in enumerate(info.mro()):
        member = next((m for m in index.class_fact(cls).members if m.name == name), None)
        if member is None:
            continue
        call = member.default
        if member.kind != "class_attribute" or not _is_property_call(call):
            return None
        assert isinstance(call, Call)
        getter = call.args[0] if call.args else call.keyword("fget")
        if isinstance(getter, Name) and index.class_fact(cls).method(getter.id) is not None:
            return position, getter.id
        return position, None
    return None


def _is_property_call(expr: Expr | None) -> bool:
    """``property(...)`` / ``builtins.property(...)``."""
    if not isinstance(expr, Call):
        return False
    func = expr.func
    if isinstance(func, Name):
        return func.id == "property"
    return (
        isinstance(func, Attr)
        and func.attr == "property"
        and isinstance(func.value, Name)
        and func.value.id == "builtins"
    )


def _is_mapping(annotation: str | None) -> bool:
    text = (annotation or "").lower()
    return "dict" in text or "mapping" in text
