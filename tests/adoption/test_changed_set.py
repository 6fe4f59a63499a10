"""File arguments are the changed set: whole steps are checked, findings touching the files shown."""

from __future__ import annotations

from pathlib import Path

import pytest

import alignlint
from adoption.library import BAD_PATH, GOOD_PATH, Run, edit, rename_load_data_output
from alignlint.cli.main import BASELINE_HINT
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Severity
from alignlint.run.analysis import analyze
from alignlint.run.changed import changed_set, reported

PREPROCESS_SPEC = "specs/preprocess_spec.py"
ALN206_LINE = (
    "specs/preprocess_spec.py:36:71: ALN206 [*] property path of output 'processed_data' in spec "
    "PREPROCESS_SPEC reads Outputs['data']; the builder names the processing output "
    "'processed_data', so the path must read Outputs['processed_data']\n"
)


def findings(paths: list[str], *, report_all: bool = False) -> list[tuple[str, str]]:
    return [(d.code, str(d.span)) for d in alignlint.check(paths, report_all=report_all)]


def test_a_changed_file_reports_the_findings_located_in_it(library: Path, cli: Run) -> None:
    edit(library / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    result = cli("check", PREPROCESS_SPEC)
    assert (result.returncode, result.stdout) == (
        1,
        ALN206_LINE
        + "Found 1 problem (1 error, 0 warnings).\n[*] 1 fixable with the `--fix` option.\n"
        + f"{BASELINE_HINT}\n",
    )


def test_findings_in_other_files_are_not_reported(library: Path, cli: Run) -> None:
    edit(library / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    result = cli("check", "scripts/load_data.py", "builders/preprocess_builder.py")
    assert (result.returncode, result.stdout) == (0, "All checks passed!\n")


def test_all_reports_every_finding_of_the_project(library: Path, cli: Run) -> None:
    edit(library / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    result = cli("check", "--all", "scripts/load_data.py")
    assert (result.returncode, result.stdout.splitlines(keepends=True)[0]) == (1, ALN206_LINE)
    assert findings(["scripts/load_data.py"], report_all=True) == [
        ("ALN206", "specs/preprocess_spec.py:36:71")
    ]


def test_the_rest_of_the_step_is_loaded_from_disk(library: Path) -> None:
    """Checking one file alone would find nothing linked; the changed set sees whole steps."""
    edit(library / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    assert findings([PREPROCESS_SPEC]) == [("ALN206", "specs/preprocess_spec.py:36:71")]
    assert findings(["specs"]) == [
        ("ALN003", "specs/load_data_spec.py:18:1"),
        ("ALN003", "specs/preprocess_spec.py:18:1"),
        ("ALN206", "specs/preprocess_spec.py:36:71"),
    ], "a directory argument keeps checking only what is under it"


def test_renamed_output_reports_the_consumer(library: Path) -> None:
    rename_load_data_output(library)
    reported_codes = findings(["specs/load_data_spec.py"])
    consumer = [code for code, where in reported_codes if where.startswith(PREPROCESS_SPEC)]
    assert consumer and all(code.startswith("ALN3") for code in consumer), reported_codes


def test_split_invocations_report_what_one_invocation_reports(library: Path) -> None:
    """pre-commit may split the changed files over several invocations."""
    edit(library / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    rename_load_data_output(library)
    files = ["specs/load_data_spec.py", "scripts/preprocess.py", PREPROCESS_SPEC]
    together = set(findings(files))
    apart = set(findings(files[:1])) | set(findings(files[1:2])) | set(findings(files[2:]))
    assert together == apart
    assert ("ALN206", "specs/preprocess_spec.py:36:71") in together


def test_consumer_wiring_is_reported_without_a_related_location(library: Path) -> None:
    """A finding on a consumer's dependency is shown when the producer's spec changed, even
    when it names no location in the changed file."""
    root = library.resolve()
    project = analyze([], Settings(), root=root).project
    assert project is not None
    step = project.step("Preprocess")
    assert step is not None
    dependency = step.all_specs()[0].dependencies[0]
    finding = Diagnostic("ALN999", "probe", Severity.ERROR, "probe", dependency.span)

    def shown(changed_file: str) -> bool:
        changed = changed_set([root / changed_file], root, Settings())
        assert changed is not None
        return reported([finding], project, changed)[0] == [finding]

    assert shown("specs/load_data_spec.py"), "the producer's spec changed"
    assert shown("registry.py"), "the registry names the producer"
    assert not shown("scripts/load_data.py"), "a script does not change what a step produces"
    assert not shown("builders/preprocess_builder.py")


def test_directories_only_are_not_a_changed_set(library: Path) -> None:
    assert changed_set([library / "specs"], library, Settings()) is None
    assert changed_set([], library, Settings()) is None


def _as_package(library: Path) -> Path:
    """The library moved into a package ``pkg`` of the project (its imports follow)."""
    package = library / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for child in sorted(library.iterdir()):
        if child != package and not child.name.startswith("."):
            child.rename(package / child.name)
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        for folder in ("builders", "configs", "contracts", "scripts", "specs", "registry"):
            text = text.replace(f"from {folder}.", f"from pkg.{folder}.")
        module.write_text(text, encoding="utf-8")
    return package


def test_a_directory_of_a_package_is_checked_with_the_whole_project(library: Path) -> None:
    package = _as_package(library)
    # A directory named from a place that is no project's top is analysed alone (else all of
    # that place would be the project).
    assert changed_set([package / "specs"], library, Settings()) is None
    (library / "pyproject.toml").write_text('[project]\nname = "demo"\n', encoding="utf-8")
    (library / ".git").mkdir()
    assert findings([]) == []
    edit(package / PREPROCESS_SPEC, GOOD_PATH, BAD_PATH)
    # Analysed alone, the specifications would have no registry and no builder to link to.
    assert findings(["pkg/specs"]) == [("ALN206", "pkg/specs/preprocess_spec.py:36:71")]
    assert findings(["pkg/scripts", "pkg/builders"]) == []
    changed = changed_set([package / "specs"], library, Settings())
    assert changed is not None and changed.directories == ("pkg/specs",)
    # From a folder of the package (no configuration file), the project is the one holding it.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(package / "specs")
        assert findings([]) == [("ALN206", "preprocess_spec.py:36:71")]
        assert findings(["."]) == [("ALN206", "preprocess_spec.py:36:71")]
    assert not (package / "specs" / ".alignlint_cache").exists()
    # Named from outside the project (no configuration file), likewise: the root is found from
    # the path, not taken from the current directory.
    elsewhere = library.parent / "elsewhere"
    elsewhere.mkdir()
    shown = [("ALN206", f"../{library.name}/pkg/specs/preprocess_spec.py:36:71")]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(elsewhere)
        assert findings([str(package / "specs")]) == shown
        assert findings([str(package / PREPROCESS_SPEC)]) == shown
    assert not (elsewhere / ".alignlint_cache").exists()
    # The package itself, and the project, are checked as they are.
    assert changed_set([package], library, Settings()) is None
    assert changed_set([library], library, Settings()) is None


@pytest.mark.parametrize("roots", [(), ("specs",)])
def test_the_project_is_the_configured_roots_else_the_root(
    library: Path, roots: tuple[str, ...]
) -> None:
    settings = Settings(roots=roots)
    changed = changed_set(["scripts/load_data.py"], library, settings)
    assert changed is not None
    project = [library.resolve() / root for root in roots] if roots else [library.resolve()]
    assert changed.project == tuple(project)
    assert changed.files == frozenset({"scripts/load_data.py"})
