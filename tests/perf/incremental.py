"""Helpers of the incremental-equals-full tests: a run's whole output as one comparable text,
and the random edits applied to a generated library (``benchmarks/generate.py``).

Each edit changes what a real edit would: a script's key, a contract key, a spec's logical name,
a builder's config attribute, a registry row (renamed or deleted), a config's base class (a
project base added, then changed), a contract shared by two steps, a DAG edge, a file deleted or
added (a copied spec), a comment appended to a file (its facts stay equal) or inserted into a
script (its positions move), a statement inserted at the top of a script's ``main`` or a blank
line into a contract module (every later line moves).
"""

from __future__ import annotations

import ast
import dataclasses
import random
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from alignlint.core.selectors import select_rules
from alignlint.core.settings import Settings
from alignlint.extract import extract_file
from alignlint.extract.facts import FileFacts
from alignlint.extract.ir import Lit, SeqExpr
from alignlint.model import Project, build_project
from alignlint.model.interfaces import (
    HINT_KEYWORD,
    HINTS_IN,
    _cut,
    contract_interface,
    script_interface,
)
from alignlint.model.units import (
    UNLINKED,
    Narrowing,
    UnitDigests,
    piece_identities,
    project_units,
    unit_structure,
    with_pieces,
)
from alignlint.rules.base import Rule, Scope
from alignlint.rules.spec_dependency import RULES as DEPENDENCY_RULES
from alignlint.run.analysis import Result, analyze, instantiate
from alignlint.run.discover import discover_files


def output(result: Result) -> str:
    """Everything a run reports, as text: each finding in full (fingerprint, fix, related
    locations, subject), the statistics (with the ``Could not check`` list) and suppressions."""
    lines = [repr(diagnostic) for diagnostic in result.diagnostics]
    lines.append(repr(result.statistics))
    lines.append(f"suppressed {result.suppressed}")
    return "\n".join(lines)


def full(
    root: Path, settings: Settings, rules: Sequence[type[Rule]], paths: Sequence[Path] = ()
) -> str:
    """The output of a run without any cache."""
    return output(analyze(list(paths), settings, root=root, rules=rules))


def incremental(
    root: Path,
    settings: Settings,
    rules: Sequence[type[Rule]],
    cache: Path,
    paths: Sequence[Path] = (),
) -> str:
    """The output of a cached run (the cache directory ``cache`` keeps what earlier runs
    stored: facts, file statuses, unit results)."""
    cached = dataclasses.replace(settings, cache_dir=str(cache))
    return output(analyze(list(paths), cached, root=root, rules=rules, use_cache=True))


# -- what the incremental runs rely on -------------------------------------------------------------
def facts_of(root: Path, settings: Settings, paths: Sequence[Path] = ()) -> list[FileFacts]:
    """Every discovered file's facts, extracted now."""
    found = []
    for file in discover_files(list(paths), root, settings):
        data = file.read(settings.max_file_size)
        if isinstance(data, bytes):
            found.append(extract_file(file.relative, data, settings))
    return sorted(found, key=lambda facts: facts.path)


def _findings(rules: Sequence[Rule], project: Project) -> dict[str, tuple[list[str], list[str]]]:
    """Each rule's findings and unchecked records on ``project``, as text."""
    found = {}
    for rule in rules:
        rule.unchecked.clear()
        diagnostics = sorted(repr(diagnostic) for diagnostic in rule.check(project))
        found[rule.code] = (diagnostics, sorted(repr(item) for item in rule.unchecked))
    return found


def _shape(project: Project) -> list[str]:
    """What linking made of a project: steps and their links, unlinked pieces, unresolved
    values, counters."""
    lines = [f"{step.name} {step.links!r}" for step in project.steps]
    lines.extend(repr(item) for item in (*project.unlinked, *project.unresolved))
    lines.append(repr(sorted(project.counters.items())))
    return lines


def interface_differences(
    facts: Sequence[FileFacts], settings: Settings, rules: Sequence[type[Rule]]
) -> list[str]:
    """Where the project linked from ``facts`` and the one whose scripts and contract modules
    are cut down to their interfaces (:func:`~alignlint.model.interfaces.script_interface`,
    :func:`~alignlint.model.interfaces.contract_interface`) differ: links, or a finding of a
    selected rule declared ``Scope.INTERFACES`` (empty: the declarations hold)."""
    whole = build_project(facts, settings)
    scripts = set(whole.scripts)
    contracts = {contract.path for contract in whole.contracts}

    def interface(item: FileFacts) -> FileFacts:
        if item.path in scripts:
            item = script_interface(item)
        return contract_interface(item) if item.path in contracts else item

    cut = build_project([interface(item) for item in facts], settings)
    problems = ["links"] if _shape(whole) != _shape(cut) else []
    selected = [
        instantiate(rule, settings)
        for rule in select_rules(rules, settings)
        if rule.reads is Scope.INTERFACES
    ]
    before = _findings(selected, whole)
    after = _findings(selected, cut)
    problems.extend(code for code in before if before[code] != after[code])
    if _shape(whole) != _shape(cut):  # the rules add counters
        problems.append("counters")
    return problems


