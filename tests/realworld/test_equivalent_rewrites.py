"""Rewrites of a real step library that do not change what it does must not change what alignlint
finds or links.

Each case rewrites every file of one kind in a copy of the corpus (``../shared/corpus/``, absent
on a user's clone: the tests then skip, except under ``ALIGNLINT_CI=1``) the way a team might
restyle its code: string keys and names moved into module constants, a contract's mappings or a
specification built by a helper, the ``__main__`` block moved into an entry function, the
builder's config read through a local alias, a DAG's edges added in a loop, registry rows written
as ``dict(...)`` calls, merged from two tables or added after the table (``update``, by item,
``|=``, rebinding ``STEP_NAMES = {**STEP_NAMES, ...}``), contract and specification lists
combined from module constants (``[*SHARED, "x"]``, ``SHARED | {...}``), Windows line endings, a
builder's or config's environment (or a builder's job arguments) built in a helper method and
returned as it is or as ``... or {}``, a config's environment property declared as ``x =
property(getter)``, a script's ``os.environ`` read through a module constant (``_ENV =
os.environ``), a script's env reads moved into a shared module beside the scripts (as its
constants, or as its functions the script calls), a hyperparameter class named through its
module or a lower-case alias, a DAG built by its class's constructor imported under another
name, a script split into a thin entry script and the implementation module it imports ``main``
from (findings there count as the script's), ``os`` imported under another name inside the
functions that read the environment.
The findings (rule, file, message) and each step's linked pieces must be exactly those of the
original (and, for some, the statistics). Each rewrite must apply to some files (ten, the one
registry file, or all the files of the kind it rewrites), so no case passes by rewriting
nothing.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from alignlint.core.settings import Settings
from alignlint.run.analysis import analyze
from alignlint.run.result import Result
from realworld.corpus import required_corpus
from realworld.fix_trial import corpus_copy

CORPUS = "cursus-a9d18ccc"
PACKAGE_DIR = "src/cursus"

#: A rewrite: a module's path and text to its new text (the text unchanged: not rewritten), or
#: to the files it becomes (its own path among them: a module split in two).
Rewrite = Callable[[Path, str], "str | dict[Path, str]"]


def _parse(text: str) -> ast.Module:
    """The module's tree, without the warnings of its own code (invalid escapes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> list[str]:
    """The lines of ``text`` with their breaks, as ``ast`` numbers them (``str.splitlines``
    also breaks at form feeds and other separators)."""
    return _LINE.findall(text)


def _offsets(text: str) -> Callable[[int, int], int]:
    """The character offset in ``text`` of an ``ast`` position (1-based line, byte column)."""
    lines = _lines(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + len(lines[line - 1].encode()[:column].decode())

    return offset


def _node_span(offset: Callable[[int, int], int], node: ast.expr) -> tuple[int, int]:
    """The character offsets where ``node`` starts and ends."""
    assert node.end_lineno is not None and node.end_col_offset is not None
    return offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)


