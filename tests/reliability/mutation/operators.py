"""Mutation operators: each injects one kind of misalignment the rules cover, at every site.

An operator finds its sites with ``ast`` (JSON DAGs with a token pattern), takes the exact span of
the target node and rewrites the text of that span only. Only plain string literals are rewritten
(no prefixes, escapes or implicit concatenation), so a rewrite never changes what else the file
means. Sites are enumerated in file order, then text order: the same library always yields the
same mutants.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .library import Library, Mutant, SourceFile

#: Suffix added to renamed names and paths.
RENAMED = "_renamed"
#: Config fields naming a script (the entry-point fields of the config classes).
ENTRY_POINT_FIELDS = frozenset(
    {"entry_point", "processing_entry_point", "training_entry_point", "inference_entry_point"}
)
#: The flag the job-argument operator adds to a builder's ``_get_job_arguments``.
UNPARSED_FLAG = '"--mutant_flag", "1"'

Sites = Callable[[Library], Iterator[Mutant]]


@dataclass(frozen=True)
class Operator:
    """A named kind of mutation, the rules expected to catch it, and its site enumerator."""

    name: str
    summary: str
    expected: tuple[str, ...]
    sites: Sites
    #: Fixture cases (``fixtures/<name>.case``) to mutate besides the catalogue, for a layer the
    #: catalogue does not have (it ships no hyperparameter class).
    cases: tuple[str, ...] = ()

    def mutants(self, library: Library) -> list[Mutant]:
        """Every mutant of ``library``, in deterministic order."""
        return sorted(self.sites(library), key=lambda m: (m.path, m.start, m.end, m.replacement))


# -- helpers ----------------------------------------------------------------------------------------


def misspell(name: str) -> str:
    """A deterministic misspelling: the last two characters swapped (``_x`` appended if equal)."""
    if len(name) >= 2 and name[-1] != name[-2]:
        return name[:-2] + name[-1] + name[-2]
    return name + "_x"


def call_name(call: ast.Call) -> str | None:
    """The called name: ``f`` for ``f(...)`` and ``x.f(...)``."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument ``name``."""
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def calls(file: SourceFile) -> Iterator[ast.Call]:
    """Every call of a Python file."""
    for node in file.nodes:
        if isinstance(node, ast.Call):
            yield node


def plain_string(file: SourceFile, node: ast.expr | None) -> tuple[int, int] | None:
    """The span of the *contents* of a plain one-quote string literal (quotes excluded)."""
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return None
    start, end = file.node_span(node)
    source = file.text[start:end]
    if len(source) < 2 or source[0] not in "'\"" or source[-1] != source[0]:
        return None
    if source[1:-1] != node.value or source.startswith(source[0] * 3):
        return None
    return start + 1, end - 1


def rewrite_string(
    operator: str, file: SourceFile, node: ast.expr | None, new: Callable[[str], str], what: str
) -> Iterator[Mutant]:
    """The mutant replacing a plain string literal's contents ``value`` with ``new(value)``."""
    span = plain_string(file, node)
    if span is None:
        return
    value = file.text[span[0] : span[1]]
    replacement = new(value)
    yield Mutant(
        operator, file, span[0], span[1], replacement, f"{what} {value!r} -> {replacement!r}"
    )


def renamed(value: str) -> str:
    return value + RENAMED


def class_fields(file: SourceFile) -> Iterator[tuple[ast.ClassDef, ast.AnnAssign]]:
    """Annotated class-body assignments ``name: T [= value]`` of every class of a file."""
    for node in file.nodes:
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                    yield node, statement


