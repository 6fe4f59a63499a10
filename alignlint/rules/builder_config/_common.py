"""Shared helpers of the builder ↔ config rules: labels, the config class a builder uses, and
name suggestions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from alignlint.core.types import Span
from alignlint.model import BuilderClass, ConfigClass, Contract, Project, Step
from alignlint.model.values import ClassRef, ExternalRef, Located, SeqValue
from alignlint.sagemaker.suggestions import closest as closest
from alignlint.sagemaker.suggestions import did_you_mean as did_you_mean

#: The subjects under which a builder method refers to its config object.
CONFIG_SUBJECTS = ("config", "self.config")


def builder_label(builder: BuilderClass) -> str:
    """``builder `XStepBuilder` ``. Messages name components; where they are written is in the
    finding's spans (a path in a message would not be rebased to the working directory)."""
    return f"builder `{builder.name}`"


def config_label(config: ConfigClass) -> str:
    """``config `XConfig` ``."""
    return f"config `{config.name}`"


def contract_label(contract: Contract) -> str:
    """``contract `X_CONTRACT` ``."""
    return f"contract `{contract.name}`"


def python_string(text: str) -> str:
    """A double-quoted Python string literal for ``text``."""
    return json.dumps(text, ensure_ascii=False)


def is_plain_string_literal(value: Located[str]) -> bool:
    """Whether ``value``'s span is exactly a one-line quoted literal of its text."""
    span = value.span
    return (
        not span.is_multiline
        and span.end.column - span.start.column == len(value.value) + 2
        and "\\" not in value.value
    )


def builders_with_steps(project: Project) -> Iterator[tuple[BuilderClass, Step | None]]:
    """Every builder class with the step it is linked to (None when unlinked)."""
    for builder in project.builders:
        yield builder, project.step_of(builder)


@dataclass(frozen=True)
class NamedClass:
    """A class a builder names (in ``isinstance`` or an annotation), where it names it, and the
    project config class it resolves to (None when it is not a project config class)."""

    name: str
    span: Span
    config: ConfigClass | None


def _configs_named(project: Project, name: str) -> ConfigClass | None:
    return project.config_named(name)


def isinstance_classes(project: Project, builder: BuilderClass) -> list[NamedClass] | None:
    """The classes of ``isinstance(config, X)`` checks in the builder's own methods; None when a
    checked class cannot be evaluated."""
    found: list[NamedClass] = []
    evaluator = project.index.evaluator
    for method in project.index.class_fact(builder.info).methods:
        for subject, expr in method.body.isinstance_checks:
            if subject not in CONFIG_SUBJECTS:
                continue
            value = evaluator.evaluate(expr, builder.info.module)
            items = (
                value.value.items
                if isinstance(value, Located) and isinstance(value.value, SeqValue)
                else (value,)
            )
            for item in items:
                if not (
                    isinstance(item, Located) and isinstance(item.value, (ClassRef, ExternalRef))
                ):
                    return None
                name = item.value.name
                config = _configs_named(project, name) if isinstance(item.value, ClassRef) else None
                found.append(NamedClass(name, item.span, config))
    return found


def annotated_classes(project: Project, builder: BuilderClass) -> list[NamedClass]:
    """``config: XConfig`` written in the builder's class body, then ``__init__``'s ``config``
    parameter annotation."""
    found: list[NamedClass] = []
    fact = project.index.class_fact(builder.info)
    annotations = [
        (member.annotation, member.span) for member in fact.members if member.name == "config"
    ]
    init = fact.method("__init__")
    if init is not None:
        annotations.extend(
            (param.annotation, param.span) for param in init.params if param.name == "config"
        )
    for annotation, span in annotations:
        if not annotation:
            continue
        name = annotation.strip("'\"").rpartition(".")[2]
        found.append(NamedClass(name, span, _configs_named(project, name)))
    return found


@dataclass(frozen=True)
class BuilderConfig:
    """The config classes a builder's ``self.config`` is, and how that was decided."""

    configs: tuple[ConfigClass, ...]
    how: str


def builder_config(
    project: Project, builder: BuilderClass, step: Step | None
) -> BuilderConfig | None:
    """The config class(es) of a builder: its ``isinstance`` check, else the registry row's
    ``config_class``, else its annotation. None when unknown (a named class is not a project
    config class)."""
    key = ("builder-config", id(builder), id(step))
    return project.derived(key, lambda: _builder_config(project, builder, step))


def _builder_config(
    project: Project, builder: BuilderClass, step: Step | None
) -> BuilderConfig | None:
    checked = isinstance_classes(project, builder)
    if checked is None:
        return None
    if checked:
        if any(named.config is None for named in checked):
            return None
        names = ", ".join(named.name for named in checked)
        return BuilderConfig(
            tuple(named.config for named in checked if named.config is not None),
            f"isinstance(config, {names})",
        )
    if step is not None and step.config is not None and step.registry_row is not None:
        if step.registry_row.text("config_class") == step.config.name:
            return BuilderConfig((step.config,), f"registry row {step.name} config_class")
    for named in annotated_classes(project, builder):
        if named.config is None:
            return None
        return BuilderConfig((named.config,), f"annotation `config: {named.name}`")
    return None