def _replaced(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) applied, back to front."""
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _after_imports(text: str, lines: list[str]) -> str:
    """``text`` with ``lines`` inserted after its docstring and leading imports."""
    tree = _parse(text)
    at = 0
    for index, node in enumerate(tree.body):
        is_docstring = (
            index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        )
        if not (is_docstring or isinstance(node, (ast.Import, ast.ImportFrom))):
            break
        at = node.end_lineno or at
    kept = _lines(text)
    return "".join([*kept[:at], *(line + "\n" for line in lines), *kept[at:]])


def _constants(text: str, pattern: str, prefix: str) -> str:
    """Every string literal captured by ``pattern`` (group 2, between groups 1 and 3) replaced
    by a module constant holding it."""
    found = sorted(set(re.findall(pattern, text)), key=lambda match: match[1])
    if not found:
        return text
    names = {value: f"_{prefix}_{value.upper()}" for _, value, _ in found}
    rewritten = re.sub(pattern, lambda m: f"{m.group(1)}{names[m.group(2)]}{m.group(3)}", text)
    return _after_imports(rewritten, [f'{name} = "{value}"' for value, name in names.items()])


def script_key_constants(path: Path, text: str) -> str:
    """``input_paths["k"]`` -> ``input_paths[_KEY_K]`` with ``_KEY_K = "k"``."""
    if path.parent.name != "scripts":
        return text
    return _constants(text, r'((?:input|output)_paths\[)"([a-z][a-z0-9_]*)"(\])', "KEY")


def env_name_constants(path: Path, text: str) -> str:
    """``os.environ.get("NAME"`` / ``environ_vars["NAME"]`` -> a constant ``_ENV_NAME``."""
    if path.parent.name != "scripts":
        return text
    pattern = r'((?:os\.environ\.get|os\.getenv|environ_vars\.get)\(|(?:os\.environ|environ_vars)\[)"([A-Z][A-Z0-9_]*)"([,)\]])'
    return _constants(text, pattern, "ENV")


def entry_function(path: Path, text: str) -> str:
    """``if __name__ == "__main__": <block>`` at the end of a script -> ``def _run(): <block>``
    and ``if __name__ == "__main__": _run()``."""
    guard = re.search(r'^if __name__ == ["\']__main__["\']:\n', text, re.M)
    if path.parent.name != "scripts" or guard is None:
        return text
    block = text[guard.end() :]
    if re.search(r"^\S", block, re.M):  # code after the block: leave the script alone
        return text
    return (
        f'{text[: guard.start()]}def _run():\n{block}\n\nif __name__ == "__main__":\n    _run()\n'
    )


def _hoisted(text: str, calls: frozenset[str], prefix: str) -> str:
    """Every literal list or dict passed by keyword to one of ``calls`` in a module-level
    assignment, moved into a module constant defined just before that assignment."""
    tree = _parse(text)
    offset = _offsets(text)
    edits: list[tuple[int, int, str]] = []
    for statement in tree.body:
        if not isinstance(statement, ast.Assign):
            continue
        definitions = []
        for call in ast.walk(statement.value):
            name = getattr(getattr(call, "func", None), "id", None)
            if not isinstance(call, ast.Call) or name not in calls:
                continue
            for keyword in call.keywords:
                value = keyword.value
                if not isinstance(value, (ast.List, ast.Dict)) or any(
                    isinstance(node, ast.Call) for node in ast.walk(value)
                ):
                    continue
                constant = f"_{prefix}_{len(edits) + len(definitions)}"
                definitions.append(f"{constant} = {ast.get_source_segment(text, value)}\n")
                edits.append((*_node_span(offset, value), constant))
        if definitions:
            at = offset(statement.lineno, 0)
            edits.append((at, at, "".join(definitions) + "\n"))
    return _replaced(text, edits)


def _combined(text: str, calls: frozenset[str], keywords: frozenset[str], prefix: str) -> str:
    """Every non-empty literal list or dict passed by one of ``keywords`` to one of ``calls`` in
    a module-level assignment, combined from a module constant (``_<prefix>_<n>``, defined just
    before that assignment) holding its first half: a list as ``[*_P_0, <the other items>]``
    (the constant a tuple), a dict as ``_P_0 | {<the other entries>}``. The values rewritten
    must not nest."""
    tree = _parse(text)
    offset = _offsets(text)
    edits: list[tuple[int, int, str]] = []
    for statement in tree.body:
        if not isinstance(statement, ast.Assign):
            continue
        definitions = []
        for call in ast.walk(statement.value):
            name = getattr(getattr(call, "func", None), "id", None)
            if not isinstance(call, ast.Call) or name not in calls:
                continue
            for keyword in call.keywords:
                value = keyword.value
                constant = f"_{prefix}_{len(edits) + len(definitions)}"
                if keyword.arg not in keywords:
                    continue
                if isinstance(value, ast.List) and value.elts:
                    items = [ast.get_source_segment(text, item) or "" for item in value.elts]
                    half = (len(items) + 1) // 2
                    definitions.append(f"{constant} = ({', '.join(items[:half])},)\n")
                    rest = "".join(f", {item}" for item in items[half:])
                    edits.append((*_node_span(offset, value), f"[*{constant}{rest}]"))
                elif isinstance(value, ast.Dict) and value.keys and None not in value.keys:
                    entries = [
                        f"{ast.get_source_segment(text, key)}: {ast.get_source_segment(text, item)}"
                        for key, item in zip(value.keys, value.values, strict=True)
                        if key is not None
                    ]
                    half = (len(entries) + 1) // 2
                    definitions.append(f"{constant} = {{{', '.join(entries[:half])}}}\n")
                    rest = ", ".join(entries[half:])
                    edits.append((*_node_span(offset, value), f"{constant} | {{{rest}}}"))
        if definitions:
            at = offset(statement.lineno, 0)
            edits.append((at, at, "".join(definitions) + "\n"))
    return _replaced(text, edits)


def contract_env_lists_combined(path: Path, text: str) -> str:
    """A contract's ``required_env_vars=[*_SHARED_0, "C"]`` (``_SHARED_0 = ("A", "B")``),
    ``optional_env_vars=_SHARED_1 | {...}`` (``_SHARED_1 = {...}``, the first half of the
    entries) and ``expected_arguments`` the same way."""
    if path.parent.name != "contracts":
        return text
    calls = frozenset({"ScriptContract", "TrainingScriptContract"})
    keywords = frozenset({"required_env_vars", "optional_env_vars", "expected_arguments"})
    return _combined(text, calls, keywords, "SHARED")


def spec_lists_combined(path: Path, text: str) -> str:
    """The ``compatible_sources``, ``semantic_keywords`` and ``aliases`` of a specification's
    dependencies and outputs combined from module constants (``[*_ITEMS_0, ...]``), and then
    its ``dependencies`` and ``outputs`` too (``[*_SPEC_0, ...]``, or ``_SPEC_0 | {...}`` where
    they are a dict)."""
    if path.parent.name != "specs":
        return text
    items = frozenset({"compatible_sources", "semantic_keywords", "aliases"})
    text = _combined(text, frozenset({"DependencySpec", "OutputSpec"}), items, "ITEMS")
    parts = frozenset({"dependencies", "outputs"})
    return _combined(text, frozenset({"StepSpecification"}), parts, "SPEC")


def contract_mapping_constants(path: Path, text: str) -> str:
    """A contract's path, variable and argument mappings defined as module constants."""
    if path.parent.name != "contracts":
        return text
    return _hoisted(text, frozenset({"ScriptContract", "TrainingScriptContract"}), "MAPPING")


def spec_factory(path: Path, text: str) -> str:
    """``X_SPEC = StepSpecification(...)`` -> ``def _build_x_spec(): return ...`` and
    ``X_SPEC = _build_x_spec()``."""
    if path.parent.name != "specs":
        return text
    lines = _lines(text)
    for statement in _parse(text).body:
        value = statement.value if isinstance(statement, ast.Assign) else None
        if (
            isinstance(statement, ast.Assign)
            and isinstance(value, ast.Call)
            and getattr(value.func, "id", None) == "StepSpecification"
            and isinstance(statement.targets[0], ast.Name)
        ):
            name = statement.targets[0].id
            call = (ast.get_source_segment(text, value) or "").replace("\n", "\n    ")
            factory = f"_build_{name.lower()}"
            replacement = f"def {factory}():\n    return {call}\n\n\n{name} = {factory}()\n"
            before, after = lines[: statement.lineno - 1], lines[statement.end_lineno or 0 :]
            return "".join([*before, replacement, *after])
    return text


def builder_config_alias(path: Path, text: str) -> str:
    """In every builder method that reads ``self.config.x``: ``cfg = self.config`` first, and
    ``cfg.x`` for each read."""
    if path.parent.name != "builders":
        return text
    lines = _lines(text)
    read = re.compile(r"self\.config\.([a-z_]+)\b(?!\s*=[^=])")
    inserts: list[tuple[int, str]] = []
    for cls in _parse(text).body:
        for method in cls.body if isinstance(cls, ast.ClassDef) else ():
            if not isinstance(method, ast.FunctionDef):
                continue
            body = (
                method.body[1:]
                if ast.get_docstring(method) and len(method.body) > 1
                else method.body
            )
            rows = range(body[0].lineno - 1, method.end_lineno or 0)
            if re.search(r"self\.config\s*=[^=]", "".join(lines[row] for row in rows)):
                continue
            if not any(read.search(lines[row]) for row in rows):
                continue
            for row in rows:
                lines[row] = read.sub(r"cfg.\1", lines[row])
            inserts.append((body[0].lineno - 1, " " * body[0].col_offset + "cfg = self.config\n"))
    for row, line in sorted(inserts, reverse=True):
        lines.insert(row, line)
    return "".join(lines)


def _identifier_keys(display: ast.Dict) -> bool:
    return bool(display.keys) and all(
        isinstance(key, ast.Constant) and str(key.value).isidentifier() for key in display.keys
    )


def _as_dict_calls(text: str, displays: list[ast.Dict]) -> str:
    """``text`` with each of ``displays`` (string keys that are identifiers) written as
    ``dict(key=value, ...)``."""
    offset = _offsets(text)
    spans: list[tuple[int, int, str]] = []
    for display in displays:
        fields = ", ".join(
            f"{getattr(key, 'value', '')}={ast.get_source_segment(text, value)}"
            for key, value in zip(display.keys, display.values, strict=True)
        )
        spans.append((*_node_span(offset, display), f"dict({fields})"))
    return _replaced(text, spans)


def registry_rows_as_dict_calls(path: Path, text: str) -> str:
    """Each row of the ``STEP_NAMES`` display -> ``dict(config_class=..., ...)``."""
    if path.parent.name != "registry":
        return text
    rows: list[ast.Dict] = []
    for statement in _parse(text).body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) else None
        if not (isinstance(target, ast.Name) and target.id == "STEP_NAMES"):
            continue
        assert isinstance(statement, ast.Assign)
        values = statement.value.values if isinstance(statement.value, ast.Dict) else []
        rows.extend(row for row in values if isinstance(row, ast.Dict) and _identifier_keys(row))
    return _as_dict_calls(text, rows)


