"""Generic mechanisms with no knowledge of facts, models or rules: the authenticated cache
directory, the per-user key, entry-point lookup, the worker pool, pausing the collector.
"""