def is_main_guard(node: ast.stmt) -> bool:
    """``if __name__ == "__main__":``."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    test = node.test
    sides = [test.left, *test.comparators]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    values = [s.value for s in sides if isinstance(s, ast.Constant)]
    return names == ["__name__"] and values == ["__main__"]


JOB_ARGUMENTS = "_get_job_arguments"


#: Bases from outside a library that never call a builder's methods.
INERT_BASES = frozenset({"object", "ABC", "Generic", "Protocol"})


def _base_name(base: ast.expr) -> str | None:
    """``X`` for a base ``X``, ``m.X`` or ``X[...]``."""
    if isinstance(base, ast.Subscript):
        base = base.value
    if isinstance(base, ast.Attribute):
        return base.attr
    return base.id if isinstance(base, ast.Name) else None


def _calls_job_arguments(cls: ast.ClassDef) -> bool:
    """Whether a method of ``cls`` calls ``self._get_job_arguments()``."""
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == JOB_ARGUMENTS
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
        for node in ast.walk(cls)
    )


def job_arguments_used(library: Library) -> set[str]:
    """Classes whose ``_get_job_arguments`` is used: the class or a library class it derives from
    calls ``self._get_job_arguments()``, or it derives from a class outside the library (which may
    call it, as alignlint's runtime base does) other than :data:`INERT_BASES`. A builder of the library whose whole hierarchy never
    calls it passes no arguments: adding one there changes nothing."""
    classes = {name: node for name, (node, _) in _library_classes(library).items()}
    used: dict[str, bool] = {}

    def uses(name: str) -> bool:
        if name not in used:
            used[name] = False  # a cycle calls nothing
            node = classes[name]
            used[name] = _calls_job_arguments(node) or any(
                uses(base.id) if isinstance(base, ast.Name) and base.id in classes else True
                for base in node.bases
                if _base_name(base) not in INERT_BASES
            )
        return used[name]

    return {name for name in sorted(classes) if uses(name)}


def _job_argument_methods(file: SourceFile, used: set[str]) -> Iterator[ast.FunctionDef]:
    """The ``_get_job_arguments`` methods of the file's classes named in ``used``."""
    for cls in file.nodes:
        if isinstance(cls, ast.ClassDef) and cls.name in used:
            for item in cls.body:
                if isinstance(item, ast.FunctionDef) and item.name == JOB_ARGUMENTS:
                    yield item


# -- the operators ---------------------------------------------------------------------------------


def rename_contract_key(library: Library) -> Iterator[Mutant]:
    """Rename a logical name in a contract's ``expected_input_paths`` / ``expected_output_paths``."""
    for file in library.files:
        for call in calls(file):
            for argument in ("expected_input_paths", "expected_output_paths"):
                value = keyword(call, argument)
                if isinstance(value, ast.Dict):
                    for key in value.keys:
                        yield from rewrite_string(
                            "rename-contract-key", file, key, renamed, f"{argument} key"
                        )


_OUTPUT_NAME = re.compile(r"\[(['\"])([^'\"\]]+)\1\]")
_ATTRIBUTE = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)")


def property_paths(file: SourceFile) -> Iterator[tuple[int, str]]:
    """(start offset of the contents, contents) of each ``property_path="..."`` literal."""
    for call in calls(file):
        span = plain_string(file, keyword(call, "property_path"))
        if span is not None and file.text[span[0] : span[1]].startswith("properties."):
            yield span[0], file.text[span[0] : span[1]]


def property_path_output_name(library: Library) -> Iterator[Mutant]:
    """Rename the output name a property path indexes (``Outputs['x']`` -> ``Outputs['x_renamed']``)."""
    for file in library.files:
        for start, path in property_paths(file):
            for match in _OUTPUT_NAME.finditer(path):
                name = match.group(2)
                yield Mutant(
                    "property-path-output-name",
                    file,
                    start + match.start(2),
                    start + match.end(2),
                    renamed(name),
                    f"property path {path!r}: output {name!r} -> {renamed(name)!r}",
                )


def property_path_attribute(library: Library) -> Iterator[Mutant]:
    """Misspell one attribute of a property path (every attribute after ``properties``)."""
    for file in library.files:
        for start, path in property_paths(file):
            for match in _ATTRIBUTE.finditer(path):
                name = match.group(1)
                yield Mutant(
                    "property-path-attribute",
                    file,
                    start + match.start(1),
                    start + match.end(1),
                    misspell(name),
                    f"property path {path!r}: attribute {name!r} -> {misspell(name)!r}",
                )


def drop_required_env_var(library: Library) -> Iterator[Mutant]:
    """Remove one name (and its separator) from a contract's ``required_env_vars`` list."""
    for file in library.files:
        for call in calls(file):
            value = keyword(call, "required_env_vars")
            if not isinstance(value, ast.List):
                continue
            spans = [file.node_span(element) for element in value.elts]
            for index, (start, end) in enumerate(spans):
                if plain_string(file, value.elts[index]) is None:
                    continue
                if index + 1 < len(spans):
                    cut = (start, spans[index + 1][0])
                elif index > 0:
                    cut = (spans[index - 1][1], end)
                else:
                    cut = (start, end)
                name = file.text[start:end]
                yield Mutant(
                    "drop-required-env-var", file, *cut, "", f"required_env_vars drops {name}"
                )


_ENVIRON_NAMES = frozenset({"environ", "environ_vars"})


