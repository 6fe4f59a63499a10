"""Script-side helper for the unified ``main(input_paths, output_paths, environ_vars, job_args)``.

``ScriptInterface.from_contract`` builds the four arguments from a script contract: container
paths (optionally re-rooted so tests can map ``/opt/ml/...`` into a temporary directory), the
contract's environment variables, and the parsed command-line arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from alignlint.runtime.contract import ScriptContract


class ScriptInterfaceError(ValueError):
    """The environment or command line does not satisfy the script contract."""


def map_path(container_path: str, root: Path | None) -> str:
    """``container_path`` itself, or re-rooted under ``root`` (``/opt/ml/x`` -> ``root/opt/ml/x``)."""
    if root is None:
        return container_path
    return str(root / container_path.lstrip("/"))


def missing_env_vars(contract: ScriptContract, environ: Mapping[str, str]) -> list[str]:
    """Required env vars of the contract that ``environ`` does not set, in contract order."""
    return [name for name in contract.required_env_vars if name not in environ]


def argument_parser(contract: ScriptContract) -> argparse.ArgumentParser:
    """A parser accepting each expected argument as ``--a_b`` and ``--a-b``, with its default."""
    parser = argparse.ArgumentParser(prog=contract.entry_point, description=contract.description)
    for flag, default in contract.expected_arguments.items():
        name = flag.lstrip("-")
        dest = name.replace("-", "_")
        spellings = sorted({f"--{dest}", f"--{dest.replace('_', '-')}"})
        parser.add_argument(*spellings, dest=dest, default=default)
    return parser


@dataclass(frozen=True)
class ScriptInterface:
    """The four arguments of a unified script ``main``."""

    input_paths: dict[str, str]
    output_paths: dict[str, str]
    environ_vars: dict[str, str]
    job_args: argparse.Namespace

    @classmethod
    def from_contract(
        cls,
        contract: ScriptContract,
        *,
        root: Path | None = None,
        environ: Mapping[str, str] | None = None,
        argv: Sequence[str] | None = None,
        create_output_dirs: bool = True,
    ) -> ScriptInterface:
        """Build the arguments; ``environ`` defaults to ``os.environ``, ``argv`` to ``sys.argv``.

        Raises:
            ScriptInterfaceError: a required env var is missing or an argument is unknown.
        """
        env = dict(os.environ if environ is None else environ)
        missing = missing_env_vars(contract, env)
        if missing:
            raise ScriptInterfaceError(
                f"{contract.entry_point}: required environment variables not set: "
                f"{', '.join(missing)}"
            )
        environ_vars = {name: env[name] for name in contract.required_env_vars}
        for name, default in contract.optional_env_vars.items():
            environ_vars[name] = env.get(name, default)
        arguments = list(sys.argv[1:] if argv is None else argv)
        job_args, unknown = argument_parser(contract).parse_known_args(arguments)
        if unknown:
            raise ScriptInterfaceError(
                f"{contract.entry_point}: arguments not declared in the contract: "
                f"{' '.join(unknown)}"
            )
        input_paths = {
            name: map_path(path, root) for name, path in contract.expected_input_paths.items()
        }
        output_paths = {
            name: map_path(path, root) for name, path in contract.expected_output_paths.items()
        }
        if create_output_dirs:
            for path in output_paths.values():
                Path(path).mkdir(parents=True, exist_ok=True)
        return cls(input_paths, output_paths, environ_vars, job_args)
