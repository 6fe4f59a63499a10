"""A warm check of an unchanged project reuses the previous findings without importing a rule,
fact or model module (the rule catalogue answers for the rules), prints exactly what the usual
path prints, and falls back to the usual path whenever something it depends on changed: a rule
file, an installed plugin, the settings or the selection."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from alignlint.render import FORMATS
from alignlint.run.rule_catalogue import catalogue_files

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "drifted_pipeline"
#: What a warm unchanged check must not import (the engine's heavy layers).
ENGINE = ("alignlint.rules", "alignlint.extract", "alignlint.model", "alignlint.run.analysis")


@dataclass(frozen=True)
class Check:
    returncode: int
    stdout: str
    stderr: str
    imported: frozenset[str]

    @property
    def engine(self) -> list[str]:
        """The engine modules the run imported."""
        return sorted(m for m in self.imported if m.startswith(ENGINE))

    @property
    def reused(self) -> bool:
        """Whether the run took the warm path (the cached findings, no rule imported)."""
        return "alignlint.run.cached_result" in self.imported and not self.engine


def _check(project: Path, *args: str, pythonpath: tuple[Path, ...] = (REPO,)) -> Check:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "alignlint", "check", *args],
        cwd=project,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(map(str, pythonpath))},
        capture_output=True,
        text=True,
        check=False,
    )
    imported: set[str] = set()
    messages: list[str] = []
    for line in completed.stderr.splitlines(keepends=True):
        if line.startswith("import time:"):
            imported.add(line.split("|")[-1].strip())
        else:
            messages.append(line)
    return Check(completed.returncode, completed.stdout, "".join(messages), frozenset(imported))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(EXAMPLE, target)
    return target


def test_a_warm_unchanged_check_imports_no_rule_fact_or_model_module(project: Path) -> None:
    cold = _check(project, ".", "--output-format", "concise")
    warm = _check(project, ".", "--output-format", "concise")
    assert cold.engine, "the first run computes its findings"
    assert "ALN107" in cold.stdout, cold.stderr
    assert warm.engine == []
    assert warm.reused
    assert (warm.returncode, warm.stdout, warm.stderr) == (
        cold.returncode,
        cold.stdout,
        cold.stderr,
    )


@pytest.mark.parametrize("paths", [(), (".",), ("../project",)], ids=["none", ".", "../project"])
def test_naming_the_project_directory_is_the_check_without_paths(
    project: Path, paths: tuple[str, ...]
) -> None:
    """The pre-commit hook's changed sets share the slot of the check without paths: naming the
    project shares it too, so a check by hand leaves the hook a warm cache."""
    first = _check(project, "--output-format", "concise")
    again = _check(project, *paths, "--output-format", "concise")
    assert again.reused
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout)
    assert len(list((project / ".alignlint_cache").glob("results-*/*"))) == 1


@pytest.mark.parametrize(
    "options",
    [
        *(("--output-format", name) for name in FORMATS),
        ("--statistics",),
        ("--statistics", "--output-format", "json"),
        ("--output-format", "sarif:report.sarif", "--output-format", "concise"),
    ],
    ids=lambda options: " ".join(options),
)
def test_the_warm_path_prints_what_the_usual_path_prints(
    project: Path, options: tuple[str, ...]
) -> None:
    _check(project, ".")  # fills the caches
    for path in catalogue_files(project / ".alignlint_cache"):
        path.unlink()
    usual = _check(project, ".", *options)  # no catalogue: the rules are imported
    usual_file = (project / "report.sarif").read_text() if "sarif:" in " ".join(options) else ""
    assert usual.engine
    warm = _check(project, ".", *options)
    warm_file = (project / "report.sarif").read_text() if usual_file else ""
    assert warm.reused, warm.engine
    assert (warm.returncode, warm.stdout, warm.stderr, warm_file) == (
        usual.returncode,
        usual.stdout,
        usual.stderr,
        usual_file,
    )


def test_changed_settings_or_selection_take_the_usual_path(project: Path) -> None:
    _check(project, ".")
    assert _check(project, ".").reused
    uncached = _check(project, ".", "--select", "ALN1", "--no-cache")
    changed = _check(project, ".", "--select", "ALN1")
    assert changed.engine
    assert (changed.returncode, changed.stdout) == (uncached.returncode, uncached.stdout)
    again = _check(project, ".", "--select", "ALN1")
    assert again.reused
    assert again.stdout == uncached.stdout
    (project / "alignlint.toml").write_text('ignore = ["ALN107"]\n')
    configured = _check(project, ".", "--select", "ALN1")
    assert configured.engine
    assert "ALN107" not in configured.stdout
    assert configured.stdout == _check(project, ".", "--select", "ALN1", "--no-cache").stdout


def test_an_unknown_selector_is_still_a_configuration_error(project: Path) -> None:
    _check(project, ".")
    assert _check(project, ".").reused
    uncached = _check(project, ".", "--select", "ALN999", "--no-cache")
    warm = _check(project, ".", "--select", "ALN999")
    assert warm.returncode == uncached.returncode == 2
    assert "unknown rule selector `ALN999`" in warm.stderr
    assert (warm.stdout, warm.stderr) == (uncached.stdout, uncached.stderr)


#: What a run whose changed files keep their facts must not import: the rule families, the
#: linker and the analysis (it extracts the changed files and compares them with the last run's).
LINKING = (
    "alignlint.model.components",
    "alignlint.model.link",
    "alignlint.model.project",
    "alignlint.model.resolve",
    "alignlint.run.analysis",
    "alignlint.run.incremental",
)


def _rules_or_linker(check: Check) -> list[str]:
    return sorted(
        name
        for name in check.imported
        if name.startswith(LINKING)
        or (name.startswith("alignlint.rules.") and name.split(".")[2] not in ("base", "options"))
    )


@pytest.mark.parametrize("paths", [(".",), ("scripts/csv_data_loading.py",)], ids=["all", "hook"])
def test_a_change_that_keeps_every_fact_imports_no_rule(
    project: Path, paths: tuple[str, ...]
) -> None:
    """A comment added to a script (its facts unchanged) and a comment line at the top of a spec
    (every later line moved): the findings are the last run's, at their new lines, found from
    the rule catalogue; what is printed is what a run without the cache prints."""
    _check(project, *paths)
    script = project / "scripts" / "csv_data_loading.py"
    script.write_text(script.read_text() + "\n# edited\n")
    kept = _check(project, *paths, "--output-format", "concise")
    assert _rules_or_linker(kept) == []
    assert "alignlint.extract" in kept.imported  # the changed file was compared
    uncached = _check(project, *paths, "--output-format", "concise", "--no-cache")
    assert (kept.returncode, kept.stdout) == (uncached.returncode, uncached.stdout)
    spec = project / "specs" / "csv_data_loading_training_spec.py"
    spec.write_text("# a note\n" + spec.read_text())
    moved = _check(project, *paths, "--output-format", "concise")
    assert _rules_or_linker(moved) == []
    uncached = _check(project, *paths, "--output-format", "concise", "--no-cache")
    assert (moved.returncode, moved.stdout) == (uncached.returncode, uncached.stdout)
    assert _check(project, *paths).reused


def test_a_changed_fact_takes_the_usual_path(project: Path) -> None:
    """A change to what a file declares: the rules are imported and run as usual (the run
    starts from the comparison the warm run made), with the findings of a run without the
    cache."""
    _check(project, ".")
    spec = project / "specs" / "csv_data_loading_training_spec.py"
    spec.write_text(spec.read_text().replace('logical_name="DATA"', 'logical_name="DATA_OUT"'))
    changed = _check(project, ".", "--output-format", "concise")
    assert _rules_or_linker(changed)
    uncached = _check(project, ".", "--output-format", "concise", "--no-cache")
    assert (changed.returncode, changed.stdout) == (uncached.returncode, uncached.stdout)
    assert _check(project, ".").reused


def test_the_run_after_a_warm_comparison_compares_no_file_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A script edit that changes its facts (not its interface): the warm run compares it with
    the last run, finds no reuse, and the run that links its step starts from that comparison."""
    from alignlint.cli.main import main
    from alignlint.run import facts_reuse, incremental

    monkeypatch.chdir(project)
    assert main(["check", ".", "--exit-zero"]) == 0
    assert main(["check", ".", "--exit-zero"]) == 0  # the catalogue of this process's paths
    script = project / "scripts" / "csv_data_loading.py"
    original = script.read_text()
    read = 'environ_vars["DATA_SOURCE_URI"]'
    assert read in original
    script.write_text(original.replace(read, 'environ_vars["DATA_SOURCE"]', 1))
    calls: list[str] = []
    compare = facts_reuse.compare_with_last_run

    def counted(*args: object) -> object:
        calls.append("compared")
        return compare(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(facts_reuse, "compare_with_last_run", counted)
    monkeypatch.setattr(incremental, "compare_with_last_run", counted)
    relinked: list[object] = []
    relink = incremental._after_local_changes

    def watched(*args: object) -> object:
        found = relink(*args)  # type: ignore[arg-type]
        relinked.append(found)
        return found

    monkeypatch.setattr(incremental, "_after_local_changes", watched)
    capsys.readouterr()
    main(["check", ".", "--exit-zero", "--output-format", "concise"])
    cached = capsys.readouterr().out
    assert calls == ["compared"]
    assert relinked and relinked[0] is not None, "the step was linked again, not the project"
    main(["check", ".", "--exit-zero", "--output-format", "concise", "--no-cache"])
    assert cached == capsys.readouterr().out


def test_an_edited_rule_file_takes_the_usual_path(tmp_path: Path, project: Path) -> None:
    """The catalogue and the findings belong to the code that made them: a rule file of
    alignlint edited (here in a copy of the package) is imported again."""
    code = tmp_path / "code"
    shutil.copytree(REPO / "alignlint", code / "alignlint", ignore=shutil.ignore_patterns("*.pyc"))
    first = _check(project, ".", pythonpath=(code, REPO))
    assert _check(project, ".", pythonpath=(code, REPO)).reused
    rule = code / "alignlint" / "rules" / "script_contract" / "__init__.py"
    rule.write_text(rule.read_text() + "\n# edited\n")
    edited = _check(project, ".", pythonpath=(code, REPO))
    assert edited.engine
    assert edited.stdout == first.stdout
    assert _check(project, ".", pythonpath=(code, REPO)).reused


PLUGIN = """\
import sys

from alignlint.core.types import Span
from alignlint.rules.base import Rule


class Everything(Rule):
    '''Reports every project.'''

    code = "ZZZ001"
    name = "everything"
    summary = "reports every project"

    def check(self, project):
        yield self.diagnostic({message!r}, Span("alignlint.toml", 1, 1, 1, 2), subject="x")


RULES = [Everything]
sys.stderr.write("zzz_rules imported\\n")
"""


def _install_plugin(site: Path) -> None:
    dist = site / "example_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: example-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[alignlint.rules]\nzzz = zzz_rules:RULES\n")


