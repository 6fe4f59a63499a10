"""Shared helpers of the builder ↔ config rules: labels, the config class a builder uses, and
name suggestions."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator

from alignlint.core.records import record
from alignlint.core.types import Span
from alignlint.model import BuilderClass, ConfigClass, Contract, Project, Step
from alignlint.model.values import ClassRef, ExternalRef, Located, SeqValue
from alignlint.sagemaker.suggestions import SUGGESTION_CUTOFF as SUGGESTION_CUTOFF
from alignlint.sagemaker.suggestions import most_similar

#: How long a name must be for "contains the other name" to make it a suggestion.
MIN_CONTAINED = 4
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


def closest(word: str, candidates: Iterable[str], in_use: Collection[str] = ()) -> str | None:
    """The candidate most similar to ``word`` (:func:`alignlint.sagemaker.suggestions.similarity`,
    ties by name) when similar enough for a suggestion, else None: the shared ranking, made
    rename-aware for config and hyperparameter members. A candidate that contains ``word`` whole, or is contained
    in it (``num_round`` / ``num_rounds``, ``label`` / ``label_name``: what a rename that adds or
    drops a part leaves; for short names, whole ``_``-separated parts: ``eta`` / ``eta_v2``),
    ranks before the others; among those, one the code does not use under its own name
    (``in_use``: a member still read is not the one that was renamed) and then one that starts
    with it (or the reverse) come first."""
    lowered = word.lower()
    word_parts = lowered.split("_")

    def contains(candidate: str) -> bool:
        other = candidate.lower()
        shorter = min(len(other), len(lowered))
        if shorter >= MIN_CONTAINED and (lowered in other or other in lowered):
            return True
        other_parts = other.split("_")
        return _has_run(other_parts, word_parts) or _has_run(word_parts, other_parts)

    def prefix(candidate: str) -> bool:
        other = candidate.lower()
        return other.startswith(lowered) or lowered.startswith(other)

    # The ranking without the similarity first: only the candidates sharing the best of
    # those keys can come first, and only their similarity decides which.
    keyed: dict[tuple[bool, bool, bool], list[str]] = {}
    for candidate in set(candidates):
        if candidate == word:
            continue
        whole = contains(candidate)
        key = (not whole, whole and candidate in in_use, not prefix(candidate))
        keyed.setdefault(key, []).append(candidate)
    if not keyed:
        return None
    top = min(keyed)
    whole = not top[0]
    # A candidate that contains the word (or is contained in it) is suggested however far;
    # any other only when similar enough.
    found = most_similar(word, keyed[top], cutoff=0.0 if whole else SUGGESTION_CUTOFF)
    return found[1] if found is not None else None


def _has_run(parts: list[str], run: list[str]) -> bool:
    """Whether ``run`` occurs in ``parts`` as consecutive whole parts, with ``parts`` longer."""
    if len(run) >= len(parts) or not all(run):
        return False
    return any(parts[i : i + len(run)] == run for i in range(len(parts) - len(run) + 1))


def did_you_mean(word: str, candidates: Iterable[str], in_use: Collection[str] = ()) -> str:
    """`` (did you mean `x`?)`` or an empty string (``in_use`` as for :func:`closest`)."""
    suggestion = closest(word, candidates, in_use)
    return f" (did you mean `{suggestion}`?)" if suggestion else ""


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


@record
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
            value = evaluator.evaluate_in_class(expr, builder.info.ref, builder.info.module)
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


@record
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
