"""A changed-set run (``alignlint check FILE...``, what pre-commit runs) reuses the cache of the
run without paths: the same files are analysed, so the last run's findings (or an incremental
run from it) are split for the changed set with the last run's wiring index
(:class:`alignlint.run.changed.WiringIndex`). Compared here with changed-set runs without any
cache: what they report, what they leave unreported, statistics and suppressions.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fixture_harness import Case, collect_cases, prepared_case

from alignlint.core.settings import Settings
from alignlint.rules.base import Rule, discover_rules
from alignlint.run.analysis import Result, analyze
from alignlint.run.discover import discover_files
from benchmarks.generate import generate
from perf.incremental import EDITS, add_to_main, output

RULES = discover_rules()


def reported(result: Result) -> str:
    """Everything a changed-set run reports, and the findings it leaves unreported."""
    hidden = "\n".join(repr(diagnostic) for diagnostic in result.unreported)
    return f"{output(result)}\nunreported:\n{hidden}"


def uncached(
    root: Path,
    settings: Settings,
    rules: Sequence[type[Rule]],
    paths: Sequence[str],
    **options: bool,
) -> str:
    return reported(analyze(list(paths), settings, root=root, rules=rules, **options))


def cached(
    root: Path,
    settings: Settings,
    rules: Sequence[type[Rule]],
    cache: Path,
    paths: Sequence[str],
    **options: bool,
) -> Result:
    settings = dataclasses.replace(settings, cache_dir=str(cache))
    return analyze(list(paths), settings, root=root, rules=rules, use_cache=True, **options)


def case_files(root: Path, settings: Settings) -> list[str]:
    return [file.relative for file in discover_files([], root, settings)]


@pytest.mark.parametrize("case", collect_cases(), ids=lambda case: case.name)
def test_every_file_of_every_case(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a run without paths, a changed-set run of any one file of a case reports what it
    reports without a cache; after a changed-set run, a run without paths too."""
    root = case.materialize(tmp_path / "project")
    monkeypatch.chdir(root)
    prepared = prepared_case(root)
    settings, rules = prepared.settings, prepared.rules
    cache = tmp_path / "cache"
    files = case_files(root, settings)
    first = cached(root, settings, rules, cache, files[:1])
    assert reported(first) == uncached(root, settings, rules, files[:1])
    assert output(cached(root, settings, rules, cache, [])) == output(
        analyze([], settings, root=root, rules=rules)
    )
    for path in files:
        again = cached(root, settings, rules, cache, [path])
        assert reported(again) == uncached(root, settings, rules, [path]), path
        # Reused, unless the project has workspaces (a changed set checks the views it touches).
        assert (again.project is None) == ("workspaces" not in first.statistics.counters)
    everything = cached(root, settings, rules, cache, files[-1:], report_all=True)
    assert reported(everything) == uncached(root, settings, rules, files[-1:], report_all=True)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("changed-set")
    generate(directory / "generated", 8, seed=5)
    yield directory / "generated" / "lib"


def hashes(root: Path) -> dict[str, str]:
    return {
        file.relative: hashlib.sha256(file.absolute.read_bytes()).hexdigest()
        for file in discover_files([], root, Settings())
    }


def test_a_changed_set_run_reuses_the_run_without_paths(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    monkeypatch.chdir(root)
    settings, cache = Settings(), tmp_path / "cache"
    assert cached(root, settings, RULES, cache, []).project is not None
    spec = sorted(path for path in hashes(root) if path.endswith("_spec.py"))[0]
    again = cached(root, settings, RULES, cache, [spec])
    assert again.project is None  # the whole project was not linked
    assert reported(again) == uncached(root, settings, RULES, [spec])
    assert again.unreported  # the other steps' findings are there, not reported
    script = sorted(path for path in hashes(root) if "/scripts/" in path and "__" not in path)[0]
    assert add_to_main(root / script, "print('edited')")
    after = cached(root, settings, RULES, cache, [script])
    assert after.project is None  # the incremental run after a script change
    assert reported(after) == uncached(root, settings, RULES, [script])


def test_a_file_the_run_without_paths_skips(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named file that the run without paths does not analyse (in an excluded directory) makes
    another set of files: analysed in full, and the cache of the run without paths stays true."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    monkeypatch.chdir(root)
    settings, cache = Settings(), tmp_path / "cache"
    cached(root, settings, RULES, cache, [])
    spec = sorted(path for path in hashes(root) if path.endswith("_spec.py"))[0]
    (root / "build").mkdir()
    shutil.copy(root / spec, root / "build" / "copied_spec.py")
    named = cached(root, settings, RULES, cache, ["build/copied_spec.py"])
    assert named.project is not None
    assert reported(named) == uncached(root, settings, RULES, ["build/copied_spec.py"])
    assert output(cached(root, settings, RULES, cache, [])) == output(
        analyze([], settings, root=root, rules=RULES)
    )


@pytest.mark.parametrize("seed", range(4))
def test_edited_libraries_changed_set_equals_full(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Random edits, each followed by the changed-set run pre-commit makes (the files the edit
    changed or added) with and without the cache."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    monkeypatch.chdir(root)
    settings, cache = Settings(), tmp_path / "cache"
    cached(root, settings, RULES, cache, [])
    rng = random.Random(seed)
    for _ in range(5):
        before = hashes(root)
        done = rng.choice(EDITS)(root, rng)
        now = hashes(root)
        changed = sorted(path for path, digest in now.items() if before.get(path) != digest)
        paths = changed or [rng.choice(sorted(now))]
        assert reported(cached(root, settings, RULES, cache, paths)) == uncached(
            root, settings, RULES, paths
        ), done
