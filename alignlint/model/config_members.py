"""What members a class has through its whole hierarchy, as it is written: the config model
every rule that asks "does the config (or hyperparameter class) have ``x``?" reads.

A class's members are collected from every project class of its MRO, across modules (pydantic
fields, ``PrivateAttr``s, properties and ``computed_field``s, methods, class variables,
``model_config``), nearest definition first; pydantic's ``BaseModel`` and alignlint's runtime
config bases add the members known statically (:mod:`alignlint.model.runtime_bases`). Three
things limit what "``x`` is not a member" means, and the view keeps them apart:

- an **unknown base** (an external class other than those, a base that cannot be evaluated):
  then nothing can be concluded about an undeclared name;
- **extra fields** (``extra="allow"`` anywhere in the hierarchy, in ``model_config`` or as a
  class keyword, ``class C(BaseModel, extra="allow")``, merged as pydantic merges them): an
  undeclared name exists only when the data supplies it;
- a **``__getattr__``**: any name may exist.

``ConfigView.has`` answers True/False only when none applies (None otherwise), as before;
``ConfigView.declares`` answers whether some class of the hierarchy declares the name, which is
decided whenever every base is known and no ``__getattr__`` is defined, extras or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.extract.annotations import annotation_types
from alignlint.extract.ir import Attr, Expr, Lit, Name
from alignlint.model.components import ClassInfo, ConfigClass
from alignlint.model.resolve import describe_expr
from alignlint.model.runtime_bases import BASEMODEL_ATTRIBUTES, runtime_base_attributes
from alignlint.model.values import ClassRef, DictValue, ExternalRef, Instance, Located

if TYPE_CHECKING:
    from alignlint.model.project import Project

#: External modules whose bases add nothing but ``BaseModel``'s attributes (or nothing at all).
KNOWN_EXTERNAL_MODULES = ("pydantic.", "typing.", "typing_extensions.", "abc.", "builtins.")
#: ``extra`` values under which an instance has only its declared fields.
_CLOSED_EXTRA = ("forbid", "ignore")


@record
class Member:
    """One member of a class hierarchy: its kind (field | private_attr | class_attribute |
    model_config | property | method | classmethod | staticmethod), the class that defines it
    (the nearest one) and where."""

    name: str
    kind: str
    owner: ClassInfo
    span: Span
    annotation: str | None


@record
class ClassMembers:
    """Every member of a class through its hierarchy, and what limits that knowledge."""

    info: ClassInfo
    #: Members written in project classes, by name (the nearest definition).
    members: Mapping[str, Member]
    #: Names known from external bases (``BaseModel``, alignlint's runtime config bases).
    inherited: frozenset[str]
    #: Bases whose members are not known, as written (``SomeSdkModel``, ``make_base()``).
    unknown_bases: tuple[str, ...]
    #: The class whose ``model_config`` or class keywords let instances carry undeclared fields
    #: (or may: its setting cannot be read and no base allows them), if any.
    extra_allowed_by: str | None
    #: The class defining ``__getattr__``, if any.
    dynamic_by: str | None

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.members) | self.inherited

    @property
    def suggestable(self) -> frozenset[str]:
        """The names a misspelt or renamed member may be meant as: every name but pydantic's
        own ``BaseModel`` API (``model_post_init``, ``validate``, ...), which no rename of a
        user's field produces."""
        return frozenset(self.members) | (self.inherited - BASEMODEL_ATTRIBUTES)

    @property
    def declared_complete(self) -> bool:
        """Whether every base is known (so the declared members are all of them)."""
        return not self.unknown_bases

    @property
    def complete(self) -> bool:
        """Whether an instance has exactly the declared members (no unknown base, no extras,
        no ``__getattr__``)."""
        return self.declared_complete and self.extra_allowed_by is None and not self.dynamic_by

    def declares(self, name: str) -> bool | None:
        """Whether some class of the hierarchy declares ``name``; None when that cannot be
        known (an unknown base, or ``__getattr__``)."""
        if name in self.members or name in self.inherited:
            return True
        if not self.declared_complete or self.dynamic_by is not None:
            return None
        return False


@record
class ConfigView:
    """The attribute names of a config class; ``complete`` is False when some base (or a
    dynamic feature such as ``extra="allow"`` or ``__getattr__``) is unknown. ``hierarchy``
    tells which of these it is."""

    config: ConfigClass
    names: frozenset[str]
    complete: bool
    hierarchy: ClassMembers

    def has(self, name: str) -> bool | None:
        """True / False, or None when the hierarchy is incomplete and the name is not known."""
        if name in self.names:
            return True
        return False if self.complete else None

    def declares(self, name: str) -> bool | None:
        """Whether some class of the hierarchy declares ``name`` (extra fields aside); None
        when a base is unknown or a ``__getattr__`` may supply any name."""
        return self.hierarchy.declares(name)

    def member(self, name: str) -> Member | None:
        """Where ``name`` is declared in the project, if it is."""
        return self.hierarchy.members.get(name)

    @property
    def suggestable(self) -> frozenset[str]:
        """As :attr:`ClassMembers.suggestable`, with the config's own attributes."""
        return frozenset(self.config.attributes) | self.hierarchy.suggestable


def _extra_setting(project: Project, info: ClassInfo, expr: Expr | None) -> str | None:
    """The ``extra`` a class's own ``model_config`` sets: the value, ``"?"`` when it cannot be
    read, None when it does not set one."""
    if expr is None:
        return "?"
    value = project.index.evaluator.evaluate(expr, info.module)
    if not isinstance(value, Located):
        return "?"
    found = value.value
    if isinstance(found, Instance):
        extra = found.call.keyword("extra")
        if extra is None:
            return None
        return str(extra.value) if isinstance(extra, Lit) else "?"
    if isinstance(found, DictValue):
        item = found.get("extra")
        if item is None:
            return None
        return str(item.value) if isinstance(item, Located) else "?"
    return "?"


