"""Incremental runs equal full runs, byte for byte: findings (order, fingerprints, fixes, related
locations), statistics with their ``Could not check`` lists, suppressions.

Rules declared ``reads = Scope.STEP`` run unit by unit and reuse the results of units whose
inputs did not change (:mod:`alignlint.run.unit_results`). Compared here: a cold cached run with
a full run on every fixture case (a rule finds on a narrowed project what it finds on the whole
one), and, after random edits of generated libraries, on the corpus, a warm cached run with a full
run (every declaration names all a rule reads). A rule whose declaration is too narrow fails
these comparisons: the last test proves it with one.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import random
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from fixture_harness import Case, collect_cases, prepared_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from realworld.verdicts import CORPORA, REQUIRE_VARIABLE

from alignlint.core.selectors import select_rules
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Span
from alignlint.extract import DEFER_MIN_CHARS, extract_deferring
from alignlint.extract.deferred import deferred_file
from alignlint.model import Project
from alignlint.model.units import UnitDigests, project_units
from alignlint.rules.base import Rule, Scope, discover_rules
from alignlint.run import dependency_delta, facts_reuse
from alignlint.run.analysis import Result, analyze
from benchmarks.generate import generate
from perf.incremental import (
    BODY_STATEMENTS,
    EDITS,
    INTERFACE_STATEMENTS,
    add_to_main,
    add_to_top_of_main,
    contract_key,
    contract_path,
    contract_shared,
    facts_of,
    full,
    hint_differences,
    incremental,
    interface_differences,
    output,
    relink_differences,
)

RULES = discover_rules()
STEP_RULES = [rule.code for rule in RULES if rule.reads is Scope.STEP]


def test_rules_declare_what_they_read() -> None:
    assert len(STEP_RULES) >= 20
    assert all(rule.reads in Scope for rule in RULES)


@pytest.mark.parametrize("case", collect_cases(), ids=lambda case: case.name)
def test_a_cold_cached_run_equals_a_full_run(case: Case, tmp_path: Path) -> None:
    root = case.materialize(tmp_path / "project")
    prepared = prepared_case(root)
    expected = full(root, prepared.settings, prepared.rules)
    cache = tmp_path / "cache"
    assert incremental(root, prepared.settings, prepared.rules, cache) == expected
    selected = select_rules(prepared.rules, prepared.settings)
    assert any(cache.glob("units-*/*")) == any(rule.reads is Scope.STEP for rule in selected)


@pytest.mark.parametrize("case", collect_cases(), ids=lambda case: case.name)
def test_lines_moved_in_every_file_of_a_case(case: Case, tmp_path: Path) -> None:
    """A blank line added after the first line of every file of a fixture case (Python, JSON,
    YAML; inside a docstring it changes the string): a cached run finds what a full run finds,
    whichever path it takes."""
    root = case.materialize(tmp_path / "project")
    prepared = prepared_case(root)
    cache = tmp_path / "cache"
    incremental(root, prepared.settings, prepared.rules, cache)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".toml"):
        data = path.read_bytes()
        first, newline, rest = data.partition(b"\n")
        if newline:
            path.write_bytes(first + b"\n\n" + rest)
    after = full(root, prepared.settings, prepared.rules)
    assert incremental(root, prepared.settings, prepared.rules, cache) == after


def test_a_view_is_another_key(pristine: Path) -> None:
    """Workspace views reuse the machinery: the same units under another view id have other
    digests, so their results never mix; in one view the digests are stable."""
    project = analyze([], Settings(), root=pristine, rules=RULES).project
    assert project is not None
    units = project_units(project)
    assert [unit.steps for unit in units[:-1]] == [(step,) for step in project.steps]
    whole, again, workspace = (UnitDigests(project, view) for view in ("", "", "ws-a"))
    for unit in units:
        assert whole.digest(unit) == again.digest(unit) != workspace.digest(unit)


# -- generated libraries after random edits --------------------------------------------------------
@pytest.fixture(scope="module")
def pristine() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="alignlint-incremental-"))
    generate(directory / "generated", 8, seed=3)
    yield directory / "generated" / "lib"
    shutil.rmtree(directory, ignore_errors=True)


def edited_runs(
    library: Path, work: Path, seed: int, count: int, rules: Sequence[type[Rule]]
) -> list[str]:
    """Copy ``library`` to ``work``, fill a cache, then make ``count`` random edits (``seed``),
    each followed by a cached and a full run; the problems found (empty: all equal)."""
    root = work / "lib"
    shutil.copytree(library, root)
    cache = work / "cache"
    settings = Settings()
    problems: list[str] = []
    first = incremental(root, settings, rules, cache)
    if first != full(root, settings, rules):
        problems.append("the first (cold) run differs")
    rng = random.Random(seed)
    done: list[str] = []
    for _ in range(count):
        edit = rng.choice(EDITS)
        done.append(edit(root, rng))
        if incremental(root, settings, rules, cache) != full(root, settings, rules):
            problems.append(f"after {'; '.join(done)}")
    return problems


def test_steps_sharing_a_contract_and_script(pristine: Path, tmp_path: Path) -> None:
    """Steps sharing pieces are one unit: a rule that reports a shared piece once (for the first
    step, or only when no step has a builder) finds the same as on the whole project."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    for seed in range(3):
        contract_shared(root, random.Random(seed))
    assert incremental(root, Settings(), RULES, tmp_path / "cache") == full(root, Settings(), RULES)


