"""Every fix alignlint offers on a real step library, tried alone, with the figures.

``python benchmarks/corpus_fixes.py [--corpus cursus-a9d18ccc] [--package-dir src/cursus]``

Copies ``../shared/corpus/<corpus>`` to a temporary directory and tries each offered fix alone
(``tests/realworld/fix_trial.py``: it applies, the files re-parse, its finding goes, no new
finding appears, a second run changes nothing). Prints one line per fix, then per rule how many
were offered, passed and failed, the findings their link repairs revealed, and the time taken.
The CI runs a bounded sample of the same (``tests/realworld/test_corpus_fixes.py``); this prints
figures and never fails on them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from realworld.fix_trial import Corpus, corpus_copy  # noqa: E402
from realworld.verdicts import CORPORA  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", default="cursus-a9d18ccc")
    parser.add_argument("--package-dir", default="src/cursus")
    args = parser.parse_args(argv)
    source = CORPORA / args.corpus
    if not (source / args.package_dir).is_dir():
        print(f"the corpus {source / args.package_dir} is not here", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as directory:
        corpus = Corpus(corpus_copy(source, Path(directory) / args.corpus), args.package_dir)
        started = time.perf_counter()
        offers = corpus.offers()
        trials = []
        for offer in offers:
            trial = corpus.try_alone(offer)
            trials.append(trial)
            verdict = "ok  " if trial.passed else "FAIL"
            extra = f", revealed {trial.revealed}" if trial.revealed else ""
            print(f"{verdict} {offer.label} [{len(trial.files)} file(s){extra}]")
            for problem in trial.problems:
                print(f"       {problem}")
        elapsed = time.perf_counter() - started
    offered = Counter(trial.offer.finding.code for trial in trials)
    passed = Counter(trial.offer.finding.code for trial in trials if trial.passed)
    revealed = Counter()
    for trial in trials:
        revealed[trial.offer.finding.code] += trial.revealed
    print()
    print(f"{'rule':<8} {'offered':>7} {'passed':>7} {'failed':>7} {'revealed':>8}")
    for code in sorted(offered):
        failed = offered[code] - passed[code]
        print(f"{code:<8} {offered[code]:>7} {passed[code]:>7} {failed:>7} {revealed[code]:>8}")
    total_passed = sum(passed.values())
    total = len(trials)
    print(
        f"{'total':<8} {total:>7} {total_passed:>7} {total - total_passed:>7} "
        f"{sum(revealed.values()):>8}"
    )
    print(f"\n{total} fixes tried alone in {elapsed:.1f} s ({elapsed / max(total, 1):.2f} s each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
