"""Precision of alignlint on a real step library, by the verdict file, overall and per rule.

``python benchmarks/precision.py [--corpus cursus-a9d18ccc] [--package-dir src/cursus]``

Runs ``alignlint check`` with the default rule selection on ``../shared/corpus/<corpus>`` and
counts, among the findings it reports, those judged ``true`` and ``false`` in
``tests/realworld/<corpus>.csv`` (see ``tests/realworld/verdicts.py``). Prints a table; findings
without a verdict are listed separately. It prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from realworld.verdicts import (  # noqa: E402
    CORPORA,
    precision,
    precision_table,
    read_rows,
    run_alignlint,
    verdict_file,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", default="cursus-a9d18ccc")
    parser.add_argument("--package-dir", default="src/cursus")
    args = parser.parse_args(argv)
    root = CORPORA / args.corpus
    if not (root / args.package_dir).is_dir():
        print(f"the corpus {root / args.package_dir} is not here", file=sys.stderr)
        return 2
    findings = run_alignlint(root, args.package_dir)
    rows = read_rows(verdict_file(args.corpus))
    result = precision(rows, findings)
    print(f"alignlint on {args.corpus} ({args.package_dir}), default rule selection:")
    print(precision_table(result))
    judged = {row.fingerprint for row in rows if row.verdict in ("true", "false")}
    unjudged = [finding for finding in findings if finding.fingerprint not in judged]
    if unjudged:
        print(f"\n{len(unjudged)} findings without a verdict:")
        for finding in unjudged:
            print(f"  {finding.code} {finding.file}:{finding.line} {finding.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
