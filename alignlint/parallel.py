"""Phase 1 across processes: extract many files in a worker pool when that pays for itself.

Starting a pool costs a fixed amount (forking the workers, shipping the file bytes there and the
facts back), so small batches, such as the one or two changed files of a pre-commit run on a warm
cache, are extracted in-process. Larger batches are split into chunks of similar byte size,
biggest files first, and sent to a :class:`~concurrent.futures.ProcessPoolExecutor`. The settings
and the extraction function reach each worker once, through the pool initializer; workers return
facts (plain picklable data), never parser objects. Results come back in the order of the input,
whatever the scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import TypeVar, cast

from alignlint.gcpause import paused_gc
from alignlint.settings import Settings

T = TypeVar("T")

Extract = Callable[[str, bytes, Settings], T]
"""``extract(path, data, settings) -> facts``: a module-level (picklable) function."""

PARALLEL_MIN_BYTES = 4_000_000
"""Below this many bytes to extract, a pool costs more than it saves.

Measured on this 2-core machine (while other jobs shared it): extracting 0.25-2.5 MB of the
benchmark library in a 2-worker pool was never faster than in-process, because workers send back
facts about three times the size of the source, which the parent must unpickle. Re-measure with
``benchmarks/run.py`` on a quiet machine before lowering it.
"""

PARALLEL_MIN_FILES = 8
"""Below this many files there is too little to spread across workers."""

CHUNKS_PER_WORKER = 4
"""Chunks per worker: enough to balance uneven files, few enough to keep messages cheap."""


def default_jobs() -> int:
    """The number of CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def should_parallelise(items: Sequence[tuple[str, bytes]], jobs: int) -> bool:
    """True when ``items`` are numerous and large enough for a pool of ``jobs`` workers."""
    if jobs < 2 or len(items) < PARALLEL_MIN_FILES:
        return False
    return sum(len(data) for _, data in items) >= PARALLEL_MIN_BYTES


def uses_pool(items: Sequence[tuple[str, bytes]], jobs: int | None) -> bool:
    """Whether :func:`extract_all` starts a worker pool for ``items`` with this ``jobs`` cap."""
    return should_parallelise(items, _workers(jobs))


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


_worker_state: tuple[Settings, Extract[object]] | None = None
"""Set once in each worker process by :func:`_initialise_worker`."""


def _initialise_worker(settings: Settings, extract: Extract[object]) -> None:
    global _worker_state
    _worker_state = (settings, extract)


def _extract_chunk(chunk: list[tuple[str, bytes]]) -> list[object]:
    if _worker_state is None:  # pragma: no cover - the pool always runs the initializer first
        raise RuntimeError("alignlint worker used before initialisation")
    settings, extract = _worker_state
    with paused_gc():
        return [extract(path, data, settings) for path, data in chunk]


def _extract_serially(
    items: Sequence[tuple[str, bytes]], settings: Settings, extract: Extract[T]
) -> list[T]:
    with paused_gc():
        return [extract(path, data, settings) for path, data in items]


def _pool_context() -> BaseContext:
    """``fork`` where it is safe and cheap (Linux), else ``spawn``."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def extract_all(
    items: Sequence[tuple[str, bytes]],
    settings: Settings,
    extract: Extract[T],
    *,
    jobs: int | None = None,
) -> list[T]:
    """Run ``extract(path, data, settings)`` on every item; results in the order of ``items``.

    ``jobs`` caps the worker count (``None``: every available CPU; ``1``: never start a pool).
    When the batch is too small to pay for a pool, or a pool cannot be started here, the items are
    extracted in this process with the same results.
    """
    workers = _workers(jobs)
    if not should_parallelise(items, workers):
        return _extract_serially(items, settings, extract)
    chunks = plan_chunks([len(data) for _, data in items], workers * CHUNKS_PER_WORKER)
    try:
        with (
            paused_gc(),
            ProcessPoolExecutor(
                max_workers=min(workers, len(chunks)),
                mp_context=_pool_context(),
                initializer=_initialise_worker,
                initargs=(settings, extract),
            ) as pool,
        ):
            chunk_results = list(
                pool.map(_extract_chunk, [[items[index] for index in chunk] for chunk in chunks])
            )
    except (OSError, BrokenProcessPool):
        return _extract_serially(items, settings, extract)
    by_index: dict[int, object] = {}
    for chunk, facts in zip(chunks, chunk_results, strict=True):
        by_index.update(zip(chunk, facts, strict=True))
    return [cast(T, by_index[index]) for index in range(len(items))]
