"""Regenerate the sample outputs in ``README.md`` and ``docs/*.md`` by running the commands they
show.

A sample is a ``<!-- sample: COMMAND -->`` line followed by a fenced ``console`` block; the block
is rewritten as a terminal shows it: ``$ COMMAND``, what the command prints on stdout, then
``$ echo $?`` and its exit status. Commands run from the repository root with this interpreter's
alignlint and without colour. ``--check`` exits 1 when a sample is out of date (the test suite runs
it, so the docs cannot drift from what the commands print). Without file arguments it rewrites
``README.md`` and every page of ``docs/`` that holds a sample.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SAMPLE = re.compile(r"^<!-- sample: (?P<command>.+?) -->\n```console\n.*?^```\n", re.M | re.S)


def run(command: str) -> str:
    """The console block body for ``command``: the prompt line, its stdout, its exit status."""
    words = shlex.split(command)
    if not words or words[0] != "alignlint":
        raise SystemExit(f"sample `{command}`: only alignlint commands are run")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ALIGNLINT_") and key not in ("FORCE_COLOR", "GITHUB_STEP_SUMMARY")
    }
    environment.update(NO_COLOR="1", PYTHONPATH=str(ROOT))
    completed = subprocess.run(
        [sys.executable, "-m", "alignlint", *words[1:]],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode not in (0, 1):
        raise SystemExit(f"sample `{command}` failed:\n{completed.stderr}")
    return f"$ {command}\n{completed.stdout}$ echo $?\n{completed.returncode}\n"


def updated(text: str) -> str:
    """The README with every sample regenerated."""

    def sample(match: re.Match[str]) -> str:
        command = match.group("command")
        return f"<!-- sample: {command} -->\n```console\n{run(command)}```\n"

    return SAMPLE.sub(sample, text)


def default_files() -> list[Path]:
    """``README.md`` and the pages of ``docs/`` that hold a sample."""
    pages = sorted((ROOT / "docs").glob("*.md"))
    return [README] + [page for page in pages if SAMPLE.search(page.read_text(encoding="utf-8"))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a sample is stale")
    parser.add_argument(
        "files", nargs="*", type=Path, help="Markdown files (default: README.md and docs/)"
    )
    args = parser.parse_args(argv)
    stale = 0
    for document in args.files or default_files():
        stale += _regenerate(document, check=args.check)
    return 1 if stale else 0


def _regenerate(document: Path, *, check: bool) -> int:
    """Rewrite (``check``: compare) the samples of ``document``; 1 when stale or sample-less."""
    current = document.read_text(encoding="utf-8")
    if not SAMPLE.search(current):
        print(f"{document.name} has no `<!-- sample: COMMAND -->` block")
        return 1
    wanted = updated(current)
    if wanted == current:
        return 0
    if check:
        print(f"{document.name} samples are out of date: run scripts/generate_readme_samples.py")
        diff = difflib.unified_diff(
            current.splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            document.name,
            f"{document.name} (generated)",
        )
        sys.stdout.writelines(diff)
        return 1
    document.write_text(wanted, encoding="utf-8")
    print(f"wrote {document.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