_EDGE = re.compile(r'^(\s+)(\w+)\.add_edge\(("[^"]+"), ("[^"]+")\)\s*(?:#.*)?\n$')


def dag_edges_from_a_list(path: Path, text: str) -> str:
    """Each run of ``dag.add_edge("A", "B")`` lines -> ``edges = [("A", "B"), ...]`` and
    ``for source, target in edges: dag.add_edge(source, target)``."""
    lines = _lines(text)
    out: list[str] = []
    index = 0
    while index < len(lines):
        first = _EDGE.match(lines[index])
        if first is None:
            out.append(lines[index])
            index += 1
            continue
        indent, receiver = first.group(1), first.group(2)
        pairs = []
        while index < len(lines) and (edge := _EDGE.match(lines[index])) is not None:
            if (edge.group(1), edge.group(2)) != (indent, receiver):
                break
            pairs.append(f"({edge.group(3)}, {edge.group(4)})")
            index += 1
        out.append(f"{indent}edges = [{', '.join(pairs)}]\n")
        out.append(f"{indent}for source, target in edges:\n")
        out.append(f"{indent}    {receiver}.add_edge(source, target)\n")
    return "".join(out)


def reversed_main_guard(path: Path, text: str) -> str:
    """``if __name__ == "__main__":`` -> ``if "__main__" == __name__:`` in scripts."""
    if path.parent.name != "scripts":
        return text
    return re.sub(
        r'^if __name__ == (["\'])__main__\1:', r'if "__main__" == __name__:', text, flags=re.M
    )


def environ_vars_as_dict_calls(path: Path, text: str) -> str:
    """A script's ``environ_vars = {"NAME": value, ...}`` -> ``dict(NAME=value, ...)``."""
    if path.parent.name != "scripts":
        return text
    displays = [
        node.value
        for node in ast.walk(_parse(text))
        if isinstance(node, ast.Assign)
        and [getattr(t, "id", None) for t in node.targets] == ["environ_vars"]
        and isinstance(node.value, ast.Dict)
        and _identifier_keys(node.value)
    ]
    return _as_dict_calls(text, displays)


def _registry_rows_moved(text: str, added: Callable[[list[tuple[str, str]]], str]) -> str:
    """The second half of the ``STEP_NAMES`` display's rows moved into the statements
    ``added`` writes for their (key, row) source texts, right after the display."""
    offset = _offsets(text)
    for statement in _parse(text).body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) else None
        value = statement.value if isinstance(statement, ast.Assign) else None
        if not (isinstance(target, ast.Name) and target.id == "STEP_NAMES"):
            continue
        if not isinstance(value, ast.Dict) or len(value.keys) < 2:
            continue  # the registry built by code
        display = value
        half = len(display.keys) // 2
        keys, values = display.keys[half:], display.values[half:]
        rows = [
            (ast.get_source_segment(text, key) or "", ast.get_source_segment(text, value) or "")
            for key, value in zip(keys, values, strict=True)
            if key is not None
        ]
        cut = _node_span(offset, display.values[half - 1])[1]
        end = _node_span(offset, display)[1]
        assert text[end:].startswith("\n")  # the display ends the statement
        return f"{text[:cut]}\n}}\n{added(rows)}" + text[end:]
    return text


def _moved_rows(rows: list[tuple[str, str]]) -> str:
    return ",\n".join(f"    {key}: {row}" for key, row in rows)


def registry_rows_added_by_update(path: Path, text: str) -> str:
    """The second half of the ``STEP_NAMES`` display's rows moved into a
    ``STEP_NAMES.update({...})`` right after it."""
    if path.parent.name != "registry":
        return text
    return _registry_rows_moved(
        text, lambda rows: f"STEP_NAMES.update(\n    {{\n{_moved_rows(rows)}\n    }}\n)"
    )


def registry_rows_added_by_rebinding(path: Path, text: str) -> str:
    """The second half of the ``STEP_NAMES`` display's rows added by rebinding the name to a
    display that spreads it: ``STEP_NAMES = {**STEP_NAMES, ...}``."""
    if path.parent.name != "registry":
        return text
    return _registry_rows_moved(
        text, lambda rows: f"STEP_NAMES = {{\n    **STEP_NAMES,\n{_moved_rows(rows)}\n}}"
    )


