"""What ``alignlint`` imports at start-up, and what it costs (``python -X importtime``).

``python benchmarks/importtime.py [--top 20] [-- ALIGNLINT ARGS ...]`` (default args:
``check --help``). Prints the total import time, the heaviest top-level packages by cumulative
time, the heaviest single modules by self time, and whether modules that a warm ``check`` must not
need (``sagemaker``, ``libcst``, ``rich``, ``pydantic``, ...) were imported.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

UNWANTED_ON_CHECK: tuple[str, ...] = (
    "sagemaker",
    "boto3",
    "botocore",
    "libcst",
    "rich",
    "pydantic",
    "pandas",
    "numpy",
)
"""Packages a warm ``alignlint check`` should not import (libcst only when fixing)."""


@dataclass(frozen=True)
class ImportLine:
    """One line of ``-X importtime`` output."""

    self_us: int
    cumulative_us: int
    module: str
    depth: int


def parse_importtime(stderr: str) -> list[ImportLine]:
    """The ``import time:`` lines of ``stderr`` (the header line is skipped)."""
    lines = []
    for raw in stderr.splitlines():
        if not raw.startswith("import time:") or "self [us]" in raw:
            continue
        fields = raw[len("import time:") :].split("|")
        if len(fields) != 3:
            continue
        name = fields[2].rstrip()
        stripped = name.lstrip()
        depth = (len(name) - len(stripped) - 1) // 2
        lines.append(ImportLine(int(fields[0]), int(fields[1]), stripped, depth))
    return lines


def measure(arguments: Sequence[str], cwd: Path) -> list[ImportLine]:
    command = [sys.executable, "-X", "importtime", "-m", "alignlint", *arguments]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    completed = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment, check=False
    )
    lines = parse_importtime(completed.stderr)
    if not lines:
        raise SystemExit(
            f"no -X importtime output from {' '.join(command)} (exit {completed.returncode}):\n"
            + completed.stderr[-2000:]
        )
    return lines


def report(lines: Sequence[ImportLine], top: int) -> str:
    total = sum(line.self_us for line in lines)
    packages: dict[str, int] = {}
    for line in lines:
        if line.depth == 0:
            root = line.module.split(".")[0]
            packages[root] = packages.get(root, 0) + line.cumulative_us
    imported_roots = {line.module.split(".")[0] for line in lines}
    out = [f"total import time: {total / 1000:.1f} ms, {len(lines)} modules", ""]
    out.append(f"heaviest top-level packages (cumulative ms), top {top}:")
    ranked = sorted(packages.items(), key=lambda item: (-item[1], item[0]))[:top]
    out.extend(f"  {us / 1000:8.1f}  {name}" for name, us in ranked)
    out.append("")
    out.append(f"heaviest modules (self ms), top {top}:")
    heaviest = sorted(lines, key=lambda line: (-line.self_us, line.module))[:top]
    out.extend(f"  {line.self_us / 1000:8.1f}  {line.module}" for line in heaviest)
    out.append("")
    unwanted = [name for name in UNWANTED_ON_CHECK if name in imported_roots]
    out.append(
        "imported but not needed by a warm check: " + (", ".join(unwanted) if unwanted else "none")
    )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--cwd", type=Path, default=REPO, help="directory to run alignlint in")
    parser.add_argument("alignlint_args", nargs="*", help="arguments after --")
    args = parser.parse_args(argv)
    arguments = args.alignlint_args or ["check", "--help"]
    print(f"python -X importtime -m alignlint {' '.join(arguments)}")
    print(report(measure(arguments, args.cwd), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
