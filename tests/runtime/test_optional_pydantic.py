"""pydantic is the runtime library's dependency, not the linter's: checking works without it, and
the runtime library says which extra to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BLOCK_PYDANTIC = "import sys; sys.modules['pydantic'] = None; "


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", BLOCK_PYDANTIC + code],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_runs_without_pydantic() -> None:
    done = _python(
        "from alignlint.cli.main import main; "
        "sys.exit(main(['check', 'examples/drifted_pipeline', '--no-cache', "
        "'--output-format', 'concise']))",
        REPO,
    )
    assert done.returncode == 1, done.stderr
    assert "ALN107" in done.stdout
    assert "pydantic" not in done.stderr


def test_the_runtime_library_names_the_extra_to_install() -> None:
    done = _python("import alignlint.runtime", REPO)
    assert done.returncode == 1
    assert "pip install 'alignlint[runtime]'" in done.stderr
    assert "ModuleNotFoundError" not in done.stderr


def test_the_extras_carry_pydantic_and_the_core_does_not() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    core = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    assert "pydantic" not in core
    assert 'runtime = ["pydantic' in text
    assert 'sagemaker = ["alignlint[runtime]"' in text
