"""The result cache: an unchanged project reuses the previous findings; any change recomputes them,
and a damaged, foreign or stale entry is never trusted."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from fixture_cases import case_path, materialize

from alignlint.core.settings import Settings
from alignlint.rules.base import Rule, discover_rules
from alignlint.run.analysis import Result, analyze
from alignlint.run.result_cache import code_fingerprint, inputs_key

FIXTURE = case_path("script_contract/ALN101_undeclared_input_key_fires")
SCRIPT = "steps/scripts/prep.py"
RULES = discover_rules()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    materialize(FIXTURE, root)
    (root / "alignlint.toml").unlink()  # the default settings
    return root


def run(root: Path, settings: Settings | None = None, **options: object) -> Result:
    return analyze([], settings or Settings(), root=root, rules=RULES, use_cache=True, **options)  # type: ignore[arg-type]


def uncached(root: Path, settings: Settings | None = None) -> Result:
    return analyze([], settings or Settings(), root=root, rules=RULES)


def lines(result: Result) -> list[str]:
    return [
        f"{d.span.path}:{d.span.line}: {d.code} {d.message} {d.fingerprint}"
        for d in result.diagnostics
    ]


def entries(root: Path) -> list[Path]:
    return sorted((root / ".alignlint_cache").glob("results-*/*"))


def test_unchanged_project_reuses_the_findings(project: Path) -> None:
    first = run(project)
    second = run(project)
    assert first.project is not None
    assert second.project is None
    assert lines(second) == lines(first) == lines(uncached(project))
    assert any(d.code == "ALN101" for d in second.diagnostics)
    assert second.statistics == first.statistics
    assert second.files == first.files
    assert second.rules == first.rules
    assert len(entries(project)) == 1


def test_changed_file_recomputes_the_findings(project: Path) -> None:
    run(project)
    script = project / SCRIPT
    script.write_text(
        script.read_text().replace('input_paths["DATA"]', 'input_paths["data_input"]')
    )
    again = run(project)  # the script's step is linked and checked again (run/last_run.py)
    assert lines(again) == lines(uncached(project))
    assert not any(d.code == "ALN101" for d in again.diagnostics)
    assert len(entries(project)) == 1
    assert run(project).project is None


def test_added_file_recomputes_the_findings(project: Path) -> None:
    run(project)
    (project / "steps" / "extra.py").write_text("X = 1\n")
    again = run(project)
    assert again.project is not None
    assert again.statistics.files == uncached(project).statistics.files


def test_other_settings_use_their_own_entry(project: Path) -> None:
    run(project)
    ignoring = Settings(ignore=("ALN101",))
    other = run(project, ignoring)
    assert other.project is not None
    assert lines(other) == lines(uncached(project, ignoring))
    assert not any(d.code == "ALN101" for d in other.diagnostics)
    assert len(entries(project)) == 2
    assert run(project).project is None
    assert run(project, ignoring).project is None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[:-30] + bytes(b ^ 0xFF for b in data[-30:]), id="flipped"),
        pytest.param(lambda data: b"\x00" * len(data), id="zeros"),
    ],
)
def test_damaged_entry_is_ignored_and_rebuilt(project: Path, damage: object) -> None:
    expected = lines(run(project))
    (entry,) = entries(project)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    again = run(project)
    assert again.project is not None
    assert lines(again) == expected
    assert run(project).project is None


def test_entry_of_other_inputs_is_never_used(project: Path, tmp_path: Path) -> None:
    """An entry computed for other file contents, copied into this project's slot, is stale."""
    other = tmp_path / "other"
    shutil.copytree(project, other)
    script = other / SCRIPT
    script.write_text(
        script.read_text().replace('input_paths["DATA"]', 'input_paths["data_input"]')
    )
    run(project)
    run(other)
    (mine,) = entries(project)
    (theirs,) = entries(other)
    mine.write_bytes(theirs.read_bytes())
    again = run(project)
    assert again.project is not None
    assert lines(again) == lines(uncached(project))


def test_need_project_and_overlays_bypass_the_cache(project: Path) -> None:
    run(project)
    assert run(project, need_project=True).project is not None
    source = (project / SCRIPT).read_bytes()
    overlaid = run(project, overlay={SCRIPT: source.replace(b'"DATA"', b'"data_input"')})
    assert overlaid.project is not None
    assert not any(d.code == "ALN101" for d in overlaid.diagnostics)
    assert lines(run(project)) == lines(uncached(project))


def test_changed_set_runs_share_the_slot_of_the_run_without_paths(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(tests/perf/test_changed_set_cache.py compares what they report.)"""
    run(project)
    monkeypatch.chdir(project)
    again = analyze([SCRIPT], Settings(), root=project, rules=RULES, use_cache=True)
    assert again.project is None
    assert len(entries(project)) == 1


def test_without_the_cache_nothing_is_stored(project: Path) -> None:
    uncached(project)
    assert entries(project) == []


def test_unwritable_cache_is_silently_skipped(project: Path) -> None:
    (project / ".alignlint_cache").write_text("not a directory")
    assert lines(run(project)) == lines(uncached(project))
    assert run(project).project is not None


class Renamed(Rule):
    """A rule whose identity differs from the installed ones."""

    code = "ALN999"
    name = "renamed"
    summary = "never fires"

    def check(self, project: object) -> list[object]:  # type: ignore[override]
        return []


def test_other_rules_use_their_own_entry(project: Path) -> None:
    run(project)
    rules = [*RULES, Renamed]
    other = analyze([], Settings(), root=project, rules=rules, use_cache=True)
    assert other.project is not None
    assert len(entries(project)) == 2


def test_inputs_key_covers_every_file_and_the_code() -> None:
    files = [("a.py", "1" * 64), ("b.py", "2" * 64)]
    assert inputs_key(files, RULES) == inputs_key(list(files), RULES)
    assert inputs_key(files[:1], RULES) != inputs_key(files, RULES)
    assert inputs_key([("a.py", "3" * 64), files[1]], RULES) != inputs_key(files, RULES)
    assert inputs_key([("c.py", "1" * 64), files[1]], RULES) != inputs_key(files, RULES)


def test_code_fingerprint_follows_the_files_of_a_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "fingerprinted_plugin"
    package.mkdir()
    module = package / "__init__.py"
    module.write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("fingerprinted_plugin")
    try:
        fingerprint = code_fingerprint.__wrapped__
        before = fingerprint(("fingerprinted_plugin",))
        assert fingerprint(("fingerprinted_plugin",)) == before
        (package / "rules.py").write_text("Y = 2\n")
        added = fingerprint(("fingerprinted_plugin",))
        assert added != before
        module.write_text("X = 10\n")
        assert fingerprint(("fingerprinted_plugin",)) != added
    finally:
        sys.modules.pop("fingerprinted_plugin", None)
