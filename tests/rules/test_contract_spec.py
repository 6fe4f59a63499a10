"""Differential tests: the static contract ↔ platform / specification rules against the runtime.

For every fixture project of the ``contract_platform`` and ``contract_spec`` families and for the
shipped catalogue, the runtime objects are built from the same literal data the linter read
(contracts, dependencies, outputs, node types) and judged by the runtime library:
``ScriptContract`` path validation, the ``StepSpecification`` node-type validator and
``StepSpecification.validate_contract_alignment()``. Where both judge the same thing, their
verdicts must agree. The catalogue is also imported for real and its specs validated.

Judgements only one side makes are left out on purpose: output paths nested in one another
(static only), a contract output left unread because its spec output's property path is invalid
(the runtime reports that cascade, the linter only the invalid path), property paths of kinds with no SageMaker API model (static skips them, the
runtime's small table rejects them), and runtime checks with no static rule (contract class vs
job kind, the training model/output-data path of a property path).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fixture_cases import FIXTURES, case_name, case_paths, materialized
from pydantic import ValidationError

import alignlint.catalog
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Severity
from alignlint.model import Contract, EntryMap, Project, Spec, Step
from alignlint.model.values import Located
from alignlint.rules._support.job_kind import job_kind
from alignlint.rules.contract_spec.variants import spec_groups
from alignlint.run.analysis import analyze
from alignlint.runtime import contract as runtime_contract
from alignlint.runtime.contract import ScriptContract, TrainingScriptContract
from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)
from alignlint.sagemaker import container_paths
from alignlint.sagemaker.property_paths import known_step_kinds

REPO = Path(__file__).resolve().parents[2]
FAMILIES = ("contract_platform", "contract_spec")
CASES = [
    materialized(case_name(path)) for family in FAMILIES for path in case_paths(FIXTURES / family)
]
PROJECTS = [*CASES, REPO / "alignlint" / "catalog"]

Verdict = set[tuple[str, str]]
"""(category, subject) pairs: what was found wrong, and about what."""


@dataclass(frozen=True)
class Judged:
    """The static findings and the project they were found in."""

    project: Project
    diagnostics: tuple[Diagnostic, ...]

    def codes(self, *codes: str) -> set[tuple[str, str]]:
        return {(d.code, d.subject) for d in self.diagnostics if d.code in codes}


def lint(root: Path) -> Judged:
    result = analyze([], Settings(), root=root)
    assert result.project is not None
    return Judged(result.project, result.diagnostics)


def _strings(entries: EntryMap) -> dict[str, str]:
    return entries.known_strings()


def runtime_contract_class(contract: Contract) -> type[ScriptContract]:
    return TrainingScriptContract if contract.kind == "training" else ScriptContract


def runtime_contract_object(contract: Contract) -> ScriptContract:
    """The runtime contract with the same paths (built without validation: judged separately)."""
    cls = runtime_contract_class(contract)
    return cls.model_construct(
        entry_point=contract.entry_point_name or "script.py",
        expected_input_paths=_strings(contract.inputs),
        expected_output_paths=_strings(contract.outputs),
    )


def dependency_specs(spec: Spec) -> list[DependencySpec]:
    result = []
    for dependency in spec.dependencies:
        kind = dependency.dependency_type
        assert isinstance(kind, Located)
        result.append(
            DependencySpec(
                logical_name=dependency.logical_name,
                dependency_type=DependencyType[str(kind.value)],
                required=dependency.required is not False,
            )
        )
    return result


def output_specs(spec: Spec) -> list[OutputSpec]:
    result = []
    for output in spec.outputs:
        kind, path = output.output_type, output.property_path
        assert isinstance(kind, Located) and isinstance(path, Located)
        result.append(
            OutputSpec(
                logical_name=output.logical_name,
                output_type=DependencyType[str(kind.value)],
                property_path=str(path.value),
            )
        )
    return result


def node_type(spec: Spec) -> NodeType:
    assert isinstance(spec.node_type, Located)
    return NodeType[str(spec.node_type.value)]


# -- contract ↔ platform --------------------------------------------------------------------------


def runtime_path_verdict(contract: Contract, left_to_builder: set[str] = frozenset()) -> Verdict:
    """Per direction: the logical name the runtime rejects first (it stops at the first error).
    ``left_to_builder`` are inputs the runtime contract cannot judge alone (see below)."""
    verdict: Verdict = set()
    cls = runtime_contract_class(contract)
    for direction, entries in (("input", contract.inputs), ("output", contract.outputs)):
        paths = _strings(entries)
        if direction == "input":
            paths = {key: path for key, path in paths.items() if key not in left_to_builder}
        try:
            cls._check_paths(paths, direction)
        except ValueError as error:
            match = re.search(r"(?:input|output)s? '([^']+)'(?::| and '([^']+)')", str(error))
            assert match is not None, str(error)
            key = match.group(2) or match.group(1)
            verdict.add((direction, f"{contract.name}:{direction}:{key}"))
    return verdict


def static_path_verdict(judged: Judged, contract: Contract) -> tuple[set[str], set[str]]:
    """(directions with a finding, subjects found) for the path rules the runtime also judges."""
    directions: set[str] = set()
    subjects: set[str] = set()
    for d in judged.diagnostics:
        if d.code not in ("ALN120", "ALN121", "ALN122") or " is inside " in d.message:
            continue
        name, direction, _ = d.subject.split(":", 2)
        if name == contract.name:
            directions.add(direction)
            subjects.add(d.subject)
    return directions, subjects


@pytest.mark.parametrize("root", PROJECTS, ids=[p.name for p in PROJECTS])
def test_contract_paths_agree_with_the_runtime(root: Path) -> None:
    judged = lint(root)
    checked = 0
    for step in judged.project.steps:
        contract, kind = step.contract, job_kind(step)
        if contract is None or kind is None or kind.kind not in ("Processing", "Training"):
            continue
        # A Training input under /opt/ml/code is a file shipped in source_dir: whether that is
        # right depends on the builder (ALN120 reports it when the builder mounts the path), which
        # the runtime contract does not see; such inputs the static rule accepts are left out.
        directions, subjects = static_path_verdict(judged, contract)
        shipped = {
            key
            for key, path in _strings(contract.inputs).items()
            if container_paths.is_shipped_code(kind.kind, path)
            and f"{contract.name}:input:{key}" not in subjects
        }
        runtime = runtime_path_verdict(contract, shipped)
        assert {direction for direction, _ in runtime} == directions, step.name
        assert {subject for _, subject in runtime} <= subjects, step.name
        checked += 1
    assert checked > 0


def test_the_runtime_judges_file_names_with_the_linters_function() -> None:
    assert runtime_contract.file_extension is container_paths.file_extension


# -- contract ↔ specification ---------------------------------------------------------------------

_ALIGNMENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ALN201", re.compile(r"dependency '(?P<name>[^']+)' has no input path in contract")),
    ("ALN202", re.compile(r"input '(?P<name>[^']+)' has no dependency in step")),
    ("ALN203", re.compile(r"output '(?P<name>[^']+)' has no output path in contract")),
    ("ALN204", re.compile(r"output '(?P<name>[^']+)' has no matching output in step")),
    ("ALN206", re.compile(r"output '(?P<name>[^']+)': property path names output")),
    (
        "ALN207",
        re.compile(r"output '(?P<name>[^']+)': property path '.*' (is not a known|belongs)"),
    ),
)
_CONTRACT_SUBJECTS = {"ALN202", "ALN204"}


def runtime_alignment(step: Step, spec: Spec, contract: Contract, kind: str) -> Verdict:
    """The runtime's alignment findings for one spec, as (code, subject) pairs."""
    runtime_spec = StepSpecification.model_construct(
        step_type=spec.step_type.text or step.name,
        node_type=node_type(spec),
        script_contract=runtime_contract_object(contract),
        dependencies={d.logical_name: d for d in dependency_specs(spec)},
        outputs={o.logical_name: o for o in output_specs(spec)},
    )
    result = runtime_spec.validate_contract_alignment(kind)
    verdict: Verdict = set()
    for severity, messages in (("error", result.errors), ("warning", result.warnings)):
        for message in messages:
            for code, pattern in _ALIGNMENT_PATTERNS:
                match = pattern.search(message)
                if match is None:
                    continue
                owner = contract.name if code in _CONTRACT_SUBJECTS else spec.name
                verdict.add((f"{code}:{severity}", f"{owner}:{match.group('name')}"))
    # An output whose property path is invalid (ALN207) does not also leave its contract output
    # unread: the runtime reports that cascade, the linter reports the path once.
    invalid = {subject.split(":", 1)[1] for code, subject in verdict if code == "ALN207:error"}
    return {
        (code, subject)
        for code, subject in verdict
        if not (code == "ALN204:error" and subject.split(":", 1)[1] in invalid)
    }


