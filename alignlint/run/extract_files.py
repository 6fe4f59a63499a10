"""Phase 1 of the files a run extracts, each read where it is extracted.

A file's bytes are read by the process that extracts it (this one, or a pool worker of
:mod:`alignlint.infra.parallel`) and dropped as soon as its facts are made: the bytes of a large
project are never all in memory at once, and never shipped to the workers. A worker receives the
file to read (or the bytes, for content that is not on disk: an overlay) and returns the hash of
what it read with the result, or why it could not read it; :meth:`Sources.read_as
<alignlint.run.sources.Sources.read_as>` records either.

The functions here are module-level, so a pool started with ``spawn`` can pickle them.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from alignlint.core.settings import Settings
from alignlint.core.source import ReadFailure
from alignlint.run.discover import SourceFile

if TYPE_CHECKING:
    from alignlint.extract.facts import FileFacts

Payload = bytes | SourceFile
"""What extracting a file starts from: its bytes, or the file to read them from."""


def _bytes_of(payload: Payload, settings: Settings) -> bytes | ReadFailure:
    if isinstance(payload, bytes):
        return payload
    return payload.read(settings.max_file_size)


def facts_of(
    path: str, payload: Payload, settings: Settings
) -> tuple[str, FileFacts] | ReadFailure:
    """The sha256 and the phase 1 facts of the file ``path`` (bodies of modules that do not look
    like pipeline pieces deferred), or why it cannot be read."""
    from alignlint.extract import extract_deferring

    data = _bytes_of(payload, settings)
    if isinstance(data, ReadFailure):
        return data
    return hashlib.sha256(data).hexdigest(), extract_deferring(path, data, settings)


def entry_of(path: str, payload: Payload, settings: Settings) -> tuple[str, bytes] | ReadFailure:
    """Like :func:`facts_of`, with the facts encoded as a fact cache entry
    (:func:`~alignlint.run.fact_cache.extract_entry`: what pool workers return when the cache
    is on)."""
    from alignlint.run.fact_cache import extract_entry

    data = _bytes_of(payload, settings)
    if isinstance(data, ReadFailure):
        return data
    return hashlib.sha256(data).hexdigest(), extract_entry(path, data, settings)
