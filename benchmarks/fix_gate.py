"""What the fix gate costs: ``--fix --unsafe-fixes`` with and without it, on the same projects.

``python benchmarks/fix_gate.py [--sizes 50,200] [--repeat 3] [--corpus cursus-a9d18ccc]``

For the real-code corpus (copied to a temporary directory; skipped when absent) and for generated
libraries of each size (``benchmarks/generate.py``, misalignments seeded), fixing runs in this
process as ``alignlint check --fix --unsafe-fixes --no-cache --jobs 1`` does (the engine, the
facts kept in memory between passes, nothing written), once with the gate and once without it
(``run_fixes(gate=False)``: every fix that applies stays). Prints, for each, the findings fixed,
the passes, the analyses of the project and the best CPU time of ``--repeat`` rounds (this
process does all the work; the three runs are interleaved in each round; wall time is printed
too), and the ratio gated / ungated. A plain ``check`` of the same project is printed for
scale. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alignlint.fix import FixPolicy, FixReport, run_fixes
from benchmarks.generate import generate

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from realworld.fix_trial import Corpus, corpus_copy  # noqa: E402
from realworld.verdicts import CORPORA  # noqa: E402


@dataclass(frozen=True)
class Figures:
    fixed: int
    passes: int
    analyses: int
    seconds: float
    wall: float


def measure(root: Path, package_dir: str, repeat: int) -> tuple[Figures, Figures, Figures]:
    """A plain check, fixing with the gate and fixing without it: the best of ``repeat`` rounds,
    the three interleaved in each round so that a change of the machine's load hits them alike."""
    policy = FixPolicy(unsafe_fixes=True)

    def check() -> tuple[FixReport, int]:
        engine = Corpus(root, package_dir, jobs=1)
        engine.snapshot({})
        return FixReport(), engine.calls

    def fixing(gate: bool) -> Callable[[], tuple[FixReport, int]]:
        def run() -> tuple[FixReport, int]:
            engine = Corpus(root, package_dir, jobs=1)
            return run_fixes(root, engine.snapshot, policy, write=False, gate=gate), engine.calls

        return run

    runs = (check, fixing(True), fixing(False))
    for run in runs:  # warm up: imports, the files in the page cache
        run()
    timings: list[list[tuple[float, float]]] = [[] for _ in runs]
    outcomes: list[tuple[FixReport, int]] = [(FixReport(), 0) for _ in runs]
    for _ in range(repeat):
        for index, run in enumerate(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            outcomes[index] = run()
            timings[index].append((time.process_time() - cpu, time.perf_counter() - wall))
    figures = []
    for (report, calls), measured in zip(outcomes, timings, strict=True):
        cpu_seconds, wall_seconds = min(measured)
        fixed = report.fixed + report.revealed_fixed
        figures.append(Figures(fixed, report.passes, calls, cpu_seconds, wall_seconds))
    return figures[0], figures[1], figures[2]


def report_line(name: str, plain: Figures, gated: Figures, ungated: Figures) -> str:
    ratio = gated.seconds / ungated.seconds if ungated.seconds else float("nan")
    return (
        f"{name:<22} check {plain.seconds:5.2f} s | ungated {ungated.seconds:5.2f} s "
        f"({ungated.fixed} fixed, {ungated.passes} passes, {ungated.analyses} analyses) | "
        f"gated {gated.seconds:5.2f} s ({gated.fixed} fixed, {gated.passes} passes, "
        f"{gated.analyses} analyses) | gated/ungated {ratio:.2f} (CPU; wall {plain.wall:.2f} / "
        f"{ungated.wall:.2f} / {gated.wall:.2f} s)"
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
            copy = corpus_copy(source, work / args.corpus)
            print(
                report_line(args.corpus, *measure(copy, args.package_dir, args.repeat)), flush=True
            )
        else:
            print(f"(the corpus {source} is not here: skipped)")
        for size in (int(s) for s in args.sizes.split(",") if s):
            generate(work / f"steps-{size}", size)
            root = work / f"steps-{size}" / "lib"
            print(
                report_line(f"{size} generated steps", *measure(root, ".", args.repeat)), flush=True
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
