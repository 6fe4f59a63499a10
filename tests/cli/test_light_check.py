"""`alignlint check` stays light: the heavy dependencies are for fixes (libcst) and the runtime
library (pydantic, the SageMaker SDK), imported only where those run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "drifted_pipeline"
HEAVY = ("libcst", "pydantic", "sagemaker", "boto3", "botocore")

PROGRAM = """
import sys
from alignlint.cli.main import main
try:
    main(["check", sys.argv[1], "--no-cache", "--exit-zero", "--output-format", "json"])
except SystemExit:
    pass
print("LOADED", sorted(name for name in sys.argv[2:] if name in sys.modules))
"""


def test_check_imports_none_of_the_heavy_dependencies() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(EXAMPLE), *HEAVY],
        capture_output=True,
        text=True,
        check=False,
    )
    assert '"code": "ALN107"' in completed.stdout, completed.stderr  # it really checked
    assert completed.stdout.rstrip().endswith("LOADED []"), completed.stdout[-300:]
