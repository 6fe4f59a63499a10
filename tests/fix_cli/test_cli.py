"""``alignlint check`` with the fix options, through a real subprocess on fixture cases' projects.

The projects: ALN206 (a wrong property path; safe fix), ALN201 (a contract key spelled differently
from the spec; unsafe fix), each optionally with ``extra.py`` holding an unknown suppression code
(ALN004; safe fix that removes it).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_cases import case_path, load_case

from alignlint.cli.main import BASELINE_HINT

from .support import REPO, project_of, snapshot

WRONG_PATH = "contract_spec/ALN206_property_path_wrong_output_fires"
MISSPELLED_KEY = "contract_spec/ALN201_dependency_not_in_contract_fires"
CLEAN = "contract_spec/ALN206_property_path_wrong_output_silent"
SPEC = "specs/preprocess_spec.py"
CONTRACT = "contracts/preprocess_contract.py"
EXTRA = "X = 1  # alignlint: ignore[ALN999]\n"
HIDDEN = "(1 hidden fix can be enabled with the `--unsafe-fixes` option)"
ALN206 = (
    "specs/preprocess_spec.py:36:71: ALN206 [*] property path of output 'processed_data' in spec "
    "PREPROCESS_SPEC reads Outputs['data']; the builder names the processing output "
    "'processed_data', so the path must read Outputs['processed_data']"
)


def alignlint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    environment.pop("ALIGNLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-m", "alignlint", "check", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def project(tmp_path: Path, case: str, *, extra: bool = False, config: str = "") -> Path:
    root = project_of(case, tmp_path / "project")
    if extra:
        (root / "extra.py").write_text(EXTRA, encoding="utf-8")
    if config:
        (root / "alignlint.toml").write_text(config, encoding="utf-8")
    return root


# -- the default output ----------------------------------------------------------------------------
def test_full_output_marks_fixable_findings_and_hints_at_unsafe_fixes(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY, extra=True)
    result = alignlint(root)
    assert result.returncode == 1, result.stderr
    assert "ALN004 [*] Unused `alignlint: ignore` directive (unknown: `ALN999`)\n" in result.stdout
    assert "ALN201 dependency 'data' of spec" in result.stdout
    assert result.stdout.endswith(
        f"Found 3 problems (2 errors, 1 warning).\n[*] 1 fixable with the `--fix` option {HIDDEN}.\n"
        f"{BASELINE_HINT}\n"
    )

    unsafe = alignlint(root, "--unsafe-fixes")
    assert "ALN201 [*] dependency 'data' of spec" in unsafe.stdout
    assert unsafe.stdout.endswith(
        "Found 3 problems (2 errors, 1 warning).\n[*] 2 fixable with the `--fix` option.\n"
        f"{BASELINE_HINT}\n"
    )


def test_only_hidden_fixes(tmp_path: Path) -> None:
    result = alignlint(project(tmp_path, MISSPELLED_KEY), "--output-format", "concise")
    assert result.stdout.endswith(
        f"Found 2 problems (2 errors, 0 warnings).\nNo fixes available {HIDDEN}.\n{BASELINE_HINT}\n"
    )


# -- --fix -----------------------------------------------------------------------------------------
def test_fix_exits_1_when_findings_remain(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY, extra=True)
    contract = (root / CONTRACT).read_bytes()
    result = alignlint(root, "--fix", "--output-format", "concise")
    assert result.returncode == 1, result.stderr
    assert result.stdout.endswith(
        "Found 3 problems (1 fixed, 2 remaining: 2 errors, 0 warnings).\n"
        f"No fixes available {HIDDEN}.\n{BASELINE_HINT}\n"
    )
    assert result.stderr == ""
    assert (root / "extra.py").read_text(encoding="utf-8") == "X = 1\n"
    assert (root / CONTRACT).read_bytes() == contract


def test_fix_exits_0_when_everything_is_fixed(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH)
    result = alignlint(root, "--fix")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "Found 1 problem (1 fixed, 0 remaining).\n",
        "",
    )
    assert "Outputs['processed_data'].S3Output" in (root / SPEC).read_text(encoding="utf-8")
    assert alignlint(root).stdout == "All checks passed!\n"


def test_unsafe_fixes_need_the_option(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY)
    alignlint(root, "--fix")
    assert '"DATA": "/opt/ml/processing/input/data"' in (root / CONTRACT).read_text("utf-8")
    alignlint(root, "--fix", "--unsafe-fixes")
    assert '"data": "/opt/ml/processing/input/data"' in (root / CONTRACT).read_text("utf-8")


def test_later_options_undo_earlier_ones(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY, extra=True)
    before = snapshot(root)
    result = alignlint(root, "--fix", "--no-fix", "--output-format", "concise")
    assert result.returncode == 1
    assert snapshot(root) == before
    alignlint(root, "--fix", "--unsafe-fixes", "--no-unsafe-fixes")
    assert (root / "extra.py").read_text(encoding="utf-8") == "X = 1\n"
    assert '"DATA"' in (root / CONTRACT).read_text(encoding="utf-8")


def test_show_fixes_lists_fixes_per_file_and_rule(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH, extra=True)
    result = alignlint(root, "--fix", "--show-fixes", "--output-format", "concise")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Fixed 2 problems:\n"
        "- extra.py:\n"
        "    1 × ALN004 (unused-suppression)\n"
        "- specs/preprocess_spec.py:\n"
        "    1 × ALN206 (property-path-wrong-output)\n"
        "\n"
        "Found 2 problems (2 fixed, 0 remaining).\n"
    )


def test_show_fixes_paths_are_relative_to_the_current_directory(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH, config="\n")
    result = alignlint(root / "specs", "--fix", "--show-fixes", "..")
    assert result.stdout == (
        "Fixed 1 problem:\n"
        "- preprocess_spec.py:\n"
        "    1 × ALN206 (property-path-wrong-output)\n"
        "\n"
        "Found 1 problem (1 fixed, 0 remaining).\n"
    )


# -- --diff ----------------------------------------------------------------------------------------
def test_diff_prints_the_change_and_writes_nothing(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH)
    before = snapshot(root)
    result = alignlint(root, "--diff")
    golden = load_case(case_path(WRONG_PATH)).generated("fix")
    assert result.returncode == 1
    assert golden is not None and result.stdout == golden
    assert result.stderr == "Would fix 1 problem.\n"
    assert snapshot(root) == before


def test_diff_exits_0_when_nothing_would_change(tmp_path: Path) -> None:
    clean = alignlint(project(tmp_path / "clean", CLEAN), "--diff")
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")

    hidden = alignlint(project(tmp_path / "hidden", MISSPELLED_KEY), "--diff")
    assert (hidden.returncode, hidden.stdout) == (0, "")
    assert hidden.stderr == f"No fixes available {HIDDEN}.\n"


def test_diff_with_unsafe_fixes(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY)
    before = snapshot(root)
    result = alignlint(root, "--diff", "--unsafe-fixes")
    assert result.returncode == 1
    assert result.stdout.startswith(f"--- a/{CONTRACT}\n+++ b/{CONTRACT}\n")
    assert '-        "DATA": "/opt/ml/processing/input/data",\n' in result.stdout
    assert '+        "data": "/opt/ml/processing/input/data",\n' in result.stdout
    assert result.stderr == "Would fix 1 problem.\n"
    assert snapshot(root) == before


# -- --fix-only ------------------------------------------------------------------------------------
def test_fix_only_reports_nothing_else_and_exits_0(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY, extra=True)
    result = alignlint(root, "--fix-only")
    assert (result.returncode, result.stdout, result.stderr) == (0, "Fixed 1 problem.\n", "")
    assert (root / "extra.py").read_text(encoding="utf-8") == "X = 1\n"
    again = alignlint(root, "--fix-only")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")


def test_fix_only_with_show_fixes(tmp_path: Path) -> None:
    result = alignlint(project(tmp_path, WRONG_PATH, extra=True), "--fix-only", "--show-fixes")
    assert result.stdout == (
        "Fixed 2 problems:\n"
        "- extra.py:\n"
        "    1 × ALN004 (unused-suppression)\n"
        "- specs/preprocess_spec.py:\n"
        "    1 × ALN206 (property-path-wrong-output)\n"
    )


# -- --add-ignore ----------------------------------------------------------------------------------
def test_add_ignore_suppresses_every_finding_once(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY)
    result = alignlint(root, "--add-ignore=legacy pipeline")
    assert (result.returncode, result.stdout) == (0, "All checks passed!\n"), result.stderr
    assert result.stderr == "Added 2 suppression comments.\n"
    contract = (root / CONTRACT).read_text(encoding="utf-8")
    assert (
        '        "DATA": "/opt/ml/processing/input/data",'
        "  # alignlint: ignore[ALN202] -- legacy pipeline\n"
    ) in contract
    spec = (root / "specs/preprocess_spec.py").read_text(encoding="utf-8")
    assert spec.count("# alignlint: ignore[ALN201] -- legacy pipeline") == 1

    after = snapshot(root)
    again = alignlint(root, "--add-ignore=legacy pipeline")
    assert (again.returncode, again.stdout, again.stderr) == (0, "All checks passed!\n", "")
    assert snapshot(root) == after


def test_add_ignore_after_fixing_covers_only_what_remains(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY, extra=True)
    result = alignlint(root, "--fix", "--add-ignore", "--output-format", "concise")
    assert (result.returncode, result.stdout) == (0, "Found 1 problem (1 fixed, 0 remaining).\n")
    assert result.stderr == "Added 2 suppression comments.\n"
    assert (root / "extra.py").read_text(encoding="utf-8") == "X = 1\n"
    assert "# alignlint: ignore[ALN202]\n" in (root / CONTRACT).read_text(encoding="utf-8")


def test_add_ignore_adds_only_what_is_not_suppressed_yet(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY)
    first = alignlint(root, "--add-ignore", "--select", "ALN202")
    assert first.stderr == "Added 1 suppression comment.\n"
    second = alignlint(root, "--add-ignore")
    assert second.stderr == "Added 1 suppression comment.\n"
    contract = (root / CONTRACT).read_text(encoding="utf-8")
    assert contract.count("# alignlint: ignore[") == 1
    assert "# alignlint: ignore[ALN202]\n" in contract
    spec = (root / SPEC).read_text(encoding="utf-8")
    assert spec.count("# alignlint: ignore[") == 1
    assert "# alignlint: ignore[ALN201]\n" in spec


def test_add_ignore_does_not_take_a_path_as_its_reason(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH)
    result = alignlint(root, "--add-ignore", "specs")
    assert result.returncode == 2
    assert "'specs' is a path; write the reason as --add-ignore=REASON" in result.stderr


# -- configuration ---------------------------------------------------------------------------------
def test_unfixable_rules_are_neither_marked_nor_fixed(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH, config='unfixable = ["property-path-wrong-output"]\n')
    before = snapshot(root)
    shown = alignlint(root, "--output-format", "concise")
    assert shown.stdout == (
        ALN206.replace(" [*]", "") + f"\nFound 1 problem (1 error, 0 warnings).\n{BASELINE_HINT}\n"
    )
    fixed = alignlint(root, "--fix", "--unsafe-fixes")
    assert fixed.returncode == 1
    assert snapshot(root) == before


def test_extend_safe_fixes_applies_an_unsafe_fix_with_fix(tmp_path: Path) -> None:
    root = project(tmp_path, MISSPELLED_KEY, config='extend-safe-fixes = ["ALN201"]\n')
    shown = alignlint(root, "--output-format", "concise")
    assert shown.stdout.endswith(
        "Found 2 problems (2 errors, 0 warnings).\n[*] 1 fixable with the `--fix` option.\n"
        f"{BASELINE_HINT}\n"
    )
    alignlint(root, "--fix")
    assert '"data": "/opt/ml/processing/input/data"' in (root / CONTRACT).read_text("utf-8")


def test_extend_unsafe_fixes_hides_a_safe_fix(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH, config='extend-unsafe-fixes = ["ALN2"]\n')
    before = snapshot(root)
    shown = alignlint(root, "--output-format", "concise")
    assert shown.stdout == (
        ALN206.replace(" [*]", "")
        + f"\nFound 1 problem (1 error, 0 warnings).\nNo fixes available {HIDDEN}.\n"
        + f"{BASELINE_HINT}\n"
    )
    assert alignlint(root, "--fix").returncode == 1
    assert snapshot(root) == before


# -- files that are left alone ---------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "chmod") or sys.platform == "win32", reason="POSIX modes")
def test_read_only_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH)
    spec = root / SPEC
    spec.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before = spec.read_bytes()
    result = alignlint(root, "--fix", "--output-format", "concise")
    assert result.returncode == 1
    assert result.stdout == (
        ALN206
        + "\nFound 1 problem (1 error, 0 warnings).\n[*] 1 fixable with the `--fix` option.\n"
        f"{BASELINE_HINT}\n"
    )
    assert result.stderr == (
        "warning: discarded the ALN206 fix in specs/preprocess_spec.py (Use the logical name: "
        "Outputs['processed_data']): specs/preprocess_spec.py is read-only\n"
        "warning: specs/preprocess_spec.py is read-only; it was left unchanged\n"
    )
    assert spec.read_bytes() == before


def test_file_with_syntax_errors_is_never_rewritten(tmp_path: Path) -> None:
    root = project(tmp_path, WRONG_PATH)
    broken = "def f(:\n    pass  # alignlint: ignore[ALN999]\n"
    (root / "bad.py").write_text(broken, encoding="utf-8")
    result = alignlint(root, "--fix-only")
    assert result.returncode == 1
    assert result.stdout == "Fixed 1 problem.\n"
    assert result.stderr == (
        "warning: discarded the ALN004 fix in bad.py (Remove unused suppression): "
        "bad.py has errors (ALN001)\n"
        "warning: bad.py has errors (ALN001); it was left unchanged\n"
    )
    assert (root / "bad.py").read_text(encoding="utf-8") == broken


# -- structural fixes in JSON ----------------------------------------------------------------------
def test_json_shows_an_insertion_as_the_edit_that_writes_it(tmp_path: Path) -> None:
    import json

    root = project(tmp_path, "script_contract/ALN111_undeclared_argument_comment_only_fires")
    result = alignlint(root, "--output-format", "json")
    (finding,) = json.loads(result.stdout)
    assert finding["fix"]["edits"] == [
        {
            "filename": "steps/contracts/prep_contract.py",
            "content": '        "mode": "full",\n',
            "location": {"row": 17, "column": 1},
            "end_location": {"row": 17, "column": 1},
        }
    ]
