"""Phase 1: ``extract_file(path, data, settings) -> FileFacts`` for one file.

Never imports or executes the file. Bad input (undecodable bytes, syntax errors, NUL bytes,
pathological nesting) becomes an error fact, never an exception.
"""

from __future__ import annotations

import ast
import hashlib
import re
import unicodedata
import warnings
from functools import lru_cache

from alignlint.core.settings import Settings
from alignlint.core.source import (
    COMPILED_MODULE_SUFFIXES,
    DecodeFailure,
    SourceText,
    decode_source,
)
from alignlint.core.types import Span
from alignlint.extract.compile_checks import compile_errors, component_calls
from alignlint.extract.constant_reads import constant_reads
from alignlint.extract.deferred import DeferredFile
from alignlint.extract.directives import may_hold_directive, parse_directives
from alignlint.extract.dynamic_globals import writes_globals
from alignlint.extract.facts import WORKSPACE_TABLES, FileError, FileFacts
from alignlint.extract.hyperparameter_keys import hyperparameter_keys
from alignlint.extract.json_dag import (
    extract_json_dag,
    is_dag_file_name,
    is_dag_shaped,
    parse_json,
)
from alignlint.extract.module_bindings import other_module_bindings
from alignlint.extract.positions import Positions
from alignlint.extract.python import BodiesRead, ModuleExtractor, module_name
from alignlint.extract.yaml_registry import extract_yaml_registry

__all__ = [
    "dag_class_aliases",
    "extract_deferring",
    "extract_file",
    "looks_like_a_piece",
    "may_build_a_dag",
    "scan_markers",
    "unreadable_file",
]

_BODY_MARKERS: tuple[str, ...] = (
    "main(",
    "/opt/ml",
    "add_edge",
    "add_node",
    "environ",
    "getenv",
    "add_argument",
    "_paths",
    "config",
    "Input(",
    "Output(",
    "Step(",
    "RegisterModel",
    "job_args",
)


def scan_markers(settings: Settings) -> tuple[str, ...]:
    """Text that must appear in a file for its function bodies to be worth scanning."""
    names = settings.base_classes
    declared = (
        *names.contracts,
        *names.training_contracts,
        *names.specs,
        *names.builders,
        *names.configs,
        *names.dags,
        *names.registries,
    )
    return (*_BODY_MARKERS, *declared)


DEFER_MIN_CHARS = 4000
"""Smaller modules are scanned at once: there is little to save, and a run keeps the bytes of
every file with deferred bodies until it ends (at 5,000 generated steps, only specifications of
a few hundred lines would be deferred: 11 MB kept for nothing)."""

#: Text that makes a module look like a builder or a workspace registry.
_PIECE_MARKERS: tuple[str, ...] = ("register_builder", *WORKSPACE_TABLES)


@lru_cache(maxsize=16)
def _declaration_pattern(bases: tuple[str, ...], registries: tuple[str, ...]) -> re.Pattern[str]:
    """A class named one of ``bases`` or with one among its bases, or an assignment of a
    registry."""
    classes = "|".join(re.escape(name) for name in bases)
    tables = "|".join(re.escape(name) for name in registries)
    return re.compile(
        rf"\bclass\s+(?:{classes})\b|\bclass\s+\w+\s*\([^)]*\b(?:{classes})\b"
        rf"|\b(?:{tables})\s*(?::[^=\n]*)?=(?!=)"
    )


@lru_cache(maxsize=16)
def _dag_pattern(dags: tuple[str, ...]) -> re.Pattern[str]:
    """A call of a DAG class or method: the name, then only blanks, line continuations,
    comments and closing parentheses (``(dag.add_node)(...)``) before its ``(``."""
    names = "|".join(re.escape(name) for name in (*dags, "add_node", "add_edge"))
    # A comment runs to the end of its line: matched with it, no part of it is tried as
    # a parenthesis (the search stays linear).
    return re.compile(rf"(?:{names})(?:\s|\\|#[^\r\n]*[\r\n]|\))*\(")


def _search_from(pattern: re.Pattern[str], text: str, starts: tuple[str, ...]) -> bool:
    """``pattern.search(text) is not None`` for a pattern each of whose matches begins with one
    of ``starts`` (all non-empty): it is tried only where one of them occurs, found by
    ``str.find``, many times faster than the regular expression engine's scan of every
    position. (``match`` at a position sees the text before it, for ``\\b``.)"""
    for start in starts:
        index = text.find(start)
        while index >= 0:
            if pattern.match(text, index) is not None:
                return True
            index = text.find(start, index + 1)
    return False


