"""The ``alignlint`` command through a real subprocess: exit codes, outputs, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alignlint.cli.main import BASELINE_HINT, main

REPO = Path(__file__).resolve().parents[2]
CONTRACT = """from alignlint.runtime.contract import ScriptContract

X_CONTRACT = ScriptContract(
    entry_point="x.py",
    expected_input_paths={"input_data": "/opt/ml/processing/input/data"},
)
"""


def alignlint(
    cwd: Path, *args: str, env: dict[str, str] | None = None, unset: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **(env or {})}
    for name in ("ALIGNLINT_OUTPUT_FORMAT", *unset):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "alignlint", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "steps").mkdir()
    (tmp_path / "steps" / "bad.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    (tmp_path / "steps" / "x_contract.py").write_text(CONTRACT, encoding="utf-8")
    return tmp_path


def test_findings_exit_1_with_concise_output(project: Path) -> None:
    result = alignlint(project, "check", "--output-format", "concise", "--select", "ALN0")
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        "steps/bad.py:1:7: ALN001 syntax error: invalid syntax\n"
        "steps/x_contract.py:3:1: ALN003 contract X_CONTRACT: no linked spec or config refers to it\n"
        "Found 2 problems (1 error, 1 warning).\n"
        f"{BASELINE_HINT}\n"
    )
    assert result.stderr == ""


def test_exit_zero_and_clean_project(project: Path) -> None:
    assert alignlint(project, "check", "--exit-zero").returncode == 0
    assert alignlint(project, "check").returncode == 1
    clean = alignlint(project, "check", "--select", "ALN002")
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")


def test_fail_on_decides_the_exit_code(project: Path) -> None:
    warning_only = ("--select", "ALN003")
    assert alignlint(project, "check", *warning_only).returncode == 1
    relaxed = alignlint(project, "check", *warning_only, "--config", "fail-on = 'error'")
    assert relaxed.returncode == 0
    assert "ALN003" in relaxed.stdout


def test_select_ignore_by_prefix_and_name(project: Path) -> None:
    result = alignlint(
        project,
        "check",
        "--output-format",
        "concise",
        "--select",
        "ALN0",
        "--ignore",
        "syntax-error",
    )
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()[:-2]] == [
        "ALN003"
    ]
    assert result.stdout.splitlines()[-2] == "Found 1 problem (0 errors, 1 warning)."


def test_paths_are_relative_to_the_current_directory(project: Path) -> None:
    result = alignlint(project / "steps", "check", "--output-format", "json", "--select", "ALN0")
    filenames = [item["filename"] for item in json.loads(result.stdout)]
    assert filenames == ["bad.py", "x_contract.py"]


def test_several_outputs_in_one_run(project: Path) -> None:
    result = alignlint(
        project,
        "check",
        "--output-format",
        "concise",
        "--output-format",
        "json:out/report.json",
        "--output-format",
        "json-lines:report.jsonl",
        "--select",
        "ALN0",
    )
    assert result.returncode == 1
    assert result.stdout.startswith("steps/bad.py:1:7: ALN001")
    report = json.loads((project / "out" / "report.json").read_text(encoding="utf-8"))
    lines = (project / "report.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == report
    assert [item["code"] for item in report] == ["ALN001", "ALN003"]


def test_statistics_show_counts_and_what_was_checked(project: Path) -> None:
    result = alignlint(project, "check", "--statistics", "--select", "ALN0")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "1\tALN001\t[ ] syntax-error",
        "1\tALN003\t[ ] unresolved-link",
        "Found 2 problems (1 error, 1 warning).",
    ]
    assert "Checked 2 files (1 parsed), 0 steps." in lines
    assert "  rules run: 4" in lines


def test_statistics_as_json_say_what_was_checked(project: Path) -> None:
    result = alignlint(
        project, "check", "--statistics", "--select", "ALN0", "--output-format", "json"
    )
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["statistics"] == [
        {"code": "ALN001", "name": "syntax-error", "count": 1, "fixable": False},
        {"code": "ALN003", "name": "unresolved-link", "count": 1, "fixable": False},
    ]
    assert payload["checked"]["files"] == 2
    assert payload["checked"]["steps"] == 0
    assert payload["checked"]["counters"]["rules run"] == 4


def test_show_links_prints_the_link_table(project: Path) -> None:
    result = alignlint(project, "check", "--show-links", "--output-format", "concise")
    assert result.stdout.startswith("unlinked\n  contract  steps/x_contract.py:3:1 ")


def test_full_output_is_the_default(project: Path) -> None:
    result = alignlint(project, "check", "steps/bad.py")
    assert result.stdout == (
        "ALN001 syntax error: invalid syntax\n"
        " --> steps/bad.py:1:7\n"
        "  |\n"
        "1 | def f(:\n"
        "  |       ^\n"
        "2 |     pass\n"
        "  |\n"
        "\n"
        "Found 1 problem (1 error, 0 warnings).\n"
        f"{BASELINE_HINT}\n"
    )


def test_exclude_applies_to_explicit_files_with_force_exclude(project: Path) -> None:
    (project / "alignlint.toml").write_text('extend-exclude = ["bad.py"]\n', encoding="utf-8")
    result = alignlint(project, "check", "--force-exclude", "steps/bad.py")
    assert (result.returncode, result.stdout) == (0, "All checks passed!\n")
    named = alignlint(project, "check", "steps/bad.py")
    assert named.returncode == 1 and "ALN001" in named.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "missing"), "error: missing: No such file or directory\n"),
        (("check", "--select", "XYZ"), "error: --select: unknown rule selector `XYZ`\n"),
        (
            ("rule", "unused-supression"),
            "error: unknown rule code or name `unused-supression`; "
            "did you mean `unused-suppression`?\n",
        ),
    ],
)
def test_usage_errors_exit_2(project: Path, args: tuple[str, ...], message: str) -> None:
    result = alignlint(project, *args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_bad_output_format_is_a_usage_error(project: Path) -> None:
    result = alignlint(project, "check", "--output-format", "xml")
    assert result.returncode == 2
    assert "unknown output format 'xml'" in result.stderr


def test_config_error_exits_2_with_location(project: Path) -> None:
    (project / "alignlint.toml").write_text("select = 1\n", encoding="utf-8")
    result = alignlint(project, "check")
    assert result.returncode == 2
    assert result.stderr == (
        "error: alignlint.toml:1: select: invalid value: expected an array of strings, "
        "got an integer (1)\n"
    )


def test_crashing_rule_is_reported_without_a_traceback(project: Path) -> None:
    plugin = project / "crashing_plugin"
    plugin.mkdir()
    (plugin / "__init__.py").write_text(
        "from alignlint.rules.base import Rule\n"
        "class Crash(Rule):\n"
        "    '''Crashes.'''\n"
        "    code = 'ZZZ001'\n"
        "    name = 'crash'\n"
        "    summary = 'crashes'\n"
        "    def check(self, project):\n"
        "        raise ZeroDivisionError('boom')\n",
        encoding="utf-8",
    )
    dist = project / "crashing_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Name: crashing-plugin\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[alignlint.rules]\ncrash = crashing_plugin:Crash\n", encoding="utf-8"
    )
    env = {"PYTHONPATH": f"{REPO}{os.pathsep}{project}"}
    result = alignlint(project, "check", "--select", "ALL", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: alignlint failed while rule ZZZ001 (crash): ZeroDivisionError: boom\n"
        "This is a bug in alignlint"
    )
    assert "Traceback" not in result.stderr
    debug = alignlint(project, "check", "--select", "ALL", env={**env, "ALIGNLINT_DEBUG": "1"})
    assert "Traceback (most recent call last)" in debug.stderr


def test_rule_prints_documentation(project: Path) -> None:
    result = alignlint(project, "rule", "unused-suppression")
    assert result.returncode == 0
    assert result.stdout.startswith(
        "# unused-suppression (ALN004)\n\nDefault severity: warning.\n\n## What it does\n"
    )
    every = alignlint(project, "rule", "--all", "--output-format", "json")
    codes = [rule["code"] for rule in json.loads(every.stdout)]
    assert codes[:4] == ["ALN001", "ALN002", "ALN003", "ALN004"]


def test_config_show_and_version(project: Path) -> None:
    (project / "alignlint.toml").write_text('roots = ["steps"]\n', encoding="utf-8")
    result = alignlint(project, "config", "show")
    assert result.returncode == 0
    assert 'roots = ["steps"]  # alignlint.toml\n' in result.stdout
    version = alignlint(project, "--version")
    assert version.stdout.startswith("alignlint ")


def test_importing_the_cli_does_not_import_heavy_dependencies(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import alignlint.cli.main, alignlint"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "alignlint.cli.main" in imported
    heavy = {"sagemaker", "pydantic", "libcst", "rich", "alignlint.run.analysis"}
    assert (
        sorted(module for module in imported if module.split(".")[0] in heavy or module in heavy)
        == []
    )


def test_a_warm_check_imports_only_what_it_needs(project: Path) -> None:
    """The pre-commit case: no entry-point scan, no fixer, no worker pool, no heavy packages."""
    command = [sys.executable, "-X", "importtime", "-m", "alignlint", "check", "."]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for _ in range(2):  # the first run fills the cache
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "alignlint.run.cached_result" in imported  # the findings came from the cache
    unwanted = {
        "importlib.metadata",
        "alignlint.fix",
        "concurrent.futures",
        "multiprocessing",
        "libcst",
        "pydantic",
        "rich",
        "sagemaker",
    }
    assert sorted(imported & unwanted) == []


def test_the_command_line_prints_everything_before_it_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m alignlint`` ends the process without tearing the interpreter down
    (:func:`alignlint.cli.main.run`): its output, short (still in the stream's buffer at the
    end) or long, is flushed first and is what :func:`~alignlint.cli.main.main` prints in
    process; so are its exit codes."""
    for command in (["version"], ["rule", "--all"]):
        # Buffered output, as a user's shell has it.
        printed = alignlint(tmp_path, *command, unset=("PYTHONUNBUFFERED",))
        assert printed.returncode == 0
        assert main(command) == 0
        assert printed.stdout == capsys.readouterr().out, command
    assert len(printed.stdout) > 65536
    refused = alignlint(tmp_path, "rule")
    assert refused.returncode == 2
    assert "give either a rule code or name" in refused.stderr


def test_clean_removes_the_cache_a_check_wrote(project: Path) -> None:
    assert alignlint(project, "check").returncode == 1
    cache = project / ".alignlint_cache"
    assert sorted(path.name for path in (cache / "plugins").iterdir())[-1].startswith("catalogue-")
    cleaned = alignlint(project, "clean")
    assert (cleaned.returncode, cleaned.stdout, cleaned.stderr) == (
        0,
        f"Removed cache directory {cache}\n",
        "",
    )
    assert not cache.exists()
