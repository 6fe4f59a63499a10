"""Body facts scanned when first read: phase 1 does only what the rules need.

Scanning function and method bodies is most of phase 1, and most bodies belong to modules that
declare no pipeline piece (a library's API, CLI and validation code): no rule reads them. So
:func:`alignlint.extract.extract_deferring` leaves the bodies of a module that does not look like
a piece (:func:`alignlint.extract.looks_like_a_piece`) unscanned: each is a :class:`DeferredBody`
standing for the :class:`~alignlint.extract.facts.BodyFacts` a full extraction would give.

Nothing has to predict which bodies linking or a rule will read: the first read of any field of
a deferred body extracts its file again, fully, from the same bytes (checked against the content
hash), and every deferred body of that file takes the body the full extraction gives it. A
deferred body is therefore always what a full extraction records, and findings never depend on
the guess; a wrong guess only costs that file's extraction a second time.

A deferred body holds no parser object or source text: a shared :class:`DeferredFile` (path and
content hash) and the body's place in the file's facts, so deferred facts pickle smaller than
scanned ones. Resolving needs the file's bytes and the run's settings, which the run attaches to
the facts it links with :func:`attach` (bytes it still holds, else read again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from alignlint.extract.facts import EMPTY_BODY, BodyFacts

if TYPE_CHECKING:
    from alignlint.core.settings import Settings
    from alignlint.extract.facts import FileFacts

Loader = Callable[[str], "bytes | None"]
"""``loader(path) -> bytes`` of a file of the run (None when it cannot be read)."""

BodyKey = tuple[int, ...]
"""Where a body is in a file's facts: ``(function index,)`` or ``(class index, method index)``."""


class DeferredFile:
    """The file of some deferred bodies; resolves all of them at the first read of one."""

    __slots__ = ("_bodies", "_source", "content_hash", "path")

    def __init__(self, path: str, content_hash: str) -> None:
        self.path = path
        self.content_hash = content_hash
        self._bodies: dict[BodyKey, BodyFacts] | None = None
        self._source: tuple[Settings, Loader] | None = None

    @property
    def resolved(self) -> bool:
        """Whether a body of this file was read (and the file scanned) in this process."""
        return self._bodies is not None

    def attach(self, settings: Settings, loader: Loader) -> None:
        """Where the bytes come from (``loader``) and the extraction settings (the run's)."""
        self._source = (settings, loader)

    def __reduce__(self) -> tuple[type[DeferredFile], tuple[str, str]]:
        return DeferredFile, (self.path, self.content_hash)

    def body(self, key: BodyKey) -> BodyFacts:
        if self._bodies is None:
            self._bodies = self._resolve()
        return self._bodies.get(key, EMPTY_BODY)

    def _resolve(self) -> dict[BodyKey, BodyFacts]:
        if self._source is None:
            raise RuntimeError(
                f"alignlint: a deferred body of {self.path} was read before the run attached "
                "its source (alignlint.extract.deferred.attach_sources)"
            )
        settings, loader = self._source
        data = loader(self.path)
        if data is None or hashlib.sha256(data).hexdigest() != self.content_hash:
            # The file changed or vanished during the run: what it holds now is another file.
            return {}
        from alignlint.extract import extract_file

        return bodies_by_key(extract_file(self.path, data, settings))


def deferred_file(facts: FileFacts) -> DeferredFile | None:
    """The :class:`DeferredFile` of the deferred bodies of ``facts`` (None: every body of it
    is scanned)."""
    for function in facts.functions:
        if isinstance(function.body, DeferredBody):
            return function.body._file
    for cls in facts.classes:
        for method in cls.methods:
            if isinstance(method.body, DeferredBody):
                return method.body._file
    return None


def bodies_read(attached: Iterable[DeferredFile]) -> frozenset[str]:
    """The files of ``attached`` (:func:`attach_sources`) whose deferred bodies were read (and
    scanned) in this process."""
    return frozenset(file.path for file in attached if file.resolved)


def attach_sources(
    facts: Iterable[FileFacts], settings: Settings, loader: Loader
) -> list[DeferredFile]:
    """Let the deferred bodies of ``facts`` be read: their files' bytes come from ``loader``
    and are extracted with ``settings``. Returns the files attached."""
    attached: list[DeferredFile] = []
    for file in facts:
        found = deferred_file(file)
        if found is not None:
            found.attach(settings, loader)
            attached.append(found)
    return attached


def bodies_by_key(facts: FileFacts) -> dict[BodyKey, BodyFacts]:
    """Every function and method body of ``facts`` by its :data:`BodyKey`."""
    found: dict[BodyKey, BodyFacts] = {}
    for index, function in enumerate(facts.functions):
        found[(index,)] = function.body
    for class_index, cls in enumerate(facts.classes):
        for method_index, method in enumerate(cls.methods):
            found[(class_index, method_index)] = method.body
    return found


class DeferredBody(BodyFacts):
    """The body facts at ``key`` in ``file``, scanned when a field is first read.

    It is a :class:`BodyFacts` for every reader: each field is a property reading the resolved
    body. Fields a module's text shows to be empty (``known_empty``: its DAG calls when it names
    no DAG method or class) are answered without resolving."""

    __slots__ = ("_file", "_key", "_known_empty")
    _file: DeferredFile
    _key: BodyKey
    _known_empty: frozenset[str]

    def __init__(
        self, file: DeferredFile, key: BodyKey, known_empty: frozenset[str] = frozenset()
    ) -> None:
        object.__setattr__(self, "_file", file)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_known_empty", known_empty)

    def __reduce__(self) -> tuple[Any, ...]:
        return DeferredBody, (self._file, self._key, self._known_empty)

    def __repr__(self) -> str:
        return f"DeferredBody({self._file.path!r}, {self._key!r})"

    def _identity(self) -> tuple[str, str, BodyKey, frozenset[str]]:
        return (self._file.path, self._file.content_hash, self._key, self._known_empty)

    def place(self) -> tuple[BodyKey, frozenset[str]]:
        """Where this body is in its file's facts, and its fields known to be empty."""
        return self._key, self._known_empty

    def resolved(self) -> BodyFacts:
        """The body facts this body stands for (scanning its file when not done yet)."""
        return self._file.body(self._key)


def _field_property(name: str) -> property:
    def read(self: DeferredBody) -> object:
        if name in self._known_empty:
            return ()
        value: object = getattr(self._file.body(self._key), name)
        return value

    return property(read, doc=f"The resolved body's ``{name}``.")


for _field in fields(BodyFacts):
    setattr(DeferredBody, _field.name, _field_property(_field.name))
del _field


def _equal(self: DeferredBody, other: object) -> bool:
    """Two deferred bodies are equal when they stand for the same body of the same bytes; a
    deferred body and a scanned one when their fields are."""
    if isinstance(other, DeferredBody):
        return self._identity() == other._identity()
    if not isinstance(other, BodyFacts):
        unknown: bool = NotImplemented
        return unknown
    return all(bool(getattr(self, f.name) == getattr(other, f.name)) for f in fields(BodyFacts))


def _hash(self: BodyFacts) -> int:
    return hash(tuple(getattr(self, f.name) for f in fields(BodyFacts)))


DeferredBody.__eq__ = _equal  # type: ignore[method-assign,assignment]
DeferredBody.__hash__ = _hash  # type: ignore[method-assign,assignment]
