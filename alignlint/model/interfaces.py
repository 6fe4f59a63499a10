"""The interface of a script: what of its facts linking and whole-project rules read.

A script's step reads all of it (the keys, paths, variables and arguments its ``main`` and
helpers use); linking reads its path, its functions' names and parameters, and the rest of the
project reads its module-level names, imports (also those inside functions: ALN408), classes,
what its functions return, the DAGs its code builds, the names functions with local imports
read (a computed registry follows them), the reads of typed objects and hyperparameter keys
(ALN411) and its suppression comments. What only its step's rules read is the rest: the other
facts of its function bodies and ``__main__`` block (what code of other modules they run
too: the env reads there are the step's, and every module they may reach is one the script
imports, which its step's units read), where its functions and that block end, where it
reads its container path constants, and whether its text names the environment. A change to a script that keeps its
interface (a statement added to ``main``, below which only the ``__main__`` block follows)
changes no link and no finding of a rule declared
:attr:`~alignlint.rules.base.Scope.INTERFACES`: only the findings of the steps that read the
script. Lines added to ``main`` above module-level code move that code: the interface is then
the same up to a move of lines (:mod:`alignlint.model.line_shift`), and so are those findings. ``tests/perf/test_incremental.py`` checks that every such rule finds the same on
projects whose scripts are cut down to their interface.

A contract module has an interface too (:func:`contract_interface`): all but the names and
container paths its contracts map their inputs and outputs to, which only the steps reading the
contract read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from alignlint.core.types import Span
from alignlint.extract.deferred import DeferredBody, deferred_file
from alignlint.extract.facts import EMPTY_BODY, BodyFacts, FileFacts
from alignlint.extract.ir import Attr, Call, DictExpr, ImportedName, Lit, Name, SeqExpr

#: Keyword arguments whose literal text nothing reads: what a step specification, dependency
#: or output says of itself (``description="..."``). Linking keeps the value; no rule reads it.
INERT_KEYWORDS = frozenset({"description"})
#: The calls (by the name called) whose :data:`INERT_KEYWORDS` are inert: the runtime
#: library's specification classes (elsewhere, e.g. in a builder's constructions, every keyword
#: may be read).
INERT_IN = frozenset({"StepSpecification", "DependencySpec", "OutputSpec"})
#: Keyword arguments holding a list of string literals that nothing reads, by the call holding
#: them: an output's semantic keywords (linking keeps none of them: the dependency resolver
#: scores a dependency's own keywords against an output's names).
INERT_LISTS: dict[str, frozenset[str]] = {"OutputSpec": frozenset({"semantic_keywords"})}


def script_interface(facts: FileFacts) -> FileFacts:
    """``facts`` (of a script) without what only its own step's rules read (see the module
    doc), and without its content hash and line count. Facts whose bodies are deferred
    (:mod:`alignlint.extract.deferred`) are returned as they are: reading them needs their
    file's bytes, and two versions of a file never compare equal then."""
    if deferred_file(facts) is not None:
        return facts
    functions = tuple(
        dataclasses.replace(
            function, body=_shared(function.body), span=_start(function.span), uses=()
        )
        for function in facts.functions
    )
    main_block = facts.main_block
    return dataclasses.replace(
        facts,
        content_hash="",
        line_count=0,
        functions=functions,
        main_block=_shared(main_block) if main_block is not None else None,
        main_block_span=None,
        main_uses=(),
        container_constant_reads=(),
        reads_env=False,
    )


def _start(span: Span) -> Span:
    """Where ``span`` starts (the order of a module's bindings), not where it ends."""
    return span._replace(end_line=span.line, end_column=span.column)


def _shared(body: BodyFacts) -> BodyFacts:
    """What the rest of the project reads of a body: the DAGs it builds, the names it reads."""
    if body is EMPTY_BODY:
        return body
    return BodyFacts(
        references=body.references,
        dag_calls=body.dag_calls,
        dag_creations=body.dag_creations,
    )


#: The keyword arguments of a script contract that only the steps reading the contract read:
#: the names and container paths of its inputs and outputs (no rule declared
#: :attr:`~alignlint.rules.base.Scope.INTERFACES` reads them, nor does linking).
CONTRACT_PATHS = frozenset({"expected_input_paths", "expected_output_paths"})


def contract_interface(facts: FileFacts) -> FileFacts:
    """``facts`` (of a module that builds script contracts) without what only the steps reading
    its contracts read: the string literals (names and paths, and where they are) of the dict
    given to each :data:`CONTRACT_PATHS` keyword of a call of a class whose name ends in
    ``Contract`` (every other expression is kept), the container paths its module-level code
    names, and its content hash and line count. A path or input name changed in place keeps
    the interface; a line added does not (every later position moves, and whole-project rules
    report positions in the module), but keeps it up to that move
    (:mod:`alignlint.model.line_shift`). ``tests/perf/test_incremental.py`` checks that every such
    rule finds the same on projects whose contract modules are cut down to their interface."""
    if deferred_file(facts) is not None:
        return facts
    cut = _cut(facts, _contract_paths)
    assert isinstance(cut, FileFacts)
    body = cut.module_body
    paths = tuple(_blank_string(path) for path in body.container_paths)
    return dataclasses.replace(
        cut,
        content_hash="",
        line_count=0,
        module_body=dataclasses.replace(body, container_paths=paths),
    )