def registry_rows_added_by_item(path: Path, text: str) -> str:
    """The second half of the ``STEP_NAMES`` display's rows added one by one:
    ``STEP_NAMES["X"] = {...}``."""
    if path.parent.name != "registry":
        return text
    return _registry_rows_moved(
        text, lambda rows: "\n".join(f"STEP_NAMES[{key}] = {row}" for key, row in rows)
    )


def registry_rows_added_by_in_place_merge(path: Path, text: str) -> str:
    """The second half of the ``STEP_NAMES`` display's rows merged in place:
    ``STEP_NAMES |= {...}``."""
    if path.parent.name != "registry":
        return text
    return _registry_rows_moved(text, lambda rows: f"STEP_NAMES |= {{\n{_moved_rows(rows)}\n}}")


def registry_rows_merged(path: Path, text: str) -> str:
    """The ``STEP_NAMES`` display -> ``_CORE_STEPS = {<first half of the rows>}`` and
    ``STEP_NAMES = _CORE_STEPS | {<the other rows>}``."""
    if path.parent.name != "registry":
        return text
    offset = _offsets(text)
    for statement in _parse(text).body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) else None
        value = statement.value if isinstance(statement, ast.Assign) else None
        if not (isinstance(target, ast.Name) and target.id == "STEP_NAMES"):
            continue
        if not isinstance(value, ast.Dict) or len(value.keys) < 2:
            continue  # the registry built by code
        half = len(value.keys) // 2
        rows = [
            f"    {ast.get_source_segment(text, key)}: {ast.get_source_segment(text, row)}"
            for key, row in zip(value.keys, value.values, strict=True)
            if key is not None
        ]
        first, second = ",\n".join(rows[:half]), ",\n".join(rows[half:])
        start, end = offset(statement.lineno, statement.col_offset), _node_span(offset, value)[1]
        merged = f"_CORE_STEPS = {{\n{first}\n}}\nSTEP_NAMES = _CORE_STEPS | {{\n{second}\n}}"
        return _replaced(text, [(start, end, merged)])
    return text


_ENUM_MEMBER = re.compile(r"\b(DependencyType|NodeType)\.([A-Z][A-Z_]*)\b")


def enum_members_by_value(path: Path, text: str) -> str:
    """``DependencyType.PROCESSING_OUTPUT`` -> ``DependencyType("processing_output")`` (the
    corpus's enums hold their lower-case names) in specifications."""
    if path.parent.name != "specs":
        return text
    return _ENUM_MEMBER.sub(lambda m: f'{m.group(1)}("{m.group(2).lower()}")', text)


_DAG_CALL = re.compile(r'\b(\w+)\.(add_node|add_edge)\(("[^"]+")(?:, ("[^"]+"))?\)')


def dag_calls_with_keywords(path: Path, text: str) -> str:
    """``dag.add_node("X")`` -> ``dag.add_node(node="X")`` and ``dag.add_edge("A", "B")`` ->
    ``dag.add_edge(src="A", dst="B")`` (the corpus's DAG class names them so)."""

    def keywords(match: re.Match[str]) -> str:
        receiver, method, first, second = match.groups()
        if method == "add_node" and second is None:
            return f"{receiver}.add_node(node={first})"
        if method == "add_edge" and second is not None:
            return f"{receiver}.add_edge(src={first}, dst={second})"
        return match.group(0)

    return _DAG_CALL.sub(keywords, text)


def _in_a_helper(text: str, wanted: Callable[[str], bool]) -> str:
    """Each method of a class whose name is ``wanted`` (taking only ``self``, decorated by
    ``@property`` or nothing) -> ``return self._build<name>()``, its body moved into that new
    plain method (which a ``super()`` call in it still leaves calling the original's base)."""
    lines = _lines(text)
    moves: list[tuple[int, int, str, str]] = []
    for cls in ast.walk(_parse(text)):
        for method in cls.body if isinstance(cls, ast.ClassDef) else ():
            if not isinstance(method, ast.FunctionDef) or not wanted(method.name):
                continue
            decorators = [getattr(d, "id", None) for d in method.decorator_list]
            arguments = method.args
            if decorators not in ([], ["property"]) or [a.arg for a in arguments.args] != ["self"]:
                continue
            if arguments.vararg or arguments.kwarg or arguments.kwonlyargs:
                continue
            indent = " " * method.col_offset
            returns = ast.get_source_segment(text, method.returns) if method.returns else None
            helper = f"_build{method.name if method.name.startswith('_') else '_' + method.name}"
            stub = "".join(
                [
                    f"{indent}@property\n" if decorators else "",
                    f"{indent}def {method.name}(self){f' -> {returns}' if returns else ''}:\n",
                    f"{indent}    return self.{helper}()\n\n",
                ]
            )
            first = method.decorator_list[0].lineno if decorators else method.lineno
            moves.append((first - 1, method.lineno - 1, helper, stub))
    for first, row, helper, stub in sorted(moves, reverse=True):
        lines[row] = re.sub(r"def \w+\(", f"def {helper}(", lines[row], count=1)
        del lines[first:row]  # the helper is a plain method
        lines.insert(first, stub)
    return "".join(lines)


def builder_env_in_a_helper(path: Path, text: str) -> str:
    """A builder's ``_get_environment_variables`` -> ``return self._build_get_environment_variables()``,
    the dict built in that helper (which may start from ``super()._get_environment_variables()``)."""
    if path.parent.name != "builders":
        return text
    return _in_a_helper(text, lambda name: name == "_get_environment_variables")


def config_env_in_a_helper(path: Path, text: str) -> str:
    """A config's ``get_environment_variables()`` or ``*_environment_variables`` property ->
    ``return self._build_<name>()``, the dict built in that helper."""
    if path.parent.name != "configs":
        return text
    return _in_a_helper(text, lambda name: name.endswith("environment_variables"))


def builder_job_arguments_in_a_helper(path: Path, text: str) -> str:
    """A builder's ``_get_job_arguments`` -> ``return self._build_get_job_arguments()``, the list
    built in that helper."""
    if path.parent.name != "builders":
        return text
    return _in_a_helper(text, lambda name: name == "_get_job_arguments")


