"""The faster walks and text searches of phase 1 give what the plain ones give.

Each function below was made cheaper without changing its result (``docs/performance.md``,
"Cheaper extraction"); these tests hold each to a plain reference implementation, written here
the obvious way, over every node and statement of alignlint's own sources and of snippets using
every construct the grammar has (``scripts/compare_extraction.py`` compares whole files' facts
with an earlier commit's).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from alignlint.core.settings import Settings
from alignlint.core.source import line_numbers
from alignlint.extract import compile_checks, extract_file, looks_like_a_piece, may_build_a_dag
from alignlint.extract.bodies import _bound_once
from alignlint.extract.hyperparameter_keys import hyperparameter_keys
from alignlint.extract.positions import Positions
from alignlint.extract.python import _optional_import_lines
from alignlint.extract.statements import all_statements, own_statements
from alignlint.extract.walk import LEAVES, children, deeper_than, walk, walk_all

REPO = Path(__file__).resolve().parents[2]

CONSTRUCTS = """
from __future__ import annotations
import os, os.path as osp
from . import sibling as other
try:
    import yaml
except* ImportError:
    yaml = None
try:
    import toml
except (ImportError, OSError) as error:
    toml = None
else:
    pass
finally:
    done = True
if TYPE_CHECKING:
    from typing import Any
global_value: int = 1
@decorator(1, key=2)
async def coroutine(a, /, b=1, *args, c, d=2, **kwargs) -> dict[str, int]:
    global global_value
    async with open(a) as (x, y), other() as z:
        async for item in z:
            yield item
    await coroutine(*args, **kwargs)
    return {**kwargs, "k": [i for i in args if i], "s": {j: j for j in b}}
def outer():
    value = 1
    def inner():
        nonlocal value
        value += 1
        return lambda q, *, r=2: (q, r, (w := 3))
    del value
    while value:
        break
    else:
        continue_ = not value
    match value:
        case [1, *rest] | {"k": 2, **others} if rest:
            pass
        case Point(x=0, y=yy) as point:
            raise ValueError(f"{point!r:>{yy}} {point}") from None
        case None | True | 1.5 | "s" | b"b" | -1 | 1 + 2j:
            assert value, "message"
    with open("f") as handle:
        print(handle[1:2:3], handle[::], ...)
    return inner if value else (lambda: None)
class Base(Parent, metaclass=Meta):
    attribute: ClassVar[int] = 0
    def method(self, config: XConfig) -> None:
        self.attribute = config.value
"""

TYPE_PARAMS = """
type Alias[T: int = int] = list[T]
def generic[T, *Ts, **P](x: T) -> T:
    return x
class Box[T]:
    pass