def hint_differences(
    facts: Sequence[FileFacts], settings: Settings, rules: Sequence[type[Rule]]
) -> list[str]:
    """Where the project linked from ``facts`` and the one whose ``DependencySpec`` calls list
    other semantic keywords differ: links, or a finding of a selected rule outside the
    dependency family (empty: only that family reads semantic keywords, as
    :mod:`alignlint.run.dependency_delta` relies on)."""
    whole = build_project(facts, settings)
    edited = build_project([_other_keywords(item) for item in facts], settings)
    problems = ["links"] if _shape(whole) != _shape(edited) else []
    selected = [
        instantiate(rule, settings)
        for rule in select_rules(rules, settings)
        if not issubclass(rule, tuple(DEPENDENCY_RULES))
    ]
    before = _findings(selected, whole)
    after = _findings(selected, edited)
    problems.extend(code for code in before if before[code] != after[code])
    if _shape(whole) != _shape(edited):
        problems.append("counters")
    return problems


def _other_keywords(facts: FileFacts) -> FileFacts:
    def other(called: str | None, key: str | None, value: object) -> object:
        if called == HINTS_IN and key == HINT_KEYWORD and isinstance(value, SeqExpr):
            return SeqExpr(value.kind, (Lit("output", value.span),), value.span)
        return None

    cut = _cut(facts, other)
    assert isinstance(cut, FileFacts)
    return cut


def relink_differences(
    facts: Sequence[FileFacts], settings: Settings, rules: Sequence[type[Rule]]
) -> tuple[list[str], list[str]]:
    """The units whose ``Scope.STEP`` findings differ between the whole project narrowed to the
    unit and a project linked from only the files the unit reads (what a run after a script
    changed does; the unit of the pieces of no step keeps the whole project's pieces), among
    those linked there as in the whole project (a run checks the others whole); and those
    linked otherwise."""
    whole = build_project(facts, settings)
    by_path = {item.path: item for item in facts}
    every_path = frozenset(by_path)
    digests, narrowing = UnitDigests(whole), Narrowing(whole)
    problems: list[str] = []
    otherwise: list[str] = []
    for unit in project_units(whole):
        paths = sorted(digests.read_set(unit))
        part = build_project([by_path[path] for path in paths], settings, all_paths=every_path)
        units = project_units(part)
        again = (
            with_pieces(units[-1], piece_identities(unit))
            if unit.name == UNLINKED
            else {item.name: item for item in units}.get(unit.name)
        )
        if again is None or unit_structure(again) != unit_structure(unit):
            otherwise.append(unit.name)  # a run finds this too, and checks the whole project
            continue
        selected = [
            instantiate(rule, settings)
            for rule in select_rules(rules, settings)
            if rule.reads is Scope.STEP
        ]
        before = _findings(selected, narrowing.view(unit))
        after = _findings(selected, Narrowing(part).view(again))
        problems.extend(f"{code} on {unit.name}" for code in before if before[code] != after[code])
    return problems, otherwise


# -- edits of a generated library ------------------------------------------------------------------
Edit = Callable[[Path, random.Random], str]


def _files(root: Path, directory: str) -> list[Path]:
    return sorted(p for p in (root / directory).glob("*.py") if p.name != "__init__.py")


def _substitute(root: Path, rng: random.Random, directory: str, pattern: str, new: str) -> str:
    """Replace one random match of ``pattern`` in one random file of ``directory`` that has one."""
    candidates = [p for p in _files(root, directory) if re.search(pattern, p.read_text())]
    if not candidates:
        return f"nothing matches {pattern} in {directory}"
    path = rng.choice(candidates)
    text = path.read_text()
    matches = list(re.finditer(pattern, text))
    match = rng.choice(matches)
    path.write_text(text[: match.start()] + match.expand(new) + text[match.end() :])
    return f"{path.relative_to(root)}: {match.group(0)!r} -> {match.expand(new)!r}"


def script_key(root: Path, rng: random.Random) -> str:
    return _substitute(
        root, rng, "steps/scripts", r'(input|output)_paths\["(\w+)"\]', r'\1_paths["\2_x"]'
    )


