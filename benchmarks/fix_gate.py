"""What the fix gate costs: ``--fix --unsafe-fixes`` with and without it, on the same projects.

``python benchmarks/fix_gate.py [--sizes 50,200] [--repeat 3] [--corpus cursus-a9d18ccc]``

For the real-code corpus (copied to a temporary directory; skipped when absent) and for generated
libraries of each size (``benchmarks/generate.py``, misalignments seeded), fixing runs in this
process exactly as ``alignlint check --fix --unsafe-fixes --no-cache`` does (the engine, the facts
kept in memory between passes, nothing written), once with the gate and once without it
(``run_fixes(gate=False)``: every fix that applies stays). Prints, for each, the findings fixed,
the passes, the analyses of the project and the best wall time of ``--repeat`` runs, and the ratio
gated / ungated. A plain ``check`` of the same project is printed for scale. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alignlint.core.settings import Settings
from alignlint.extract.facts import FileFacts
from alignlint.fix import FixPolicy, FixReport, run_fixes
from alignlint.fix.snapshot import Snapshot
from alignlint.rules.base import discover_rules
from alignlint.run.analysis import analyze
from benchmarks.generate import generate

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpus"


@dataclass(frozen=True)
class Figures:
    fixed: int
    passes: int
    analyses: int
    seconds: float


class Counted:
    """``analyze(overlay)`` for the fix loop, as the CLI builds it, counting its calls."""

    def __init__(self, root: Path, paths: list[str]) -> None:
        self.root = root
        self.paths = paths
        self.settings = Settings()
        self.rules = discover_rules()
        self.memo: dict[tuple[str, str], FileFacts] = {}
        self.calls = 0

    def __call__(self, overlay: Mapping[str, bytes]) -> Snapshot:
        self.calls += 1
        result = analyze(
            self.paths,
            self.settings,
            root=self.root,
            rules=self.rules,
            overlay=overlay,
            need_project=True,
            facts_memo=self.memo,
        )
        return Snapshot.from_project(result.diagnostics, result.unreported, result.project)


def best(repeat: int, run: Callable[[], tuple[FixReport, int]]) -> Figures:
    timings = []
    report, calls = run()
    for _ in range(repeat):
        started = time.perf_counter()
        report, calls = run()
        timings.append(time.perf_counter() - started)
    return Figures(report.fixed + report.revealed_fixed, report.passes, calls, min(timings))


def measure(root: Path, paths: list[str], repeat: int) -> tuple[float, Figures, Figures]:
    policy = FixPolicy(unsafe_fixes=True)

    def fixing(gate: bool) -> Callable[[], tuple[FixReport, int]]:
        def run() -> tuple[FixReport, int]:
            counted = Counted(root, paths)
            return run_fixes(root, counted, policy, write=False, gate=gate), counted.calls

        return run

    def check() -> tuple[FixReport, int]:
        counted = Counted(root, paths)
        counted({})
        return FixReport(), counted.calls

    plain = best(repeat, check).seconds
    return plain, best(repeat, fixing(True)), best(repeat, fixing(False))


def report_line(name: str, plain: float, gated: Figures, ungated: Figures) -> str:
    ratio = gated.seconds / ungated.seconds if ungated.seconds else float("nan")
    return (
        f"{name:<22} check {plain:6.2f} s | ungated {ungated.seconds:6.2f} s "
        f"({ungated.fixed} fixed, {ungated.passes} passes, {ungated.analyses} analyses) | "
        f"gated {gated.seconds:6.2f} s ({gated.fixed} fixed, {gated.passes} passes, "
        f"{gated.analyses} analyses) | gated/ungated {ratio:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="50,200")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", default="cursus-a9d18ccc")
    parser.add_argument("--package-dir", default="src/cursus")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        source = CORPORA / args.corpus
        if (source / args.package_dir).is_dir():
            copy = work / args.corpus
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".git"))
            for path in copy.rglob("*"):
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
            paths = [str(copy / args.package_dir)]
            print(report_line(args.corpus, *measure(copy, paths, args.repeat)), flush=True)
        else:
            print(f"(the corpus {source} is not here: skipped)")
        for size in (int(s) for s in args.sizes.split(",") if s):
            generate(work / f"steps-{size}", size)
            root = work / f"steps-{size}" / "lib"
            print(
                report_line(f"{size} generated steps", *measure(root, [], args.repeat)), flush=True
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
