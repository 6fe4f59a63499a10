"""ALN110 env-default-drift."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar

from alignlint.core.types import Diagnostic, Related, Severity
from alignlint.extract.env_uses import STORED_IN_DICT, UNKNOWN
from alignlint.model import EnvAccess, Project, text_of
from alignlint.model.components import reported_at
from alignlint.model.values import Located
from alignlint.rules._support.env_sources import sent_env
from alignlint.rules._support.unparsed import BUILDER_UNPARSED, builder_may_be_unparsed
from alignlint.rules.base import Rule, Scope
from alignlint.rules.script_contract._common import contract_label, pairings
from alignlint.rules.script_contract._env import (
    default_text,
    environment_reads,
    imported_read,
    read_name,
    supplied_by_main_block,
)


class _Unparsable:
    """The result of a conversion (``int("")``) that raises: the script cannot use the value."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Unparsable)

    def __hash__(self) -> int:
        return 0


UNPARSABLE = _Unparsable()


def normalised(text: str, transform: Sequence[str]) -> object:
    """What the script makes of the env value ``text``: ``transform`` (one chain of
    ``EnvRead.transforms``) applied step by step, up to a step alignlint does not compute
    (``?...``); :data:`UNPARSABLE` when a conversion fails."""
    value: object = text
    for step in transform:
        if step.startswith(UNKNOWN):
            break
        kind, _, argument = step.partition(":")
        if kind in ("lower", "casefold"):
            value = str(value).lower()
        elif kind == "upper":
            value = str(value).upper()
        elif kind in ("strip", "lstrip", "rstrip"):
            value = getattr(str(value), kind)()
        elif kind == "str":
            value = str(value)
        elif kind == "bool":
            value = bool(str(value))
        elif kind in ("int", "float"):
            try:
                value = int(str(value)) if kind == "int" else float(str(value))
            except ValueError:
                return UNPARSABLE
        elif kind == "eq":
            value = str(value) == argument
        elif kind == "in":
            value = str(value) in argument.split(",")
        elif kind == "or":
            value = value or argument
    return value


def same_behaviour(a: str, b: str, transforms: Iterable[Sequence[str]]) -> bool | None:
    """Whether the script treats the env values ``a`` and ``b`` alike under every way it
    normalises them: False when one use tells them apart, None (Unknown) when only uses that go
    on through code alignlint does not compute might (:func:`unfollowed`)."""
    unknown = False
    for transform in transforms:
        if normalised(a, transform) != normalised(b, transform):
            if unfollowed(transform) is None:
                return False
            unknown = True
    return None if unknown else True


def unfollowed(transform: Sequence[str]) -> str | None:
    """What the value goes through last that alignlint does not compute (``passed to
    `_is_true()```), None when the whole chain is computed."""
    last = transform[-1] if transform else ""
    return last.removeprefix(UNKNOWN) if last.startswith(UNKNOWN) else None


