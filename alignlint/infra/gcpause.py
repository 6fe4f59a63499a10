"""Pausing Python's cyclic garbage collector while many small objects are created.

Phase 1 and cache loading allocate millions of small, long-lived, acyclic objects (facts, spans,
positions). Every few hundred allocations CPython then runs a collection that walks the young
objects, and its full collections walk everything alive: measured on the benchmark library,
unpickling cached facts was ten times slower and extraction almost twice as slow with the
collector running. Reference counting still frees everything acyclic while the collector is
paused, so memory stays flat; the collector resumes afterwards.

Inside one analysis (:func:`freezing_run`), what a paused block created is also frozen
(``gc.freeze``): those objects live for the rest of the run, and without freezing, the first
full collection after the block would walk all of them once more. At the end of the run they
are handed back to the collector (``gc.unfreeze``): frozen objects are never collected, so a
process that analyses again and again (the fix loop, a library caller) would otherwise keep the
linked projects of every earlier run, which are full of reference cycles, for good. They are
old by then, and the collector seldom walks its oldest generation (it counts collections of
the younger ones, and a run allocates mostly while the collector is paused): measured, a
library caller checking the corpus 16 times in a row grew by 38 MB per check and no full
collection ever ran. So a run may start with a full collection (:func:`_collect_earlier_runs`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_runs = 0
"""How many :func:`freezing_run` calls are under way (the outermost one decides and unfreezes)."""

_freezing = False
"""Whether this run may freeze: no object of the process was frozen when it started."""


_blocks = 0
"""How many memory blocks the interpreter had allocated after the last collection a run made."""


def _collect_earlier_runs() -> None:
    """A full collection, when the collector is on and the interpreter's allocated blocks grew
    by more than a quarter since a run last collected (the rule CPython applies to its oldest
    generation; counting blocks costs nothing, counting objects walks them all): the garbage
    of earlier runs is freed before this one allocates, and a caller whose own objects dwarf
    what runs leave behind does not pay for a full collection at every run."""
    global _blocks
    if not gc.isenabled():
        return
    if sys.getallocatedblocks() - _blocks > _blocks // 4:
        gc.collect()
        _blocks = sys.getallocatedblocks()


def freeze_live() -> None:
    """Freeze every object alive now, when the current run may (see :func:`freezing_run`):
    later collections of this run do not walk them."""
    if _freezing:
        gc.freeze()


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector for the block (no-op if it is already disabled); inside a
    run that may freeze, what is alive at its end is frozen."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        freeze_live()
        if was_enabled:
            gc.enable()


def freezing_run(function: Callable[P, R]) -> Callable[P, R]:
    """Make each call of ``function`` (one analysis) a run whose paused blocks freeze what they
    create, unfrozen when the call returns. When the process held frozen objects before the
    call (a caller's own ``gc.freeze()``), nothing is frozen: unfreezing would give the
    caller's objects back to the collector too."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        global _runs, _freezing
        outermost = _runs == 0
        if outermost:
            _collect_earlier_runs()
            _freezing = gc.get_freeze_count() == 0
        _runs += 1
        try:
            return function(*args, **kwargs)
        finally:
            _runs -= 1
            if outermost:
                if _freezing:
                    gc.unfreeze()
                _freezing = False

    return run


def disable_for_one_shot_run() -> None:
    """Turn the collector off for the rest of a process that analyses once and exits.

    A plain ``alignlint check`` keeps almost everything it allocates until it exits (facts, the
    linked project, findings) and makes little cyclic garbage, so collections would only walk
    live objects: measured, a tenth of a warm run after one change at 500 steps, with the same
    peak memory. Not for the fix loop (each pass drops a linked project full of reference cycles)
    nor for library callers.
    """
    gc.disable()
