"""Progress: the engine reports its phases; a rich bar shows them only on a terminal."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import threading
from pathlib import Path

from adoption.library import REPOSITORY
from alignlint.cli.progress_bar import ProgressBar, progress_for
from alignlint.core.settings import Settings
from alignlint.run.analysis import analyze
from alignlint.run.progress import NO_PROGRESS, Progress
from benchmarks.generate import generate


class Recorder(Progress):
    """Keeps what the engine reports: (phase, total, units advanced)."""

    def __init__(self) -> None:
        self.phases: list[list[object]] = []

    def phase(self, description: str, total: int) -> None:
        self.phases.append([description, total, 0])

    def advance(self, amount: int = 1) -> None:
        self.phases[-1][2] = int(str(self.phases[-1][2])) + amount


def test_the_engine_reports_every_phase_to_the_end(library: Path) -> None:
    recorder = Recorder()
    result = analyze([], Settings(), root=library, progress=recorder)
    files, rules = len(result.files), len(result.rules)
    assert recorder.phases == [
        ["Reading and extracting", files, files],
        ["Linking steps", 1, 1],
        ["Running rules", rules, rules],
    ]


def read_all(descriptor: int) -> str:
    chunks = []
    while select.select([descriptor], [], [], 0)[0]:
        chunk = os.read(descriptor, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_bar_is_drawn_on_a_terminal_for_long_runs_only() -> None:
    primary, secondary = os.openpty()
    terminal = open(secondary, "w", encoding="utf-8")
    try:
        with progress_for(terminal) as short:
            assert isinstance(short, ProgressBar)
            short.phase("Reading and extracting", 3)
            short.advance(3)
        terminal.flush()
        assert read_all(primary) == ""
        with ProgressBar(terminal, min_files=10) as long:
            long.phase("Reading and extracting", 10)
            long.advance(10)
            long.phase("Running rules", 2)
            long.advance()
        terminal.flush()
        assert "Reading and extracting" in read_all(primary)
    finally:
        terminal.close()
        os.close(primary)


def test_nothing_but_a_terminal_gets_a_bar() -> None:
    assert progress_for(io.StringIO()) is NO_PROGRESS


def test_rich_is_imported_only_for_a_bar() -> None:
    code = (
        "import io, sys\n"
        "from alignlint.cli.progress_bar import progress_for\n"
        "with progress_for(io.StringIO()) as progress:\n"
        "    progress.phase('Reading and extracting', 10_000)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


#: Set while a test watches forks: the threads other than the forking one alive at each fork.
_FORKS: list[list[str]] | None = None


def _note_fork() -> None:
    if _FORKS is not None:
        current = threading.current_thread()
        _FORKS.append([type(t).__name__ for t in threading.enumerate() if t is not current])


os.register_at_fork(before=_note_fork)


def test_workers_are_forked_while_the_bar_redraws_from_no_thread(tmp_path: Path) -> None:
    """A bar redraws from a thread of rich's, holding the terminal stream's lock while it
    writes; a worker forked at that moment would keep the lock held and hang flushing the
    stream as it exits. The bar's thread is stopped while the pool starts, and the bar shown
    again after."""
    global _FORKS
    generate(tmp_path / "generated", 70, seed=3)  # enough bytes for a worker pool
    library = tmp_path / "generated" / "lib"
    primary, secondary = os.openpty()
    terminal = open(secondary, "w", encoding="utf-8")
    _FORKS = []
    try:
        with ProgressBar(terminal, min_files=10) as bar:
            bar.phase("Reading and extracting", 10)
            assert "_RefreshThread" in [type(t).__name__ for t in threading.enumerate()]
            result = analyze([], Settings(), root=library, progress=bar, jobs=2)
            assert "_RefreshThread" in [type(t).__name__ for t in threading.enumerate()]
        forks, _FORKS = _FORKS, None
        assert result.files and forks, "the library is large enough for a worker pool"
        assert all("_RefreshThread" not in threads for threads in forks), forks
        terminal.flush()
        assert "Running rules" in read_all(primary)
    finally:
        _FORKS = None
        terminal.close()
        os.close(primary)
