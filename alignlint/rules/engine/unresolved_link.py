"""ALN003 unresolved-link."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from alignlint.core.selectors import is_selected
from alignlint.core.types import Diagnostic, Severity, Span
from alignlint.rules._support.step_types import (
    UNREGISTERED_STEP_TYPE,
    registered_types,
    unregistered_step_type,
)
from alignlint.rules.base import Rule, Scope

if TYPE_CHECKING:
    from alignlint.model import Project


class UnresolvedLink(Rule):
    """## What it does
    Reports a piece of a step that cannot be linked to the rest of its step: a spec whose
    `script_contract=` does not resolve to a contract, a contract whose `entry_point` names no
    script, a builder whose config class cannot be found, a registry row naming a class that does
    not exist, and similar. Each such piece is reported once, here, with the reason — the rules
    that compare linked pieces stay silent about it instead of reporting a cascade of "not found"
    findings.

    ## Why is this bad?
    Every other check compares two linked pieces. A piece that is not linked is not checked at
    all, so a broken link hides real drift behind a passing run.

    Two specs of one step may declare the same job type when one of them is the step's generic
    spec: its variable and module names carry no job type (`X_SPEC` in `x_spec.py` beside
    `X_TRAINING_SPEC`), the builder's fallback for job types without a variant. Both are linked
    (`--show-links` marks the generic one) and checked; only two specs that both name the job type
    are reported.

    ## Severity
    A warning: an unlinked piece does not break a job by itself, but nothing checks it, so it is
    likely drift hiding other drift.

    ## Example
    ```python
    X_CONTRACT = ScriptContract(entry_point="x_script.py", ...)  # the script is scripts/x.py
    ```

    Use instead:
    ```python
    X_CONTRACT = ScriptContract(entry_point="x.py", ...)
    ```

    ## Fix safety
    There is no fix: which side is wrong depends on intent. Run `alignlint check --show-links`
    to see how the other pieces of the step were linked.

    When a registry may hold rows that are not known statically (it is computed at run time and
    its code could add any row), a piece may belong to such a row: nothing is reported as
    unlinked, and `--statistics` says so. A registry computed from static tables (a registry
    manager, a fallback class, workspace overlays) is known through those tables.

    A specification whose step type is not registered is left to ALN503
    (unregistered-step-type), which points at the step type name, when that rule runs.
    """

    code: ClassVar[str] = "ALN003"
    name: ClassVar[str] = "unresolved-link"
    summary: ClassVar[str] = "Piece of a step cannot be linked"
    reads: ClassVar[Scope] = Scope.INTERFACES
    severity: ClassVar[Severity] = Severity.WARNING

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for registry, _span, reason in project.registry_openings():
            # The linker reports no unlinked piece then: any may belong to a row not known.
            self.could_not_check(
                f"pieces registry {registry.name} ({registry.path}) may name",
                f"the registry may hold rows not known statically: {reason}",
            )
        registries = project.settings.base_classes.registries
        broken = [name for name in registries if project.may_be_unparsed(name)]
        if broken and not project.registries:
            # No registry was read, and one may be in a file that does not parse: any piece may
            # belong to one of its rows.
            self.could_not_check(
                f"pieces registry {broken[0]} may name",
                "a file that does not parse may hold the registry",
            )
            return
        left_to_aln503 = _unregistered_spec_spans(project)
        for piece in project.unlinked:
            if piece.kind == "spec" and piece.span in left_to_aln503:
                continue
            if _may_be_unparsed(project, piece.name):
                self.could_not_check(
                    f"{piece.kind} {piece.name}", "a file that does not parse may link it"
                )
                continue
            subject = f"{piece.kind}:{piece.name}"
            yield self.diagnostic(piece.reason, piece.span, subject=subject)


def _may_be_unparsed(project: Project, name: str) -> bool:
    """Whether a file that does not parse may name the piece ``name`` (a class or constant, or a
    script's path, named by its stem: ``entry_point="x.py"``), and so link it; or, for a
    script, name the contract naming it (its specification)."""
    base = posixpath.basename(name)
    stem = base.partition(".")[0]
    if project.may_be_unparsed(name) or project.may_be_unparsed(stem):
        return True
    return any(
        posixpath.basename(contract.entry_point_name or "") == base
        and project.may_be_unparsed(contract.name)
        for contract in project.contracts
    )


def _unregistered_spec_spans(project: Project) -> set[Span]:
    """The name spans of the specs ALN503 reports for an unregistered step type (when it runs):
    one report per problem, at the step type name ALN503 points to."""
    if not project.registry_closed or not is_selected(UNREGISTERED_STEP_TYPE, project.settings):
        return set()
    types = registered_types(project)
    return {
        spec.name_span for spec in project.specs if unregistered_step_type(spec, types) is not None
    }