def dag_class_aliases(text: str, settings: Settings) -> tuple[str, ...]:
    """The other names a module's text binds a DAG class to: an import alias (``from ..dag
    import PipelineDAG as DAG``) or a module-level assignment (``DAG = PipelineDAG``); the
    module's calls of them build DAGs as the class's own name does."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    dags = [name for name in settings.base_classes.dags if name and name in text]
    if not dags:
        return ()
    return tuple(
        sorted({m.group(1) or m.group(2) for m in _dag_alias_pattern(tuple(dags)).finditer(text)})
    )


@lru_cache(maxsize=16)
def _dag_alias_pattern(dags: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in dags)
    return re.compile(
        rf"\b(?:{names})[ \t]+as[ \t]+([A-Za-z_]\w*)"
        rf"|^([A-Za-z_]\w*)[ \t]*=[ \t]*(?:[A-Za-z_][\w.]*\.)?(?:{names})[ \t]*(?:#.*)?$",
        re.M,
    )


def may_build_a_dag(text: str, settings: Settings, aliases: tuple[str, ...] = ()) -> bool:
    """Whether a module's text can hold a DAG call or construction (false: every body of it
    has no :attr:`~alignlint.extract.facts.BodyFacts.dag_calls` or ``dag_creations``);
    ``aliases`` are the other names the module binds a DAG class to (:func:`dag_class_aliases`).

    The parser normalizes identifiers (NFKC): a text with other than ASCII characters is
    searched normalized too, so a name spelled with compatibility characters is found."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    dags = (*settings.base_classes.dags, *aliases)
    pattern = _dag_pattern(dags)
    starts = (*dags, "add_node", "add_edge")
    if all(starts):
        return _search_from(pattern, text, starts)
    return pattern.search(text) is not None


def _every_body_read(text: str) -> bool:
    """Whether a module's text may make it a script or register a builder (or a workspace
    registry): every body of such a module is scanned at once (linking and the rules read
    them all). A registry's code is read through the scopes recorded for it, not its bodies."""
    if any(marker in text for marker in _PIECE_MARKERS):
        return True
    return "def main" in text and ("input_paths" in text or "output_paths" in text)


def looks_like_a_piece(text: str, settings: Settings, aliases: tuple[str, ...] = ()) -> bool:
    """Whether a module's function and method bodies are scanned at once: it looks like a
    script (``main`` with the unified signature), it declares a builder or config class (one
    of the configured bases among a class's bases) or a registry, or it builds a DAG. Other
    modules' bodies are scanned only if something reads them (:mod:`alignlint.extract.deferred`),
    so this guess decides how much work phase 1 does, never what a check finds."""
    if any(marker in text for marker in _PIECE_MARKERS):
        return True
    if "def main" in text and ("input_paths" in text or "output_paths" in text):
        return True
    names = settings.base_classes
    classes = (*names.builders, *names.configs)
    declaration = _declaration_pattern(classes, names.registries)
    if classes and names.registries and all(classes) and all(names.registries):
        # Every match begins with ``class`` or a registry's name.
        declares = _search_from(declaration, text, ("class", *names.registries))
    else:
        declares = declaration.search(text) is not None
    return declares or may_build_a_dag(text, settings, aliases)


def _bodies_read(settings: Settings, aliases: tuple[str, ...] = ()) -> BodiesRead:
    """Which bodies of a module that looks like a builder, a config or a DAG are scanned at
    once (:class:`~alignlint.extract.python.BodiesRead`)."""
    names = settings.base_classes
    return BodiesRead(
        frozenset(names.builders),
        frozenset(names.configs),
        lambda text: may_build_a_dag(text, settings, aliases),
    )


def _file_kind(path: str) -> str:
    lowered = path.lower()
    if lowered.endswith((".py", ".pyi")):
        return "python"
    if lowered.endswith(COMPILED_MODULE_SUFFIXES):
        return "compiled"
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith((".yaml", ".yml")):
        return "yaml"
    return "other"