_HELPER_RESULT = re.compile(r"(return self\._build_\w+\(\))\n")


def helpers_returned_conditionally(path: Path, text: str) -> str:
    """The three helper rewrites above, each stub returning ``self._build_<name>() or {}`` (or
    ``or None`` for job arguments): an empty result is the same empty environment or no
    arguments."""
    if path.parent.name == "builders":
        text = builder_env_in_a_helper(path, text)
        text = builder_job_arguments_in_a_helper(path, text)
    else:
        text = config_env_in_a_helper(path, text)

    def conditional(match: re.Match[str]) -> str:
        empty = "None" if "job_arguments" in match.group(1) else "{}"
        return f"{match.group(1)} or {empty}\n"

    return _HELPER_RESULT.sub(conditional, text)


def config_env_property_calls(path: Path, text: str) -> str:
    """A config's ``@property def *environment_variables(self)`` -> the same function as
    ``_get_<name>`` and ``<name> = property(_get_<name>)`` after it."""
    if path.parent.name != "configs":
        return text
    lines = _lines(text)
    moves: list[tuple[int, int, int, str, str]] = []
    for cls in ast.walk(_parse(text)):
        for method in cls.body if isinstance(cls, ast.ClassDef) else ():
            if not (
                isinstance(method, ast.FunctionDef)
                and method.name.endswith("environment_variables")
                and [getattr(d, "id", None) for d in method.decorator_list] == ["property"]
            ):
                continue
            assert method.end_lineno is not None
            indent = " " * method.col_offset
            first = method.decorator_list[0].lineno - 1
            moves.append((first, method.lineno - 1, method.end_lineno, method.name, indent))
    for first, row, end, name, indent in sorted(moves, reverse=True):
        lines.insert(end, f"\n{indent}{name} = property(_get_{name})\n")
        lines[row] = lines[row].replace(f"def {name}(", f"def _get_{name}(", 1)
        del lines[first:row]
    return "".join(lines)


_STEP_TYPE_HELPER = re.compile(r"\b(get_spec_step_type(?:_with_job_type)?)\b")
_HELPER_ALIASES = {
    "get_spec_step_type": "registered_step_type",
    "get_spec_step_type_with_job_type": "registered_job_step_type",
}


def step_type_helper_aliases(path: Path, text: str) -> str:
    """A spec imports the registry's step-type helpers under another name
    (``import get_spec_step_type as registered_step_type``) and calls them by it."""
    if path.parent.name != "specs":
        return text
    lines = _lines(text)
    for row, line in enumerate(lines):
        if line.startswith("from ") and " import " in line:
            lines[row] = _STEP_TYPE_HELPER.sub(lambda m: f"{m[1]} as {_HELPER_ALIASES[m[1]]}", line)
        else:
            lines[row] = _STEP_TYPE_HELPER.sub(lambda m: _HELPER_ALIASES[m[1]], line)
    return "".join(lines)


def environ_through_a_module_alias(path: Path, text: str) -> str:
    """A script that imports ``os`` among its leading imports reads the environment through
    a module constant: ``_ENV = os.environ`` after those imports, and ``_ENV`` for every
    ``os.environ`` (``_ENV["X"]``, ``_ENV.get("X", d)``, ``"X" in _ENV``, writes too)."""
    if path.parent.name != "scripts" or "os.environ" not in text:
        return text
    tree = _parse(text)
    leading = []
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            break
        leading.append(node)
    if not any(
        isinstance(node, ast.Import) and any(a.name == "os" and not a.asname for a in node.names)
        for node in leading
    ):
        return text
    return _after_imports(re.sub(r"\bos\.environ\b", "_ENV", text), ["_ENV = os.environ"])


#: Modules the rewrites below add (a path relative to the package directory -> their lines),
#: filled while a case rewrites the files and written after them.
_ADDED: dict[str, list[str]] = {}
_SHARED_ENV = "steps/scripts/common_env.py"


def _env_statements(text: str, in_functions: bool) -> list[tuple[ast.stmt, str, ast.expr]]:
    """``name = <expr>`` statements (module-level ones, and with ``in_functions`` those of
    functions too, the ``__main__`` block excepted) whose value reads the environment
    (``os.environ``, ``os.getenv``) and names nothing but ``os``: each as (statement, name,
    value)."""
    tree = _parse(text)
    scopes: list[list[ast.stmt]] = [tree.body]
    if in_functions:
        scopes += [
            node.body
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
    found = []
    for body in scopes:
        for statement in body:
            if not (
                isinstance(statement, ast.Assign)
                and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)
            ):
                continue
            value = statement.value
            names = {node.id for node in ast.walk(value) if isinstance(node, ast.Name)}
            source = ast.get_source_segment(text, value) or ""
            if names == {"os"} and ("os.environ" in source or "os.getenv" in source):
                found.append((statement, statement.targets[0].id, value))
    return found


def env_reads_in_a_shared_module(path: Path, text: str) -> str:
    """A script's module-level ``NAME = <env read>`` (``USE_X = os.environ.get("USE_X",
    "false").lower() == "true"``) moved into the constant ``_<script>__NAME`` of a module
    ``common_env.py`` beside the scripts, and ``from .common_env import _<script>__NAME as
    NAME`` in its place: the read runs when the script imports the module, as before."""
    if path.parent.name != "scripts":
        return text
    edits = []
    offset = _offsets(text)
    for statement, name, value in _env_statements(text, in_functions=False):
        constant = f"_{path.stem}__{name}"
        _ADDED.setdefault(_SHARED_ENV, ["import os", ""]).append(
            f"{constant} = {ast.get_source_segment(text, value)}"
        )
        start = offset(statement.lineno, statement.col_offset)
        end = _node_span(offset, value)[1]
        edits.append((start, end, f"from .common_env import {constant} as {name}"))
    return _replaced(text, edits)


