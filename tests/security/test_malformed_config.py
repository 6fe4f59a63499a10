"""Every malformed configuration value is a configuration error (exit 2, naming the file, the
line and the key), never an internal error ("This is a bug") nor a value silently misread."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .support import HANG, REPO, alignlint, make_project

MALFORMED = [
    ("[rules.ALN105]\nplatform-paths = 1\n", "rules.ALN105.platform-paths", "an array of absolute"),
    ('[rules.ALN105]\nplatform-paths = ["/"]\n', "rules.ALN105.platform-paths", "every container"),
    ('[rules.ALN105]\nplatform-paths = "/x"\n', "rules.ALN105.platform-paths", "array of"),
    ("[rules.ALN105]\nplatform-paths = [1]\n", "rules.ALN105.platform-paths", "array of"),
    ("[rules.ALN105]\nplatform-paths = 1979-05-27\n", "rules.ALN105.platform-paths", "array"),
    ("[rules.ALN514]\nbuilder = {a = 1}\n", "rules.ALN514.builder", "an array of file name"),
    ('select = [""]\n', "select", "empty rule selector"),
    ('roots = [""]\n', "roots", "expected a path"),
    ('cache-dir = " "\n', "cache-dir", "expected a path"),
    ("max-file-size = 0\n", "max-file-size", "positive size"),
    ('max-file-size = "lots"\n', "max-file-size", "a size in bytes"),
    ("max-file-size = true\n", "max-file-size", "a size in bytes"),
    ('external-input-pattern = "("\n', "external-input-pattern", "invalid regular expression"),
    ("severity = { ALN101 = 1 }\n", "severity", "expected a string"),
    ('fail-on = "fatal"\n', "fail-on", "fatal"),
    ("extend = 3\n", "extend", "expected a string"),
]


@pytest.mark.parametrize(("text", "key", "reason"), MALFORMED)
def test_malformed_values_are_configuration_errors(
    tmp_path: Path, home: Path, text: str, key: str, reason: str
) -> None:
    root = make_project(tmp_path / "repo", config=text)
    result = alignlint(root, home, "check")
    assert result.returncode == 2
    assert result.stderr.startswith("error: alignlint.toml:")
    assert f": {key}" in result.stderr and reason in result.stderr
    assert "bug" not in result.stderr


def test_a_pyproject_with_an_array_of_tables_is_a_configuration_error(
    tmp_path: Path, home: Path
) -> None:
    root = make_project(tmp_path / "repo")
    (root / "alignlint.toml").unlink()
    (root / "pyproject.toml").write_text('[[tool.alignlint]]\nselect = ["ALN1"]\n')
    result = alignlint(root, home, "check")
    assert result.returncode == 2
    assert result.stderr.startswith("error: pyproject.toml:1: tool.alignlint: expected a table")


@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_a_bad_job_count_is_a_usage_error(tmp_path: Path, home: Path, jobs: str) -> None:
    root = make_project(tmp_path / "repo")
    result = alignlint(root, home, "check", "--jobs", jobs)
    assert result.returncode == 2
    assert "--jobs: expected a positive integer" in result.stderr


def test_malformed_values_fuzz_never_reach_an_internal_error(tmp_path: Path, home: Path) -> None:
    """Every key, and every rule option, against values of every TOML type."""
    from alignlint.rules.base import discover_rules
    from alignlint.run.configuration import KEYS

    values = ["1", "-1", "1.5", "true", '"x"', '""', "[]", "[1]", '["x"]', "{}", "{a = 1}"]
    values += ['{a = ["x"]}', "1979-05-27", '["["]', '"(?P<a>"']
    lines = [f"{key} = {value}" for key in sorted(KEYS) for value in values]
    for rule in discover_rules():
        for option in rule.default_options:
            lines += [f"rules.{rule.code}.{option} = {value}" for value in values]
    root = make_project(tmp_path / "repo")
    script = "\n".join(lines)
    (tmp_path / "cases.txt").write_text(script, encoding="utf-8")
    program = (
        "import contextlib, io, sys\n"
        "from pathlib import Path\n"
        "from alignlint.cli.main import main\n"
        "bad = []\n"
        f"for line in Path({str(tmp_path / 'cases.txt')!r}).read_text().splitlines():\n"
        "    Path('alignlint.toml').write_text(line + '\\n')\n"
        "    err = io.StringIO()\n"
        "    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):\n"
        "        code = main(['check', '--no-cache'])\n"
        "    if code not in (0, 1, 2) or 'bug' in err.getvalue():\n"
        "        bad.append(line + ' -> ' + err.getvalue())\n"
        "print('\\n'.join(bad))\n"
    )
    outcome = subprocess.run(
        [sys.executable, "-c", program],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
        timeout=HANG,
    )
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stdout.strip() == ""