def test_a_new_or_edited_plugin_takes_the_usual_path(tmp_path: Path, project: Path) -> None:
    code, site = tmp_path / "plugin", tmp_path / "site"
    code.mkdir()
    site.mkdir()
    (project / "alignlint.toml").write_text('select = ["ALL"]\n')
    (code / "zzz_rules.py").write_text(PLUGIN.format(message="first message"))
    path = (REPO, code, site)
    _check(project, ".", "--output-format", "concise", pythonpath=path)
    assert _check(project, ".", pythonpath=path).reused
    _install_plugin(site)
    installed = _check(project, ".", "--output-format", "concise", pythonpath=path)
    assert installed.engine
    assert "ZZZ001 first message" in installed.stdout, installed.stderr
    assert _check(project, ".", "--output-format", "concise", pythonpath=path).reused
    (code / "zzz_rules.py").write_text(PLUGIN.format(message="second message, edited"))
    edited = _check(project, ".", "--output-format", "concise", pythonpath=path)
    assert "zzz_rules imported" in edited.stderr
    assert "ZZZ001 second message, edited" in edited.stdout, edited.stderr
    warm = _check(project, ".", "--output-format", "concise", pythonpath=path)
    assert warm.reused
    assert "zzz_rules imported" not in warm.stderr
    assert warm.stdout == edited.stdout


