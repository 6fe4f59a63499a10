"""Attribute uses on names whose class the code states: ``hp.learning_rate`` where ``hp`` is a
parameter annotated ``hp: XHyperparameters`` (also ``Optional[X]``, ``X | None``) or a local
bound once by ``hp = X(...)`` / ``X.model_validate(...)`` (and the other pydantic constructors),
by an annotated assignment or declaration (``hp: X = load(path)``), or to another such name
(``params = hp``).

Only class-like names count: a bare identifier that starts with a capital letter and is not a
``typing`` name, and names the module's own imports make classes
(:func:`~alignlint.extract.exprs.imported_names`): a
lower-case alias of an imported class (``from .hp import XHyperparameters as hparams_cls``) and
a capitalised attribute of an imported module (``hp: hyperparams.XHyperparameters`` after
``from . import hyperparams``). Other dotted annotations (``self.X``, ``np.typing.X``
without the import) are left out. ``cls`` is recorded as written; phase 2 resolves it through
the module's imports.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Mapping

from alignlint.core.types import Span
from alignlint.extract.annotations import annotation_types
from alignlint.extract.exprs import dotted
from alignlint.extract.facts import TypedRead
from alignlint.extract.mutations import changed_names
from alignlint.extract.positions import Positions
from alignlint.extract.statements import own_statements
from alignlint.extract.walk import walk

#: ``typing`` names (and builtins written capitalised) that are not the classes of objects.
_NOT_CLASSES = frozenset(
    {
        "Any",
        "Optional",
        "Union",
        "List",
        "Dict",
        "Tuple",
        "Set",
        "FrozenSet",
        "Sequence",
        "Mapping",
        "MutableMapping",
        "Iterable",
        "Iterator",
        "Callable",
        "Type",
        "Literal",
        "None",
        "True",
        "False",
        "Path",
    }
)
#: Class methods that build an instance of the class they are called on.
_CONSTRUCTORS = frozenset({"model_validate", "model_validate_json", "parse_obj", "parse_raw"})


def _class_like(name: str) -> bool:
    return name[:1].isupper() and name not in _NOT_CLASSES


def _class_name(name: str, imports: Mapping[str, str]) -> str | None:
    """``name`` (a dotted name as written) when it names a class: a capitalised bare name, a
    name an import binds to a class (``hparams_cls``), or a capitalised attribute of a name an
    import binds (``hyperparams.XHyperparameters``), not of the standard library's modules
    (``logging.Logger`` is no project class). ``imports``:
    :func:`~alignlint.extract.exprs.imported_names`."""
    head, dot, _ = name.partition(".")
    if not dot:
        origin = imports.get(name)
        if _class_like(name):
            return name
        return name if origin is not None and _class_like(origin.rpartition(".")[2]) else None
    origin = imports.get(head)
    if origin is None or origin.partition(".")[0] in sys.stdlib_module_names:
        return None
    return name if _class_like(name.rpartition(".")[2]) else None


def _class_of_annotation(node: ast.expr | None, imports: Mapping[str, str]) -> str | None:
    """The one class an annotation names (``X``, ``Optional[X]``, ``X | None``, ``"X"``,
    ``Annotated[X, ...]``, ``module.X`` of an imported module, an imported class's alias); not
    a ``typing`` name."""
    types = annotation_types(node) if node is not None else None
    if types is None or len(types) != 1:
        return None
    return _class_name(types[0], imports)


def _constructed_class(value: ast.expr, imports: Mapping[str, str]) -> str | None:
    """``X(...)`` / ``X.model_validate(...)`` / ``module.X(...)`` -> ``X`` / ``module.X``."""
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr in _CONSTRUCTORS:
        func = func.value
    name = dotted(func)
    return None if name is None else _class_name(name, imports)


def typed_reads(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    positions: Positions,
    imports: Mapping[str, str] | None = None,
) -> tuple[TypedRead, ...]:
    """Attribute uses (loads and stores) on the function's names of a stated class;
    ``imports`` is what the module's imports bind
    (:func:`~alignlint.extract.exprs.imported_names`)."""
    imports = imports or {}
    typed: dict[str, str] = {}
    args = node.args
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
        cls = _class_of_annotation(arg.annotation, imports)
        if cls is not None:
            typed[arg.arg] = cls
    bindings: dict[str, list[ast.expr | None]] = {}
    #: ``hp: X = ...`` and ``hp: X`` (a declaration, not a binding): the class the code states.
    declared: dict[str, str] = {}
    for statement in own_statements(node.body):
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    bindings.setdefault(target.id, []).append(statement.value)
        elif isinstance(statement, ast.AnnAssign):
            if isinstance(statement.target, ast.Name):
                name = statement.target.id
                cls = _class_of_annotation(statement.annotation, imports)
                if cls is not None:
                    declared.setdefault(name, cls)
                if statement.value is not None:
                    bindings.setdefault(name, []).append(statement.value)
        elif isinstance(statement, ast.AugAssign):
            if isinstance(statement.target, ast.Name):
                bindings.setdefault(statement.target.id, []).append(None)
    parameters = {a.arg for a in (*args.posonlyargs, *args.args)}
    aliases: dict[str, str] = {}
    #: ``fields = hp.model_dump()``: a local bound once to the dump of a typed name.
    dumps: dict[str, str] = {}
    for name, values in bindings.items():
        typed.pop(name, None)  # a rebound parameter no longer has its annotated class
        value = values[0] if len(values) == 1 else None
        if value is None or name in parameters:
            continue
        cls = declared.get(name) or _constructed_class(value, imports)
        if cls is not None:
            typed[name] = cls
        elif isinstance(value, ast.Name):
            aliases[name] = value.id  # `params = hp`: the class of `hp`, once that is known
        elif (dumped := _dumped(value)) is not None and name not in declared:
            dumps[name] = dumped
    while aliases:
        known = {name: typed[source] for name, source in aliases.items() if source in typed}
        if not known:
            break
        typed.update(known)
        for name in known:
            del aliases[name]
    dumped_names = {name: source for name, source in dumps.items() if source in typed}
    if dumped_names:
        # A dump the code adds keys to is no longer the fields.
        for name in changed_names(walk(node)):
            dumped_names.pop(name, None)
    if not typed:
        return ()
    found: list[TypedRead] = []
    for child in walk(node):
        if (
            isinstance(child, ast.Attribute)
            and isinstance(child.value, ast.Name)
            and child.value.id in typed
            and not child.attr.startswith("__")
        ):
            span: Span = positions.span(child)
            store = not isinstance(child.ctx, ast.Load)
            found.append(TypedRead(child.value.id, typed[child.value.id], child.attr, span, store))
        elif isinstance(child, ast.Subscript) and isinstance(child.ctx, ast.Load):
            dumped = _dumped(child.value)
            if isinstance(child.value, ast.Name):
                dumped = dumped_names.get(child.value.id)
            key = child.slice
            if (
                dumped in typed
                and isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and not key.value.startswith("__")
            ):
                assert dumped is not None
                span = positions.span(child)
                found.append(TypedRead(dumped, typed[dumped], key.value, span, False))
    return tuple(sorted(found, key=lambda read: read.span))


def _dumped(node: ast.expr) -> str | None:
    """``hp`` for ``hp.model_dump()`` / ``hp.dict()`` (the model's fields as a dict; without
    arguments, or ``mode=`` only: others change its keys)."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("model_dump", "dict")
        and isinstance(node.func.value, ast.Name)
        and not node.args
        and all(keyword.arg == "mode" for keyword in node.keywords)
    ):
        return node.func.value.id
    return None
