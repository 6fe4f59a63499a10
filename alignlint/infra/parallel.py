"""Phase 1 across processes: extract many files in a worker pool when that pays for itself.

Starting a pool costs a fixed amount (forking the workers, telling them what to read and shipping
the facts back), so small batches, such as the one or two changed files of a pre-commit run on a
warm cache, are extracted in-process. Larger batches are split into chunks of similar byte size,
biggest files first, and queued for a :class:`~concurrent.futures.ProcessPoolExecutor` of one
process fewer than the CPUs to use: this process is the last worker. While the pool works through
the queue from the front, this process takes chunks no worker has started from the back (by
cancelling their futures), so it never sits idle waiting and needs no pickling for its own share.
The settings and the extraction functions reach each worker once, through the pool initializer;
workers return facts or cache entries (plain picklable data), never parser objects.
Results come back in the order of the input, whatever the scheduling.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, TypeVar, cast

from alignlint.core.settings import Settings
from alignlint.infra.gcpause import paused_gc

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

T = TypeVar("T")
L = TypeVar("L")
R = TypeVar("R")
P = TypeVar("P")

Extract = Callable[[str, P, Settings], T]
"""``extract(path, payload, settings) -> facts``: a module-level (picklable) function. The
payload is what a worker receives of the file: its bytes, or where to read them (so the bytes
of a big batch are never all in memory at once, nor shipped to the workers)."""

PARALLEL_MIN_BYTES = 400_000
"""Below this many bytes to extract, a pool costs more than it saves.

Measured on this 2-core machine with this process extracting its own share (best of 3, files of
the 50-step benchmark library): 0.25 MB took 0.069 s with a pool against 0.067 s without; 0.5 MB
0.111 s against 0.144 s; 1 MB 0.18 s against 0.28 s; 3 MB 0.48 s against 0.81 s. Re-measure with
``benchmarks/run.py`` before changing it.
"""

PARALLEL_MIN_FILES = 8
"""Below this many files there is too little to spread across workers."""

CHUNKS_PER_WORKER = 16
"""Chunks per worker: enough that the pool and this process finish close together (a worker
holds up to two chunks when this process runs out of untaken ones), few enough to keep messages
cheap. 4 per worker left this process waiting about 0.1 s at 3 MB; 16 to 64 were equal."""


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def should_parallelise(
    items: Sequence[tuple[str, object]], jobs: int, sizes: Sequence[int] | None = None
) -> bool:
    """True when ``items`` are numerous and large enough (``sizes``: their sizes in bytes,
    by default the length of each payload) for a pool of ``jobs`` workers."""
    if jobs < 2 or len(items) < PARALLEL_MIN_FILES:
        return False
    return sum(_sizes(items, sizes)) >= PARALLEL_MIN_BYTES


def _sizes(items: Sequence[tuple[str, object]], sizes: Sequence[int] | None) -> Sequence[int]:
    if sizes is not None:
        return sizes
    return [len(payload) if isinstance(payload, bytes) else 0 for _, payload in items]


def _workers(jobs: int | None) -> int:
    return default_jobs() if jobs is None else max(1, jobs)


def plan_chunks(sizes: Sequence[int], chunk_count: int) -> list[list[int]]:
    """Split item indices into at most ``chunk_count`` chunks of similar total size.

    Indices are taken biggest first, so the slowest files start first and the small ones fill the
    gaps at the end. Ties keep input order, so the plan is deterministic.
    """
    order = sorted(range(len(sizes)), key=lambda index: (-sizes[index], index))
    target = max(1, sum(sizes) // max(1, chunk_count))
    chunks: list[list[int]] = []
    current: list[int] = []
    current_size = 0
    for index in order:
        current.append(index)
        current_size += sizes[index]
        if current_size >= target and len(chunks) < chunk_count - 1:
            chunks.append(current)
            current, current_size = [], 0
    if current:
        chunks.append(current)
    return chunks


_worker_state: tuple[Settings, Extract[object, object]] | None = None
"""Set once in each worker process by :func:`_initialise_worker`."""


def _initialise_worker(settings: Settings, extract: Extract[object, object]) -> None:
    global _worker_state
    _worker_state = (settings, extract)


def _extract_chunk(chunk: list[tuple[str, object]]) -> list[object]:
    if _worker_state is None:  # pragma: no cover - the pool always runs the initializer first
        raise RuntimeError("alignlint worker used before initialisation")
    settings, extract = _worker_state
    with paused_gc():
        return [extract(path, data, settings) for path, data in chunk]


def _extract_serially(
    items: Sequence[tuple[str, P]], settings: Settings, extract: Extract[P, T]
) -> list[T]:
    with paused_gc():
        return [extract(path, data, settings) for path, data in items]


def _pool_context() -> BaseContext:
    """``fork`` where it is safe and cheap (Linux), else ``spawn``."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


