"""ALN114 missing-entry-point."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix
from alignlint.extract.facts import FunctionFact
from alignlint.model import BuilderClass, ClassInfo, Contract, Project
from alignlint.model.values import ExternalRef, Located, Unknown
from alignlint.rules._support.entry_points import (
    config_entry_points,
    file_name,
    names_a_file,
    same_script,
)
from alignlint.rules._support.literals import replace_value
from alignlint.rules._support.unparsed import builder_may_be_unparsed
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.script_contract._common import (
    SUGGESTION_CUTOFF,
    contract_label,
    is_plain_string_literal,
    similarity,
)

#: Packages whose step classes run a script the builder uploads (a ``ProcessingStep`` fed by a
#: processor, a ``TrainingStep`` fed by an estimator), and packages that define no step.
_SCRIPT_RUNNERS = frozenset({"sagemaker", "typing", "pydantic", "abc", "builtins", "alignlint"})


def sdk_step_class(project: Project, contract: Contract) -> str | None:
    """The step class of an installed SDK that runs the contract's step with its own code, when
    every step using the contract has a builder whose ``create_step`` builds a class from a
    package outside the project and outside the SageMaker SDK, and which never reads a script
    path from its config (``get_script_path()``, an ``*entry_point`` or ``*script*`` member).
    None otherwise: then the library's own script is what runs."""
    steps = [step for step in project.steps if step.contract is contract]
    found: str | None = None
    for step in steps:
        builder = step.builder
        if builder is None:
            return None
        found = _sdk_class(project, builder)
        if found is None:
            return None
    return found


def _runner_may_be_unparsed(project: Project, contract: Contract) -> bool:
    """Whether what runs the contract's step may be in a file that does not parse: a step of
    the contract has no builder, whose class such a file names, or no step links the contract
    while such a file names it (its specification) or a registry (its row)."""
    steps = [step for step in project.steps if step.contract is contract]
    if not steps:
        registries = project.settings.base_classes.registries
        return project.may_be_unparsed(contract.name) or any(
            project.may_be_unparsed(name) for name in registries
        )
    return any(builder_may_be_unparsed(project, step) for step in steps)


def _why_stepless_unknown(project: Project, contract: Contract) -> str | None:
    """Why the step of a contract no step links may exist unseen: a registry may hold rows
    alignlint does not know, or a specification's or config's contract value cannot be read
    (the contract may be that value: its step, and the builder that decides whether it runs a
    script, are then one alignlint cannot tell). None when the contract is linked, or no such
    step can exist."""
    if any(step.contract is contract for step in project.steps):
        return None
    if any(not registry.closed for registry in project.registries):
        return "no step links the contract and a registry's rows are not all known"
    unknown = [spec.name for spec in project.specs if isinstance(spec.contract, Unknown)] + [
        config.name for config in project.configs if isinstance(config.script_contract, Unknown)
    ]
    if unknown:
        return (
            "no step links the contract and the contract of "
            + ", ".join(f"`{name}`" for name in sorted(unknown))
            + " cannot be read"
        )
    return None


def _sdk_class(project: Project, builder: BuilderClass) -> str | None:
    bases = project.settings.base_classes.builders
    create: tuple[FunctionFact, ClassInfo] | None = None
    for cls in builder.info.mro():
        if cls.name in bases:
            break
        fact = project.index.class_fact(cls)
        for method in fact.methods:
            # A requirement (``if not hasattr(config, "x"): raise``) checks that a member is
            # set; only a read uses the script path.
            reads = [read for read in method.body.config_reads if not read.required]
            if any(_names_script(read.attr) for read in reads):
                return None
        found = fact.method("create_step")
        if create is None and found is not None:
            create = (found, cls)
    if create is None:
        return None
    method, owner = create
    evaluator = project.index.evaluator
    for reference in method.body.references:
        value = evaluator.evaluate(reference, owner.module)
        target = value.value if isinstance(value, Located) else None
        if not isinstance(target, ExternalRef):
            continue
        package = target.dotted.partition(".")[0]
        if (
            target.name[:1].isupper()
            and package not in _SCRIPT_RUNNERS
            and package not in sys.stdlib_module_names
        ):
            return target.dotted
    return None


def _names_script(attribute: str) -> bool:
    lowered = attribute.lower()
    return "script" in lowered or lowered.endswith("entry_point")


