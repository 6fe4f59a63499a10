"""Phase 1 alone, in one process: ``extract_deferring`` on every Python file under a directory,
against the ``ast.parse`` floor of the same files.

    python benchmarks/extraction.py ROOT [--repeat N] [--under SUBDIR]

prints the CPU seconds of each (best of N, the files already read into memory), their ratio
and the load average. Paths are relative to ROOT, as a run from ROOT names them.
"""

from __future__ import annotations

import argparse
import ast
import gc
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def _best(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--under", default="", help="only the files under this subdirectory")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from alignlint.core.settings import Settings
    from alignlint.extract import extract_deferring

    root: Path = args.root
    files = [
        (path.relative_to(root).as_posix(), path.read_bytes())
        for path in sorted((root / args.under).rglob("*.py"))
        if "__pycache__" not in path.parts
    ]
    settings = Settings()

    def parse() -> None:
        for path, data in files:
            ast.parse(data, filename=path)

    def extract() -> None:
        for path, data in files:
            extract_deferring(path, data, settings)

    gc.disable()  # as a check runs
    floor = _best(args.repeat, parse)
    extraction = _best(args.repeat, extract)
    load = os.getloadavg()
    print(
        f"{len(files)} files: ast floor {floor:.3f} s, extraction {extraction:.3f} s "
        f"({extraction / floor:.2f}x), CPU best of {args.repeat}; "
        f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