"""


def sources() -> Iterator[tuple[str, str]]:
    # ``except*`` (a ``TryStar``) is Python 3.11 syntax.
    yield (
        "constructs.py",
        CONSTRUCTS if sys.version_info >= (3, 11) else (CONSTRUCTS.replace("except*", "except")),
    )
    if sys.version_info >= (3, 12):
        yield (
            "type_params.py",
            TYPE_PARAMS if sys.version_info >= (3, 13) else (TYPE_PARAMS.replace(" = int]", "]")),
        )
    for path in sorted((REPO / "alignlint").rglob("*.py")):
        yield path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8")


TREES = [(name, ast.parse(text)) for name, text in sources()]


def reference_children(node: ast.AST) -> list[ast.AST]:
    found = [child for child in ast.iter_child_nodes(node) if not isinstance(child, LEAVES)]
    if type(node).__name__ == "TypeAlias":  # Python 3.12+: ``type X = ...``
        # Its name is a ``name`` field, which holds an identifier in every other class; the
        # walks have never listed it (whether they should is another change).
        found = found[1:]
    return found


def reference_depth(node: ast.AST) -> int:
    return 1 + max((reference_depth(child) for child in reference_children(node)), default=0)


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_the_snippets_use_the_constructs_they_stand_for() -> None:
    kinds = {type(node).__name__ for _, tree in TREES[:2] for node in ast.walk(tree)}
    expected = {"Match", "MatchMapping", "NamedExpr", "Lambda", "AsyncWith"}
    if sys.version_info >= (3, 11):
        expected.add("TryStar")
    assert expected <= kinds
    assert len(TREES) > 100


def test_children_are_the_child_nodes_without_contexts_and_operators() -> None:
    for name, tree in TREES:
        for node in ast.walk(tree):
            assert children(node) == reference_children(node), (name, ast.dump(node)[:80])


def test_walk_is_ast_walk_without_contexts_and_operators() -> None:
    for name, tree in TREES:
        expected: list[ast.AST] = [tree]
        for node in expected:  # breadth first, as ast.walk
            expected.extend(reference_children(node))
        assert list(walk(tree)) == expected, name
        assert list(walk_all(tree.body)) == [n for s in tree.body for n in walk(s)], name


def test_a_node_built_without_some_fields_lists_those_it_has() -> None:
    name = ast.Name("x", ast.Load())
    assert children(ast.Expr()) == []
    assert children(ast.Call(func=name)) == [name]  # no args, no keywords
    assert children(ast.Dict(keys=[None, name], values=[name, name])) == [name, name, name]


def test_deeper_than_is_the_depth_of_the_deepest_statement() -> None:
    deep = "def f(x):\n    return " + "g(" * 60 + "x" + ")" * 60 + "\n"
    for name, tree in [*TREES[:40], ("deep.py", ast.parse(deep))]:
        for function in functions(tree):
            depth = max(reference_depth(statement) for statement in function.body)
            for limit in (depth - 1, depth):
                assert deeper_than(function.body, limit) == (depth > limit), (name, limit)


def reference_own_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    stack = list(reversed(body))
    while stack:
        statement = stack.pop()
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            nested = getattr(statement, name, None)
            if isinstance(nested, list):
                stack.extend(reversed([c for c in nested if isinstance(c, ast.stmt)]))
        for handler in getattr(statement, "handlers", []):
            stack.extend(reversed(handler.body))


def test_own_statements_are_those_of_the_plain_walk() -> None:
    for name, tree in TREES:
        for body in [tree.body, *(function.body for function in functions(tree))]:
            assert list(own_statements(body)) == list(reference_own_statements(body)), name


def test_all_statements_are_the_statements_of_the_plain_walk() -> None:
    for name, tree in TREES:
        expected = sorted(id(node) for node in ast.walk(tree) if isinstance(node, ast.stmt))
        assert sorted(id(node) for node in all_statements(tree.body)) == expected, name


def reference_optional_import_lines(tree: ast.Module) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    stack: list[ast.AST] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        body: list[ast.stmt] = []
        if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
            if any(compile_checks_catches(handler) for handler in handlers):
                body = getattr(node, "body", [])
        elif isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            body = node.body
        if body:
            ranges.append((body[0].lineno, body[-1].end_lineno or body[-1].lineno))
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            nested = getattr(node, name, None)
            if isinstance(nested, list):
                stack.extend(reversed([c for c in nested if isinstance(c, ast.AST)]))
    return tuple(ranges)


def compile_checks_catches(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
    return any(ast.unparse(kind).rpartition(".")[2] in names for kind in kinds)


def test_optional_import_lines_are_those_of_the_plain_walk() -> None:
    found = 0
    for name, tree in TREES:
        expected = reference_optional_import_lines(tree)
        assert _optional_import_lines(tree) == expected, name
        found += len(expected)
    assert found > 3


def reference_bound_once(statements: list[ast.stmt], params: tuple[str, ...]) -> frozenset[str]:
    counts: dict[str, int] = dict.fromkeys(params, 2)
    for statement in statements:
        for node in ast.walk(statement):
            name: str | None = None
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                name = node.id
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = node.name
            elif isinstance(node, ast.ExceptHandler):
                name = node.name
            elif isinstance(node, ast.alias):
                name = node.asname or node.name.split(".")[0]
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                for item in node.names:
                    counts[item] = 2
            if name is not None:
                counts[name] = counts.get(name, 0) + 1
    return frozenset(name for name, count in counts.items() if count == 1)


def test_names_bound_once_are_those_of_the_plain_walk() -> None:
    for name, tree in TREES:
        for function in functions(tree):
            params = tuple(arg.arg for arg in function.args.args)
            expected = reference_bound_once(function.body, params)
            assert _bound_once(function.body, params) == expected, (name, function.name)


DECLARATIONS = [
    "class Builder(StepBuilderBase):\n    pass\n",
    "class StepBuilderBase:\n    pass\n",
    "xclass Builder(StepBuilderBase): pass\n",
    "class  Config ( Base,\n  BasePipelineConfig ) : pass\n",
    "class Config(Other): StepBuilderBase = 1\n",
    "STEP_NAMES = {}\n",
    "STEP_NAMES: dict[str, str] = {}\n",
    "if STEP_NAMES == {}: pass\n",
    "MY_STEP_NAMES = {}\n",
    "x = 1  # no piece at all\n",
    "dag.add_node('a')\n",
    "add_node  \\\n  # comment\n  ('a')\n",
    "g = PipelineDAG(nodes=[])\n",
    "PipelineDAGs = []\n",
    "class B(StepBuilderBase):\n    def build(self, dag):\n        dag.add_edge('a', 'b')\n",
]


def test_looks_like_a_piece_is_the_regular_expression_search() -> None:
    from alignlint.extract import _PIECE_MARKERS, _dag_pattern, _declaration_pattern

    settings = Settings()
    names = settings.base_classes
    declaration = _declaration_pattern((*names.builders, *names.configs), names.registries)
    dags = _dag_pattern(names.dags)
    texts = [*DECLARATIONS, *(text for _, text in sources())]
    results = set()
    for text in texts:
        dag = dags.search(text) is not None
        expected = (
            any(marker in text for marker in _PIECE_MARKERS)
            or ("def main" in text and ("input_paths" in text or "output_paths" in text))
            or declaration.search(text) is not None
            or dag
        )
        assert looks_like_a_piece(text, settings) == expected, text[:80]
        assert may_build_a_dag(text, settings) == dag, text[:80]
        results.add((declaration.search(text) is not None, dag))
    assert results == {(True, True), (True, False), (False, True), (False, False)}


@pytest.mark.parametrize("names", [frozenset({"DependencySpec", "add_node"}), frozenset({"a.b"})])
def test_lines_naming_component_calls_are_those_of_the_regular_expression(
    names: frozenset[str],
) -> None:
    alternatives = "|".join(re.escape(name) for name in sorted(names))
    whole_word = re.compile(rf"\b(?:{alternatives})\b")
    extra = "x = DependencySpec(a=1)\nMyDependencySpec()\nadd_nodes()\nadd_node(1)\na.b(1)\n"
    for _, text in [("extra.py", extra), *sources()]:
        expected = line_numbers(text, (match.start() for match in whole_word.finditer(text)))
        assert compile_checks._name_lines(text, names) == expected


LOADING = """
import json