# 3190: a deleted script that a config names as its entry point takes ALN407's fix away from a
# step that does not read the script (which files exist is part of every unit's digest).
@pytest.mark.parametrize("seed", [*range(6), 3190])
def test_edited_libraries_incremental_equals_full(
    pristine: Path, tmp_path: Path, seed: int
) -> None:
    assert edited_runs(pristine, tmp_path, seed, 5, RULES) == []


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), count=st.integers(1, 4))
def test_any_edits_incremental_equals_full(pristine: Path, seed: int, count: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        assert edited_runs(pristine, Path(work), seed, count, RULES) == []


# -- semantic keywords changed: the dependency rules on a neighbourhood (dependency_delta) ---------
@pytest.fixture
def any_neighbourhood(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neighbourhoods of any size (a small library's DAGs hold most of its steps, and the
    usual bound sends those runs the whole project's way)."""
    monkeypatch.setattr(dependency_delta, "MOST_NEIGHBOURHOOD_SHARE", 1.0)


def edit_keywords(text: str, rng: random.Random) -> str:
    """One ``semantic_keywords=[...]`` list of ``text`` changed: keywords that output names
    hold added, the list emptied, or reversed with a keyword added."""
    matches = list(re.finditer(r"semantic_keywords=\[([^\]]*)\]", text))
    match = rng.choice(matches)
    items = [item.strip() for item in match.group(1).split(",") if item.strip()]
    replaced = rng.choice((['"model"', '"data"', *items], [], [*reversed(items), '"output"']))
    if replaced == items:  # an empty list emptied
        replaced = ['"output"']
    new = f"semantic_keywords=[{', '.join(replaced)}]"
    return text[: match.start()] + new + text[match.end() :]


def keyworded_library(pristine: Path, work: Path) -> tuple[Path, Path, list[Path]]:
    """A copy of the library under ``work`` with a filled cache, and its specs declaring
    semantic keywords."""
    root = work / "lib"
    shutil.copytree(pristine, root)
    cache = work / "cache"
    cached_result(root, cache)
    specs = [
        path
        for path in sorted((root / "steps" / "specs").glob("[a-z]*_*.py"))
        if "semantic_keywords=[" in path.read_text()
    ]
    return root, cache, specs


@pytest.mark.usefixtures("any_neighbourhood")
def test_semantic_keywords_changed_relink_only_their_neighbourhood(
    pristine: Path, tmp_path: Path
) -> None:
    """Keywords added, removed or reordered (what the benchmark's spec edit does), one spec
    after another and two at once: the dependency rules run again on the neighbourhood, the
    whole project is not linked, and each run equals a full run. A keyword that is not a string
    literal (linking evaluates it) links the whole project."""
    root, cache, specs = keyworded_library(pristine, tmp_path)
    rng = random.Random(11)
    for chosen in ([specs[0]], [specs[-1]], rng.sample(specs, 2), [specs[len(specs) // 2]]):
        for spec in chosen:
            spec.write_text(edit_keywords(spec.read_text(), rng))
        result = cached_result(root, cache)
        assert result.project is None, chosen
        assert output(result) == full(root, Settings(), RULES), chosen
    spec = specs[1]
    spec.write_text(
        spec.read_text().replace("semantic_keywords=[", "semantic_keywords=[__name__, ", 1)
    )
    result = cached_result(root, cache)
    assert result.project is not None
    assert output(result) == full(root, Settings(), RULES)


@pytest.mark.usefixtures("any_neighbourhood")
def test_keywords_changed_after_lines_moved(pristine: Path, tmp_path: Path) -> None:
    """A comment line added to a spec moves the last run's findings without linking; the
    dependency record (positions in specifications and DAGs) is dropped then, so the next
    keyword change links the whole project (making a new record), and the one after that is
    checked on its neighbourhood. Each run equals a full run."""
    root, cache, specs = keyworded_library(pristine, tmp_path)
    first, last = specs[0], specs[-1]
    first.write_text("# a note\n" + first.read_text())
    rng = random.Random(3)
    for spec, linked in ((None, False), (last, True), (last, False), (first, False)):
        if spec is not None:
            spec.write_text(edit_keywords(spec.read_text(), rng))
        result = cached_result(root, cache)
        assert (result.project is not None) == linked, spec
        assert output(result) == full(root, Settings(), RULES), spec


@pytest.mark.usefixtures("any_neighbourhood")
def test_a_neighbourhood_is_the_step_and_its_predecessors(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The neighbourhood of a changed spec holds its step and the steps bound to its nodes'
    predecessors in the DAGs binding it, not every step of those DAGs: a node's dependencies
    are matched against its predecessors' outputs only."""
    from alignlint.rules.spec_dependency.analysis import dependency_analysis

    root, cache, specs = keyworded_library(pristine, tmp_path)
    project = analyze([], Settings(), root=root, rules=RULES, need_project=True).project
    assert project is not None
    analysis = dependency_analysis(project)
    linked: list[set[str]] = []
    checked = dependency_delta._checked

    def spy(*args: object, **kwargs: object) -> object:
        found = checked(*args, **kwargs)  # type: ignore[arg-type]
        if found is not None and found[3] is not None:
            linked.append({spec.path for spec in found[3].project.specs})
        return found

    def spec_files(steps: set[str]) -> set[str]:
        return {
            spec.path for step in project.steps if step.name in steps for spec in step.all_specs()
        }

    monkeypatch.setattr(dependency_delta, "_checked", spy)
    smaller = 0
    for spec_file in specs:
        path = spec_file.relative_to(root).as_posix()
        own = {step.name for step in project.steps if any(s.path == path for s in step.all_specs())}
        expected, sharing = set(own), set(own)
        for dag in analysis.dags:
            nodes = [
                n for n, b in dag.bindings.items() if b.step is not None and b.step.name in own
            ]
            for node in nodes:
                for predecessor in dag.predecessors(node):
                    step = dag.bindings[predecessor].step
                    expected.update([step.name] if step is not None else [])
            if nodes:
                sharing.update(b.step.name for b in dag.bindings.values() if b.step is not None)
        spec_file.write_text(edit_keywords(spec_file.read_text(), random.Random(5)))
        linked.clear()
        result = cached_result(root, cache)
        assert result.project is None, path
        assert linked and linked[-1] == spec_files(expected), path
        smaller += expected < sharing
    assert smaller, "no spec's DAGs hold a step that is not its predecessor"


def test_a_large_neighbourhood_links_the_whole_project(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A neighbourhood of more units than the bound allows (here: any) is not linked twice:
    the whole project is, with the same findings."""
    monkeypatch.setattr(dependency_delta, "MOST_NEIGHBOURHOOD_SHARE", 0.01)
    root, cache, specs = keyworded_library(pristine, tmp_path)
    spec = specs[0]
    spec.write_text(edit_keywords(spec.read_text(), random.Random(2)))
    result = cached_result(root, cache)
    assert result.project is not None
    assert output(result) == full(root, Settings(), RULES)


@pytest.mark.usefixtures("any_neighbourhood")
@pytest.mark.parametrize(
    "case",
    [case for case in collect_cases() if "semantic_keywords=[" in case.path.read_text()],
    ids=lambda case: case.name,
)
def test_semantic_keywords_changed_in_every_case(case: Case, tmp_path: Path) -> None:
    """Every keyword list of a fixture case changed at once: a cached run equals a full run,
    whichever path it takes."""
    root = case.materialize(tmp_path / "project")
    prepared = prepared_case(root)
    cache = tmp_path / "cache"
    incremental(root, prepared.settings, prepared.rules, cache)
    rng = random.Random(case.name)
    for path in sorted(root.rglob("*.py")):
        text = path.read_text()
        for _ in range(text.count("semantic_keywords=[")):
            text = edit_keywords(text, rng)
        path.write_text(text)
    after = full(root, prepared.settings, prepared.rules)
    assert incremental(root, prepared.settings, prepared.rules, cache) == after


@pytest.mark.usefixtures("any_neighbourhood")
@pytest.mark.parametrize("seed", range(4))
def test_edited_libraries_with_any_neighbourhood(pristine: Path, tmp_path: Path, seed: int) -> None:
    """Random edits (keyword edits among them) with neighbourhoods of any size."""
    assert edited_runs(pristine, tmp_path, seed + 100, 6, RULES) == []


# -- equal facts: the last run stands (:mod:`alignlint.run.last_run`) ------------------------------
def cached_result(root: Path, cache: Path, rules: Sequence[type[Rule]] = RULES) -> Result:
    settings = Settings(cache_dir=str(cache))
    return analyze([], settings, root=root, rules=rules, use_cache=True)


def test_equal_facts_reuse_the_last_run(pristine: Path, tmp_path: Path) -> None:
    """A comment appended to a script, then to a spec, then a blank line: each run reuses the
    last one without linking (no project) and equals a full run; a statement added is checked."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    cache = tmp_path / "cache"
    assert cached_result(root, cache).project is not None
    script = sorted((root / "steps" / "scripts").glob("[a-z]*_*.py"))[0]
    spec = sorted((root / "steps" / "specs").glob("[a-z]*_*.py"))[0]
    for path, text in ((script, "# a note\n"), (spec, "# another\n"), (script, "\n\n")):
        path.write_text(path.read_text() + text)
        result = cached_result(root, cache)
        assert result.project is None, path
        assert output(result) == full(root, Settings(), RULES)
    script.write_text(script.read_text() + "VALUE = 1\n")
    result = cached_result(root, cache)
    assert result.project is not None
    assert output(result) == full(root, Settings(), RULES)


def edit_descriptions(root: Path) -> int:
    """Every ``description="`` literal of every Python file under ``root`` changed (as the
    benchmark edits a spec); how many."""
    count = 0
    for path in sorted(root.rglob("*.py")):
        text = path.read_text()
        if 'description="' in text:
            count += text.count('description="')
            path.write_text(text.replace('description="', 'description="edited: '))
    return count


@pytest.mark.parametrize(
    "case",
    [case for case in collect_cases() if 'description="' in case.path.read_text()],
    ids=lambda case: case.name,
)
def test_descriptions_changed_incremental_equals_full(case: Case, tmp_path: Path) -> None:
    """What ``equal_facts`` ignores of descriptions changes no finding a cached run keeps (a
    rule that read a changed file's text, as ALN121 does for its fix, checks it again)."""
    root = case.materialize(tmp_path / "project")
    prepared = prepared_case(root)
    cache = tmp_path / "cache"
    incremental(root, prepared.settings, prepared.rules, cache)
    assert edit_descriptions(root) > 0
    after = full(root, prepared.settings, prepared.rules)
    assert incremental(root, prepared.settings, prepared.rules, cache) == after


def edit_output_keywords(root: Path) -> int:
    """The keyword list of every ``OutputSpec(...)`` of every Python file under ``root`` given
    one keyword more; how many."""
    count = 0
    for path in sorted(root.rglob("*.py")):
        parts = re.split(
            r"(?=\b(?:OutputSpec|DependencySpec|StepSpecification)\()", path.read_text()
        )
        edited = [
            part.replace("semantic_keywords=[", 'semantic_keywords=["edited", ', 1)
            if part.startswith("OutputSpec(")
            else part
            for part in parts
        ]
        if edited != parts:
            count += sum(1 for one, other in zip(parts, edited, strict=True) if one != other)
            path.write_text("".join(edited))
    return count


@pytest.mark.parametrize(
    "case",
    [case for case in collect_cases() if case.name.startswith("realistic/")],
    ids=lambda case: case.name,
)
def test_output_keywords_changed_reuse_the_last_run(case: Case, tmp_path: Path) -> None:
    """Nothing reads an output's semantic keywords (the resolver scores a dependency's own):
    after every output's list changed (given one first), a cached run keeps the last run's
    findings, equal to a full run's."""
    root = case.materialize(tmp_path / "project")
    prepared = prepared_case(root)
    cache = tmp_path / "cache"
    for path in sorted(root.rglob("*.py")):  # the library's outputs declare none
        text = path.read_text()
        given = 'OutputSpec(\n            semantic_keywords=["output"],\n'
        path.write_text(re.sub(r"OutputSpec\(\s*\n", given, text))
    before = incremental(root, prepared.settings, prepared.rules, cache)
    assert edit_output_keywords(root) > 0
    cached = dataclasses.replace(prepared.settings, cache_dir=str(cache))
    result = analyze([], cached, root=root, rules=prepared.rules, use_cache=True)
    assert result.project is None
    assert output(result) == full(root, prepared.settings, prepared.rules) == before


def test_a_description_changed_reuses_the_last_run(pristine: Path, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    cache = tmp_path / "cache"
    before = full(root, Settings(), RULES)
    cached_result(root, cache)
    specs = sorted((root / "steps" / "specs").glob("[a-z]*_*.py"))
    for attempt, spec in enumerate(specs[:3]):
        text = spec.read_text()
        assert 'description="' in text
        spec.write_text(text.replace('description="', f'description="edited {attempt}: ', 1))
        result = cached_result(root, cache)
        assert result.project is None
        assert output(result) == full(root, Settings(), RULES) == before
    assert edit_descriptions(root) > 0  # every description of the library at once
    assert output(cached_result(root, cache)) == full(root, Settings(), RULES) == before


def test_a_description_changed_with_a_line_added_reuses_the_last_run(
    pristine: Path, tmp_path: Path
) -> None:
    """One edit that rewrites a description and adds a comment line above it moves the later
    lines and changes what no rule reads: the last run's findings stand at their new lines."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    cache = tmp_path / "cache"
    cached_result(root, cache)
    spec = sorted((root / "steps" / "specs").glob("[a-z]*_*.py"))[0]
    lines = spec.read_text().splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if 'description="' in line)
    lines[number] = lines[number].replace('description="', 'description="rewritten: ', 1)
    lines.insert(number, "    # a note\n")
    spec.write_text("".join(lines))
    result = cached_result(root, cache)
    assert result.project is None
    assert output(result) == full(root, Settings(), RULES)


def test_a_file_added_or_a_plugin_rule_links_again(pristine: Path, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    cache = tmp_path / "cache"
    cached_result(root, cache)
    (root / "steps" / "extra.py").write_text("# nothing\n")
    assert cached_result(root, cache).project is not None
    rules = [*RULES, CountsClasses]
    plugin = Settings(cache_dir=str(cache), extend_select=("TST",))
    analyze([], plugin, root=root, rules=rules, use_cache=True)
    (root / "steps" / "extra.py").write_text("# nothing at all\n")
    result = analyze([], plugin, root=root, rules=rules, use_cache=True)
    assert result.project is not None  # a rule of another distribution may read anything


def test_a_comment_in_a_file_whose_text_a_rule_read(tmp_path: Path) -> None:
    """ALN121 offers its fix only when no other piece of the step writes the path: it reads
    their text. A comment naming the path in the spec keeps the facts equal but drops the fix;
    the cached run sees it, because the last run recorded that the spec's text was read."""
    [case] = [c for c in collect_cases() if c.name.endswith("ALN121_file_as_directory_fix_fires")]
    root = case.materialize(tmp_path / "project")
    prepared = prepared_case(root)
    cache = tmp_path / "cache"
    before = incremental(root, prepared.settings, prepared.rules, cache)
    assert before == full(root, prepared.settings, prepared.rules)
    spec = root / "specs" / "preprocess_spec.py"
    spec.write_text(spec.read_text() + "# reads /opt/ml/processing/input/data/train.csv\n")
    after = full(root, prepared.settings, prepared.rules)
    assert after != before and "Use the directory" in before and "Use the directory" not in after
    assert incremental(root, prepared.settings, prepared.rules, cache) == after


# -- a script changed its body only: its steps are linked again ------------------------------------
@pytest.mark.parametrize("case", collect_cases(), ids=lambda case: case.name)
def test_declarations_hold_on_every_case(case: Case, tmp_path: Path) -> None:
    """Every ``Scope.INTERFACES`` rule finds the same, and linking links the same, when the
    scripts are cut down to their interface; every step, linked from only the files its unit
    reads, is linked as in the whole project and its ``Scope.STEP`` rules find the same."""
    root = case.materialize(tmp_path / "project")
    prepared = prepared_case(root)
    facts = facts_of(root, prepared.settings)
    assert interface_differences(facts, prepared.settings, prepared.rules) == []
    assert relink_differences(facts, prepared.settings, prepared.rules)[0] == []
    assert hint_differences(facts, prepared.settings, prepared.rules) == []


def test_declarations_hold_on_a_generated_library(pristine: Path) -> None:
    facts = facts_of(pristine, Settings())
    assert interface_differences(facts, Settings(), RULES) == []
    assert relink_differences(facts, Settings(), RULES) == ([], [])
    assert hint_differences(facts, Settings(), RULES) == []


def test_statements_added_to_main_relink_only_their_steps(pristine: Path, tmp_path: Path) -> None:
    """Each edit of a script's ``main`` body is checked without linking the whole project (no
    project in the result), chained, and equals a full run; an import or a DAG added there, or
    a name added above ``main``, changes the script's interface: the project is linked again."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    cache = tmp_path / "cache"
    cached_result(root, cache)
    rng = random.Random(5)
    scripts = sorted((root / "steps" / "scripts").glob("[a-z]*_*.py"))
    for _ in range(6):
        script, statement = rng.choice(scripts), rng.choice(BODY_STATEMENTS)
        assert add_to_main(script, statement)
        result = cached_result(root, cache)
        assert result.project is None, (script, statement)
        assert output(result) == full(root, Settings(), RULES), (script, statement)
    for statement in INTERFACE_STATEMENTS:
        assert add_to_main(scripts[0], statement)
        result = cached_result(root, cache)
        assert result.project is not None
        assert output(result) == full(root, Settings(), RULES)
    script = scripts[0]
    assert "\n\n\ndef main(" in script.read_text()
    script.write_text(script.read_text().replace("\n\n\ndef main(", "\n\n\nX = 1\n\n\ndef main("))
    result = cached_result(root, cache)
    assert result.project is not None
    assert output(result) == full(root, Settings(), RULES)


def test_contract_paths_changed_in_place_relink_only_their_steps(
    pristine: Path, tmp_path: Path
) -> None:
    """A contract's container path or input name changed in place is checked without linking
    the whole project, chained, and equals a full run; a line added to the contract (every
    later position moves) links the project again."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    cache = tmp_path / "cache"
    cached_result(root, cache)
    rng = random.Random(7)
    for edit in (contract_path, contract_key, contract_path):
        done = edit(root, rng)
        result = cached_result(root, cache)
        assert result.project is None, done
        assert output(result) == full(root, Settings(), RULES), done
    contract = sorted((root / "steps" / "contracts").glob("[a-z]*_contract.py"))[0]
    text = contract.read_text()
    assert "    expected_input_paths={\n" in text
    contract.write_text(
        text.replace(
            "    expected_input_paths={\n",
            '    expected_input_paths={\n        "extra": "/opt/ml/processing/input/extra",\n',
        )
    )
    result = cached_result(root, cache)
    assert result.project is not None
    assert output(result) == full(root, Settings(), RULES)


#: Module-level code below ``main`` holding positions the whole-project rules report: an unused
#: suppression comment (ALN004) and a dict whose lines the script's interface holds.
CODE_BELOW_MAIN = (
    '\n\nSETTINGS = {\n    "mode": "batch",  # alignlint: ignore[ALN108]\n}\n'
    "from steps.missing_helpers import helper\n"
)


def test_lines_moved_below_an_edit_relink_only_their_steps(pristine: Path, tmp_path: Path) -> None:
    """Lines added to a script's ``main`` or to a contract module move every later position,
    module-level code and suppression comments included: the whole-project rules' findings
    move with them and only the steps reading the file are linked again (chained, each equal
    to a full run); lines added in two places of one file link the project again."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    scripts = sorted((root / "steps" / "scripts").glob("[a-z]*_*.py"))[:3]
    for script in scripts:
        script.write_text(script.read_text() + CODE_BELOW_MAIN)
    cache = tmp_path / "cache"
    first = cached_result(root, cache)
    assert output(first) == full(root, Settings(), RULES)
    assert any(
        d.code == "ALN004" and d.span.path.endswith(scripts[0].name) for d in first.diagnostics
    )
    rng = random.Random(11)
    contracts = sorted((root / "steps" / "contracts").glob("[a-z]*_contract.py"))
    for number in range(6):
        script = scripts[number % 3]
        assert add_to_top_of_main(script, rng.choice(BODY_STATEMENTS))
        result = cached_result(root, cache)
        assert result.project is None, script
        assert output(result) == full(root, Settings(), RULES), script
        contract = contracts[number]
        text = contract.read_text()
        assert "\n\nfrom alignlint" in text
        contract.write_text(text.replace("\n\nfrom alignlint", "\n\n\nfrom alignlint", 1))
        result = cached_result(root, cache)
        assert result.project is None, contract
        assert output(result) == full(root, Settings(), RULES), contract
    script = scripts[0]
    assert add_to_top_of_main(script, "pass")
    script.write_text("# a comment above everything\n" + script.read_text())
    result = cached_result(root, cache)
    assert result.project is not None
    assert output(result) == full(root, Settings(), RULES)


def test_comment_lines_move_the_last_findings(pristine: Path, tmp_path: Path) -> None:
    """Comment lines added to any file (a spec, builder, config, the registry, a DAG, a script)
    move every later position and nothing else: the last run's findings stand at their new
    lines without linking anything, chained; then a statement read by a rule added to the
    moved script's ``main`` links its step again only (its structure is compared where it was
    before the moves)."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    script = sorted((root / "steps" / "scripts").glob("[a-z]*_*.py"))[0]
    script.write_text(script.read_text() + CODE_BELOW_MAIN)
    cache = tmp_path / "cache"
    cached_result(root, cache)
    files = [
        sorted((root / "steps" / kind).glob("[a-z]*.py"))[0]
        for kind in ("specs", "builders", "configs", "contracts")
    ]
    files += [
        root / "registry" / "step_names.py",
        sorted((root / "dags").glob("[a-z]*.py"))[0],
        script,
    ]
    for path in files:
        lines = path.read_text().splitlines(keepends=True)
        middle = len(lines) // 2
        while lines[middle].lstrip().startswith(('"', "'")):
            middle += 1  # not inside a string: a line of its own
        path.write_text("".join([*lines[:middle], "# a note\n", *lines[middle:]]))
        result = cached_result(root, cache)
        assert result.project is None, path
        assert output(result) == full(root, Settings(), RULES), path
    # A statement leaving no fact moves lines only; one reading a variable changes the facts:
    # the script's step is linked again, its structure compared where it was before the moves.
    for statement in ('logger.info("done")', 'os.environ.get("EXTRA_SETTING", "x")'):
        assert add_to_top_of_main(script, statement)
        result = cached_result(root, cache)
        assert result.project is None, statement
        assert output(result) == full(root, Settings(), RULES), statement
    # A step whose structure changed where it was is linked with the whole project.
    text = script.read_text()
    script.write_text(
        text.replace("\n\n\ndef main(", "\n\n\ndef helper():\n    pass\n\n\ndef main(", 1)
    )
    result = cached_result(root, cache)
    assert result.project is not None
    assert output(result) == full(root, Settings(), RULES)


def test_a_unit_keeps_a_bounded_history_of_moves(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After more moves than it keeps, a unit forgets where it was: the next change its rules
    read links the whole project (and equals a full run)."""
    monkeypatch.setattr(facts_reuse, "MOST_MOVES", 2)
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    script = sorted((root / "steps" / "scripts").glob("[a-z]*_*.py"))[0]
    cache = tmp_path / "cache"
    cached_result(root, cache)
    for count in range(3):
        assert add_to_top_of_main(script, f'logger.info("{count}")')
        result = cached_result(root, cache)
        assert result.project is None
    assert add_to_top_of_main(script, 'os.environ.get("EXTRA_SETTING", "x")')
    result = cached_result(root, cache)
    assert result.project is not None
    assert output(result) == full(root, Settings(), RULES)


def _helpers_module(functions: int) -> str:
    """A module declaring no pipeline piece, long enough for its bodies to be deferred."""
    parts = ['"""Report helpers."""\n\nimport json\n']
    for number in range(functions):
        parts.append(
            f"\n\ndef summary_{number}(rows):\n"
            f'    """Summarise the rows of report {number}."""\n'
            "    total = 0  # no config\n"
            "    for row in rows:\n"
            "        total += len(json.dumps(row, sort_keys=True, indent=2, default=str))\n"
            "    return total\n"
        )
    return "".join(parts)


def test_bodies_no_run_read_are_not_compared(pristine: Path, tmp_path: Path) -> None:
    """A module that declares no piece has its function bodies deferred; when no run read them,
    a change inside them changes no finding: the last run stands without linking anything
    (chained with a comment line). A deferred module whose bodies linking read (the script of
    a step) is linked again when they change; a module-level change links again."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    helpers = root / "steps" / "report_helpers.py"
    helpers.write_text(_helpers_module(40))
    assert deferred_file(extract_deferring("m.py", helpers.read_bytes(), Settings())) is not None
    # A step whose contract names a module that does not look like a script as its entry point.
    tool = root / "steps" / "scripts" / "legacy_tool.py"
    tool.write_text(_helpers_module(40).replace("def summary_0(rows)", "def main(rows)"))
    contract = sorted((root / "steps" / "contracts").glob("[a-z]*_contract.py"))[0]
    contract.write_text(
        re.sub(r'entry_point="\w+\.py"', 'entry_point="legacy_tool.py"', contract.read_text())
    )
    cache = tmp_path / "cache"
    assert output(cached_result(root, cache)) == full(root, Settings(), RULES)
    # In place (no line moves): the facts but for the bodies are the same.
    helpers.write_text(helpers.read_text().replace("total = 0  # no", "total = 7  # no", 1))
    result = cached_result(root, cache)
    assert result.project is None
    assert output(result) == full(root, Settings(), RULES)
    for number, statement in enumerate(("print(rows)", "total = sum(rows)", "import os")):
        text = helpers.read_text()
        marker = f"def summary_{number + 1}(rows):\n"
        helpers.write_text(text.replace(marker, f"{marker}    {statement}\n", 1))
        result = cached_result(root, cache)
        linked = statement.startswith("import")  # an import inside a function: module-level
        assert (result.project is not None) == linked, statement
        assert output(result) == full(root, Settings(), RULES), statement
    helpers.write_text("# a note\n" + helpers.read_text())
    result = cached_result(root, cache)
    assert result.project is None
    assert output(result) == full(root, Settings(), RULES)
    # In place (no line moves), then a line added: its step is linked again each time.
    for old, new in (
        ("    total = 0  # no config\n", "    total = 1  # no config\n"),
        ("(rows):\n", "(rows):\n    print(rows)\n"),
    ):
        text = tool.read_text()
        main_at = text.index("def main(rows):")
        tool.write_text(text[:main_at] + text[main_at:].replace(old, new, 1))
        result = cached_result(root, cache)
        assert result.project is not None, new
        assert output(result) == full(root, Settings(), RULES), new


def test_a_comment_line_that_makes_a_module_deferred(pristine: Path, tmp_path: Path) -> None:
    """A module just under the size whose bodies are deferred grows past it by a comment line:
    its two extractions differ in kind (scanned, then deferred), which is never a move of
    lines; the run links the project and finds what a full run finds."""
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    module = root / "steps" / "small_helpers.py"
    # Each body is worth scanning (a marker in its text) but holds no fact.
    body = "".join(f"\n\ndef helper_{n}():\n    return {n}  # config\n" for n in range(40))
    padding = DEFER_MIN_CHARS - len(body) - 40
    module.write_text(f'"""{"x" * padding}"""\n{body}')
    assert len(module.read_text()) < DEFER_MIN_CHARS
    cache = tmp_path / "cache"
    cached_result(root, cache)
    texts = [module.read_text(), "# " + "a note " * 10 + "\n" + module.read_text()]
    module.write_text(texts[1])
    assert len(module.read_text()) >= DEFER_MIN_CHARS
    before, now = (extract_deferring("m.py", text.encode(), Settings()) for text in texts)
    assert deferred_file(before) is None and deferred_file(now) is not None
    result = cached_result(root, cache)
    assert output(result) == full(root, Settings(), RULES)


class CountsMainStatements(Rule):
    """Reports how many keys each script's functions use: it reads script bodies, but declares
    that it reads only interfaces."""

    code: ClassVar[str] = "TST902"
    name: ClassVar[str] = "counts-key-uses"
    summary: ClassVar[str] = "Test rule"
    reads: ClassVar[Scope] = Scope.INTERFACES

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for path, script in project.scripts.items():
            count = len(script.input_keys) + len(script.output_keys)
            yield self.diagnostic(f"{count} keys", Span(path, 1, 1, 1, 2))


def test_a_too_narrow_interfaces_declaration_is_caught(pristine: Path) -> None:
    settings = Settings(extend_select=("TST",))
    facts = facts_of(pristine, settings)
    found = interface_differences(facts, settings, [*RULES, CountsMainStatements])
    assert found == ["TST902"]


# -- the corpus ------------------------------------------------------------------------------------
CORPUS = CORPORA / "cursus-a9d18ccc"
PACKAGE = "src/cursus"


def test_corpus_incremental_equals_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not (CORPUS / PACKAGE).is_dir():
        if os.environ.get(REQUIRE_VARIABLE):
            pytest.fail(f"the corpus {CORPUS} is missing (it is always present in CI)")
        pytest.skip(f"the real-code corpus {CORPUS} is not here (it is not part of the repository)")
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root, ignore=shutil.ignore_patterns(".alignlint_cache", ".git"))
    settings = Settings()
    paths = [root / PACKAGE]
    cache = tmp_path / "cache"
    assert incremental(root, settings, RULES, cache, paths) == full(root, settings, RULES, paths)
    contracts = sorted((root / PACKAGE).rglob("*contract*.py"))
    specs = sorted((root / PACKAGE).rglob("*spec*.py"))
    for path in (contracts[len(contracts) // 2], specs[len(specs) // 2]):
        path.write_text(path.read_text().replace('"', "'", 1) + "\nEXTRA_NAME = 1\n")
        assert incremental(root, settings, RULES, cache, paths) == full(
            root, settings, RULES, paths
        ), path
    # Statements added to the ``__main__`` block of scripts (their interface stays): only
    # their steps are linked again.
    edited = 0
    for path in sorted((root / PACKAGE / "steps" / "scripts").glob("[a-z]*.py")):
        text = path.read_text()
        changed = f'{text.rstrip()}\n    print("{path.stem} done")\n'
        if 'if __name__ == "__main__":' not in text or not _parses(changed):
            continue
        path.write_text(changed)
        cached = dataclasses.replace(settings, cache_dir=str(cache))
        result = analyze(list(paths), cached, root=root, rules=RULES, use_cache=True)
        assert output(result) == full(root, settings, RULES, paths), path
        edited += 1 if result.project is None else 0
        if edited == 3:
            break
    assert edited == 3
    # A statement at the top of a script's ``main``, as the benchmark does: every later line
    # moves (in most of these scripts, module-level code below ``main`` too); only the step
    # reading the script is linked again.
    scripts = sorted((root / PACKAGE / "steps" / "scripts").glob("[a-z]*.py"))
    for path in scripts[1::12]:
        assert add_to_top_of_main(path, 'print("started")'), path
        cached = dataclasses.replace(settings, cache_dir=str(cache))
        result = analyze(list(paths), cached, root=root, rules=RULES, use_cache=True)
        assert result.project is None, path
        assert output(result) == full(root, settings, RULES, paths), path
    # A comment line in a spec and in a builder: the findings stand at their new lines.
    for kind in ("specs", "builders"):
        modules = sorted((root / PACKAGE / "steps" / kind).glob("[a-z]*.py"))
        path = modules[len(modules) // 3]
        text = path.read_text()
        assert "\n\n\n" in text, path
        path.write_text(text.replace("\n\n\n", "\n\n# a note\n\n", 1))
        cached = dataclasses.replace(settings, cache_dir=str(cache))
        result = analyze(list(paths), cached, root=root, rules=RULES, use_cache=True)
        assert result.project is None, path
        assert output(result) == full(root, settings, RULES, paths), path
    # Semantic keywords changed, as the benchmark does. The comment lines above moved the last
    # run's positions, which drops the dependency record: the first change links the whole
    # project and records it again; the next are checked on the neighbourhood of their step
    # (with the usual bound, then with any neighbourhood allowed). Nothing reads an output's
    # keywords: the last run's findings stand. Each run finds what a full run finds.
    keyworded = [
        path
        for path in specs
        if "semantic_keywords=[" in _first_dependency(path.read_text())[1]
        and _parses(path.read_text())
    ]
    # The benchmark's spec (the middle one of those declaring keywords) and two others.
    benchmark = [
        path
        for path in sorted((root / PACKAGE).rglob("*_spec.py"))
        if "semantic_keywords=[" in path.read_text()
    ]
    rng = random.Random(4)
    edits = (
        (None, keyworded[len(keyworded) // 3], True),
        (None, benchmark[len(benchmark) // 2], False),
        (1.0, keyworded[3], False),
    )
    for allowed, spec, linked in edits:
        if allowed is not None:
            monkeypatch.setattr(dependency_delta, "MOST_NEIGHBOURHOOD_SHARE", allowed)
        head, call, rest = _first_dependency(spec.read_text())
        spec.write_text(head + edit_keywords(call, rng) + rest)
        cached = dataclasses.replace(settings, cache_dir=str(cache))
        result = analyze(list(paths), cached, root=root, rules=RULES, use_cache=True)
        assert (result.project is not None) == linked, spec
        assert output(result) == full(root, settings, RULES, paths), spec
    assert edit_output_keywords(root / PACKAGE) > 0
    cached = dataclasses.replace(settings, cache_dir=str(cache))
    result = analyze(list(paths), cached, root=root, rules=RULES, use_cache=True)
    assert result.project is None
    assert output(result) == full(root, settings, RULES, paths)
    assert hint_differences(facts_of(root, settings, paths), settings, RULES) == []
    # A spec's description changed, as the benchmark does: the last run's findings stand.
    specs = [path for path in specs if 'description="' in path.read_text()]
    spec = specs[len(specs) // 2]
    spec.write_text(spec.read_text().replace('description="', 'description="edited: ', 1))
    assert incremental(root, settings, RULES, cache, paths) == full(root, settings, RULES, paths)


def _first_dependency(text: str) -> tuple[str, str, str]:
    """``text`` in three: before the first ``DependencySpec(``, from there to the next
    specification call, and the rest."""
    start = text.find("DependencySpec(")
    if start == -1:
        return text, "", ""
    found = re.search(r"\b(?:OutputSpec|DependencySpec|StepSpecification)\(", text[start + 1 :])
    end = len(text) if found is None else start + 1 + found.start()
    return text[:start], text[start:end], text[end:]


def _parses(text: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the corpus's own invalid escape sequences
        try:
            ast.parse(text)
        except SyntaxError:
            return False
    return True


# -- a declaration that is too narrow is caught ----------------------------------------------------
class CountsClasses(Rule):
    """Reports the number of classes of the project on every step: it reads the whole project,
    but declares that it reads one step."""

    code: ClassVar[str] = "TST901"
    name: ClassVar[str] = "counts-classes"
    summary: ClassVar[str] = "Test rule"
    reads: ClassVar[Scope] = Scope.STEP

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for step in project.steps:
            span = Span(step.registry_row.span.path, 1, 1, 1, 2) if step.registry_row else None
            if span is not None:
                yield self.diagnostic(f"{len(project.index.classes)} classes", span, step=step.name)


WITH_TEST_RULE = Settings(extend_select=("TST",))


def test_a_too_narrow_declaration_is_caught(pristine: Path, tmp_path: Path) -> None:
    rules = [*RULES, CountsClasses]
    root = tmp_path / "lib"
    shutil.copytree(pristine, root)
    (root / "steps" / "unrelated.py").write_text("VALUE = 1\n")  # read by no step's unit
    cache = tmp_path / "cache"
    assert incremental(root, WITH_TEST_RULE, rules, cache) == full(root, WITH_TEST_RULE, rules)
    (root / "steps" / "unrelated.py").write_text("class Unrelated:\n    pass\n")
    stale, fresh = (
        incremental(root, WITH_TEST_RULE, rules, cache),
        full(root, WITH_TEST_RULE, rules),
    )
    assert stale != fresh
    changed = set(stale.splitlines()) ^ set(fresh.splitlines())
    assert changed and all("TST901" in line for line in changed)
