"""ALN106 container-path-mismatch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from alignlint.core.selectors import is_selected
from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Related, Severity
from alignlint.model import Project
from alignlint.model.values import Located
from alignlint.rules.base import FixAvailability, Rule, Scope
from alignlint.rules.script_contract._common import (
    Pairing,
    contract_label,
    is_plain_string_literal,
    pairings,
    python_string,
)
from alignlint.rules.script_contract._keys import INPUTS, OUTPUTS, renamed_keys
from alignlint.rules.script_contract._paths import (
    MainBlockPath,
    contract_path_of,
    main_block_paths,
    path_owner,
    unchecked_main_block_paths,
)
from alignlint.sagemaker.container_paths import (
    TRAINING_CODE_DIR,
    file_extension,
    is_under,
    normalise,
)


def file_inside(path: str, directory: str) -> bool:
    """Whether ``path`` is one file directly inside ``directory`` (``<dir>/report.json``): the
    script reads or writes that file in the directory SageMaker mounts, which is the right
    shape (ALN121 covers the opposite, a contract path that names a file)."""
    path, directory = normalise(path), normalise(directory)
    if not path.startswith(directory.rstrip("/") + "/"):
        return False
    rest = path[len(directory.rstrip("/")) + 1 :]
    return "/" not in rest and file_extension(rest) is not None


def shipped_file_inside(path: str, directory: str) -> bool:
    """Whether the contract's ``path`` is one file directly inside the script's ``directory``
    under the code directory (``/opt/ml/code/<dir>/x.json``): the file ships with the code
    there, nothing is mounted, and script and contract name the same file."""
    return is_under(path, TRAINING_CODE_DIR) and file_inside(path, directory)


class ContainerPathMismatch(Rule):
    """## What it does
    Compares the dicts the script's `__main__` block passes to `main` with the contract: a key
    mapped to another path than the contract's path for that key, or a path mapped to another key
    than the one the contract maps it to. A key mapped to one file directly inside the contract's
    directory (`os.path.join(<contract dir>, "report.json")`) agrees with it: SageMaker mounts
    the directory and the script uses a file in it. So does a key mapped to the directory of
    the contract's file under `/opt/ml/code` (the file ships with the code there).

    The `__main__` dicts are read with the keys stored into them afterwards
    (`input_paths["x"] = ...`) and with values read from a local table of the `__main__` block
    (`CONTAINER_PATHS["X"]`); a key written more than once (a fallback path in an `else`
    branch) maps to more than one path and is not compared. A key may be a constant naming the
    string (`input_paths[MODEL_KEY]`), and a dict may be built by `dict(...)` or annotated
    (`input_paths: dict[str, str] = {...}`). When the block calls `main` only through functions
    of the module defined above it (`if __name__ == "__main__": sys.exit(run())`, or `cli()`
    calling `run()`, up to three deep), their bodies are read as the block's; the guard may be
    written either way round (`"__main__" == __name__`).

    A value read from the job's environment (`os.environ.get("SM_MODEL_DIR", "/opt/ml/model")`,
    `os.getenv`, `os.environ[...]`) is compared when the variable holds one path wherever the job
    runs: the default, for a variable the builder does not send and SageMaker does not set; for
    a variable SageMaker's training toolkit sets (`SM_MODEL_DIR`, `SM_OUTPUT_DATA_DIR`,
    `SM_INPUT_DIR`, `SM_CHANNEL_<NAME>`: the channel's folder), the toolkit's value, when the
    default is that value too or there is none (a container without the toolkit takes the
    default). A variable the builder may send, a default other than SageMaker's value, a channel
    variable without a default (the folder's case is not known) or another platform variable
    leaves the entry uncompared, and listed as not checked (`--statistics`).

    A key mapped to the contract's path of another key that `main` also uses is the drift
    ALN101 / ALN102 report at that use, naming the contract's key: this rule leaves it to them
    while they run (it still reports it when they are not selected), so one drift gives one
    finding.

    ## Why is this bad?
    The builder mounts each input and collects each output at the contract's path. When the script
    looks elsewhere, it reads an empty directory or writes files SageMaker never uploads. When
    only the key differs (the right path under another name), the job still runs, but script and
    contract name the same data differently.

    ## Severity
    `error` when the path differs (the job reads or writes the wrong place); `warning` when only
    the key differs (naming drift).

    ## Example
    ```python
    # contract: expected_input_paths={"data": "/opt/ml/processing/input/data"}
    if __name__ == "__main__":
        main(input_paths={"data": "/opt/ml/processing/input/raw"}, ...)
    ```

    Use instead:
    ```python
    if __name__ == "__main__":
        main(input_paths={"data": "/opt/ml/processing/input/data"}, ...)
    ```

    ## Fix safety
    The fix replaces the script's path literal with the contract's path. It is unsafe: the
    contract may be the side that is wrong, and a constant holding the path may be used
    elsewhere in the script. No fix is offered when the contract's path names a file inside the
    script's directory: there the contract is wrong (SageMaker mounts a directory, ALN121); nor
    when the contract's path names a file where the script names a directory (the script may
    join a file name onto it).
    """

    code: ClassVar[str] = "ALN106"
    name: ClassVar[str] = "container-path-mismatch"
    summary: ClassVar[str] = (
        "Script maps a logical name to another container path than its contract"
    )
    reads: ClassVar[Scope] = Scope.STEP
    fix_availability: ClassVar[FixAvailability] = FixAvailability.SOMETIMES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for pairing in pairings(project):
            left = _left_to_key_rules(project, pairing)
            for unchecked in unchecked_main_block_paths(project, pairing):
                self.could_not_check(
                    f"step {pairing.step.name} {unchecked.noun} `{unchecked.key}`",
                    unchecked.reason,
                )
            for item in main_block_paths(project, pairing):
                expected = contract_path_of(item)
                if expected is not None:
                    if (
                        normalise(expected) != normalise(item.path)
                        and not file_inside(item.path, expected)
                        and not shipped_file_inside(expected, item.path)
                    ):
                        yield self._wrong_path(pairing, item, expected)
                elif item.declared.complete and (item.noun, item.entry.key) not in left:
                    yield from self._wrong_key(pairing, item)

    def _wrong_path(self, pairing: Pairing, item: MainBlockPath, expected: str) -> Diagnostic:
        key, noun = item.entry.key, item.noun
        declared = item.declared.entries[key]
        value = item.entry.value
        message = (
            f"script `__main__` maps {noun} `{key}` to `{item.path}`{_read_from(item)} but "
            f"{contract_label(pairing.contract)} maps it to `{expected}`"
        )
        fix = None
        # A contract path naming a file inside the script's directory is the side that is wrong
        # (SageMaker mounts a directory there: ALN121, whose fix settles this finding too). A
        # contract file where the script names a directory is not a drop-in replacement either:
        # the script may join a file name onto its path.
        if (
            isinstance(value, Located)
            and value.span.path == pairing.script.path
            and is_plain_string_literal(value)
            and not file_inside(expected, item.path)
            and not (file_extension(expected) is not None and file_extension(item.path) is None)
        ):
            fix = Fix(
                f"Use the contract's path `{expected}`",
                Applicability.UNSAFE,
                (Edit(value.span, python_string(expected)),),
            )
        where = declared.value.span if isinstance(declared.value, Located) else declared.key_span
        return self.diagnostic(
            message,
            value.span,
            related=[Related(where, f"contract path of {noun} `{key}`")],
            fix=fix,
            step=pairing.step.name,
            subject=f"{noun}:{key}",
        )

    def _wrong_key(self, pairing: Pairing, item: MainBlockPath) -> Iterator[Diagnostic]:
        key, noun = item.entry.key, item.noun
        found = path_owner(item.declared, item.path)
        if found is None:
            return
        owner, entry = found
        message = (
            f"script `__main__` maps {noun} `{key}` to `{item.path}`{_read_from(item)} but "
            f"{contract_label(pairing.contract)} maps that path to {noun} `{owner}`"
        )
        yield self.diagnostic(
            message,
            item.entry.key_span,
            related=[Related(entry.key_span, f"contract {noun} `{owner}`")],
            step=pairing.step.name,
            subject=f"{noun}:{key}",
            severity=Severity.WARNING,
        )


def _read_from(item: MainBlockPath) -> str:
    """`` (from env var `X`)`` for a path read from the environment."""
    return f" (from env var `{item.env}`)" if item.env is not None else ""


def _left_to_key_rules(project: Project, pairing: Pairing) -> set[tuple[str, str]]:
    """The ``__main__`` keys (noun, key) whose renaming ALN101 / ALN102 report when they run:
    their finding, at the key ``main`` uses, names the contract's key for the same path (one
    drift, one finding)."""
    return {
        (direction.noun, key)
        for direction in (INPUTS, OUTPUTS)
        if is_selected(direction.undeclared_rule, project.settings)
        for key in renamed_keys(project, pairing, direction)
    }