def _is_environ(node: ast.expr) -> bool:
    """``os.environ``, ``environ`` or an ``environ_vars`` mapping."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ"
    return isinstance(node, ast.Name) and node.id in _ENVIRON_NAMES


def _env_name_nodes(file: SourceFile) -> Iterator[ast.expr]:
    if file.tree is None:
        return
    for node in file.nodes:
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if _is_environ(node.value):
                yield node.slice
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value):
                yield node.args[0]
            elif isinstance(func, ast.Attribute) and func.attr == "getenv":
                yield node.args[0]


def scripts(library: Library) -> Iterator[SourceFile]:
    """The files some contract of the library names as its ``entry_point``."""
    names = set()
    for file in library.files:
        for call in calls(file):
            value = keyword(call, "entry_point")
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                names.add(value.value.rsplit("/", 1)[-1])
    for file in library.files:
        if file.path.rsplit("/", 1)[-1] in names:
            yield file


def rename_script_env_var(library: Library) -> Iterator[Mutant]:
    """Rename the variable of one environment read in a script (``os.environ.get("X")``, ...)."""
    for file in scripts(library):
        for node in _env_name_nodes(file):
            yield from rewrite_string(
                "rename-script-env-var", file, node, renamed, "environment read"
            )


def change_main_path_literal(library: Library) -> Iterator[Mutant]:
    """Change one ``/opt/ml/...`` literal inside a script's ``if __name__ == "__main__":`` block."""
    for file in scripts(library):
        if file.tree is None:
            continue
        for statement in file.tree.body:
            if not is_main_guard(statement):
                continue
            for node in ast.walk(statement):
                if isinstance(node, ast.Constant) and str(node.value).startswith("/opt/ml/"):
                    yield from rewrite_string(
                        "change-main-path-literal", file, node, renamed, "__main__ path"
                    )


def _missing_script(value: str) -> str:
    return value.removesuffix(".py") + "_missing.py"


def _names_script(node: ast.expr | None, present: set[str]) -> bool:
    """Whether ``node`` is a ``.py`` literal whose file name is among ``present``."""
    if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
        return False
    return node.value.endswith(".py") and node.value.rsplit("/", 1)[-1] in present


def missing_entry_point(library: Library) -> Iterator[Mutant]:
    """Point a contract's ``entry_point`` or a config's entry-point default at a missing script
    (only one that names a script of the library: one that is already elsewhere, in an SDK or a
    source directory the library does not hold, stays as unknown after the rewrite)."""
    present = {file.path.rsplit("/", 1)[-1] for file in library.files}
    for file in library.files:
        for call in calls(file):
            value = keyword(call, "entry_point")
            if _names_script(value, present):
                yield from rewrite_string(
                    "missing-entry-point", file, value, _missing_script, "entry_point"
                )
        for _, field in class_fields(file):
            assert isinstance(field.target, ast.Name)
            if field.target.id not in ENTRY_POINT_FIELDS:
                continue
            default = field.value
            if isinstance(default, ast.Call):
                default = keyword(default, "default") or (default.args[0] if default.args else None)
            if _names_script(default, present):
                yield from rewrite_string(
                    "missing-entry-point",
                    file,
                    default,
                    _missing_script,
                    f"{field.target.id} default",
                )


def _is_config(node: ast.expr) -> bool:
    """``config`` or ``<anything>.config`` (the builder's config object)."""
    if isinstance(node, ast.Name):
        return node.id == "config"
    return isinstance(node, ast.Attribute) and node.attr == "config"


def _hasattr_names(test: ast.expr) -> set[str]:
    """Names ``hasattr(config, "x")`` proves present where ``test`` is true."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return set().union(*(_hasattr_names(value) for value in test.values))
    if (
        isinstance(test, ast.Call)
        and call_name(test) == "hasattr"
        and len(test.args) == 2
        and _is_config(test.args[0])
        and isinstance(test.args[1], ast.Constant)
    ):
        return {str(test.args[1].value)}
    return set()


def _unguarded_config_reads(library: Library) -> dict[str, set[str]]:
    """Per class, the config attributes its methods read where nothing checks them first:
    ``self.config.x``, ``config.x`` and ``getattr(self.config, "x")`` outside
    ``if hasattr(config, "x"):`` and after no ``hasattr(config, "x") and``; ``getattr`` with a
    default is not a plain read."""
    reads: dict[str, set[str]] = {}

    def visit(node: ast.AST, guarded: frozenset[str], names: set[str]) -> None:
        if isinstance(node, (ast.If, ast.IfExp)):
            visit(node.test, guarded, names)
            inside = guarded | _hasattr_names(node.test)
            body = node.body if isinstance(node.body, list) else [node.body]
            for child in body:
                visit(child, inside, names)
            orelse = node.orelse if isinstance(node.orelse, list) else [node.orelse]
            for child in orelse:
                visit(child, guarded, names)
            return
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
            seen = guarded
            for value in node.values:
                visit(value, seen, names)
                seen = seen | _hasattr_names(value)
            return
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if _is_config(node.value) and node.attr not in guarded:
                names.add(node.attr)
        elif isinstance(node, ast.Call) and call_name(node) == "getattr":
            args = node.args
            if len(args) == 2 and _is_config(args[0]) and isinstance(args[1], ast.Constant):
                if str(args[1].value) not in guarded:
                    names.add(str(args[1].value))
        for child in ast.iter_child_nodes(node):
            visit(child, guarded, names)

    for file in library.files:
        if file.tree is None:
            continue
        for node in file.nodes:
            if isinstance(node, ast.ClassDef):
                visit(node, frozenset(), reads.setdefault(node.name, set()))
    return reads


#: Modules whose classes the linter knows completely (alignlint's runtime bases, pydantic, and
#: the standard bases that add no attributes).
KNOWN_BASE_MODULES = ("alignlint.runtime", "pydantic", "abc", "typing")


def _imported_from(file: SourceFile) -> dict[str, str]:
    """Simple name -> module of every absolute ``from module import name`` of a file."""
    found: dict[str, str] = {}
    if file.tree is not None:
        for node in file.nodes:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    found[alias.asname or alias.name] = node.module
    return found


def _library_classes(library: Library) -> dict[str, tuple[ast.ClassDef, dict[str, str]]]:
    """Every class of the library by simple name (the first by path), with its file's imports."""
    classes: dict[str, tuple[ast.ClassDef, dict[str, str]]] = {}
    for file in library.files:
        if file.tree is not None:
            imports = _imported_from(file)
            for node in file.nodes:
                if isinstance(node, ast.ClassDef):
                    classes.setdefault(node.name, (node, imports))
    return classes