def contract_key(root: Path, rng: random.Random) -> str:
    return _substitute(root, rng, "steps/contracts", r'"(\w+)": "/opt/ml', r'"\1_x": "/opt/ml')


def contract_path(root: Path, rng: random.Random) -> str:
    """A container path of a contract changed in place (its line count and positions kept)."""
    return _substitute(root, rng, "steps/contracts", r'": "(/opt/ml/[\w/]+)"', r'": "\1_v2"')


def spec_logical_name(root: Path, rng: random.Random) -> str:
    return _substitute(root, rng, "steps/specs", r'logical_name="(\w+)"', r'logical_name="\1_y"')


def builder_attribute(root: Path, rng: random.Random) -> str:
    return _substitute(root, rng, "steps/builders", r"self\.config\.(\w+)", r"self.config.\1_z")


def registry_row_renamed(root: Path, rng: random.Random) -> str:
    return _substitute(root, rng, "registry", r'\n    "(\w+)": \{', r'\n    "\1Renamed": {')


def registry_row_deleted(root: Path, rng: random.Random) -> str:
    return _substitute(root, rng, "registry", r'\n    "\w+": \{\n(?:        .*\n)*?    \},', "")


def dag_edge(root: Path, rng: random.Random) -> str:
    return _substitute(root, rng, "dags", r'\n    dag\.add_edge\("\w+", "\w+"\)', "")


def semantic_keyword(root: Path, rng: random.Random) -> str:
    """A dependency's semantic keywords changed in place: a keyword added (one that an output
    name holds, so scores change), or every keyword removed."""
    new = rng.choice((r'semantic_keywords=["model", \1]', "semantic_keywords=[]"))
    return _substitute(root, rng, "steps/specs", r"semantic_keywords=\[([^\]]*)\]", new)


SHARED_BASE = "steps/configs/shared_base.py"


def config_base(root: Path, rng: random.Random) -> str:
    """A config's base becomes a project base class (created on first use); later edits of
    this kind change the shared base itself (every config using it is affected)."""
    shared = root / SHARED_BASE
    if shared.exists():
        text = shared.read_text()
        count = text.count("    extra_")
        shared.write_text(text + f"    extra_{count}: str = 'x'\n")
        return f"{SHARED_BASE}: field extra_{count} added"
    shared.write_text(
        "from alignlint.runtime.config import ProcessingStepConfigBase\n\n\n"
        "class SharedConfigBase(ProcessingStepConfigBase):\n"
        "    shared_setting: str = 'x'\n"
    )
    return _substitute(
        root,
        rng,
        "steps/configs",
        r"\nclass (\w+)\(ProcessingStepConfigBase\):",
        r"\nfrom .shared_base import SharedConfigBase\n\n\nclass \1(SharedConfigBase):",
    )


def contract_shared(root: Path, rng: random.Random) -> str:
    """One step's config and specs name another step's contract: the two steps then share the
    contract and its script (a rule may report a shared piece once, for the first step)."""
    contracts: dict[str, str] = {}
    for path in _files(root, "steps/contracts"):
        match = re.search(r"^(\w+_CONTRACT) = ", path.read_text(), re.MULTILINE)
        if match is not None:
            contracts[path.stem] = match.group(1)
    if len(contracts) < 2:
        return "fewer than two contracts"
    (source, source_name), (target, target_name) = rng.sample(sorted(contracts.items()), 2)
    changed = []
    for path in _files(root, "steps/configs") + _files(root, "steps/specs"):
        text = path.read_text()
        if f"contracts.{target} import {target_name}" not in text:
            continue
        text = text.replace(
            f"contracts.{target} import {target_name}", f"contracts.{source} import {source_name}"
        ).replace(f"return {target_name}", f"return {source_name}")
        path.write_text(text)
        changed.append(path.name)
    return f"{', '.join(changed)} now name {source_name} instead of {target_name}"


def file_deleted(root: Path, rng: random.Random) -> str:
    directory = rng.choice(
        ["steps/scripts", "steps/contracts", "steps/specs", "steps/configs", "steps/builders"]
    )
    path = rng.choice(_files(root, directory))
    path.unlink()
    return f"{path.relative_to(root)} deleted"


def spec_copied(root: Path, rng: random.Random) -> str:
    source = rng.choice(_files(root, "steps/specs"))
    target = source.with_name(f"copy_{rng.randrange(10**6)}_{source.name}")
    target.write_bytes(source.read_bytes())
    return f"{source.relative_to(root)} copied to {target.name}"


