"""ALN411 unknown-hyperparameter."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import PurePosixPath
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity, Span
from alignlint.extract.facts import HyperparameterKey, TypedRead
from alignlint.extract.ir import Attr, Expr, Name
from alignlint.model import ClassInfo, Project
from alignlint.model.index import ModuleInfo
from alignlint.model.values import ClassRef, Located
from alignlint.rules.base import Rule, Scope
from alignlint.rules.builder_config._common import closest, did_you_mean
from alignlint.rules.builder_config._config_view import (
    ClassMembers,
    annotated_classes,
    class_members,
)

#: ``--statistics`` counters: reads of hyperparameter members (by scripts, configs and builders),
#: and those decided either way.
READS_COUNTER = "hyperparameter reads"
RESOLVED_COUNTER = "hyperparameter reads resolved"
#: The config member that holds a step's hyperparameters (the base builder's convention).
HYPERPARAMETERS_FIELD = "hyperparameters"


def hyperparameter_classes(project: Project) -> dict[str, ClassInfo]:
    """Qualified name -> class, for every class a config's ``hyperparameters`` field names and
    every project class derived from one of them (computed once per project)."""
    return project.derived(("hyperparameter-classes",), lambda: _hyperparameter_classes(project))


def _written_class(cls: str, span: Span) -> Expr:
    """The expression a typed read's class is written as (``X``, ``hyperparams.X``)."""
    head, *attrs = cls.split(".")
    expr: Expr = Name(head, span)
    for attr in attrs:
        expr = Attr(expr, attr, span)
    return expr


def _resolved_class(
    project: Project, module: str, cls: str, span: Span, classes: dict[str, ClassInfo]
) -> ClassInfo | None:
    """The hyperparameter class a typed read's class names, through the module's imports
    (None when it names none)."""
    value = project.index.evaluator.evaluate(_written_class(cls, span), module)
    target = value.value if isinstance(value, Located) else None
    return classes.get(target.qualname) if isinstance(target, ClassRef) else None


def _script_class(
    project: Project, module: ModuleInfo, classes: dict[str, ClassInfo], reads: list[TypedRead]
) -> ClassInfo | None:
    """The one hyperparameter class a script's hyperparameters dict is: the most derived one
    the script defines, else the one it builds or annotates; None when none or several."""
    defined = [info for info in classes.values() if info.path == module.path]
    bases = {base.qualname for info in defined for base in info.mro() if base is not info}
    leaves = [info for info in defined if info.qualname not in bases]
    if len(leaves) == 1:
        return leaves[0]
    if leaves:
        return None
    used: dict[str, ClassInfo] = {}
    for read in reads:
        info = _resolved_class(project, module.name, read.cls, read.span, classes)
        if info is not None:
            used[info.qualname] = info
    return next(iter(used.values())) if len(used) == 1 else None


def _hyperparameter_classes(project: Project) -> dict[str, ClassInfo]:
    roots: set[str] = set()
    for config in project.configs:
        member = class_members(project, config.info).members.get(HYPERPARAMETERS_FIELD)
        if member is None or member.kind != "field":
            continue
        roots.update(info.qualname for info in annotated_classes(project, member) or ())
    return {
        info.qualname: info
        for info in project.index.classes.values()
        if any(cls.qualname in roots for cls in info.mro())
    }


def _readers(project: Project) -> list[tuple[str, str, str]]:
    """The modules whose reads of hyperparameter classes are checked, in path order: scripts,
    and the modules of configs and builders (a config field derived from a hyperparameter,
    ``label_field=hyperparameters.label_name``): (path, what it is, its file name)."""
    readers: dict[str, tuple[str, str]] = {
        path: ("script", script.file_name) for path, script in project.scripts.items()
    }
    for script in project.scripts.values():
        if script.implementation is not None:
            # The module defining the ``main`` the script imports reads for the script.
            readers.setdefault(script.implementation, ("script", script.file_name))
    for kind, components in (
        ("config module", project.configs),
        ("builder module", project.builders),
    ):
        for component in components:
            path = component.info.path
            if path not in readers:
                readers[path] = (kind, PurePosixPath(path).name)
    return [(path, *readers[path]) for path in sorted(readers)]


