"""ALN107 undeclared-env-var."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from alignlint.core.types import Applicability, Diagnostic, Fix, Related, Severity
from alignlint.model import EnvAccess, Project
from alignlint.model.components import reported_at
from alignlint.model.values import Unknown
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.script_contract._common import (
    SUGGESTION_CUTOFF,
    Pairing,
    closest,
    contract_label,
    is_platform_env_var,
    pairings,
)
from alignlint.rules.script_contract._dict_entry import add_entry
from alignlint.rules.script_contract._env import (
    declared_env_vars,
    default_text,
    env_declarations_complete,
    environment_reads,
    imported_read,
    keys_missing_from_main_dict,
    never_fails,
    read_name,
)


class UndeclaredEnvVar(Rule):
    """## What it does
    Reports an environment variable the script reads (`os.environ[...]`, `os.environ.get`,
    `os.getenv`, `environ_vars[...]` / `environ_vars.get`, in `main`, helpers or the `__main__`
    block) that the contract declares neither in `required_env_vars` nor in `optional_env_vars`.
    Each variable is reported once, at its first read.

    A name bound once to the environment (`ENV = os.environ` at module level, `env =
    os.environ` in a function) reads as `os.environ`. Code of other project modules that the
    script runs is the script's too: the module-level code of every module it imports (at once
    or through other modules: `USE_X = os.environ.get(...)` in a shared `common_env.py`), and
    the functions and classes of those modules that its code uses (`from .common_env import
    read_flag`, `common_env.read_flag()`), with what they use in turn, up to four modules
    away. Such a read is reported at the script's import that brings it in, the read being the
    related location. Where it cannot be attributed (a function further away, names a star
    import brings in), it is a read of an unknown variable.

    Variables SageMaker or the OS set (`SM_*`, `AWS_*`, `TRAINING_JOB_NAME`,
    `PROCESSING_JOB_CONFIG`, ...: the `platform-env-vars` and `extra-platform-env-vars`
    settings, glob patterns) are never undeclared. Writes to `os.environ` are not reads; a read
    whose name alignlint cannot evaluate (or the environment used whole) is not checked, and
    `--statistics` lists it; a read of every variable with a prefix names none to declare. A key that the script's `__main__` block puts
    into `environ_vars` from a constant or literal (`environ_vars["WORK_DIR"] = DEFAULT_DIR`)
    is not an environment read: `main`'s read of it never consults the container's
    environment.

    It also reports a key `main()` reads from `environ_vars` (or the `__main__` block reads
    back from the dict before calling `main`) that the `__main__` block never puts into the
    `environ_vars` dict it passes to `main`, whatever the contract declares: the finding names
    the dict. This is checked only where the dict is fully known: a display (or a `dict(...)`
    call) with known keys, bound once, plus `environ_vars["K"] = v` stores; a `**` merge, a second binding,
    `.update()`, passing the dict to other code before `main`, a write into `environ_vars`
    anywhere in the script, or `environ_vars` handed to code alignlint does not see leaves the
    script unchecked (`--statistics` says so).

    ## Why is this bad?
    The builder only sets the contract's env vars. An undeclared variable is never set by the
    pipeline: the script gets its default (or `KeyError`), whatever the config says. This is the
    classic trace of an env var renamed in the script but not in the contract.

    A key missing from the `environ_vars` dict is the trace of a key renamed on one side: the
    value the pipeline sets never reaches `main`.

    ## Severity
    `error` when a read has no default (`os.environ["X"]` raises `KeyError`, `.get("X")` gives
    `None`): the job breaks. `warning` when no read can fail: each has a default, only tests
    whether the variable is set (`"X" in os.environ`) or runs only under such a test (`if "X" in
    os.environ: os.environ["X"]`); the job runs, on a value the pipeline never sets (likely
    drift). The same holds for a key missing from the `environ_vars` dict (`environ_vars["K"]`
    raises `KeyError`; `.get("K", d)` always gets `d`; under `if "K" in environ_vars:` the read
    never runs).

    ## Example
    ```python
    # contract: optional_env_vars={"TRAIN_RATIO": "0.7"}
    ratio = float(environ_vars.get("TRAIN_SPLIT", "0.7"))
    ```

    Use instead:
    ```python
    ratio = float(environ_vars.get("TRAIN_RATIO", "0.7"))
    ```

    ## Fix safety
    When every read of the variable that has a default falls back to the same value, the fix adds
    the variable to the contract's `optional_env_vars` with that default (reads with different
    defaults get no fix: the contract's default would differ from some of them). A variable whose
    name is close to a declared one gets no fix either: it is likely renamed in the script, and
    the contract and the config that fills it agree on the declared name. It is unsafe: the
    variable may still be a misspelling the fix would paper over.
    """

    code: ClassVar[str] = "ALN107"
    name: ClassVar[str] = "undeclared-env-var"
    summary: ClassVar[str] = "Script reads an env var its contract does not declare"
    reads: ClassVar[Scope] = Scope.STEP
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        platform = project.settings.all_platform_env_vars
        checked_scripts: set[str] = set()
        for pairing in pairings(project):
            contract = pairing.contract
            reported: set[str] = set()
            if not env_declarations_complete(contract):
                self.could_not_check(
                    f"step {pairing.step.name}", "the contract's env vars are not all known"
                )
            else:
                declared = declared_env_vars(contract)
                reads: dict[str, list[EnvAccess]] = {}
                for read in environment_reads(pairing.script):
                    name = read_name(read)
                    if name is None and read.prefix is None:
                        # (A read of every variable with a prefix names none to declare.)
                        why = read.name.reason if isinstance(read.name, Unknown) else "not text"
                        self.could_not_check(
                            f"a read of script {pairing.script.file_name} (step "
                            f"{pairing.step.name})",
                            f"it reads an env var whose name is not known ({why})",
                        )
                        continue
                    if name is None or name in declared or is_platform_env_var(name, platform):
                        continue
                    reads.setdefault(name, []).append(read)
                for name, uses in sorted(
                    reads.items(), key=lambda item: (reported_at(item[1][0]), item[1][0].span)
                ):
                    reported.add(name)
                    yield self._finding(pairing, name, uses, declared)
            if pairing.script.main_unknown is not None:
                self.could_not_check(
                    f"the main of script {pairing.script.file_name} (step {pairing.step.name})",
                    pairing.script.main_unknown,
                )
            if pairing.script.path not in checked_scripts:
                checked_scripts.add(pairing.script.path)
                yield from self._missing_keys(project, pairing, reported)

    def _missing_keys(
        self, project: Project, pairing: Pairing, reported: set[str]
    ) -> Iterator[Diagnostic]:
        """Keys ``main`` reads from ``environ_vars`` that ``__main__`` never puts in (a name
        already reported as undeclared is not reported twice)."""
        script = pairing.script
        missing = keys_missing_from_main_dict(project, script)
        if missing.unknown is not None:
            self.could_not_check(f"script {script.path}", missing.unknown)
            return
        environ = script.main_environ
        reads: dict[str, list[EnvAccess]] = {}
        for read in missing.reads:
            name = read_name(read)
            if name is not None and name not in reported:
                reads.setdefault(name, []).append(read)
        for name, uses in sorted(reads.items(), key=lambda item: item[1][0].span):
            reader = "`__main__`" if uses[0].where == "__main__" else "`main()`"
            message = (
                f"{reader} reads `environ_vars` key `{name}` but the `__main__` block never puts "
                "it into the `environ_vars` dict it passes to `main()`"
            )
            if any(use.via.endswith("[]") for use in uses):
                message += ": the read fails with `KeyError`"
            elif all(use.has_default for use in uses):
                message += ": the read always falls back to its default"
            elif all(use.via.endswith(" if present") for use in uses):
                message += ": the read, under a test that the key is in the dict, never runs"
            elif all(never_fails(use) for use in uses):
                message += ": the reads fall back to their default or never run"
            else:
                message += ": the read gets `None`"
            suggestion = closest(
                name, set(environ.entries) if environ else set(), cutoff=SUGGESTION_CUTOFF
            )
            if suggestion is not None:
                message += f"; did you mean `{suggestion}`?"
            span = environ.span if environ is not None else None
            related = [Related(span, "the `environ_vars` dict built in `__main__`")] if span else []
            yield self.diagnostic(
                message,
                uses[0].span,
                severity=Severity.WARNING if all(never_fails(use) for use in uses) else None,
                related=related,
                step=pairing.step.name,
                subject=f"environ_vars:{name}",
            )

    def _finding(
        self,
        pairing: Pairing,
        name: str,
        uses: Sequence[EnvAccess],
        declared: set[str],
    ) -> Diagnostic:
        contract = pairing.contract
        message = (
            f"script reads env var `{name}` but {contract_label(contract)} declares it in "
            "neither `required_env_vars` nor `optional_env_vars`"
        )
        suggestion = closest(name, declared, cutoff=SUGGESTION_CUTOFF)
        if suggestion is not None:
            message += f"; did you mean `{suggestion}`?"
        declarations = [
            Related(span, f"`{part}` of {contract.name}")
            for part, span in (
                ("required_env_vars", contract.required_env_vars.span),
                ("optional_env_vars", contract.optional_env_vars.span),
            )
            if span is not None
        ]
        related = declarations or [Related(contract.name_span, f"contract {contract.name}")]
        related += imported_read(uses[0])
        severity = Severity.WARNING if all(never_fails(use) for use in uses) else None
        return self.diagnostic(
            message,
            reported_at(uses[0]),
            severity=severity,
            related=related,
            # A name close to a declared one is a rename in the script: the contract (and the
            # config that fills it) agree on the declared name, so the contract is not edited.
            fix=self._fix(pairing, name, uses) if suggestion is None else None,
            step=pairing.step.name,
            subject=f"env:{name}",
        )

    @staticmethod
    def _fix(pairing: Pairing, name: str, uses: Sequence[EnvAccess]) -> Fix | None:
        # Every read with a default must fall back to the same value: the contract's default
        # would otherwise differ from some of them (ALN110 env-default-drift).
        defaults = {text for use in uses if (text := default_text(use)) is not None}
        if len(defaults) != 1:
            return None
        (default,) = defaults
        contract = pairing.contract
        insertion = add_entry(contract.optional_env_vars, contract, name, default)
        if insertion is None:
            return None
        return Fix(
            f"Add `{name}` to `optional_env_vars` of {contract.name} with default `{default}`",
            Applicability.UNSAFE,
            (),
            (insertion,),
        )
