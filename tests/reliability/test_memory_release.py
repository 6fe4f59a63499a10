"""A process that analyses again and again (the fix loop, a library caller) gives each run's
objects back: the run freezes what lives for it (``alignlint.infra.gcpause``) only until it ends.
"""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

import pytest
from fixture_cases import materialized

from alignlint.core.settings import Settings
from alignlint.infra import gcpause
from alignlint.infra.gcpause import freezing_run, paused_gc
from alignlint.run.analysis import analyze


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(materialized("linking/by_layer"), root)
    return root


@pytest.fixture(autouse=True)
def collector_state() -> object:
    """Each test starts with the collector on and nothing frozen, and leaves it so."""
    was_enabled = gc.isenabled()
    gc.unfreeze()
    gc.enable()
    yield
    gc.unfreeze()
    if not was_enabled:
        gc.disable()


def test_an_earlier_runs_linked_project_is_collected_after_the_next_run(library: Path) -> None:
    first = analyze([], Settings(), root=library, need_project=True)
    assert first.project is not None and first.project.steps
    project = weakref.ref(first.project)
    del first  # the linked project is now cyclic garbage, not collected yet
    spec = next(library.rglob("*_spec.py"))
    spec.write_text(spec.read_text() + "\nEXTRA = 1\n")
    second = analyze([], Settings(), root=library, need_project=True)
    assert second.project is not None
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert project() is None


def test_the_next_run_starts_by_collecting_what_earlier_runs_dropped(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = analyze([], Settings(), root=library, need_project=True)
    assert first.project is not None
    project = weakref.ref(first.project)
    del first
    # As in a process whose own objects are few next to what the first run left behind (the
    # test process's are many: a full collection would wait for more garbage).
    monkeypatch.setattr(gcpause, "_blocks", 0)
    analyze([], Settings(), root=library)
    assert project() is None  # no collection by the test


def test_a_run_freezes_what_it_creates_until_it_ends() -> None:
    seen: list[int] = []

    @freezing_run
    def run() -> None:
        with paused_gc():
            kept = [[index] for index in range(1000)]
        seen.append(gc.get_freeze_count())
        del kept

    run()
    assert seen[0] >= 1000
    assert gc.get_freeze_count() == 0


def test_a_callers_frozen_objects_stay_frozen_and_the_run_freezes_nothing(library: Path) -> None:
    kept = [[index] for index in range(100)]
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen >= 100
    analyze([], Settings(), root=library)
    assert gc.get_freeze_count() <= frozen  # frozen objects freed by reference counting go
    assert all(item is not kept for item in gc.get_objects())  # still frozen