class MissingEntryPoint(Rule):
    """## What it does
    Reports a contract whose `entry_point` (a `.py` file name or path) names no file of the
    project, and suggests the script whose file name is closest. Scripts are the files that define
    the unified `main(input_paths, output_paths, ...)`, plus every file under `script-roots`;
    scripts another contract already names are not suggested.

    A step whose code comes from an installed SDK is not reported: every builder of the
    contract's steps builds, in `create_step`, a step class imported from a package outside the
    project and outside the SageMaker SDK, and never reads a script path from its config
    (`get_script_path()`, an `*entry_point` or `*script*` member). Its `entry_point` is a
    placeholder; the step's other checks still apply. A contract no step links is not judged
    while a registry's rows are not all known (its step may be one of them), or while the
    contract of a specification or config cannot be read (it may be this one): `--statistics`
    lists it.

    ## Why is this bad?
    The step cannot start (SageMaker cannot find the entry point), and alignlint cannot link the
    script to its contract, so none of the script ↔ contract checks run for the step.

    ## Severity
    `error`: the job cannot start.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(entry_point="tabular_preprocess.py", ...)  # file: tabular_preprocessing.py
    ```

    Use instead:
    ```python
    X_CONTRACT = ScriptContract(entry_point="tabular_preprocessing.py", ...)
    ```

    ## Fix safety
    The fix chooses the script by evidence: when the step's config names exactly one existing
    script that no contract claims, the entry point becomes that script (whatever its name);
    otherwise, when exactly one unclaimed script is the closest match by name, the entry point
    becomes its file name, and a config default that named the same missing file changes with it
    (so the two keep agreeing). It is unsafe: the intended script may not exist yet.
    """

    code: ClassVar[str] = "ALN114"
    name: ClassVar[str] = "missing-entry-point"
    summary: ClassVar[str] = "Contract entry point names no existing script"
    reads: ClassVar[Scope] = Scope.INTERFACES
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        files = sorted(project.files)
        roots = tuple(root.strip("/") + "/" for root in project.settings.script_roots)
        scripts = set(project.scripts) | {
            p for p in files if p.startswith(roots) and p.endswith(".py")
        }
        claimed = {
            file_name(name)
            for contract in project.contracts
            if (name := contract.entry_point_name) is not None
            and project.files_by_suffix.ending_with(name)
        }
        candidates = sorted({file_name(p) for p in scripts} - claimed - {"__init__.py"})
        for contract in project.contracts:
            entry = contract.entry_point
            name = contract.entry_point_name
            if name is None or not isinstance(entry, Located) or not name.endswith(".py"):
                continue
            if project.files_by_suffix.ending_with(name):
                continue
            if sdk_step_class(project, contract) is not None:
                continue
            if _runner_may_be_unparsed(project, contract):
                self.could_not_check(
                    f"{contract_label(contract)} entry point",
                    "the builder or specification of its step may be in a file that does not "
                    "parse (an SDK step runs no script of the library)",
                )
                continue
            stepless = _why_stepless_unknown(project, contract)
            if stepless is not None:
                self.could_not_check(
                    f"{contract_label(contract)} entry point",
                    f"{stepless}, so what runs it is not known (an SDK step runs no script of "
                    "the library)",
                )
                continue
            yield self._finding(project, contract, entry, name, candidates)

    def _finding(
        self,
        project: Project,
        contract: Contract,
        entry: Located[str],
        name: str,
        candidates: list[str],
    ) -> Diagnostic:
        base = file_name(name)
        ranked = sorted(
            ((similarity(base, c), c) for c in candidates), key=lambda item: (-item[0], item[1])
        )
        close = [item for item in ranked if item[0] >= SUGGESTION_CUTOFF]
        message = f"{contract_label(contract)} has entry_point `{name}` but no such file exists"
        step = project.step_of(contract)
        configured = config_entry_points(step.config) if step and step.config else []
        named = _named_by_config(project, configured, name, candidates)
        fix = None
        if named is not None:
            message += f"; the config's entry point names the script `{named.value}`"
            fix = _use(contract, entry, named.value, [], "the config's entry point")
        elif close:
            best = close[0][1]
            message += f"; closest script: `{best}`"
            unique = len(close) == 1 or close[1][0] < close[0][0]
            # A config naming the same missing file follows, so the two keep agreeing.
            agreeing = [d for _, d in configured if same_script(d.value, name)]
            if unique and all(is_plain_string_literal(d) for d in agreeing):
                replacement = name[: len(name) - len(base)] + best
                fix = _use(contract, entry, replacement, agreeing, "the closest script")
        return self.diagnostic(
            message,
            entry.span,
            fix=fix,
            step=step.name if step is not None else None,
            subject=f"entry_point:{name}",
        )


def _named_by_config(
    project: Project, configured: list[tuple[str, Located[str]]], name: str, orphans: list[str]
) -> Located[str] | None:
    """The one script the step's config names instead of the contract's missing ``name``, when
    that script exists and no other contract claims it (``orphans``)."""
    named = {
        default.value: default
        for _, default in configured
        if not same_script(default.value, name)
        and names_a_file(project, default.value)
        and file_name(default.value) in orphans
    }
    return next(iter(named.values())) if len(named) == 1 else None


def _use(
    contract: Contract,
    entry: Located[str],
    replacement: str,
    agreeing: list[Located[str]],
    evidence: str,
) -> Fix | None:
    """The fix writing ``replacement`` as the contract's entry point (and in the ``agreeing``
    config defaults that named the same missing file)."""
    if not is_plain_string_literal(entry) or entry.span.path != contract.path:
        return None
    edits = [replace_value(entry, replacement)]
    edits.extend(replace_value(default, replacement) for default in agreeing)
    where = " (and in the config)" if agreeing else ""
    return Fix(
        f"Use `{replacement}`, {evidence}{where}",
        Applicability.UNSAFE,
        tuple(sorted(edits)),
    )