def _syntax_error(path: str, exc: SyntaxError, text: str) -> FileError:
    line = exc.lineno or 1
    column = exc.offset or 1
    end_line = exc.end_lineno or line
    end_column = exc.end_offset if exc.end_offset and exc.end_lineno else column + 1
    if (end_line, end_column) <= (line, column):
        end_line, end_column = line, column + 1
    message = exc.msg or "invalid syntax"
    if "null bytes" in message:
        return _nul_error(path, text)
    span = Span(path, line, max(column, 1), end_line, max(end_column, 1))
    return FileError("syntax", f"syntax error: {message}", span)


def _nul_error(path: str, text: str) -> FileError:
    offset = text.find("\0")
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    span = Span(path, line, column, line, column + 1)
    return FileError("syntax", "syntax error: source contains a NUL byte", span)


def _decode(path: str, data: bytes) -> SourceText | FileError:
    decoded = decode_source(data)
    if isinstance(decoded, DecodeFailure):
        span = Span(path, decoded.line, decoded.column, decoded.line, decoded.column + 1)
        return FileError("undecodable", decoded.message, span)
    return decoded


def extract_file(path: str, data: bytes, settings: Settings) -> FileFacts:
    """Extract the facts of one file. ``path`` is relative to the project root with ``/``."""
    return _extract(path, data, settings, defer=False)


def extract_deferring(path: str, data: bytes, settings: Settings) -> FileFacts:
    """:func:`extract_file`, leaving the bodies of a module that does not look like a piece to
    be scanned when first read (:mod:`alignlint.extract.deferred`; a run installs what that
    needs)."""
    return _extract(path, data, settings, defer=True)


def _extract(path: str, data: bytes, settings: Settings, *, defer: bool) -> FileFacts:
    content_hash = hashlib.sha256(data).hexdigest()
    kind = _file_kind(path)
    named = kind in ("python", "compiled")
    module, is_package, _ = module_name(path) if named else (None, False, ())
    base = FileFacts(
        path=path, content_hash=content_hash, kind=kind, module=module, is_package=is_package
    )
    if kind == "compiled":
        return _replace(base, scanned=False)  # never read: known only to exist
    # A JSON file whose name does not make it a DAG file is a DAG only if its content says so:
    # when it cannot be decoded or parsed, it is not one, and is ignored.
    named_dag = kind == "json" and is_dag_file_name(path, settings.dag_files)
    decoded = _decode(path, data)
    if isinstance(decoded, FileError):
        if kind == "json" and not named_dag:
            return _replace(base, scanned=False)
        if kind == "python":
            # Its words still say what it may hold (every byte decodes as Latin-1).
            return _not_parsed(base, data.decode("latin-1"), decoded)
        return _replace(base, errors=(decoded,), scanned=False)
    text = decoded.text
    if kind == "json":
        return _extract_json(base, text, named_dag=named_dag)
    if may_hold_directive(text):
        base = _replace(base, directives=tuple(parse_directives(path, text)))
    if kind == "yaml":
        registry = extract_yaml_registry(path, text, settings.base_classes.registries)
        return _replace(
            base, yaml_registry=registry, scanned=False, line_count=text.count("\n") + 1
        )
    if kind != "python":
        return _replace(base, scanned=False, line_count=text.count("\n") + 1)
    return _extract_python(base, text, settings, defer=defer)


def _extract_json(base: FileFacts, text: str, *, named_dag: bool) -> FileFacts:
    """The facts of a JSON file: its DAG when it is a DAG file (by name or by content), a syntax
    error when a DAG file by name is not valid JSON, nothing for any other JSON file."""
    path = base.path
    line_count = text.count("\n") + 1
    document = parse_json(path, text)
    if not named_dag and (isinstance(document, FileError) or not is_dag_shaped(document)):
        return _replace(base, scanned=False, line_count=line_count)
    if may_hold_directive(text):
        base = _replace(base, directives=tuple(parse_directives(path, text)))
    if isinstance(document, FileError):
        return _replace(base, errors=(document,), scanned=False, line_count=line_count)
    json_dag = extract_json_dag(path, text, document)
    return _replace(base, json_dag=json_dag, line_count=line_count)


def unreadable_file(path: str, content_hash: str, reason: str) -> FileFacts:
    """The facts of a file that could not be read: one ALN002 error saying why."""
    kind = _file_kind(path)
    module, is_package, _ = module_name(path) if kind == "python" else (None, False, ())
    error = FileError("undecodable", f"cannot read file: {reason}", Span.whole_file(path))
    return FileFacts(
        path=path,
        content_hash=content_hash,
        kind=kind,
        module=module,
        is_package=is_package,
        errors=(error,),
        scanned=False,
    )


