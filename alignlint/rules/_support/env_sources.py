"""What a step's builder puts into its job's environment (``_get_environment_variables``).

Shared by the builder-side env rule (ALN402: does a required variable have a source?) and the
script-side env rules (ALN110: does the script's default ever apply? ALN116/ALN117: is what the
builder sends ever read?). One computation, read from the facts the builder and config classes
hold:

* the **explicit keys**: every key the nearest ``_get_environment_variables`` of the builder's
  project hierarchy writes (dict display keys, ``env["K"] = v``, ``update(K=...)``), and the keys
  of the config members it reads (``self.config.get_environment_variables()``, a property that
  builds the dict), followed through ``super()`` calls of both hierarchies;
* the **convention**: the base builder (a class named in the ``base-classes`` builders setting,
  or an external base) fills every required variable of the contract from ``config.<name>`` and
  every optional one from the config or the contract default. It is reached when no project class
  overrides the method, or when an override calls ``super()._get_environment_variables()``;
* **complete**: False when something merged in cannot be read (a key alignlint cannot evaluate,
  ``env.update(self.config.env)`` with a dict field, a config class that is not known): then
  other keys may be sent too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.facts import FunctionFact
from alignlint.extract.ir import Attr, Call, DictExpr, Expr, Name
from alignlint.model import BuilderClass, ClassInfo, ConfigClass, Contract, NameSet, Project, Step
from alignlint.model.values import Located

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


def env_method(project: Project, builder: BuilderClass) -> tuple[FunctionFact, bool] | None:
    """The nearest ``_get_environment_variables`` in the builder's MRO, and whether it is the
    base builder's convention itself (``StepBuilderBase`` in the project); None when no class in
    the project defines it."""
    for cls in builder.info.mro():
        method = project.index.class_fact(cls).method(METHOD)
        if method is not None:
            return method, cls.name in project.settings.base_classes.builders
    return None


def explicit_env_keys(project: Project, builder: BuilderClass) -> NameSet:
    """The keys the builder's own ``_get_environment_variables`` sets; empty when the nearest
    definition is the base builder's convention itself."""
    found = env_method(project, builder)
    return NameSet() if found is not None and found[1] else builder.env_var_keys


def replaces_convention(project: Project, builder: BuilderClass) -> bool:
    """Whether the builder's own ``_get_environment_variables`` returns nothing but dict displays
    without ``**`` entries: the environment is then exactly those keys, and the base builder's
    convention (reached only through ``super()``) fills nothing. An override that builds its
    result any other way may start from the base's, so it is not assumed to replace it."""
    found = env_method(project, builder)
    if found is None or found[1]:
        return False
    returns = found[0].returns
    return bool(returns) and all(
        isinstance(value, DictExpr) and all(key is not None for key, _ in value.items)
        for value in returns
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
    own: Span | None = None
    convention = True
    for cls, method in _overrides(project, builder.info):
        if cls.name in project.settings.base_classes.builders:
            break
        own = own or method.name_span
        collector.method(cls, method, config_reads=True)
        if METHOD not in method.body.super_calls:
            convention = False
            break
    if convention and not builder.info.hierarchy_complete:
        # The walk reaches a base alignlint cannot read: it is assumed to follow the
        # convention, but it may send more.
        collector.complete = False
    return SentEnv(dict(collector.keys), convention, collector.complete, own)


def _overrides(project: Project, info: ClassInfo) -> Iterator[tuple[ClassInfo, FunctionFact]]:
    for cls in info.mro():
        method = project.index.class_fact(cls).method(METHOD)
        if method is not None:
            yield cls, method


class _Collector:
    """Keys written by builder methods and the config members they read, with completeness."""

    def __init__(self, project: Project, config: ConfigClass | None) -> None:
        self.project = project
        self.config = config
        self.keys: dict[str, Span] = {}
        self.complete = True
        self._followed: set[tuple[str, str]] = set()

    def method(self, cls: ClassInfo, method: FunctionFact, *, config_reads: bool) -> None:
        """Add what ``method`` of ``cls`` writes; a builder method also follows the config
        members it reads, a config method the ``self`` members it returns or merges."""
        evaluator = self.project.index.evaluator
        for write in method.body.key_writes:
            value = evaluator.evaluate(write.key, cls.module)
            if isinstance(value, Located) and isinstance(value.value, str):
                self.keys.setdefault(value.value, write.span)
            else:
                self.complete = False
        if config_reads:
            for read in method.body.config_reads:
                self.config_member(read.attr)
            for merged in method.body.merges:
                if _config_member_name(merged) is None:
                    self.complete = False
            return
        for returned in method.returns:
            name = _self_member_name(returned)
            if name is not None:
                self.config_member(name)
        for merged in method.body.merges:
            name = _self_member_name(merged)
            if name is None:
                self.complete = False
            else:
                self.config_member(name)

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
        if attribute.kind not in _CODE_MEMBERS:
            if _is_mapping(attribute.annotation):
                self.complete = False
            return
        for cls in config.info.mro():
            method = self.project.index.class_fact(cls).method(name)
            if method is None:
                continue
            key = (cls.qualname, name)
            if key in self._followed:
                return
            self._followed.add(key)
            self.method(cls, method, config_reads=False)
            if name not in method.body.super_calls:
                return


def _is_mapping(annotation: str | None) -> bool:
    text = (annotation or "").lower()
    return "dict" in text or "mapping" in text


def _self_member_name(expr: Expr) -> str | None:
    """``self.x`` or ``self.x()`` -> ``x``."""
    if isinstance(expr, Call):
        expr = expr.func
    if isinstance(expr, Attr) and isinstance(expr.value, Name) and expr.value.id == "self":
        return expr.attr
    return None


def _config_member_name(expr: Expr) -> str | None:
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
