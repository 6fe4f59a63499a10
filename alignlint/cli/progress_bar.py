"""The progress bar of the command line: a transient rich bar showing a run's progress.

The bar goes to stderr, only when stderr is a terminal and the run is long (many files), and it
disappears when the run ends, so nothing extra is ever written to logs, pipes or machine-readable
outputs. rich is imported only when a bar is actually shown.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from alignlint.run.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

#: Runs over fewer files than this finish too quickly for a bar to help.
LONG_RUN_FILES = 200


class ProgressBar(Progress):
    """A transient rich progress bar on ``stream`` (use as a context manager).

    The bar stays hidden until a phase with at least ``min_files`` units of work starts (the
    extraction phase counts files), so short runs print nothing at all.
    """

    def __init__(self, stream: TextIO, *, min_files: int = LONG_RUN_FILES) -> None:
        self._stream = stream
        self._min_files = min_files
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None

    def phase(self, description: str, total: int) -> None:
        if self._bar is None:
            if total < self._min_files:
                return
            self._bar = self._start()
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(description, total=max(total, 1))

    def advance(self, amount: int = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, amount)

    def _start(self) -> RichProgress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichBar

        console = Console(file=self._stream, stderr=True)
        bar = RichBar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        bar.start()
        return bar

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    @contextmanager
    def single_threaded(self) -> Iterator[None]:
        """The bar redraws from a thread of rich's: stopped (and waited for) during the block,
        shown again after it."""
        bar = self._bar
        if bar is None:
            yield
            return
        redraws = getattr(bar.live, "_refresh_thread", None)
        bar.stop()
        if isinstance(redraws, threading.Thread):
            redraws.join()
        try:
            yield
        finally:
            bar.start()


def progress_for(stream: TextIO) -> Progress:
    """A bar on ``stream`` when it is a terminal, else :data:`NO_PROGRESS`."""
    try:
        interactive = stream.isatty()
    except ValueError:  # closed stream
        interactive = False
    return ProgressBar(stream) if interactive else NO_PROGRESS
