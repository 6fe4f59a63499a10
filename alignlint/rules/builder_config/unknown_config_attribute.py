"""ALN401 unknown-config-attribute."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from alignlint.core.records import record
from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.extract.facts import ConfigRead
from alignlint.model import BuilderClass, Project, Step
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import (
    builder_config,
    builder_label,
    builders_with_steps,
    closest,
    config_label,
    did_you_mean,
)
from alignlint.rules.builder_config._config_view import ConfigView, config_view
from alignlint.rules.options import BOOLEAN, OptionType

#: ``--statistics`` counters: the builder config reads seen, and those decided either way.
READS_COUNTER = "builder config reads"
RESOLVED_COUNTER = "builder config reads resolved"


@record
class _Verdict:
    """Whether the builder's config classes declare one attribute: True, False, or None
    (unknown); ``extras_by`` names the class whose ``model_config`` allows extra fields."""

    declared: bool | None
    extras_by: str | None


def _verdict(views: Sequence[ConfigView], attr: str) -> _Verdict:
    answers = [view.declares(attr) for view in views]
    if any(answer is True for answer in answers):
        return _Verdict(True, None)
    if any(answer is None for answer in answers):
        return _Verdict(None, None)
    extras = next(
        (v.hierarchy.extra_allowed_by for v in views if v.hierarchy.extra_allowed_by), None
    )
    return _Verdict(False, extras)


def _written(read: ConfigRead) -> str:
    if read.via == "getattr":
        return f'getattr(self.config, "{read.attr}")'
    if read.via == "hasattr":
        return f'hasattr(config, "{read.attr}")'
    if read.via.endswith("()[]"):  # the config's fields dumped to a dict
        return f'{read.via[:-2]}["{read.attr}"]'
    if read.via.endswith("().get"):
        return f'{read.via}("{read.attr}")'
    return f"{read.via}.{read.attr}" + ("()" if read.called else "")


def _suggestion_definitions(views: Sequence[ConfigView], suggestion: str | None) -> list[Related]:
    """Where the suggested attribute is defined in the project (once per definition), so the
    finding also points at the field a rename left behind."""
    if suggestion is None:
        return []
    spans = {member.span for view in views if (member := view.member(suggestion)) is not None}
    return [Related(span, f"`{suggestion}` is defined here") for span in sorted(spans)]


def _unknown_reason(views: Sequence[ConfigView]) -> str:
    for view in views:
        hierarchy = view.hierarchy
        if hierarchy.dynamic_by is not None:
            return f"config `{view.config.name}` has a `__getattr__` (in `{hierarchy.dynamic_by}`)"
        if hierarchy.unknown_bases:
            bases = ", ".join(f"`{base}`" for base in hierarchy.unknown_bases)
            return f"the hierarchy of config `{view.config.name}` has bases alignlint cannot read: {bases}"
    return "the config hierarchy is not fully known"


class UnknownConfigAttribute(Rule):
    """## What it does
    Reports a builder that reads, calls or requires a config member that no class in its config
    class hierarchy declares: `self.config.x`, `config.x` (and local aliases of the config),
    `self.config.get_x()`, `getattr(self.config, "x")`, and `if not hasattr(config, "x"): raise`
    (also over a loop of literal names such as `for attr in ["a", "b"]`), and a key of the dict
    the config dumps its fields to: `self.config.model_dump()["x"]`, `self.config.dict()["x"]`
    (directly or through a local name bound once to the dump whose keys the method does not
    change; `.get("x")` reads it with a default, as `getattr` with one does; a dump with
    arguments other than `mode=` has other keys and is not read). One finding per builder and
    member, at its first use, with the other uses as related locations.

    The config class comes from the builder's `isinstance(config, X)` check, else the registry
    row's `config_class`, else the `config` annotation. Its members are collected through the
    whole hierarchy as written, across modules: pydantic fields, `PrivateAttr`s, properties and
    `computed_field`s, methods, class variables, `model_config`, the members of pydantic's
    `BaseModel` and of alignlint's runtime config bases.

    Stays silent on a read that only runs where the member exists: inside
    `if hasattr(config, "x"):`, after `hasattr(config, "x") and`, after
    `if not hasattr(config, "x"): return`, or `getattr(config, "x", default)`. A
    `hasattr` check whose failing branch raises is a requirement, not a guard, and is reported.
    When a base class cannot be read or the hierarchy defines `__getattr__`, the builder is not
    checked (`--statistics` lists it under "could not check"); `--statistics` also counts the
    builder config reads seen and how many were resolved.

    ## Why is this bad?
    On a config model that holds only its declared fields the access raises `AttributeError`
    when the pipeline is built, usually after a field was renamed in the config class and not in
    the builder: an `error`. When a base sets `extra="allow"` (often only so that config files
    load leniently) the value exists only if every config file supplies that extra field, so the
    finding is a `warning`: the step builds from some config files and not from others.

    ## Example
    ```python
    class XConfig(ProcessingStepConfigBase):
        label_field: str

    class XStepBuilder(StepBuilderBase):
        def _get_environment_variables(self):
            return {"LABEL_FIELD": self.config.label_name}
    ```

    Use instead:
    ```python
            return {"LABEL_FIELD": self.config.label_field}
    ```

    ## Options
    - `trust-extra-fields` (boolean, default `false`): for teams whose config files really
      supply extra fields; members the hierarchy does not declare are then not reported on
      configs whose `model_config` (or a class keyword, `extra="allow"`) allows extras.
    """

    code: ClassVar[str] = "ALN401"
    name: ClassVar[str] = "unknown-config-attribute"
    summary: ClassVar[str] = "Builder reads a config attribute its config class does not define"
    reads: ClassVar[Scope] = Scope.INTERFACES
    default_options: ClassVar[Mapping[str, Any]] = {"trust-extra-fields": False}
    option_types: ClassVar[Mapping[str, OptionType]] = {"trust-extra-fields": BOOLEAN}

    def check(self, project: Project) -> Iterator[Diagnostic]:
        seen = resolved_reads = 0
        for builder, step in builders_with_steps(project):
            reads = [read for read in builder.config_reads if not read.attr.startswith("__")]
            if not reads:
                continue
            seen += len(reads)
            resolved = builder_config(project, builder, step)
            if resolved is None:
                self.could_not_check(
                    f"builder {builder.name}",
                    "its config class is not a project config class named by an `isinstance` "
                    "check, the registry row or the `config` annotation",
                )
                continue
            views = [config_view(project, config) for config in resolved.configs]
            by_attr: dict[str, list[ConfigRead]] = {}
            for read in sorted(reads, key=lambda r: r.span):
                by_attr.setdefault(read.attr, []).append(read)
            unknown = False
            for attr, uses in by_attr.items():
                verdict = _verdict(views, attr)
                if verdict.declared is None:
                    unknown = True
                    continue
                resolved_reads += len(uses)
                if verdict.declared:
                    continue
                finding = self._finding(builder, step, views, attr, uses, verdict, by_attr)
                if finding is not None:
                    yield finding
            if unknown:
                self.could_not_check(f"builder {builder.name}", _unknown_reason(views))
        project.counters[READS_COUNTER] = seen
        project.counters[RESOLVED_COUNTER] = resolved_reads

    def _finding(
        self,
        builder: BuilderClass,
        step: Step | None,
        views: Sequence[ConfigView],
        attr: str,
        uses: Sequence[ConfigRead],
        verdict: _Verdict,
        in_use: Collection[str],
    ) -> Diagnostic | None:
        unguarded = [use for use in uses if not (use.guarded or use.has_default)]
        if not unguarded:
            return None
        if verdict.extras_by is not None and self.options["trust-extra-fields"] is True:
            return None
        first = unguarded[0]
        known = frozenset().union(*(view.suggestable for view in views))
        configs = " / ".join(config_label(view.config) for view in views)
        if first.required:
            action = f"requires `{attr}` (raises when the config has no such attribute)"
        elif first.called:
            action = f"calls `{_written(first)}`"
        else:
            action = f"reads `{_written(first)}`"
        message = (
            f"{builder_label(builder)} {action} but no class in the hierarchy of {configs} "
            f"declares `{attr}`{did_you_mean(attr, known, in_use)}"
        )
        severity: Severity | None = None
        if verdict.extras_by is not None:
            message += (
                f"; `{verdict.extras_by}` allows extra fields, so the value exists only if every "
                "config file supplies it"
            )
            severity = min(self.effective_severity, Severity.WARNING)
        related = [
            Related(view.config.info.name_span, f"config class `{view.config.name}`")
            for view in views
        ]
        related.extend(_suggestion_definitions(views, closest(attr, known, in_use)))
        related.extend(Related(use.span, f"`{attr}` is also used here") for use in unguarded[1:])
        return self.diagnostic(
            message,
            first.span,
            related=related,
            step=step.name if step is not None else None,
            subject=f"config-attribute:{builder.name}.{attr}",
            severity=severity,
        )