def test_any_installed_distribution_takes_the_usual_path(tmp_path: Path, project: Path) -> None:
    """A distribution that registers no rule may still be one a rule imports: installing,
    upgrading or removing it is seen by importing the rules again (an environment seen before
    keeps its own catalogue)."""
    site = tmp_path / "site"
    site.mkdir()
    path = (REPO, site)

    def install(name: str) -> Path:
        dist = site / f"{name}-2.0.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 2.0\n")
        return dist

    first_dist = install("helper_library")
    first = _check(project, ".", pythonpath=path)
    assert _check(project, ".", pythonpath=path).reused
    install("other_library")
    installed = _check(project, ".", pythonpath=path)
    assert installed.engine
    assert installed.stdout == first.stdout
    assert _check(project, ".", pythonpath=path).reused
    shutil.rmtree(first_dist)
    assert _check(project, ".", pythonpath=path).engine


def test_a_forged_catalogue_is_no_catalogue(project: Path) -> None:
    _check(project, ".")
    (path,) = catalogue_files(project / ".alignlint_cache")
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # the authentication tag no longer verifies
    path.write_bytes(bytes(data))
    run = _check(project, ".")
    assert run.engine
    assert _check(project, ".").reused  # the usual run stored a valid one again


def test_a_baseline_applies_to_reused_findings(project: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "alignlint", "baseline", "update", "."],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        check=True,
    )
    script = project / "scripts" / "csv_data_loading.py"
    script.write_text(script.read_text().replace('vars["DATA_SOURCE_URI"]', 'vars["DATA_SOURCE"]'))
    options = ("--baseline", "alignlint-baseline.json", "--output-format", "concise")
    usual = _check(project, ".", *options)
    warm = _check(project, ".", *options)
    assert usual.engine
    assert warm.reused
    assert usual.returncode == 1
    assert (warm.returncode, warm.stdout, warm.stderr) == (
        usual.returncode,
        usual.stdout,
        usual.stderr,
    )


