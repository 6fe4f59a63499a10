"""Progress of a run: the engine reports phases and work done to a :class:`Progress`; the CLI
may pass one that shows a bar (:mod:`alignlint.cli.progress_bar`)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from types import TracebackType


class Progress:
    """Receives progress from the engine; this base class ignores it."""

    def phase(self, description: str, total: int) -> None:
        """A new phase starts with ``total`` units of work."""

    def advance(self, amount: int = 1) -> None:
        """``amount`` units of the current phase are done."""

    def close(self) -> None:
        """The run is over: remove anything shown."""

    def single_threaded(self) -> AbstractContextManager[object]:
        """A block during which showing progress runs no thread of its own (worker processes are
        forked there: :data:`alignlint.infra.parallel.Quiet`)."""
        return nullcontext()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


NO_PROGRESS = Progress()
"""The progress of a run nobody watches."""