def known_hierarchy_classes(library: Library) -> set[str]:
    """Classes of the library whose every base is a library class with a known hierarchy (in any
    module, imported relatively or not) or a class of :data:`KNOWN_BASE_MODULES`, and that define
    no ``__getattr__``: only then can a missing attribute be proven missing."""
    classes = _library_classes(library)
    known: dict[str, bool] = {}

    def known_base(base: ast.expr, imports: dict[str, str]) -> bool:
        if isinstance(base, ast.Name):
            if base.id in classes:
                return is_known(base.id)
            return imports.get(base.id, "").startswith(KNOWN_BASE_MODULES)
        if isinstance(base, ast.Attribute) and isinstance(base.value, ast.Name):
            return base.value.id in ("pydantic", "abc", "typing")
        return False

    def is_known(name: str) -> bool:
        if name not in known:
            known[name] = False  # a cycle is not a known hierarchy
            node, imports = classes[name]
            dynamic = any(
                isinstance(item, ast.FunctionDef) and item.name == "__getattr__"
                for item in node.body
            )
            known[name] = not dynamic and all(known_base(b, imports) for b in node.bases)
        return known[name]

    return {name for name in sorted(classes) if is_known(name)}


#: Methods that make a class a step builder (for telling which classes builders configure).
BUILDER_METHODS = frozenset({"create_step", "_get_inputs", "_get_outputs"})


def _builder_configs(library: Library) -> dict[str, set[str]]:
    """Builder class -> the config classes it takes (``isinstance(config, X)`` or a
    ``config: X`` annotation in a class defining ``create_step``/``_get_inputs``/
    ``_get_outputs``), with their library ancestors (a builder reads their fields too)."""
    classes = _library_classes(library)
    found: dict[str, set[str]] = {}
    for file in library.files:
        if file.tree is None:
            continue
        for node in file.nodes:
            if not isinstance(node, ast.ClassDef) or not any(
                isinstance(item, ast.FunctionDef) and item.name in BUILDER_METHODS
                for item in node.body
            ):
                continue
            named: set[str] = set()
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and call_name(inner) == "isinstance":
                    if len(inner.args) == 2 and _is_config(inner.args[0]):
                        named |= _annotation_classes(inner.args[1])
                elif isinstance(inner, ast.arg) and inner.arg == "config":
                    named |= _annotation_classes(inner.annotation)
            found[node.name] = _with_ancestors(classes, named)
    return found


def _with_ancestors(
    classes: dict[str, tuple[ast.ClassDef, dict[str, str]]], names: set[str]
) -> set[str]:
    """``names`` (those that are library classes) and every library class they derive from."""
    found: set[str] = set()
    pending = [name for name in names if name in classes]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        node, _ = classes[name]
        pending.extend(b.id for b in node.bases if isinstance(b, ast.Name) and b.id in classes)
    return found


def _inherited_fields(
    classes: dict[str, tuple[ast.ClassDef, dict[str, str]]], name: str
) -> set[str]:
    """Field names the library ancestors of class ``name`` declare."""
    fields: set[str] = set()
    seen: set[str] = set()
    node, _ = classes[name]
    pending = [b.id for b in node.bases if isinstance(b, ast.Name) and b.id in classes]
    while pending:
        base = pending.pop()
        if base in seen:
            continue
        seen.add(base)
        base_node, _ = classes[base]
        fields |= {
            item.target.id
            for item in base_node.body
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
        }
        pending.extend(b.id for b in base_node.bases if isinstance(b, ast.Name) and b.id in classes)
    return fields