def load_hyperparameters(path):
    with open(path + "/hyperparameters.json") as handle:
        params = json.load(handle)
    return params

def train(model_dir):
    config = load_hyperparameters(model_dir)
    return config["eta"], config.get("depth", 3)
"""


def test_hyperparameter_keys_follow_the_loaded_dict_and_only_it() -> None:
    tree = ast.parse(LOADING)
    keys = hyperparameter_keys(tree, Positions("train.py", LOADING), LOADING)
    assert [(key.key, key.kind, key.function) for key in keys] == [
        ("eta", "read", "train"),
        ("depth", "get", "train"),
    ]
    unloaded = LOADING.replace("json.load(handle)", "handle.read()")
    tree = ast.parse(unloaded)
    assert hyperparameter_keys(tree, Positions("train.py", unloaded), unloaded) == ()


def test_environment_objects_are_recognised_by_name_and_alias() -> None:
    text = (
        "import os\nfrom os import environ as env\n\n"
        "def main(input_paths, output_paths, environ_vars, job_args):\n"
        "    a = env['A']\n    b = os.environ.get('B')\n    c = job_args.environ\n"
        "    d = settings.os.environ['D']\n"
    )
    facts = extract_file("steps/scripts/job.py", text.encode(), Settings())
    reads = [read.name for read in facts.functions[0].body.env_reads]
    assert [getattr(name, "value", None) for name in reads] == ["A", "B"]


WIDE = 'x = "é"  # café\ny = f(a, "ü", b)\nz = g(1)\nw = "🙂" + h(\n  "ß")\n'


def test_spans_count_characters_on_wide_lines_and_bytes_elsewhere() -> None:
    for name, text in [("wide.py", WIDE), *sources()]:
        positions, reference = Positions(name, text), Positions(name, text)
        for node in ast.walk(ast.parse(text)):
            if not hasattr(node, "lineno"):
                continue
            line, end_line = node.lineno, node.end_lineno or node.lineno
            start = reference.column(line, node.col_offset)
            end = reference.column(end_line, node.end_col_offset or 0)
            assert positions.span(node)[1:] == (line, start, end_line, end), (name, ast.dump(node))
    call = ast.parse(WIDE).body[1].value  # type: ignore[attr-defined]
    assert Positions("wide.py", WIDE).span(call.args[2])[1:] == (2, 15, 2, 16)