def env_reads_in_shared_functions(path: Path, text: str) -> str:
    """Each ``name = <env read>`` of a script, at module level or in a function, -> ``name =
    _common_env.<script>_<line>()``, a function of a module ``common_env.py`` beside the
    scripts returning that value, which the script imports (``from . import common_env as
    _common_env``)."""
    if path.parent.name != "scripts":
        return text
    found = _env_statements(text, in_functions=True)
    if not found:
        return text
    edits = []
    offset = _offsets(text)
    for statement, _, value in found:
        function = f"{path.stem}_{statement.lineno}"
        _ADDED.setdefault(_SHARED_ENV, ["import os", ""]).extend(
            [f"def {function}():", f"    return {ast.get_source_segment(text, value)}", ""]
        )
        edits.append((*_node_span(offset, value), f"_common_env.{function}()"))
    return _after_imports(_replaced(text, edits), ["from . import common_env as _common_env"])


_DAG_IMPORT = re.compile(r"^(from \.*[\w.]* import PipelineDAG)\n", re.M)
_DAG_CREATED = re.compile(r"^(\s+)(\w+) = PipelineDAG\(\)\n$")
_DAG_ADDED = re.compile(
    r'^\s+(\w+)\.(add_node|add_edge)\(("[^"]+")(?:, ("[^"]+"))?\)\s*(?:#.*)?\n$'
)


def dag_constructor_under_an_alias(path: Path, text: str) -> str:
    """A DAG module also imports the DAG class as ``DAG``, and builds each DAG whose
    ``dag = PipelineDAG()`` is followed by literal ``add_node``/``add_edge`` calls (blank and
    comment lines between them) as ``dag = DAG(nodes=[...], edges=[...])`` (the class's
    constructor adds the same nodes and edges in the same order)."""
    if _DAG_IMPORT.search(text) is None:
        return text
    lines = _lines(text)
    out: list[str] = []
    index, built = 0, 0
    while index < len(lines):
        created = _DAG_CREATED.match(lines[index])
        if created is None:
            out.append(lines[index])
            index += 1
            continue
        indent, receiver = created.groups()
        nodes: list[str] = []
        edges: list[str] = []
        kept: list[str] = []
        index += 1
        while index < len(lines):
            line = lines[index]
            added = _DAG_ADDED.match(line)
            if added is not None and added.group(1) == receiver:
                _, method, first, second = added.groups()
                if method == "add_node" and second is None:
                    nodes.append(first)
                elif method == "add_edge" and second is not None:
                    edges.append(f"({first}, {second})")
                else:
                    break
            elif line.strip() and not line.strip().startswith("#"):
                break
            else:
                kept.append(line)
            index += 1
        arguments = f"nodes=[{', '.join(nodes)}], edges=[{', '.join(edges)}]"
        out.append(f"{indent}{receiver} = DAG({arguments})\n")
        out.extend(kept)
        built += 1
    if not built:
        return text
    new = "".join(out)
    match = _DAG_IMPORT.search(new)
    assert match is not None
    return f"{new[: match.end()]}{match.group(1)} as DAG\n{new[match.end() :]}"


_HYPERPARAMETER_IMPORT = re.compile(
    r"^from (\.*)((?:\w+\.)*?)(\w+) import (\w*Hyperparameters)\n", re.M
)


def _hyperparameter_class_renamed(text: str, how: str) -> str:
    """A module's ``from <package>.<module> import XHyperparameters``, with each use of the
    class rewritten ``how``: ``module`` (``from <package> import <module> as hp_module``,
    ``hp_module.XHyperparameters``) or ``alias`` (``import XHyperparameters as hparams_cls``)."""
    match = _HYPERPARAMETER_IMPORT.search(text)
    if match is None:
        return text
    dots, package, module, cls = match.groups()
    if how == "module":
        package = package.rstrip(".")
        source = f"from {dots}{package} import {module}" if dots or package else f"import {module}"
        statement, use = f"{source} as hp_module\n", f"hp_module.{cls}"
    else:
        statement, use = f"{match.group(0)[:-1]} as hparams_cls\n", "hparams_cls"
    before, after = text[: match.start()], text[match.end() :]
    uses = re.compile(rf"\b{cls}\b")
    return uses.sub(use, before) + statement + uses.sub(use, after)


def hyperparameter_class_through_its_module(path: Path, text: str) -> str:
    """Scripts, configs and builders name their hyperparameter class as an attribute of its
    module (``hp: hp_module.XHyperparameters``)."""
    if path.parent.name not in ("scripts", "configs", "builders"):
        return text
    return _hyperparameter_class_renamed(text, "module")


def hyperparameter_class_under_an_alias(path: Path, text: str) -> str:
    """Scripts, configs and builders import their hyperparameter class under a lower-case name
    (``import XHyperparameters as hparams_cls``; ``hp: hparams_cls``, ``hparams_cls(**d)``)."""
    if path.parent.name not in ("scripts", "configs", "builders"):
        return text
    return _hyperparameter_class_renamed(text, "alias")


def os_imported_in_functions(path: Path, text: str) -> str:
    """In every function of a script that reads the environment through ``os``
    (``os.environ``, ``os.getenv``), ``import os as _os`` as its first statement (after its
    docstring) and those reads through ``_os``."""
    if path.parent.name != "scripts":
        return text
    tree = _parse(text)
    offset = _offsets(text)
    edits: list[tuple[int, int, str]] = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        nested = {
            id(node)
            for inner in ast.walk(function)
            if inner is not function
            and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            for node in ast.walk(inner)
        }
        reads = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Attribute)
            and node.attr in ("environ", "getenv")
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and id(node) not in nested
        ]
        if not reads:
            continue
        body = function.body
        first = body[1] if ast.get_docstring(function) is not None and len(body) > 1 else body[0]
        at = offset(first.lineno, 0)
        edits.append((at, at, " " * first.col_offset + "import os as _os\n\n"))
        edits.extend((*_node_span(offset, read), "_os") for read in reads)
    return _replaced(text, edits)