def rename_config_field(library: Library) -> Iterator[Mutant]:
    """Rename a config field in its class only: a field of a builder's config class (or one of
    its bases) whose whole hierarchy is known across the library's modules, that this builder
    still reads under the old name without checking it first, and that no base declares too
    (renaming an override leaves the base's field)."""
    reads = _unguarded_config_reads(library)
    known = known_hierarchy_classes(library)
    classes = _library_classes(library)
    read: dict[str, set[str]] = {}  # config class -> fields its builders read
    for builder, configs in _builder_configs(library).items():
        for config in configs & known:
            read.setdefault(config, set()).update(reads.get(builder, ()))
    script_paths = {file.path for file in scripts(library)}
    for file in library.files:
        if file.path in script_paths:
            continue
        for cls, field in class_fields(file):
            target = field.target
            assert isinstance(target, ast.Name)
            if target.id not in read.get(cls.name, ()):
                continue
            if target.id in _inherited_fields(classes, cls.name):
                continue
            start, end = file.node_span(target)
            yield Mutant(
                "rename-config-field",
                file,
                start,
                end,
                renamed(target.id),
                f"{cls.name}.{target.id} -> {renamed(target.id)}",
            )


def _annotation_classes(node: ast.expr | None) -> set[str]:
    """The capitalised names an annotation mentions (``Optional[X]`` -> ``{"Optional", "X"}``)."""
    if node is None:
        return set()
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id[:1].isupper()}


def hyperparameter_classes(library: Library) -> set[str]:
    """Classes a ``hyperparameters: X`` class field names, and the library classes derived from
    them (by simple name)."""
    classes = _library_classes(library)
    roots: set[str] = set()
    for file in library.files:
        for _, field in class_fields(file):
            assert isinstance(field.target, ast.Name)
            if field.target.id == "hyperparameters":
                roots |= _annotation_classes(field.annotation) & set(classes)
    found: dict[str, bool] = {}

    def derives(name: str) -> bool:
        if name not in found:
            found[name] = name in roots
            node, _ = classes[name]
            bases = [b.id for b in node.bases if isinstance(b, ast.Name) and b.id in classes]
            found[name] = found[name] or any(derives(base) for base in bases)
        return found[name]

    return {name for name in sorted(classes) if derives(name)}


_HYPERPARAMETERS = re.compile(r"h(?:yper)?param", re.IGNORECASE)


def _hyperparameter_reads(library: Library, classes: set[str]) -> set[tuple[str, str]]:
    """(class, field) pairs scripts read: attributes on a parameter annotated with a
    hyperparameter class or a name built from one (``hp = XParams(**values)``), for that class
    and its ancestors; and string keys a script that loads a hyperparameters file reads from a
    dict (``config["eta"]``, ``config.get("eta", 0.3)``), for the hyperparameter classes it
    defines and their ancestors."""
    every_class = _library_classes(library)
    pairs: set[tuple[str, str]] = set()
    for file in scripts(library):
        if file.tree is None:
            continue
        defined = {
            node.name
            for node in file.nodes
            if isinstance(node, ast.ClassDef) and node.name in classes
        }
        if _HYPERPARAMETERS.search(file.text) and defined:
            owners = _with_ancestors(every_class, defined) & classes
            for node in file.nodes:
                key: ast.expr | None = None
                if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
                    key = node.slice
                elif isinstance(node, ast.Call) and call_name(node) == "get" and node.args:
                    key = node.args[0]
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    pairs.update((owner, key.value) for owner in owners)
        for function in file.nodes:
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            typed: dict[str, set[str]] = {}
            for arg in (*function.args.args, *function.args.kwonlyargs):
                named = _annotation_classes(arg.annotation) & classes
                if named:
                    typed[arg.arg] = named
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Assign)
                    and isinstance(node.value, ast.Call)
                    and isinstance(node.value.func, ast.Name)
                    and node.value.func.id in classes
                ):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            typed[target.id] = {node.value.func.id}
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.ctx, ast.Load)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in typed
                ):
                    owners = _with_ancestors(every_class, typed[node.value.id]) & classes
                    pairs.update((owner, node.attr) for owner in owners)
    return pairs