def static_alignment(judged: Judged) -> Verdict:
    codes = {code for code, _ in _ALIGNMENT_PATTERNS}
    return {
        (f"{d.code}:{'warning' if d.severity is Severity.WARNING else 'error'}", d.subject)
        for d in judged.diagnostics
        if d.code in codes
    }


def union_semantics(per_spec: list[Verdict]) -> Verdict:
    """Contract-side findings hold for the step only when every variant sharing the contract has
    them (a contract key is used if any variant uses it); spec-side findings are per variant."""
    merged: Verdict = set()
    for verdict in per_spec:
        merged |= {item for item in verdict if item[0].split(":")[0] not in _CONTRACT_SUBJECTS}
    contract_side = [
        {item for item in verdict if item[0].split(":")[0] in _CONTRACT_SUBJECTS}
        for verdict in per_spec
    ]
    if contract_side:
        merged |= set.intersection(*contract_side)
    return merged


@pytest.mark.parametrize("root", PROJECTS, ids=[p.name for p in PROJECTS])
def test_spec_alignment_agrees_with_the_runtime(root: Path) -> None:
    judged = lint(root)
    runtime: Verdict = set()
    for group in spec_groups(judged.project):
        found = job_kind(group.step)
        if found is None or found.kind not in known_step_kinds():
            continue
        per_spec = [
            runtime_alignment(group.step, spec, group.contract, found.kind) for spec in group.specs
        ]
        runtime |= union_semantics(per_spec)
    assert static_alignment(judged) == runtime


