"""Which attributes a config class has, through its whole hierarchy, and whether that is known.

Project classes contribute their members (fields, private attributes, properties, methods, class
attributes, ``model_config``); pydantic's ``BaseModel`` and alignlint's runtime config bases are
known statically; any other external or unresolvable base makes the hierarchy incomplete, and then
"the attribute does not exist" cannot be concluded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alignlint.extract.ir import Lit
from alignlint.model import ConfigClass, Project
from alignlint.model.values import ClassRef, DictValue, ExternalRef, Instance, Located
from alignlint.rules.builder_config._runtime_bases import (
    BASEMODEL_ATTRIBUTES,
    runtime_base_attributes,
)

#: External modules whose bases add nothing but ``BaseModel``'s attributes (or nothing at all).
_KNOWN_EXTERNAL = ("pydantic.", "typing.", "abc.", "builtins.")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class ConfigView:
    """The attribute names of a config class; ``complete`` is False when some base (or a
    dynamic feature such as ``extra="allow"`` or ``__getattr__``) is unknown."""

    config: ConfigClass
    names: frozenset[str]
    complete: bool

    def has(self, name: str) -> bool | None:
        """True / False, or None when the hierarchy is incomplete and the name is not known."""
        if name in self.names:
            return True
        return False if self.complete else None


def _allows_extra(config: ConfigClass) -> bool:
    """Whether instances may carry undeclared attributes: ``model_config`` sets ``extra`` to
    anything but ``"forbid"``/``"ignore"``, or cannot be read."""
    attribute = config.attributes.get("model_config")
    if attribute is None or attribute.default is None:
        return False
    if not isinstance(attribute.default, Located):
        return True
    value = attribute.default.value
    if isinstance(value, Instance):
        extra = value.call.keyword("extra")
        if extra is None:
            return False
        return not (isinstance(extra, Lit) and extra.value in ("forbid", "ignore"))
    if isinstance(value, DictValue):
        found = value.get("extra")
        if found is None:
            return False
        return not (isinstance(found, Located) and found.value in ("forbid", "ignore"))
    return True


def config_view(project: Project, config: ConfigClass) -> ConfigView:
    """Every attribute ``config`` is known to have, and whether that list is complete."""
    return project.derived(("config-view", id(config)), lambda: _config_view(project, config))


def _config_view(project: Project, config: ConfigClass) -> ConfigView:
    names = set(config.attributes)
    complete = True
    for cls in config.info.mro():
        for base in project.index.class_fact(cls).bases:
            value = project.index.evaluator.evaluate(base, cls.module)
            target = value.value if isinstance(value, Located) else None
            if isinstance(target, ClassRef):
                if project.class_by_qualname(target.qualname) is None:
                    complete = False
            elif isinstance(target, ExternalRef):
                runtime = runtime_base_attributes(target.dotted)
                if runtime is not None:
                    names |= runtime
                elif target.dotted.startswith(_KNOWN_EXTERNAL):
                    names |= BASEMODEL_ATTRIBUTES if target.name == "BaseModel" else set()
                else:
                    complete = False
            else:
                complete = False
    if "__getattr__" in names or _allows_extra(config):
        complete = False
    return ConfigView(config, frozenset(names), complete)


def annotation_classes(project: Project, annotation: str | None) -> list[ConfigClass] | None:
    """The project config classes an annotation such as ``XHyperparameters | None`` names; None
    when the annotation names anything else (``dict``, ``Any``, an external class)."""
    if not annotation:
        return None
    by_name = {config.name: config for config in project.configs}
    found: list[ConfigClass] = []
    for word in _IDENTIFIER.findall(annotation):
        if word in ("None", "Optional"):
            continue
        if word not in by_name:
            return None
        found.append(by_name[word])
    return found or None