def rename_hyperparameter_field(library: Library) -> Iterator[Mutant]:
    """Rename a field of a hyperparameter class (whose hierarchy is known) that a training
    script still reads under the old name."""
    classes = hyperparameter_classes(library) & known_hierarchy_classes(library)
    read = _hyperparameter_reads(library, classes)
    every_class = _library_classes(library)
    for file in library.files:
        for cls, field in class_fields(file):
            target = field.target
            assert isinstance(target, ast.Name)
            if (cls.name, target.id) not in read:
                continue
            if target.id in _inherited_fields(every_class, cls.name):
                continue
            start, end = file.node_span(target)
            yield Mutant(
                "rename-hyperparameter-field",
                file,
                start,
                end,
                renamed(target.id),
                f"{cls.name}.{target.id} -> {renamed(target.id)}",
            )


def misspell_compatible_source(library: Library) -> Iterator[Mutant]:
    """Misspell one entry of a dependency's ``compatible_sources``."""
    for file in library.files:
        for call in calls(file):
            value = keyword(call, "compatible_sources")
            if isinstance(value, ast.List):
                for element in value.elts:
                    yield from rewrite_string(
                        "misspell-compatible-source", file, element, misspell, "compatible source"
                    )


#: The job-type suffix the suffix operator appends (the resolver compares base step names).
JOB_TYPE_SUFFIX = "_Training"
_JOB_TYPE_ENDINGS = ("_training", "_validation", "_testing", "_calibration")


def suffix_compatible_source(library: Library) -> Iterator[Mutant]:
    """Give one ``compatible_sources`` entry a job-type suffix (``X`` -> ``X_Training``): the
    resolver strips the producer's job type and compares base names, so it never matches."""
    for file in library.files:
        for call in calls(file):
            value = keyword(call, "compatible_sources")
            if not isinstance(value, ast.List):
                continue
            for element in value.elts:
                if isinstance(element, ast.Constant) and str(element.value).lower().endswith(
                    _JOB_TYPE_ENDINGS
                ):
                    continue
                yield from rewrite_string(
                    "suffix-compatible-source",
                    file,
                    element,
                    lambda name: name + JOB_TYPE_SUFFIX,
                    "compatible source",
                )


#: Keys of a registry row (a row is a dict literal holding one of them).
REGISTRY_ROW_KEYS = frozenset({"config_class", "builder_step_name", "spec_type"})


def registry_rows(file: SourceFile) -> Iterator[tuple[str, ast.Dict]]:
    """Every dict display that is a registry row, with its step name: a value of a dict display
    keyed by a string, holding a registry key (``config_class``, ``builder_step_name``,
    ``spec_type``)."""
    if file.tree is None:
        return
    for node in file.nodes:
        if not isinstance(node, ast.Dict):
            continue
        for key, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            if isinstance(value, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value in REGISTRY_ROW_KEYS for k in value.keys
            ):
                yield key.value, value


def _misspelled_row_field(
    operator: str, library: Library, field: str, steps: Callable[[str], bool]
) -> Iterator[Mutant]:
    """Misspell ``field`` of each registry row whose step name ``steps`` accepts."""
    for file in library.files:
        for name, row in registry_rows(file):
            if not steps(name):
                continue
            for key, value in zip(row.keys, row.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == field:
                    yield from rewrite_string(operator, file, value, misspell, f"registry {field}")


def misspell_registry_config_class(library: Library) -> Iterator[Mutant]:
    """Misspell the ``config_class`` of one registry row."""
    yield from _misspelled_row_field(
        "misspell-registry-config-class", library, "config_class", lambda _name: True
    )


def _listed_sources(library: Library) -> set[str]:
    """Every string of a ``compatible_sources=[...]`` list in the library."""
    listed: set[str] = set()
    for file in library.files:
        for call in calls(file):
            sources = keyword(call, "compatible_sources")
            if isinstance(sources, (ast.List, ast.Tuple)):
                listed.update(
                    item.value
                    for item in sources.elts
                    if isinstance(item, ast.Constant) and isinstance(item.value, str)
                )
    return listed


def misspell_registry_spec_type(library: Library) -> Iterator[Mutant]:
    """Misspell the ``spec_type`` of a registry row whose step some ``compatible_sources``
    entry names (the spec type of a step nothing lists by name breaks nothing): the step's
    specifications take it as their step type, and those entries no longer match them."""
    listed = _listed_sources(library)
    yield from _misspelled_row_field(
        "misspell-registry-spec-type", library, "spec_type", listed.__contains__
    )


def add_unparsed_job_argument(library: Library) -> Iterator[Mutant]:
    """Append a flag the script does not parse to a builder's ``_get_job_arguments`` list (of a
    builder whose job arguments are used: see :func:`job_arguments_used`)."""
    used = job_arguments_used(library)
    for file in library.files:
        for function in _job_argument_methods(file, used):
            for node in ast.walk(function):
                if not isinstance(node, ast.Return) or not isinstance(node.value, ast.List):
                    continue
                elements = node.value.elts
                if elements:
                    at = file.node_span(elements[-1])[1]
                    replacement = f", {UNPARSED_FLAG}"
                else:
                    at = file.node_span(node.value)[0] + 1
                    replacement = UNPARSED_FLAG
                yield Mutant(
                    "add-unparsed-job-argument",
                    file,
                    at,
                    at,
                    replacement,
                    f"_get_job_arguments adds {UNPARSED_FLAG}",
                )


def _passed_flags(library: Library) -> set[str]:
    """The option strings any builder's used ``_get_job_arguments`` passes literally."""
    flags: set[str] = set()
    used = job_arguments_used(library)
    for file in library.files:
        for function in _job_argument_methods(file, used):
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and node.value.startswith("--")
                ):
                    flags.add(node.value.partition("=")[0])
    return flags


