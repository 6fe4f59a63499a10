"""Measure loading the cached facts of every file of a library (what a warm full run does first).

``python benchmarks/fact_load.py LIBRARY CACHE_DIR [--repeat 3] [--memory]``

The library's files are discovered and hashed the way ``alignlint check .`` does, then
:meth:`alignlint.run.fact_cache.FactCache.get_many` loads all their facts from ``CACHE_DIR`` (filled
by an earlier ``alignlint check . --cache-dir CACHE_DIR`` of the same alignlint). Printed: the
number of files, of cache hits, the best and every wall and CPU time of the load, and with ``--memory``
the memory the loaded facts hold (tracemalloc, one more load) by allocating module. Nothing here
asserts: it prints figures.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from alignlint.core.settings import Settings
from alignlint.run.discover import discover_files
from alignlint.run.fact_cache import FactCache
from alignlint.run.sources import read_sources


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also measure what the facts hold")
    options = parser.parse_args(argv)
    root = options.library.resolve()
    settings = Settings(cache_dir=str(options.cache_dir.resolve()))
    files = discover_files([root], root, settings)
    sources = read_sources(files, {}, settings.max_file_size)
    keys = [(path, sources.hashes[path]) for path in sources.readable]
    cache = FactCache(root, settings)
    times = []
    cpu_times = []
    hits = 0
    for _ in range(options.repeat):
        gc.collect()
        start, cpu_start = time.perf_counter(), time.process_time()
        found = cache.get_many(keys)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
        hits = sum(facts is not None for facts in found)
        del found
    print(f"files {len(keys)}  hits {hits}")
    print(f"load  best {min(times):.3f} s  ({', '.join(f'{t:.3f}' for t in times)})")
    print(f"cpu   best {min(cpu_times):.3f} s  ({', '.join(f'{t:.3f}' for t in cpu_times)})")
    if options.memory:
        gc.collect()
        tracemalloc.start()
        found = cache.get_many(keys)
        snapshot = tracemalloc.take_snapshot()
        total = sum(stat.size for stat in snapshot.statistics("filename"))
        print(f"facts hold {total / 2**20:.1f} MiB (tracemalloc), {len(found)} files")
        for stat in snapshot.statistics("lineno")[:8]:
            print(f"  {stat.size / 2**20:8.1f} MiB  {stat.count:9d} blocks  {stat.traceback[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