def _keyword_extra(
    project: Project, info: ClassInfo, keywords: tuple[tuple[str | None, Expr], ...]
) -> str | None:
    """The ``extra`` a class's own keywords set (``class C(BaseModel, extra="allow")``, which
    pydantic merges into ``model_config``): the value, ``"?"`` when it cannot be read (a value
    alignlint cannot evaluate, a ``**mapping`` that may hold it), None when they set none."""
    found: str | None = None
    for key, expr in keywords:
        if key == "extra":
            value = project.index.evaluator.evaluate(expr, info.module)
            known = value.value if isinstance(value, Located) else None
            found = known if isinstance(known, str) else "?"
        elif key is None:  # ``**mapping``: read like a ``model_config`` dict
            found = _extra_setting(project, info, expr) or found
    return found


def _base_members(project: Project, cls: ClassInfo) -> tuple[set[str], list[str]]:
    """Names the external bases of ``cls`` add, and its bases that are not known."""
    names: set[str] = set()
    unknown: list[str] = []
    for base in project.index.class_fact(cls).bases:
        value = project.index.evaluator.evaluate(base, cls.module)
        target = value.value if isinstance(value, Located) else None
        if isinstance(target, ClassRef):
            if project.class_by_qualname(target.qualname) is None:
                unknown.append(target.name)
        elif isinstance(target, ExternalRef):
            runtime = runtime_base_attributes(target.dotted)
            if runtime is not None:
                names |= runtime
            elif target.dotted.startswith(KNOWN_EXTERNAL_MODULES):
                names |= BASEMODEL_ATTRIBUTES if target.name == "BaseModel" else set()
            else:
                unknown.append(target.dotted)
        else:
            unknown.append(describe_expr(base))
    return names, unknown


def class_members(project: Project, info: ClassInfo) -> ClassMembers:
    """Every member of ``info`` through its hierarchy (computed once per class)."""
    return project.derived(("class-members", id(info)), lambda: _class_members(project, info))


def _class_members(project: Project, info: ClassInfo) -> ClassMembers:
    members: dict[str, Member] = {}
    inherited: set[str] = set()
    unknown: list[str] = []
    extra_by: str | None = None
    dynamic_by: str | None = None
    for cls in reversed(list(info.mro())):  # bases first: a subclass overrides
        fact = project.index.class_fact(cls)
        names, bases_unknown = _base_members(project, cls)
        inherited |= names
        unknown.extend(name for name in bases_unknown if name not in unknown)
        settings: list[str | None] = []
        for member in fact.members:
            members[member.name] = Member(
                member.name, member.kind, cls, member.span, member.annotation
            )
            if member.kind == "model_config":
                settings.append(_extra_setting(project, cls, member.default))
            if member.name == "__getattr__":
                dynamic_by = cls.name
        # Pydantic applies the class keywords after ``model_config``: a keyword wins over it
        # (pydantic 2 does not reject the two disagreeing).
        settings.append(_keyword_extra(project, cls, fact.keywords))
        for extra in settings:
            if extra == "?":  # unreadable: it may allow extras; a base's setting stays
                extra_by = extra_by or cls.name
            elif extra in _CLOSED_EXTRA:
                extra_by = None
            elif extra is not None:  # a copy of a base's setting keeps naming the base
                extra_by = extra_by or cls.name
    return ClassMembers(info, members, frozenset(inherited), tuple(unknown), extra_by, dynamic_by)


def config_view(project: Project, config: ConfigClass) -> ConfigView:
    """Every attribute ``config`` is known to have, and whether that list is complete."""
    return project.derived(("config-view", id(config)), lambda: _config_view(project, config))


def _config_view(project: Project, config: ConfigClass) -> ConfigView:
    hierarchy = class_members(project, config.info)
    names = frozenset(config.attributes) | hierarchy.names
    return ConfigView(config, names, hierarchy.complete, hierarchy)


def annotation_classes(project: Project, annotation: str | None) -> list[ConfigClass] | None:
    """The project config classes an annotation such as ``XHyperparameters | None`` names; None
    when the annotation names anything else (``dict``, ``Any``, an external class)."""
    if not annotation:
        return None
    by_name = {config.name: config for config in project.configs}
    found: list[ConfigClass] = []
    for name in annotation_types(annotation) or ():
        config = by_name.get(name.rpartition(".")[2])
        if config is None:
            return None
        found.append(config)
    return found or None


def annotated_classes(project: Project, member: Member) -> list[ClassInfo] | None:
    """The project classes a member's annotation names (``XHyperparameters``,
    ``Optional[XHyperparameters]``, ``XHyperparameters | None``, ``Union[...]``, the type of
    ``Annotated[XHyperparameters, Field(...)]``, ``module.XHyperparameters``, quoted), each
    name resolved in the module of the class that declares the member; None when the
    annotation names anything else (``dict``, ``Any``, an external class) or nothing."""
    if not member.annotation:
        return None
    named = annotation_types(member.annotation)
    if not named:
        return None
    found: list[ClassInfo] = []
    for dotted_name in named:
        head, *rest = dotted_name.split(".")
        expr: Expr = Name(head, member.span)
        for part in rest:
            expr = Attr(expr, part, member.span)
        value = project.index.evaluator.evaluate(expr, member.owner.module)
        target = value.value if isinstance(value, Located) else None
        info = project.class_by_qualname(target.qualname) if isinstance(target, ClassRef) else None
        if info is None:
            return None
        found.append(info)
    return found