#: Statements whose facts only the script's step reads.
BODY_STATEMENTS = (
    'logger.info("done")',
    'output_paths["extra_output"]',
    'os.environ.get("EXTRA_SETTING", "x")',
    "frame = frame.dropna()",
)
#: Statements the rest of the project reads: an import inside a function, a DAG built.
INTERFACE_STATEMENTS = (
    "from steps.contracts import NOT_DEFINED",
    'dag = PipelineDAG()\n    dag.add_node("ExtraNode")',
)


def add_to_main(path: Path, statement: str) -> bool:
    """Add ``statement`` at the end of the script's ``main`` (only the ``__main__`` block
    follows it); False when the script has no such block."""
    text = path.read_text()
    marker = '\n\n\nif __name__ == "__main__":'
    if marker not in text:
        return False
    path.write_text(text.replace(marker, f"\n    {statement}{marker}", 1))
    return True


def main_statement(root: Path, rng: random.Random) -> str:
    """A statement added at the end of a script's ``main``: most keep its interface."""
    path = rng.choice(_files(root, "steps/scripts"))
    statement = rng.choice(BODY_STATEMENTS + INTERFACE_STATEMENTS)
    if not add_to_main(path, statement):
        return f"{path.relative_to(root)}: no __main__ block"
    return f"{path.relative_to(root)}: {statement} added to main"


def comment_appended(root: Path, rng: random.Random) -> str:
    """A comment after the last line of any file: its facts stay equal (the comment names a
    container path, which a rule reading the file's text may look for)."""
    path = rng.choice(sorted(root.rglob("*.py")))
    path.write_text(
        path.read_text() + f"# moved from /opt/ml/processing/input/{rng.randrange(9)}\n"
    )
    return f"{path.relative_to(root)}: comment appended"


def comment_inserted(root: Path, rng: random.Random) -> str:
    """A comment line inserted before a random line of a script: every position below it moves."""
    path = rng.choice(_files(root, "steps/scripts"))
    lines = path.read_text().splitlines(keepends=True)
    at = rng.randrange(len(lines) + 1)
    path.write_text("".join([*lines[:at], "# inserted\n", *lines[at:]]))
    return f"{path.relative_to(root)}: comment inserted at line {at + 1}"


def add_to_top_of_main(path: Path, statement: str) -> bool:
    """Insert ``statement`` before the first statement of the script's ``main`` (after its
    docstring), as the benchmark does: every later line of the file moves. False when the
    script has no module-level ``main``."""
    text = path.read_text()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # real code's invalid escape sequences
        tree = ast.parse(text)
    main = next(
        (node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "main"),
        None,
    )
    if main is None:
        return False
    body = main.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and len(body) > 1:
        first = body[1]
    lines = text.splitlines(keepends=True)
    lines.insert(first.lineno - 1, " " * first.col_offset + statement + "\n")
    path.write_text("".join(lines))
    return True


def main_top_statement(root: Path, rng: random.Random) -> str:
    """A statement inserted at the top of a script's ``main``: every later line moves."""
    path = rng.choice(_files(root, "steps/scripts"))
    statement = rng.choice(BODY_STATEMENTS)
    if not add_to_top_of_main(path, statement):
        return f"{path.relative_to(root)}: no main"
    return f"{path.relative_to(root)}: {statement} inserted at the top of main"


def contract_line_inserted(root: Path, rng: random.Random) -> str:
    """A blank line inserted before a random line of a contract module: every line below it
    moves (inside a string literal it changes the string)."""
    path = rng.choice(_files(root, "steps/contracts"))
    lines = path.read_text().splitlines(keepends=True)
    at = rng.randrange(len(lines) + 1)
    path.write_text("".join([*lines[:at], "\n", *lines[at:]]))
    return f"{path.relative_to(root)}: blank line inserted at line {at + 1}"


def comment_line_inserted(root: Path, rng: random.Random) -> str:
    """A comment line inserted before a random line of any Python file (a spec, builder,
    config, registry, DAG...): every line below it moves (inside a string literal it changes
    the string)."""
    path = rng.choice(sorted(root.rglob("*.py")))
    lines = path.read_text().splitlines(keepends=True)
    at = rng.randrange(len(lines) + 1)
    path.write_text("".join([*lines[:at], "# a note\n", *lines[at:]]))
    return f"{path.relative_to(root)}: comment line inserted at line {at + 1}"


EDITS: tuple[Edit, ...] = (
    script_key,
    contract_key,
    contract_path,
    spec_logical_name,
    builder_attribute,
    registry_row_renamed,
    registry_row_deleted,
    dag_edge,
    config_base,
    contract_shared,
    file_deleted,
    spec_copied,
    comment_appended,
    comment_inserted,
    main_statement,
    main_top_statement,
    contract_line_inserted,
    comment_line_inserted,
    semantic_keyword,
)