def _replace(facts: FileFacts, **changes: object) -> FileFacts:
    from dataclasses import replace

    return replace(facts, **changes)  # type: ignore[arg-type]


def _parse(text: str, path: str) -> ast.Module:
    """``text`` parsed, without the warnings Python's compiler gives about the code (an invalid
    escape sequence, ``is`` with a literal; a ``SyntaxWarning`` printed on every run since
    Python 3.12): they are about the checked code, and alignlint reports what it finds itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=path)


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _not_parsed(base: FileFacts, text: str, error: FileError) -> FileFacts:
    """The facts of a Python file that does not parse: the error, and every identifier-like word
    of its text (what the file may define or name, for the rules that would otherwise report it
    missing)."""
    words = tuple(sorted(set(_WORD.findall(text))))
    return _replace(base, errors=(error,), scanned=False, unparsed_words=words)


def _extract_python(base: FileFacts, text: str, settings: Settings, *, defer: bool) -> FileFacts:
    path = base.path
    try:
        tree = _parse(text, path)
    except SyntaxError as exc:
        return _not_parsed(base, text, _syntax_error(path, exc, text))
    except ValueError:
        return _not_parsed(base, text, _nul_error(path, text))
    except RecursionError:
        error = FileError(
            "syntax",
            "syntax error: the file is nested too deeply to parse",
            Span.whole_file(path),
        )
        return _not_parsed(base, text, error)
    except MemoryError:
        # The parser's stack overflows on deep nesting, but memory may also just have been short
        # this time: report it, and never cache it (transient), so the next run parses again.
        error = FileError(
            "syntax",
            "syntax error: the file is nested too deeply to parse (the parser ran out of memory)",
            Span.whole_file(path),
            transient=True,
        )
        return _not_parsed(base, text, error)
    positions = Positions(path, text)
    errors = compile_errors(tree, text, positions, component_calls(settings))
    markers = scan_markers(settings)
    scan = any(marker in text for marker in markers)
    registries = (*settings.base_classes.registries, *WORKSPACE_TABLES)
    deferred: DeferredFile | None = None
    bodies_read: BodiesRead | None = None
    aliases = dag_class_aliases(text, settings) if scan else ()
    if defer and scan and len(text) >= DEFER_MIN_CHARS:
        # A module that looks like no piece defers every body; one that declares builder or
        # config classes or builds a DAG, those nothing is likely to read (BodiesRead).
        if not looks_like_a_piece(text, settings, aliases):
            deferred = DeferredFile(path, base.content_hash)
        elif not _every_body_read(text):
            deferred = DeferredFile(path, base.content_hash)
            bodies_read = _bodies_read(settings, aliases)
    extractor = ModuleExtractor(
        path,
        positions,
        scan,
        frozenset((*settings.base_classes.dags, *aliases)),
        (*markers, *aliases),
        record_scopes=any(name in text for name in registries),
        deferred=deferred,
        dag_free=deferred is not None and not may_build_a_dag(text, settings, aliases),
        bodies_read=bodies_read,
    )
    try:
        parts = extractor.run(tree)
        keys = hyperparameter_keys(tree, positions, text)
        reads = constant_reads(tree, positions, extractor.container_constants) if scan else ()
    except RecursionError:
        error = FileError(
            "syntax",
            "syntax error: the file is nested too deeply to analyse",
            Span.whole_file(path),
        )
        return _replace(base, errors=(error,), scanned=False)
    return _replace(
        base,
        errors=errors,
        imports=tuple(parts.imports),
        local_imports=tuple(parts.local_imports),
        hyperparameter_keys=keys,
        container_constant_reads=reads,
        assignments=tuple(parts.assignments),
        classes=tuple(parts.classes),
        functions=tuple(parts.functions),
        module_body=parts.module_body,
        main_block=parts.main_block,
        main_block_span=parts.main_block_span,
        main_name=parts.main_name,
        notes=tuple(parts.notes),
        scope_references=tuple(parts.scope_references),
        module_uses=parts.module_uses,
        reads_env="environ" in text or "getenv" in text,
        main_uses=parts.main_uses,
        scanned=scan,
        line_count=positions.line_count,
        dynamic_globals="globals()" in text and writes_globals(tree),
        other_bindings=other_module_bindings(tree.body, text),
    )