def drop_parsed_argument(library: Library) -> Iterator[Mutant]:
    """Drop a script's ``parser.add_argument(...)`` of a flag some builder passes (the statement
    becomes ``pass``): the script's parser then rejects the flag."""
    passed = _passed_flags(library)
    for file in scripts(library):
        if file.tree is None:
            continue
        for node in file.nodes:
            if not (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Call)
                and call_name(node.value) == "add_argument"
            ):
                continue
            flags = [
                arg.value
                for arg in node.value.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            dropped = [flag for flag in flags if flag in passed]
            if not dropped:
                continue
            start, end = file.node_span(node)  # type: ignore[arg-type]
            yield Mutant(
                "drop-parsed-argument",
                file,
                start,
                end,
                "pass",
                f"add_argument({', '.join(repr(f) for f in flags)}) dropped",
            )


def misspell_argument_choice(library: Library) -> Iterator[Mutant]:
    """Misspell one of the ``choices=[...]`` of a script's ``add_argument`` of a flag some
    builder passes: the job type the builder passes for it is then rejected."""
    passed = _passed_flags(library)
    for file in scripts(library):
        if file.tree is None:
            continue
        for call in calls(file):
            if call_name(call) != "add_argument":
                continue
            flags = {
                arg.value
                for arg in call.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
            choices = keyword(call, "choices")
            if not flags & passed or not isinstance(choices, (ast.List, ast.Tuple, ast.Set)):
                continue
            for item in choices.elts:
                yield from rewrite_string(
                    "misspell-argument-choice", file, item, misspell, "argument choice"
                )


def misspell_sent_env_var(library: Library) -> Iterator[Mutant]:
    """Misspell an environment variable a builder's ``_get_environment_variables`` puts into
    the job's environment (``env["X"] = ...`` or a key of a dict display): the script reads the
    old name, so the value sent is dropped."""
    for file in library.files:
        if file.tree is None:
            continue
        for node in file.nodes:
            if not (
                isinstance(node, ast.FunctionDef) and node.name == "_get_environment_variables"
            ):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Subscript) and isinstance(inner.ctx, ast.Store):
                    yield from rewrite_string(
                        "misspell-sent-env-var", file, inner.slice, misspell, "env var sent"
                    )
                elif isinstance(inner, ast.Dict):
                    for key in inner.keys:
                        yield from rewrite_string(
                            "misspell-sent-env-var", file, key, misspell, "env var sent"
                        )


def rename_optional_env_var(library: Library) -> Iterator[Mutant]:
    """Rename a variable of a contract's ``optional_env_vars``: the contract now declares a
    variable the script never reads (and the script reads one the contract does not declare)."""
    for file in library.files:
        for call in calls(file):
            value = keyword(call, "optional_env_vars")
            if isinstance(value, ast.Dict):
                for key in value.keys:
                    yield from rewrite_string(
                        "rename-optional-env-var", file, key, renamed, "optional_env_vars key"
                    )


_STEP_TYPE_CALLS = frozenset({"get_spec_step_type", "get_spec_step_type_with_job_type"})


def change_spec_step_type(library: Library) -> Iterator[Mutant]:
    """Misspell the step name passed to ``get_spec_step_type[_with_job_type]``."""
    for file in library.files:
        for call in calls(file):
            if call_name(call) in _STEP_TYPE_CALLS and call.args:
                yield from rewrite_string(
                    "change-spec-step-type", file, call.args[0], misspell, f"{call_name(call)}"
                )


_JSON_STRING = r'"((?:[^"\\]|\\.)*)"'
_JSON_EDGE = re.compile(rf"\[\s*{_JSON_STRING}\s*,\s*{_JSON_STRING}\s*\]")


def _json_edge_endpoints(file: SourceFile) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of each endpoint of a JSON DAG's ``[src, dst]`` edges."""
    try:
        document = json.loads(file.text)
    except ValueError:
        return
    if not isinstance(document, dict) or "edges" not in document:
        return
    edges_at = file.text.find('"edges"')
    for match in _JSON_EDGE.finditer(file.text, edges_at):
        for group in (1, 2):
            yield match.start(group), match.end(group), match.group(group)


def break_dag_edge(library: Library) -> Iterator[Mutant]:
    """Misspell one endpoint of a DAG edge (``add_edge("a", "b")`` or a JSON ``["a", "b"]``)."""
    for file in library.files:
        if file.path.endswith(".json"):
            for start, end, name in _json_edge_endpoints(file):
                yield Mutant(
                    "break-dag-edge", file, start, end, misspell(name), f"edge endpoint {name!r}"
                )
        for call in calls(file):
            if call_name(call) == "add_edge":
                for argument in call.args[:2]:
                    yield from rewrite_string(
                        "break-dag-edge", file, argument, misspell, "edge endpoint"
                    )


OPERATORS: tuple[Operator, ...] = (
    Operator(
        "rename-contract-key",
        "rename a contract input/output logical name",
        ("ALN101", "ALN102", "ALN103", "ALN104", "ALN201", "ALN202", "ALN203", "ALN204"),
        rename_contract_key,
    ),
    Operator(
        "property-path-output-name",
        "rename the output a property path indexes",
        ("ALN206", "ALN207"),
        property_path_output_name,
    ),
    Operator(
        "property-path-attribute",
        "misspell an attribute of a property path",
        ("ALN207",),
        property_path_attribute,
    ),
    Operator(
        "drop-required-env-var",
        "drop a required environment variable from a contract",
        ("ALN107",),
        drop_required_env_var,
    ),
    Operator(
        "rename-script-env-var",
        "rename an environment variable a script reads",
        ("ALN107", "ALN108"),
        rename_script_env_var,
    ),
    Operator(
        "change-main-path-literal",
        "change a container path in a script's __main__ block",
        ("ALN105", "ALN106"),
        change_main_path_literal,
    ),
    Operator(
        "missing-entry-point",
        "point a contract or config entry point at a missing script",
        ("ALN114", "ALN407"),
        missing_entry_point,
    ),
    Operator(
        "rename-config-field",
        "rename a config field in its class only (a builder still reads it)",
        ("ALN401", "ALN402"),
        rename_config_field,
    ),
    Operator(
        "rename-hyperparameter-field",
        "rename a hyperparameter field in its class only (a script still reads it)",
        ("ALN411",),
        rename_hyperparameter_field,
        ("builder_config/ALN411_unknown_hyperparameter_silent",),
    ),
    Operator(
        "misspell-compatible-source",
        "misspell a compatible_sources entry",
        ("ALN301",),
        misspell_compatible_source,
    ),
    Operator(
        "suffix-compatible-source",
        "give a compatible_sources entry a job-type suffix",
        ("ALN301",),
        suffix_compatible_source,
    ),
    Operator(
        "misspell-registry-config-class",
        "misspell a registry row's config_class",
        ("ALN501",),
        misspell_registry_config_class,
    ),
    Operator(
        "misspell-registry-spec-type",
        "misspell a registry row's spec_type",
        ("ALN505",),
        misspell_registry_spec_type,
    ),
    Operator(
        "add-unparsed-job-argument",
        "add a job argument the script does not parse",
        ("ALN403",),
        add_unparsed_job_argument,
    ),
    Operator(
        "drop-parsed-argument",
        "drop a script's add_argument of a flag the builder passes",
        ("ALN403",),
        drop_parsed_argument,
    ),
    Operator(
        "misspell-argument-choice",
        "misspell a choice of a script argument a builder passes",
        ("ALN403",),
        misspell_argument_choice,
        ("builder_config/ALN403_job_argument_not_parsed_accepted_silent",),
    ),
    Operator(
        "misspell-sent-env-var",
        "misspell an env var a builder sends to the job",
        ("ALN117",),
        misspell_sent_env_var,
    ),
    Operator(
        "rename-optional-env-var",
        "rename an optional env var in a contract",
        ("ALN116", "ALN107"),
        rename_optional_env_var,
    ),
    Operator(
        "change-spec-step-type",
        "misspell the get_spec_step_type argument",
        ("ALN503",),
        change_spec_step_type,
    ),
    Operator(
        "break-dag-edge",
        "misspell a DAG edge endpoint",
        ("ALN307",),
        break_dag_edge,
    ),
)
"""Every operator, in the order the report lists them."""


def operator_named(name: str) -> Operator:
    """The operator called ``name`` (``KeyError`` naming the choices otherwise)."""
    for operator in OPERATORS:
        if operator.name == name:
            return operator
    raise KeyError(
        f"unknown operator {name!r} (choose from {', '.join(o.name for o in OPERATORS)})"
    )
