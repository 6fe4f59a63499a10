"""A cached check with workspaces reuses the result of every view whose inputs did not change
(:mod:`alignlint.run.view_results`) and each view's unit results, and reports exactly what a run
without a cache reports: after random edits of the shared library and of workspaces, for the
whole project, one workspace asked for, a path inside a workspace and a changed shared file."""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from perf.incremental import EDITS, output

import alignlint.model
from alignlint.core.settings import Settings
from alignlint.rules.base import discover_rules
from alignlint.run.analysis import analyze
from alignlint.run.result import Result
from alignlint.run.workspace_views import WorkspaceRequest
from benchmarks.generate import generate

RULES = discover_rules()
PROJECTS = "development/projects"


@pytest.fixture(scope="module")
def pristine() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="alignlint-view-results-"))
    generate(directory / "generated", 6, seed=5, workspaces=3, per_workspace=2)
    yield directory / "generated" / "lib"
    shutil.rmtree(directory, ignore_errors=True)


def _packages(root: Path) -> list[Path]:
    """Each workspace's package (its ``steps/`` and ``registry/`` live there)."""
    return sorted(path.parent for path in (root / PROJECTS).glob("*/src/*/steps"))


def _runs(root: Path) -> list[tuple[str, Callable[[Settings, bool], Result]]]:
    """The runs compared: the whole project, one workspace asked for, a path inside one, a
    file of a workspace and a shared file as the changed set (what the pre-commit hook runs):
    each with the settings and whether to use the cache."""
    package = _packages(root)[0]
    workspace = package.parent.parent.name
    shared_spec = sorted((root / "steps" / "specs").glob("*_spec.py"))[0]
    own_spec = sorted((package / "steps" / "specs").glob("*_spec.py"))[0]
    return [
        (
            "whole project",
            lambda settings, cache: analyze([], settings, root=root, rules=RULES, use_cache=cache),
        ),
        (
            f"--workspace {workspace}",
            lambda settings, cache: analyze(
                [],
                settings,
                root=root,
                rules=RULES,
                use_cache=cache,
                workspaces=WorkspaceRequest((workspace,)),
            ),
        ),
        (
            f"path {package.relative_to(root)}",
            lambda settings, cache: analyze(
                [package], settings, root=root, rules=RULES, use_cache=cache
            ),
        ),
        (
            f"changed file {own_spec.relative_to(root)}",
            lambda settings, cache: analyze(
                [own_spec], settings, root=root, rules=RULES, use_cache=cache
            ),
        ),
        (
            f"changed file {shared_spec.relative_to(root)}",
            lambda settings, cache: analyze(
                [shared_spec], settings, root=root, rules=RULES, use_cache=cache
            ),
        ),
    ]


def _differences(root: Path, cache: Path) -> list[str]:
    """The runs whose output with the cache ``cache`` differs from a run without a cache."""
    cached = Settings(cache_dir=str(cache))
    return [
        name
        for name, run in _runs(root)
        if output(run(cached, True)) != output(run(Settings(), False))
    ]


def _edit(root: Path, rng: random.Random) -> str:
    """A random edit of the shared library or of one workspace's package."""
    for _ in range(20):
        target = rng.choice([root, *_packages(root)])
        edit = rng.choice(EDITS)
        try:
            done = edit(target, rng)
        except (IndexError, ValueError, FileNotFoundError):
            continue  # the target has no file of the kind the edit changes
        return f"{target.relative_to(root.parent)}: {done}"
    raise AssertionError("no edit applied")


@pytest.mark.parametrize("seed", range(4))
def test_cached_runs_with_workspaces_equal_full_runs(
    pristine: Path, tmp_path: Path, seed: int
) -> None:
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    cache = tmp_path / "cache"
    assert _differences(root, cache) == [], "cold"
    rng = random.Random(seed)
    done = []
    for _ in range(4):
        done.append(_edit(root, rng))
        assert _differences(root, cache) == [], "; ".join(done)


def _linked_views(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The views each later run links: ``""`` for the shared library's, else the workspace id."""
    linked: list[str] = []
    build = alignlint.model.build_project

    def counting(facts: Sequence[Any], settings: Settings, *args: Any, **kwargs: Any) -> Any:
        view = args[1] if len(args) > 1 else kwargs.get("view")
        linked.append(view.workspace.id if view is not None else "")
        return build(facts, settings, *args, **kwargs)

    monkeypatch.setattr(alignlint.model, "build_project", counting)
    return linked


def _cached(root: Path, settings: Settings) -> str:
    return output(analyze([], settings, root=root, rules=RULES, use_cache=True))


def _rename_first_logical_name(specs: Path) -> None:
    spec = sorted(specs.glob("*_spec.py"))[0]
    text = spec.read_text()
    assert 'logical_name="' in text
    spec.write_text(text.replace('logical_name="', 'logical_name="renamed_', 1))


@pytest.fixture
def warm(pristine: Path, tmp_path: Path) -> tuple[Path, Settings, str]:
    """A copy of the library, the settings of its cache, and the output of a first cached run."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    settings = Settings(cache_dir=str(tmp_path / "cache"))
    return root, settings, _cached(root, settings)


def test_an_edit_inside_a_workspace_links_that_view_only(
    warm: tuple[Path, Settings, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, settings, cold = warm
    linked = _linked_views(monkeypatch)
    package = _packages(root)[1]
    _rename_first_logical_name(package / "steps" / "specs")
    after = _cached(root, settings)
    assert linked == [package.parent.parent.name]
    assert after != cold
    linked.clear()
    assert after == output(analyze([], Settings(), root=root, rules=RULES))
    assert len(linked) == 1 + len(_packages(root))


def test_a_shared_edit_links_every_view(
    warm: tuple[Path, Settings, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, settings, _ = warm
    linked = _linked_views(monkeypatch)
    _rename_first_logical_name(root / "steps" / "specs")
    _cached(root, settings)
    assert sorted(linked) == sorted(["", *(p.parent.parent.name for p in _packages(root))])


def test_a_changed_workspace_file_reads_the_shared_views_stored_findings(
    warm: tuple[Path, Settings, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-commit hook after an edit inside a workspace links that workspace's view; what
    the shared view finds where the workspace's findings fall in the shared library (reported
    once, as the shared library's) comes from the stored shared view, not from linking it."""
    root, settings, _ = warm
    linked = _linked_views(monkeypatch)
    for package in _packages(root):
        _rename_first_logical_name(package / "steps" / "specs")
        spec = sorted((package / "steps" / "specs").glob("*_spec.py"))[0]
        cached = output(analyze([spec], settings, root=root, rules=RULES, use_cache=True))
        assert linked == [package.parent.parent.name]
        linked.clear()
        assert cached == output(analyze([spec], Settings(), root=root, rules=RULES))
        linked.clear()