class EnvDefaultDrift(Rule):
    """## What it does
    Compares the default of each read of an optional env var (`environ_vars.get("X", "0.7")`,
    `os.environ.get("X", "0.7")`, `os.getenv("X", "0.7")`) with the default the contract's
    `optional_env_vars` gives it, as the script uses them: both values go through the script's
    own normalisation (`.lower()`, `.strip()`, `int()`, `float()`, `bool()`, `== "true"`,
    `in ("true", "1")`), so `"True"` and `"true"` are the same default for a script that
    lowercases the value. The value is followed from the read through those steps and through
    local names bound once (`raw = os.environ.get(...)`, then `flag = raw.lower()`, then
    `flag == "true"`), and compared under each use; a read in the `__main__` block that only
    feeds `environ_vars` is compared under the normalisation `main` applies to that key.
    Numbers are compared as the string they stand for. The finding is at the read, when one use
    tells the two defaults apart.

    A default that differs as written, whose text then goes into code alignlint does not
    compute (a function such as the script's own `_is_true(raw)`, a method such as
    `.split(",")`, a module-level name that a function reads), may behave like the contract's:
    that comparison is listed as not checked (`--statistics`), not reported. A value already
    converted (a number, or the flag of a comparison) is compared as such wherever it goes.

    Only defaults that can apply are compared. Silent for:
    - a read whose value is only shown (an f-string, `print`, a logging call), or is bound to a
      local name that is only shown or never used;
    - a `main()` fallback (`environ_vars.get("X", d)`) when the `__main__` block always puts `X`
      into `environ_vars` (its own read is compared instead);
    - a variable the step's builder sends (its `_get_environment_variables`, the config members
      it merges, or the base builder's convention, which sends every contract variable): the
      job then gets the builder's value, never the script default. Helper methods whose result
      `_get_environment_variables` (or the config member) returns or merges are read as part of
      it (`return self._build_env()`, also as a branch of a conditional return, `return
      self._build_env() if ... else {}`, `... or {}`), as is the getter of a config member
      declared `env = property(_build_env)`. When what the builder sends cannot be read (a
      helper called with arguments or defined outside the project, a returned value that is
      none of these, such as `return build_env(self.config)`, among others), the rule stays
      silent too, and `--statistics` says why.

    ## Why is this bad?
    When nothing sends the variable, the job runs on the script's default while the contract
    documents another one: the contract no longer describes the step, and whoever reads it (or
    a builder that later starts sending the documented default) gets different behaviour.

    ## Severity
    `warning`: likely drift; the job still runs, on a value nobody documented.

    ## Example
    ```python
    # contract: optional_env_vars={"TRAIN_RATIO": "0.7"}; the builder sends nothing
    ratio = float(environ_vars.get("TRAIN_RATIO", "0.8"))
    ```

    Use instead:
    ```python
    ratio = float(environ_vars.get("TRAIN_RATIO", "0.7"))
    ```
    """

    code: ClassVar[str] = "ALN110"
    name: ClassVar[str] = "env-default-drift"
    summary: ClassVar[str] = "Script's env var default differs from the contract's"
    severity: ClassVar[Severity] = Severity.WARNING
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for pairing in pairings(project):
            contract, script = pairing.contract, pairing.script
            if builder_may_be_unparsed(project, pairing.step):
                self.could_not_check(f"step {pairing.step.name} env defaults", BUILDER_UNPARSED)
                continue
            optional = contract.optional_env_vars
            sent = sent_env(project, pairing.step)
            reads = environment_reads(script)
            used = _uses_by_name(reads)
            reported: set[tuple[object, str]] = set()
            for read in reads:
                name = read_name(read)
                script_default = default_text(read)
                if name is None or script_default is None or name not in optional:
                    continue
                if read.display or supplied_by_main_block(script, read):
                    continue
                sends = sent.may_send(name, contract) if sent is not None else False
                if sends is None:
                    assert sent is not None
                    self.could_not_check(
                        f"step {pairing.step.name} env var {name}",
                        sent.unknown or "what the builder sends cannot be fully read",
                    )
                if sends is not False:
                    continue
                entry = optional.entries[name]
                expected = text_of(entry.value)
                if expected is None:
                    continue
                transforms = _transforms(read, used.get(name, []))
                if not transforms:
                    continue  # the value is only shown, or never used
                same = same_behaviour(script_default, expected, transforms)
                if same is None:
                    what = next(filter(None, map(unfollowed, transforms)))
                    self.could_not_check(
                        f"step {pairing.step.name} env var {name} ({what})",
                        UNFOLLOWED,
                    )
                if same is not False:
                    continue
                assert isinstance(read.default, Located)
                shown = f"`{script_default}`"
                fallback = _or_fallback(script_default, transforms)
                if fallback is not None:
                    shown += f" (so `{fallback}`, through `or`)"
                message = (
                    f"script defaults env var `{name}` to {shown} but "
                    f"{contract_label(contract)} gives it the default `{expected}`"
                )
                if (read.span, message) in reported:
                    continue
                reported.add((read.span, message))
                where = entry.value.span if isinstance(entry.value, Located) else entry.key_span
                related = [Related(where, f"contract default of `{name}`")]
                if read.default.span != read.span and not read.span.contains(read.default.span):
                    related.append(Related(read.default.span, "the script default's value"))
                related += imported_read(read)
                yield self.diagnostic(
                    message,
                    reported_at(read),
                    related=related,
                    step=pairing.step.name,
                    subject=f"env:{name}",
                )


#: Why a default that differs from the contract's, as written, was not compared further.
UNFOLLOWED = (
    "the script's default differs from the contract's as written, and the value goes on "
    "through code alignlint does not compute, which may treat both alike"
)


def _uses_by_name(reads: Sequence[EnvAccess]) -> dict[str, list[tuple[str, ...]]]:
    """How the code outside ``__main__`` normalises each variable where it uses the value."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for read in reads:
        name = read_name(read)
        if name is not None and not read.display and read.where != "__main__":
            found.setdefault(name, []).extend(read.transforms)
    return found


def _or_fallback(default: str, transforms: Sequence[Sequence[str]]) -> str | None:
    """The value an empty ``default`` becomes through ``value or "text"`` right at the read."""
    if default:
        return None
    for transform in transforms:
        if transform and transform[0].startswith("or:"):
            return transform[0].removeprefix("or:")
    return None


def _transforms(read: EnvAccess, uses: Sequence[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The normalisations the value of ``read`` goes through: its own, where, for a read in
    ``__main__``, a use that hands the raw value on stands for those of the code that uses
    it (``main``'s reads of the ``environ_vars`` key)."""
    if read.where != "__main__":
        return list(read.transforms)
    # `__main__` hands its reads to `main` as values of the `environ_vars` dict.
    transforms = [
        transform[:-1] if transform[-1:] == (STORED_IN_DICT,) else transform
        for transform in read.transforms
    ]
    if not uses or () not in transforms:
        return transforms
    return list(dict.fromkeys([*(t for t in transforms if t), *uses]))