@pytest.mark.parametrize("root", PROJECTS, ids=[p.name for p in PROJECTS])
def test_node_types_agree_with_the_runtime(root: Path) -> None:
    judged = lint(root)
    rejected = set()
    for spec in judged.project.specs:
        try:
            StepSpecification(
                step_type=spec.step_type.text or spec.name,
                node_type=node_type(spec),
                dependencies=dependency_specs(spec),
                outputs=output_specs(spec),
            )
        except ValidationError:
            rejected.add(spec.name)
    flagged = {d.subject.split(":", 1)[0] for d in judged.diagnostics if d.code == "ALN209"}
    assert flagged == rejected


def test_the_seeded_problems_are_judged_by_both_sides() -> None:
    """The differential tests are not vacuous: the firing fixtures make the runtime object."""
    fires = [case for case in CASES if case.name.endswith("_fires")]
    runtime_findings = 0
    for root in fires:
        judged = lint(root)
        runtime_findings += len(static_alignment(judged))
        runtime_findings += sum(
            len(runtime_path_verdict(step.contract))
            for step in judged.project.steps
            if step.contract is not None
        )
    assert runtime_findings >= 10


# -- the shipped catalogue, imported for real -------------------------------------------------------


def catalog_specs() -> Iterator[tuple[str, StepSpecification]]:
    package = alignlint.catalog.__name__ + ".specs"
    specs_package = importlib.import_module(package)
    for module_info in sorted(pkgutil.iter_modules(specs_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package}.{module_info.name}")
        for name, value in sorted(vars(module).items()):
            if isinstance(value, StepSpecification):
                yield name, value


def test_the_catalogue_is_aligned_for_the_runtime_and_the_linter() -> None:
    registry = importlib.import_module(alignlint.catalog.__name__ + ".registry.step_names")
    kinds = {name: row["sagemaker_step_type"] for name, row in registry.STEP_NAMES.items()}
    judged = lint(REPO / "alignlint" / "catalog")
    specs = list(catalog_specs())
    assert len(specs) == len(judged.project.specs)
    for name, spec in specs:
        kind = kinds[
            spec.step_type.rsplit("_", 1)[0] if spec.step_type not in kinds else spec.step_type
        ]
        result = spec.validate_contract_alignment(kind)
        assert result.errors == [], name
    mine = [d for d in judged.diagnostics if d.code.startswith(("ALN12", "ALN20"))]
    assert mine == []
