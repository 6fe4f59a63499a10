"""A long-lived ``alignlint check`` worker for the generated-programs test.

Started as a separate interpreter (with its own ``PYTHONHASHSEED``), it reads one project
directory per line on stdin, checks it like ``scripts/robustness.py`` does, and writes one JSON
line per request: ``{"status", "exit_code", "output", "message"}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from robustness_harness import robustness, working_directory


def serve() -> None:
    """Answer requests until stdin closes."""
    for line in sys.stdin:
        with working_directory(Path(line.rstrip("\n"))):
            run = robustness.check_command(["."])
        answer = {
            "status": run.status,
            "exit_code": run.exit_code,
            "output": run.output,
            "message": run.message,
        }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