def without_descriptions(facts: FileFacts) -> FileFacts:
    """``facts`` with the text of every ``description="..."`` literal of a specification call
    blanked (see :data:`INERT_KEYWORDS` and :data:`INERT_IN`; its start is kept), and every
    list of string literals :data:`INERT_LISTS` names (an output's semantic keywords) replaced
    by a marker where it starts: two versions of a file that differ only there give every rule
    the same findings (``tests/perf/test_incremental.py`` edits every description of the
    fixtures, a generated library and the corpus, and the outputs' keywords of a fixture
    library and the corpus, to show it)."""
    blanked = _cut(facts, _description)
    assert isinstance(blanked, FileFacts)
    return blanked


#: The keyword argument of a dependency declaration that only the dependency matching reads:
#: its semantic keywords (part of the resolver's score; nothing else, linking included, reads
#: a literal list of strings).
HINT_KEYWORD = "semantic_keywords"
#: The call (by the name called) whose :data:`HINT_KEYWORD` is a matching hint.
HINTS_IN = "DependencySpec"


def without_hints(facts: FileFacts) -> FileFacts:
    """``facts`` with every ``semantic_keywords=[...]`` list of string literals of a
    ``DependencySpec`` call replaced by a marker where the list starts, and without the content
    hash and line count. Two versions of a file that are the same so differ only in those
    keyword lists: only the resolutions of the dependencies declaring them can differ
    (:mod:`alignlint.run.dependency_delta`); every other position, a call's end included, is
    compared. A list holding anything but string literals is compared as it is, and so is a
    deferred body (by its file's content: two versions never compare equal)."""
    cut = _cut(dataclasses.replace(facts, content_hash="", line_count=0), _hint_lists)
    assert isinstance(cut, FileFacts)
    return cut


def _hint_lists(called: str | None, key: str | None, value: Any) -> Any:
    if called != HINTS_IN or key != HINT_KEYWORD or not _string_list(value):
        return None
    return Lit("", _start(value.span))


#: What becomes of a keyword argument's value (``key``) in a call of ``called``: None keeps it.
Cutter = Callable[[str | None, str | None, Any], Any]


def _description(called: str | None, key: str | None, value: Any) -> Any:
    if called in INERT_IN and key in INERT_KEYWORDS:
        return _blank_literal(value)
    if called is not None and key in INERT_LISTS.get(called, ()) and _string_list(value):
        return Lit("", _start(value.span))
    return None


def _string_list(value: Any) -> bool:
    """Whether ``value`` is a list (or tuple) of string literals."""
    return isinstance(value, SeqExpr) and all(
        isinstance(item, Lit) and isinstance(item.value, str) for item in value.items
    )


def _contract_paths(called: str | None, key: str | None, value: Any) -> Any:
    if called is None or not called.endswith("Contract") or key not in CONTRACT_PATHS:
        return None
    if not isinstance(value, DictExpr):
        return None  # a name or a call: compared as it is
    items = tuple((_blank_string(name), _blank_string(path)) for name, path in value.items)
    return DictExpr(items, _start(value.span))


def _blank_string(value: Any) -> Any:
    """A string literal blanked, and where it is (a name or path edited in place moves the
    literals after it on its line); any other expression as it is: whether each entry of a
    contract's paths resolves is part of the interface (linking notes what does not)."""
    if isinstance(value, Lit) and isinstance(value.value, str):
        return Lit("", Span(value.span.path, 0, 0, 0, 0))
    return value


def _cut(value: Any, cutter: Cutter) -> Any:
    """``value`` with the keyword arguments ``cutter`` replaces replaced, everywhere in it."""
    if isinstance(value, DeferredBody):
        return value  # compared by file and content hash (see script_interface)
    if isinstance(value, Call):
        called = _called(value.func)
        kwargs = []
        for key, item in value.kwargs:
            replaced = cutter(called, key, item)
            kwargs.append((key, _cut(item, cutter) if replaced is None else replaced))
        return Call(_cut(value.func, cutter), _cut(value.args, cutter), tuple(kwargs), value.span)
    if type(value) is tuple:  # not a span (a named tuple of numbers)
        return tuple(_cut(item, cutter) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return type(value)(*(_cut(getattr(value, f.name), cutter) for f in fields))
    return value


def _called(func: Any) -> str | None:
    """The simple name a call calls (``X`` of ``X(...)`` and ``m.X(...)``)."""
    if isinstance(func, Name):
        return func.id
    if isinstance(func, Attr):
        return func.attr
    if isinstance(func, ImportedName):
        return func.name
    return None


def _blank_literal(value: Any) -> Any:
    if isinstance(value, Lit) and isinstance(value.value, str):
        return Lit("", _start(value.span))
    return _cut(value, _description)
