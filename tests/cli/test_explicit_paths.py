"""Paths named on the command line are checked even under an excluded folder (ruff's semantics:
exclusion applies to discovery); ``--force-exclude`` applies it to them too; a run that finds no
file, or no pipeline piece in its files, says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .test_cli import REPO, alignlint

EXAMPLE = REPO / "examples" / "drifted_pipeline"
BROKEN = "def f(:\n    pass\n"
NO_FILES = "warning: No files found to check under "


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A project whose step library sits in ``build/proj`` (``build`` is excluded by default)."""
    shutil.copytree(EXAMPLE, tmp_path / "build" / "proj")
    return tmp_path


def codes(stdout: str) -> list[str]:
    return sorted(finding["code"] for finding in json.loads(stdout))


def test_a_named_directory_under_an_excluded_folder_is_checked(built: Path) -> None:
    named = alignlint(built, "check", "--output-format", "json", "build/proj")
    inside = alignlint(built / "build" / "proj", "check", "--output-format", "json")
    assert named.returncode == inside.returncode == 1, named.stderr + inside.stderr
    assert codes(named.stdout) == codes(inside.stdout)
    assert len(codes(named.stdout)) == 4
    assert NO_FILES not in named.stderr


def test_a_named_file_under_an_excluded_folder_is_checked(tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "bad.py").write_text(BROKEN, encoding="utf-8")
    result = alignlint(tmp_path, "check", "--output-format", "concise", "dist/bad.py")
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("dist/bad.py:1:7: ALN001 syntax error")


def test_exclusion_still_applies_below_a_named_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alignlint]\nextend-exclude = ["generated"]\n', encoding="utf-8"
    )
    for folder in ("build/proj/.venv", "build/proj/generated", "build/proj/steps"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "bad.py").write_text(BROKEN, encoding="utf-8")
    result = alignlint(tmp_path, "check", "--output-format", "concise", "build/proj")
    assert result.returncode == 1, result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines() if ": ALN" in line] == [
        "build/proj/steps/bad.py"
    ]


def test_force_exclude_applies_the_patterns_to_named_paths(built: Path) -> None:
    for path in ("build/proj", "build/proj/scripts/tabular_preprocessing.py"):
        result = alignlint(built, "check", "--force-exclude", path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout == "All checks passed!\n"
        assert NO_FILES in result.stderr


def test_force_exclude_keeps_configured_excludes_for_files(tmp_path: Path) -> None:
    """As pre-commit runs it: the changed files are named, a configured exclude still holds."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.alignlint]\nextend-exclude = ["legacy"]\n', encoding="utf-8"
    )
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "bad.py").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "good.py").write_text("X = 1\n", encoding="utf-8")
    forced = alignlint(tmp_path, "check", "--force-exclude", "legacy/bad.py", "good.py")
    assert (forced.returncode, forced.stdout) == (0, "All checks passed!\n"), forced.stderr
    named = alignlint(tmp_path, "check", "legacy/bad.py", "good.py")
    assert named.returncode == 1 and "ALN001" in named.stdout


def test_an_empty_directory_is_a_visible_warning(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("not a file alignlint reads\n", encoding="utf-8")
    result = alignlint(tmp_path, "check", "empty", "notes.txt")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"{NO_FILES}`empty`, `notes.txt` (alignlint reads .json, ")
    statistics = alignlint(tmp_path, "check", "--statistics", "empty")
    assert "Checked 0 files" in statistics.stdout
    assert NO_FILES in statistics.stderr


def test_a_project_with_files_gives_no_missing_files_warning(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text("X = 1\n", encoding="utf-8")
    result = alignlint(tmp_path, "check")
    assert result.returncode == 0
    assert NO_FILES not in result.stderr
    assert result.stderr.startswith("warning: None of the 1 file checked declares")


NOTHING_LINKED = "warning: None of the "


def test_a_run_that_links_no_piece_says_so(tmp_path: Path) -> None:
    """Files, but no contract, spec, builder, config, registry or DAG among them: the rules
    compared nothing, so the pass is not left to read as one (cached or not)."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "server.py").write_text("def serve() -> None:\n    pass\n", "utf-8")
    (tmp_path / "app" / "broken.py").write_text(BROKEN, encoding="utf-8")
    for _ in range(2):  # the second run is answered from the result cache
        result = alignlint(tmp_path, "check", "--output-format", "concise")
        assert result.returncode == 1, result.stderr
        assert "ALN001" in result.stdout
        assert (
            f"{NOTHING_LINKED}2 files checked (1 of them do not parse) declares a pipeline piece"
            in result.stderr
        )
    (tmp_path / "app" / "broken.py").unlink()
    clean = alignlint(tmp_path, "check")
    assert (clean.returncode, clean.stdout) == (0, "All checks passed!\n")
    assert f"{NOTHING_LINKED}1 file checked declares a pipeline piece" in clean.stderr


@pytest.mark.parametrize(
    "piece",
    [
        'from lib import ScriptContract\nC = ScriptContract(entry_point="a.py")\n',
        "from lib import PipelineDAG\ndag = PipelineDAG()\ndag.add_node('A')\n",
    ],
    ids=["a lone contract", "a DAG"],
)
def test_a_run_that_finds_a_piece_does_not_warn(tmp_path: Path, piece: str) -> None:
    """Whatever rules run: a selection of rules that read neither piece still finds it."""
    (tmp_path / "piece.py").write_text(piece, encoding="utf-8")
    for selection in ((), ("--select", "ALN101")):
        result = alignlint(tmp_path, "check", "--no-cache", *selection)
        assert NOTHING_LINKED not in result.stderr, (selection, result.stderr)
    example = alignlint(EXAMPLE, "check", "--no-cache")
    assert example.returncode == 1
    assert NOTHING_LINKED not in example.stderr