#: Entered around starting the workers: a block in which this process runs no thread but the
#: one starting them (each worker is forked from it, and a lock another thread holds at that
#: moment, such as a stream's while a progress bar redraws, stays held in the worker forever).
Quiet = Callable[[], AbstractContextManager[object]]


def extract_all(
    items: Sequence[tuple[str, P]],
    settings: Settings,
    extract: Extract[P, T],
    *,
    jobs: int | None = None,
    quiet: Quiet = nullcontext,
    sizes: Sequence[int] | None = None,
) -> list[T]:
    """Run ``extract(path, data, settings)`` on every item; results in the order of ``items``.

    ``jobs`` caps the worker count (``None``: every available CPU; ``1``: never start a pool).
    When the batch is too small to pay for a pool, or a pool cannot be started here, the items are
    extracted in this process with the same results. ``quiet``: see :data:`Quiet`.
    """
    return cast(
        list[T],
        extract_shared(items, settings, extract, extract, jobs=jobs, quiet=quiet, sizes=sizes),
    )


def extract_shared(
    items: Sequence[tuple[str, P]],
    settings: Settings,
    local: Extract[P, L],
    remote: Extract[P, R],
    *,
    jobs: int | None = None,
    quiet: Quiet = nullcontext,
    sizes: Sequence[int] | None = None,
) -> list[L | R]:
    """Like :func:`extract_all`, but this process runs ``local`` on its share of the items while
    pool workers run ``remote`` on theirs (e.g. facts here, encoded cache entries there).
    ``sizes``: the size in bytes of each item's file, when its payload is not its bytes."""
    workers = _workers(jobs)
    if not should_parallelise(items, workers, sizes):
        return list(_extract_serially(items, settings, local))
    # Imported here: a run that extracts in-process (the usual pre-commit run) never pays for them.
    from concurrent.futures import ProcessPoolExecutor

    chunks = plan_chunks(_sizes(items, sizes), workers * CHUNKS_PER_WORKER)
    results: list[list[L] | list[R] | None] = [None] * len(chunks)
    try:
        with (
            paused_gc(),
            ProcessPoolExecutor(
                max_workers=min(workers - 1, len(chunks)),
                mp_context=_pool_context(),
                initializer=_initialise_worker,
                # The worker passes ``remote`` only payloads of ``items``.
                initargs=(settings, cast("Extract[object, object]", remote)),
            ) as pool,
        ):
            # With the ``fork`` start method the first submission forks every worker.
            with quiet():
                futures: list[Future[list[object]]] = [
                    pool.submit(_extract_chunk, [items[index] for index in chunk])
                    for chunk in chunks
                ]
            # Take the chunks no worker has started, from the back of the queue.
            for number in reversed(range(len(chunks))):
                if not futures[number].cancel():
                    break
                results[number] = _extract_serially(
                    [items[index] for index in chunks[number]], settings, local
                )
            for number, future in enumerate(futures):
                if results[number] is None:
                    results[number] = cast(list[R], _result_or_none(future))
    except OSError:  # no pool here (no /dev/shm, a process limit): what is left runs in-process
        pass
    by_index: dict[int, L | R] = {}
    for chunk, chunk_results in zip(chunks, results, strict=True):
        found = chunk_results
        if found is None:  # the pool broke (a worker was killed): extract the chunk here
            found = _extract_serially([items[index] for index in chunk], settings, local)
        by_index.update(zip(chunk, found, strict=True))
    return [by_index[index] for index in range(len(items))]


def _result_or_none(future: Future[list[object]]) -> list[object] | None:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return None