#: Spellings of a thin entry script's import of ``main`` (``{module}``: the implementation's
#: name, ``{package}``: the dotted package of the scripts), chosen by the script's name, with
#: the name its ``__main__`` block calls ``main`` by.
_MAIN_IMPORTS = (
    ("from .{module} import main", "main"),
    ("from .{module} import main as _run_main", "_run_main"),
    ("from {package}.{module} import main", "main"),
    ("from . import {module}", "{module}.main"),
    ("import {package}.{module} as _impl", "_impl.main"),
    ("from . import {module} as _impl\n\nmain = _impl.main", "main"),
)


def _module_level_names(statements: list[ast.stmt]) -> set[str]:
    """The names module-level code binds other than by a plain top-level import: definitions,
    assignments, and imports inside ``try`` / ``if`` (not the names bound inside functions and
    classes)."""
    bound: set[str] = set()
    stack = [node for node in statements if not isinstance(node, (ast.Import, ast.ImportFrom))]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).partition(".")[0] for a in node.names)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        stack.extend(ast.iter_child_nodes(node))
    return bound


def main_in_an_implementation_module(path: Path, text: str) -> str | dict[Path, str]:
    """A script ``x.py`` defining ``main`` and ending with its ``__main__`` block -> ``x_impl.py``
    holding everything but that block, and a thin ``x.py``: the original's top-level imports,
    an import of ``main`` from ``x_impl`` (six spellings: relative, relative under another
    name, absolute; the module imported, relative or absolute under an alias, its ``main``
    called as an attribute or bound by ``main = _impl.main``) with the other module names the block uses (not those it binds itself),
    and the block."""
    if path.parent.name != "scripts" or path.stem.endswith("_impl"):
        return text
    tree = _parse(text)
    last = tree.body[-1] if tree.body else None
    if not (
        isinstance(last, ast.If)
        and ast.unparse(last.test) in ("__name__ == '__main__'", '__name__ == "__main__"')
        and any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)
    ):
        return text
    lines = _lines(text)
    body_lines = lines[: last.lineno - 1]
    block = "".join(lines[last.lineno - 1 :])
    defined = _module_level_names(tree.body[:-1])
    used = {
        node.id
        for node in ast.walk(last)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    stored = {
        node.id
        for node in ast.walk(last)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
    names = sorted((used & defined) - stored - {"main"})
    module = f"{path.stem}_impl"
    parts = path.parent.parts
    package = ".".join(parts[parts.index("src") + 1 :])
    spelling, called = _MAIN_IMPORTS[len(path.stem) % len(_MAIN_IMPORTS)]
    import_main = spelling.format(module=module, package=package)
    called = called.format(module=module)
    if called != "main":
        block = re.sub(r"(?<![\w.])main\(", f"{called}(", block)
    head = []
    docstring = ast.get_docstring(tree, clean=False)
    if docstring is not None:
        head.append(f'"""Entry point; the step\'s code is in ``{module}``."""\n\n')
    for node in tree.body[:-1]:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and (
            not isinstance(node, ast.ImportFrom) or node.module != "__future__"
        ):
            head.append(ast.get_source_segment(text, node) + "\n")
    head.append(import_main + "\n")
    if names:
        head.append(f"from .{module} import {', '.join(names)}\n")
    return {
        path.with_name(f"{module}.py"): "".join(body_lines),
        path: "".join(head) + "\n\n" + block,
    }


def builder_env_in_a_data_attribute(path: Path, text: str) -> str:
    """A builder's ``_get_environment_variables`` that builds and returns a local dict
    (``env_vars = super()._get_environment_variables()``, ``env_vars["X"] = ...``,
    ``env_vars.update(...)``, ``return env_vars``) -> the same dict held in a data attribute
    of the builder (``self._env_vars``) and returned from there."""
    if path.parent.name != "builders":
        return text
    lines = _lines(text)
    for node in ast.walk(_parse(text)):
        if not (isinstance(node, ast.FunctionDef) and node.name == "_get_environment_variables"):
            continue
        last = node.body[-1]
        if not (isinstance(last, ast.Return) and isinstance(last.value, ast.Name)):
            continue
        local = last.value.id
        pattern = re.compile(rf"(?<![\w.]){re.escape(local)}\b")
        assert node.end_lineno is not None
        for row in range(node.body[0].lineno - 1, node.end_lineno):
            lines[row] = pattern.sub(f"self._{local}", lines[row])
    return "".join(lines)


def builder_env_in_an_attribute_set_in_init(path: Path, text: str) -> str:
    """The rewrite above, with the data attribute created empty at the end of the builder's
    ``__init__`` (``self._env_vars = {}``) and the base builder's result merged into it
    (``self._env_vars.update(super()._get_environment_variables())``): the same keys and
    values each time the method runs."""
    text = builder_env_in_a_data_attribute(path, text)
    start = re.compile(r"^(\s*)self\._(\w+) = (super\(\)\._get_environment_variables\(\))$")
    lines = _lines(text)
    inserts: list[tuple[int, str]] = []
    for cls in ast.walk(_parse(text)):
        if not isinstance(cls, ast.ClassDef):
            continue
        methods = {m.name: m for m in cls.body if isinstance(m, ast.FunctionDef)}
        init, env = methods.get("__init__"), methods.get("_get_environment_variables")
        if init is None or env is None:
            continue
        row = env.body[0].lineno - 1
        if isinstance(env.body[0], ast.Expr):  # the docstring
            row = env.body[1].lineno - 1
        found = start.match(lines[row].rstrip("\r\n"))
        if found is None:
            continue
        indent, name, call = found.groups()
        ending = lines[row][len(lines[row].rstrip("\r\n")) :]
        lines[row] = f"{indent}self._{name}.update({call}){ending}"
        last = init.body[-1]
        assert last.end_lineno is not None
        inserts.append((last.end_lineno, f"{' ' * last.col_offset}self._{name} = {{}}{ending}"))
    for row, line in sorted(inserts, reverse=True):
        lines.insert(row, line)
    return "".join(lines)


def windows_newlines(path: Path, text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


REWRITES: dict[str, Rewrite] = {
    "script keys as constants": script_key_constants,
    "env var names as constants": env_name_constants,
    "__main__ block in an entry function": entry_function,
    "contract mappings as constants": contract_mapping_constants,
    "specifications built by a helper": spec_factory,
    "builder config through an alias": builder_config_alias,
    "DAG edges from a local list": dag_edges_from_a_list,
    "registry rows as dict() calls": registry_rows_as_dict_calls,
    "Windows newlines": windows_newlines,
    "reversed __main__ guard": reversed_main_guard,
    "environ_vars dicts as dict() calls": environ_vars_as_dict_calls,
    "registry rows added by update()": registry_rows_added_by_update,
    "registry rows added by rebinding with **": registry_rows_added_by_rebinding,
    "registry rows added item by item": registry_rows_added_by_item,
    "registry rows added by |=": registry_rows_added_by_in_place_merge,
    "enum members by value": enum_members_by_value,
    "DAG calls with keywords": dag_calls_with_keywords,
    "builder env built by a helper": builder_env_in_a_helper,
    "config env built by a helper": config_env_in_a_helper,
    "builder job arguments built by a helper": builder_job_arguments_in_a_helper,
    "helper results returned conditionally": helpers_returned_conditionally,
    "config env properties as property() calls": config_env_property_calls,
    "step-type helpers imported under an alias": step_type_helper_aliases,
    "contract env lists combined from constants": contract_env_lists_combined,
    "specification lists combined from constants": spec_lists_combined,
    "registry rows merged with |": registry_rows_merged,
    "os.environ through a module alias": environ_through_a_module_alias,
    "env reads in a shared module": env_reads_in_a_shared_module,
    "env reads through functions of a shared module": env_reads_in_shared_functions,
    "DAGs built by the DAG class under an alias": dag_constructor_under_an_alias,
    "hyperparameter class through its module": hyperparameter_class_through_its_module,
    "hyperparameter class under an alias": hyperparameter_class_under_an_alias,
    "main in an implementation module": main_in_an_implementation_module,
    "os imported under another name in functions": os_imported_in_functions,
    "builder env held in a data attribute": builder_env_in_a_data_attribute,
    "builder env held in an attribute set in __init__": builder_env_in_an_attribute_set_in_init,
}

#: Rewrites of the one registry file.
_ONE_FILE = (
    "registry rows as dict() calls",
    "registry rows added by update()",
    "registry rows added by rebinding with **",
    "registry rows added item by item",
    "registry rows added by |=",
    "registry rows merged with |",
)


#: Rewrites of the few files that name a hyperparameter class, and how many there are.
_FEW_FILES = {
    "hyperparameter class through its module": 8,
    "hyperparameter class under an alias": 8,
}
#: Rewrites whose statistics (counters, "could not check" records) must be the original's
#: too: what they change is checked without finding anything in the corpus (the hyperparameter
#: reads of its scripts are all declared), so only the counters show a read no longer checked.
_STATISTICS_KEPT = frozenset(_FEW_FILES)


def _check(root: Path) -> Result:
    return analyze([], Settings(), root=root, need_project=True)


def _findings(result: Result, moved: dict[str, str] | None = None) -> Counter[tuple[str, str, str]]:
    """The findings by rule, file and message; a file a rewrite split off counts as the file
    it came from (``moved``)."""
    moved = moved or {}
    return Counter(
        (d.code, moved.get(d.span.path, d.span.path), d.message) for d in result.diagnostics
    )


def _links(result: Result) -> list[tuple[object, ...]]:
    assert result.project is not None
    return [
        (
            step.name,
            step.contract.name if step.contract else None,
            sorted((str(job), spec.name) for job, spec in step.specs.items()),
            step.builder.name if step.builder else None,
            step.config.name if step.config else None,
            step.script.path if step.script else None,
        )
        for step in result.project.steps
    ]


@pytest.fixture(scope="module")
def original() -> Result:
    return _check(required_corpus(CORPUS, PACKAGE_DIR))


@pytest.mark.parametrize("name", list(REWRITES))
def test_a_rewrite_that_keeps_the_behaviour_keeps_the_findings_and_links(
    name: str, original: Result, tmp_path: Path
) -> None:
    root = corpus_copy(required_corpus(CORPUS, PACKAGE_DIR), tmp_path / CORPUS)
    rewritten = 0
    _ADDED.clear()
    moved: dict[str, str] = {}
    for path in sorted((root / PACKAGE_DIR).rglob("*.py")):
        text = path.read_bytes().decode("utf-8")
        new = REWRITES[name](path, text)
        files = new if isinstance(new, dict) else {path: new}
        if files != {path: text}:
            for written, content in files.items():
                _parse(content)  # a rewrite writes valid Python
                written.write_bytes(content.encode("utf-8"))
                if written != path:
                    moved[written.relative_to(root).as_posix()] = path.relative_to(root).as_posix()
            rewritten += 1
    for added, lines in _ADDED.items():
        target = root / PACKAGE_DIR / added
        assert not target.exists()
        text = "\n".join(lines) + "\n"
        _parse(text)
        target.write_bytes(text.encode("utf-8"))
    assert rewritten >= (1 if name in _ONE_FILE else _FEW_FILES.get(name, 10))
    result = _check(root)
    # The differences, written out: pytest's own diff of long lists of long strings takes
    # minutes.
    before, after = _findings(original), _findings(result, moved)
    changed = [f"lost {f}" for f in sorted(before - after)] + [
        f"new  {f}" for f in sorted(after - before)
    ]
    links_before, links_after = _links(original), _links(result)
    changed += [f"link lost {link}" for link in links_before if link not in links_after]
    changed += [f"link new  {link}" for link in links_after if link not in links_before]
    if name in _STATISTICS_KEPT:
        counters_before, counters_after = original.statistics.counters, result.statistics.counters
        changed += [
            f"counter {key}: {counters_before.get(key)} -> {counters_after.get(key)}"
            for key in sorted({*counters_before, *counters_after})
            if counters_before.get(key) != counters_after.get(key)
        ]
        unchecked_before, unchecked_after = (
            original.statistics.unchecked,
            result.statistics.unchecked,
        )
        changed += [
            f"unchecked lost {item}" for item in unchecked_before if item not in unchecked_after
        ]
        changed += [
            f"unchecked new  {item}" for item in unchecked_after if item not in unchecked_before
        ]
    if changed:
        pytest.fail("\n".join(changed), pytrace=False)