class UnknownHyperparameter(Rule):
    """## What it does
    Reports a script that reads a hyperparameter its hyperparameter class does not declare:
    `hp.learning_rate` where `hp` is a parameter annotated with the class (`hp: XHyperparameters`,
    `Optional[XHyperparameters]`), a local built from it (`hp = XHyperparameters(**values)`,
    `XHyperparameters.model_validate(values)`) or annotated with it (`hp: XHyperparameters =
    load(path)`), or another name for one of these (`params = hp`), and no class in its hierarchy declares
    `learning_rate` (pydantic fields, properties, methods, across modules, as for ALN401). The
    class may be named through the module's imports: as an attribute of its module
    (`hp: hyperparams.XHyperparameters`) or by another name it is imported as (`from .hp
    import XHyperparameters as hparams_cls`). A key of the dict such an object dumps its
    fields to is read the same way: `hp.model_dump()["learning_rate"]`, `hp.dict()[...]`, or
    through a local name bound once to the dump whose keys the function does not change.

    Also the keys a script reads from its hyperparameters file: the dict `json.load` returns for
    a file whose path names hyperparameters, followed through the functions that return it and
    those it is passed to (`config["eta"]`, `config.get("eta", 0.3)`), against the script's
    hyperparameter class: the one it defines (a subclass adding its own fields), else the one it
    builds or annotates. Keys the script writes itself are not reported; a key it tests with
    `in` first (`d["eta"] if "eta" in d else 0.3`) is reported as `.get` is (below).

    Hyperparameter classes are the classes a config's `hyperparameters` field is annotated with,
    and every project class derived from one of them (a script may subclass one to add its own
    fields). A member the script itself assigns on such an object is not reported; a class whose
    hierarchy cannot be read is not checked (`--statistics` lists it, and counts the
    hyperparameter reads seen and resolved).

    Configs and builders are checked the same way where they read a hyperparameter class's
    members through an annotated parameter or a local built from it: a config field derived
    from the hyperparameters (`label_field=hyperparameters.label_name` in a
    `from_hyperparameters(hyperparameters: XHyperparameters)` constructor) breaks as soon as
    the hyperparameter field is renamed.

    ## Why is this bad?
    The training job reads its hyperparameters into that class; an attribute no class declares
    raises `AttributeError` in the container, typically after a field was renamed in the
    hyperparameter class and the script still reads the old name: an `error` (so is a missing
    key read by subscript: `KeyError`). When the class allows extra fields the value exists only
    if the hyperparameters file supplies it, and a `.get` with a default (or a read the script
    guards with `in`) silently trains with the script's default instead of the user's setting:
    a `warning`.

    ## Example
    ```python
    class XHyperparameters(ModelHyperparameters):
        num_rounds: int = 100

    def train(hp: XHyperparameters):
        return hp.num_round
    ```

    Use instead:
    ```python
        return hp.num_rounds
    ```
    """

    code: ClassVar[str] = "ALN411"
    name: ClassVar[str] = "unknown-hyperparameter"
    summary: ClassVar[str] = "Script reads a hyperparameter its hyperparameter class lacks"
    reads: ClassVar[Scope] = Scope.INTERFACES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        classes = hyperparameter_classes(project)
        if not classes:
            return
        seen = resolved = 0
        for path, kind, file_name in _readers(project):
            module = project.module_by_path(path)
            if module is None:
                continue
            reader, subject = f"{kind} `{file_name}`", f"{kind} {file_name}"
            functions = [*module.facts.functions]
            functions.extend(m for cls in module.facts.classes for m in cls.methods)
            reads = [read for function in functions for read in function.typed_reads]
            # The class each spelling names (`X`, `hyperparams.X`, `hparams_cls`), once each.
            spelled: dict[str, ClassInfo | None] = {}
            for read in reads:
                if read.cls not in spelled:
                    spelled[read.cls] = _resolved_class(
                        project, module.name, read.cls, read.span, classes
                    )
            names = {cls: info.qualname for cls, info in spelled.items() if info is not None}
            stored = {(names.get(read.cls), read.attr) for read in reads if read.store}
            grouped: dict[tuple[str, str], list[TypedRead]] = {}
            for read in sorted(reads, key=lambda r: r.span):
                qualname = names.get(read.cls)
                if qualname is None or read.store or (qualname, read.attr) in stored:
                    continue
                grouped.setdefault((qualname, read.attr), []).append(read)
            if kind == "script":
                yield from self._dict_keys(project, module, reader, subject, classes, reads)
            for (qualname, attr), uses in grouped.items():
                info = classes[qualname]
                seen += len(uses)
                members = class_members(project, info)
                declared = members.declares(attr)
                resolved += len(uses) if declared is not None else 0
                if declared is None:
                    self.could_not_check(
                        subject,
                        f"the hierarchy of hyperparameter class `{info.name}` is not fully known",
                    )
                    continue
                if not declared:
                    in_use = {a for _, a in grouped}
                    yield self._finding(reader, members, attr, uses, in_use)
        project.counters[READS_COUNTER] = seen
        project.counters[RESOLVED_COUNTER] = resolved

    def _dict_keys(
        self,
        project: Project,
        module: ModuleInfo,
        reader: str,
        subject: str,
        classes: dict[str, ClassInfo],
        reads: list[TypedRead],
    ) -> Iterator[Diagnostic]:
        """Keys the script reads from its hyperparameters file, against its hyperparameter
        class: the one it defines (deriving from a hyperparameter class), else the one it
        builds or annotates."""
        keys = module.facts.hyperparameter_keys
        used = [key for key in keys if key.kind in ("read", "get")]
        written = {key.key for key in keys if key.kind == "write"}
        used = [key for key in used if key.key not in written]
        if not used:
            return
        info = _script_class(project, module, classes, reads)
        if info is None:
            self.could_not_check(
                subject,
                "the keys it reads from its hyperparameters file are not tied to one "
                "hyperparameter class (it defines, builds or annotates none, or several)",
            )
            return
        members = class_members(project, info)
        grouped: dict[str, list[HyperparameterKey]] = {}
        for key in sorted(used, key=lambda k: k.span):
            grouped.setdefault(key.key, []).append(key)
        for name, uses in grouped.items():
            declared = members.declares(name)
            if declared is None:
                self.could_not_check(
                    subject,
                    f"the hierarchy of hyperparameter class `{info.name}` is not fully known",
                )
                return
            if not declared:
                yield self._key_finding(reader, members, name, uses, grouped)

    def _key_finding(
        self,
        reader: str,
        members: ClassMembers,
        key: str,
        uses: list[HyperparameterKey],
        in_use: Collection[str],
    ) -> Diagnostic:
        info, first = members.info, uses[0]
        written = f'["{key}"]' if first.kind == "read" else f'.get("{key}")'
        message = (
            f"{reader} reads `{written}` from its hyperparameters file (in "
            f"`{first.function}`) but no class in the hierarchy of hyperparameter class "
            f"`{info.name}` declares `{key}`{did_you_mean(key, members.suggestable, in_use)}"
        )
        # `d.get("k", x)` and `d["k"] if "k" in d else x` behave alike: the file lacks the key,
        # so the script takes its own fallback instead of failing.
        falls_back = all(use.kind == "get" or use.tested for use in uses)
        soft = falls_back or members.extra_allowed_by is not None
        if falls_back:
            message += "; the script silently falls back to its default"
        related = _related(members, key, [use.span for use in uses[1:]], in_use)
        return self.diagnostic(
            message,
            first.span,
            related=related,
            subject=f"hyperparameter-key:{info.name}.{key}",
            severity=min(self.effective_severity, Severity.WARNING) if soft else None,
        )

    def _finding(
        self,
        reader: str,
        members: ClassMembers,
        attr: str,
        uses: list[TypedRead],
        in_use: Collection[str],
    ) -> Diagnostic:
        info, first = members.info, uses[0]
        message = (
            f"{reader} reads `{first.name}.{attr}` but no class in the hierarchy of "
            f"hyperparameter class `{info.name}` declares `{attr}`"
            f"{did_you_mean(attr, members.suggestable, in_use)}"
        )
        severity: Severity | None = None
        if members.extra_allowed_by is not None:
            message += (
                f"; `{members.extra_allowed_by}` allows extra fields, so the value exists only "
                "if the hyperparameters file supplies it"
            )
            severity = min(self.effective_severity, Severity.WARNING)
        related = _related(members, attr, [use.span for use in uses[1:]], in_use)
        return self.diagnostic(
            message,
            first.span,
            related=related,
            subject=f"hyperparameter:{info.name}.{attr}",
            severity=severity,
        )


def _related(
    members: ClassMembers, name: str, other_reads: list[Span], in_use: Collection[str]
) -> list[Related]:
    """The hyperparameter class, the member ``name`` most likely was renamed to (if close), and
    the other reads of ``name``: the related locations of a finding about ``name``."""
    info = members.info
    related = [Related(info.name_span, f"hyperparameter class `{info.name}`")]
    suggestion = closest(name, members.suggestable, in_use)
    defined = members.members.get(suggestion) if suggestion is not None else None
    if defined is not None:
        related.append(Related(defined.span, f"`{suggestion}` is defined here"))
    related.extend(Related(span, f"`{name}` is also read here") for span in other_reads)
    return related