TTY_PROGRAM = """
import sys
from alignlint.cli.main import main
try:
    main(["check", ".", "--output-format", "concise"])
except SystemExit:
    pass
print("LOADED", sorted(name for name in ("rich", "alignlint.rules.base") if name in sys.modules))
"""


def test_a_warm_check_on_a_terminal_shows_no_progress_bar(tmp_path: Path) -> None:
    """A progress bar (rich) is for runs that work: reusing the findings of a project of
    many files on a terminal imports neither rich nor the rules."""
    import pty

    (tmp_path / "steps").mkdir()
    for number in range(250):  # more than a bar's minimum
        (tmp_path / "steps" / f"module_{number}.py").write_text(f"VALUE = {number}\n")
    runs = []
    for _ in range(2):
        controller, terminal = pty.openpty()
        drain = threading.Thread(target=_drain, args=(controller,), daemon=True)
        drain.start()
        try:
            completed = subprocess.run(
                [sys.executable, "-c", TTY_PROGRAM],
                cwd=tmp_path,
                env={**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm"},
                stdout=subprocess.PIPE,
                stderr=terminal,
                text=True,
                check=False,
                timeout=120,
            )
        finally:
            os.close(terminal)
            drain.join(timeout=10)
            os.close(controller)
        runs.append(completed.stdout)
    assert "All checks passed!" in runs[1]
    assert "LOADED ['alignlint.rules.base', 'rich']" in runs[0]  # the first run shows a bar
    assert runs[1].rstrip().endswith("LOADED []"), runs[1][-300:]


def _drain(descriptor: int) -> None:
    """Read what the child writes to its terminal, so that it never blocks on a full one."""
    try:
        while os.read(descriptor, 4096):
            pass
    except OSError:  # the terminal closed
        return


def test_a_malformed_baseline_is_refused_as_on_the_usual_path(tmp_path: Path) -> None:
    """Even for a project with no file to check (a warning), the baseline is refused first."""
    (tmp_path / "baseline.json").write_text("{not json")
    nothing = ("--config", "extend-exclude = ['*.json']")
    _check(tmp_path, ".", *nothing)
    options = (*nothing, "--baseline", "baseline.json")
    warm = _check(tmp_path, ".", *options)
    for path in catalogue_files(tmp_path / ".alignlint_cache"):
        path.unlink()
    usual = _check(tmp_path, ".", *options)
    assert warm.reused
    assert usual.engine
    assert warm.returncode == usual.returncode == 2
    assert "baseline.json" in usual.stderr
    assert (warm.stdout, warm.stderr) == (usual.stdout, usual.stderr)


def test_two_import_environments_keep_a_catalogue_each(project: Path, tmp_path: Path) -> None:
    # `alignlint` and `python -m alignlint` differ in their first import path; a run of one
    # must not replace the catalogue of the other.
    other = tmp_path / "elsewhere"
    other.mkdir()
    first, second = (REPO,), (REPO, other)
    _check(project, ".", pythonpath=first)
    _check(project, ".", pythonpath=second)
    assert len(catalogue_files(project / ".alignlint_cache")) == 2
    assert _check(project, ".", pythonpath=first).reused
    assert _check(project, ".", pythonpath=second).reused


def test_a_changed_set_check_reuses_the_project_check(project: Path) -> None:
    """What pre-commit runs (``check FILE...``) takes the warm path with the findings of the
    check without paths (they analyse the same files) and prints what a check without the cache
    prints: the findings touching the files, or all of them with ``--all``."""
    files = ("specs/xgboost_training_spec.py", "scripts/tabular_preprocessing.py")
    _check(project)
    for args in (files[:1], files, ("--all", files[1])):
        warm = _check(project, *args, "--output-format", "concise")
        fresh = _check(project, *args, "--output-format", "concise", "--no-cache")
        assert warm.engine == [], args
        assert warm.reused
        assert (warm.returncode, warm.stdout, warm.stderr) == (
            fresh.returncode,
            fresh.stdout,
            fresh.stderr,
        )
    # One slot: the changed-set checks used the cache of the check without paths.
    assert len(list((project / ".alignlint_cache").glob("results-*/*"))) == 1


def test_a_changed_set_naming_a_file_the_project_check_skips(project: Path) -> None:
    """A named file in an excluded directory makes another set of files: the usual path."""
    _check(project)
    (project / "build").mkdir()
    shutil.copy(project / "specs" / "xgboost_training_spec.py", project / "build" / "copied.py")
    warm = _check(project, "build/copied.py", "--output-format", "concise")
    fresh = _check(project, "build/copied.py", "--output-format", "concise", "--no-cache")
    assert warm.engine
    assert (warm.returncode, warm.stdout) == (fresh.returncode, fresh.stdout)
