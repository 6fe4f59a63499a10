"""Differential tests on catalogue mutants: the runtime library and the static rules must agree.

Each case is the shipped catalogue or one of its mutants (a deterministic sample of the
spec-, contract- and DAG-side operators of ``mutation.operators``). The static side lints the
mutated text; the runtime side copies the catalogue to a temporary directory, applies the mutant
and imports the copy as a differently named package (so mutants never touch ``alignlint.catalog``
and never see each other), then judges the real runtime objects:

* importing a spec module (``get_spec_step_type`` of an unknown name, an invalid node-type shape)
  fails exactly where the linter reports ALN503 / ALN209;
* ``StepSpecification.validate_contract_alignment()`` agrees with ALN201-ALN207 (the judgement of
  ``tests/rules/test_contract_spec.py``, which covers the fixtures with runtime objects built from
  the static facts; here the objects are imported);
* every output's property path followed on the SDK's own ``Properties`` objects (through the
  runtime's ``PropertyReference.to_sagemaker_property``) fails exactly where ALN207 fires;
* the runtime ``DependencyResolver`` wires each DAG node's dependencies from its predecessors to
  the same producer outputs as the static DAG resolution of ALN304-ALN306, leaves the same
  required dependencies unresolved (ALN304), and the runtime DAG has a node without a
  specification exactly where ALN307 fires.

Script ↔ contract judgements (env vars, input/output keys, arguments) have no runtime
counterpart and are not compared.
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from sagemaker.workflow.properties import Properties

from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic
from alignlint.model import Project
from alignlint.rules.contract_spec.variants import spec_groups
from alignlint.rules.spec_dependency.dag_resolution import analyse_dags
from alignlint.run.analysis import analyze
from alignlint.runtime.dag import DAGError, PipelineDAG
from alignlint.runtime.resolver import DependencyResolver, PropertyReference, ResolutionError
from alignlint.runtime.specification import StepSpecification

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutation.library import Library, Mutant
from mutation.operators import operator_named
from mutation.report import sample

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "alignlint" / "catalog"
#: Operators whose mutants the runtime can judge (spec, contract and DAG side).
OPERATORS = (
    "rename-contract-key",
    "property-path-output-name",
    "property-path-attribute",
    "misspell-compatible-source",
    "change-spec-step-type",
    "break-dag-edge",
)
SITES_PER_OPERATOR = 3
#: The shape the SDK's step class of each kind passes to ``Properties``.
SDK_SHAPES = {
    "Processing": "DescribeProcessingJobResponse",
    "Training": "DescribeTrainingJobResponse",
}


def _load_contract_spec_judgement() -> ModuleType:
    """``tests/rules/test_contract_spec.py``: its message patterns and variant semantics."""
    path = REPO / "tests" / "rules" / "test_contract_spec.py"
    spec = importlib.util.spec_from_file_location("_differential_contract_spec", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


CONTRACT_SPEC = _load_contract_spec_judgement()
_LIBRARY = Library.load(CATALOGUE)
CASES: list[Mutant | None] = [
    None,
    *(
        m
        for name in OPERATORS
        for m in sample(operator_named(name).mutants(_LIBRARY), SITES_PER_OPERATOR)
    ),
]
_IDS = ["unmutated", *(f"{m.operator}-{m.path}:{m.lines[0]}" for m in CASES if m is not None)]
_PACKAGES = itertools.count()


# -- both sides of one case -----------------------------------------------------------------------


@dataclass
class Imported:
    """The runtime objects of a (mutated) catalogue copy."""

    package: ModuleType
    kinds: dict[str, str]
    specs: dict[tuple[str, str], StepSpecification] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    def kind_of(self, spec: StepSpecification) -> str | None:
        """The SageMaker step type of a spec's registry row (``X`` or a ``X_JobType`` variant)."""
        name = spec.step_type
        return self.kinds.get(name, self.kinds.get(name.rsplit("_", 1)[0]))


@dataclass(frozen=True)
class Case:
    project: Project
    diagnostics: tuple[Diagnostic, ...]
    runtime: Imported

    def static(self, *codes: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code in codes]


@pytest.fixture(scope="module", params=CASES, ids=_IDS)
def case(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Case]:
    """One case linted and imported once for all the comparisons."""
    tmp_path = tmp_path_factory.mktemp("catalogue")
    mutant: Mutant | None = request.param
    overlay = {} if mutant is None else {mutant.path: mutant.text.encode("utf-8")}
    result = analyze([], Settings(), root=CATALOGUE, overlay=overlay)
    assert result.project is not None
    with ImportedCopy(mutant, tmp_path) as runtime:
        yield Case(result.project, result.diagnostics, runtime)


class ImportedCopy:
    """Context manager: the catalogue copied under ``tmp_path``, mutated, imported under a fresh
    package name; the package's modules and the path entry are removed on exit."""

    def __init__(self, mutant: Mutant | None, tmp_path: Path) -> None:
        self.name = f"_mutant_catalog_{next(_PACKAGES)}"
        self.root = tmp_path
        shutil.copytree(
            CATALOGUE, tmp_path / self.name, ignore=shutil.ignore_patterns("__pycache__")
        )
        if mutant is not None:
            (tmp_path / self.name / mutant.path).write_text(
                mutant.text, encoding="utf-8", newline=""
            )

    def __enter__(self) -> Imported:
        sys.path.insert(0, str(self.root))
        package = importlib.import_module(self.name)
        registry = importlib.import_module(f"{self.name}.registry.step_names")
        kinds = {name: row["sagemaker_step_type"] for name, row in registry.STEP_NAMES.items()}
        imported = Imported(package, kinds)
        for path in sorted((self.root / self.name / "specs").glob("*.py")):
            relative = f"specs/{path.name}"
            try:
                module = importlib.import_module(f"{self.name}.specs.{path.stem}")
            except Exception as error:  # the runtime's verdict on this module
                imported.failed[relative] = f"{type(error).__name__}: {error}"
                continue
            for name, value in sorted(vars(module).items()):
                if isinstance(value, StepSpecification):
                    imported.specs[(relative, name)] = value
        return imported

    def __exit__(self, *exc_info: object) -> None:
        for module in [m for m in sys.modules if m == self.name or m.startswith(self.name + ".")]:
            del sys.modules[module]
        sys.path.remove(str(self.root))


# -- import-time verdicts ---------------------------------------------------------------------------


def test_spec_modules_fail_to_import_where_registry_or_shape_rules_fire(case: Case) -> None:
    flagged = {
        d.span.path for d in case.static("ALN503", "ALN209") if d.span.path.startswith("specs/")
    }
    assert set(case.runtime.failed) == flagged, case.runtime.failed


# -- contract alignment -----------------------------------------------------------------------------


def imported_alignment(
    spec: StepSpecification, kind: str, spec_name: str, contract_name: str
) -> set[tuple[str, str]]:
    """The runtime's alignment findings for one imported spec as (code:severity, subject)."""
    result = spec.validate_contract_alignment(kind)
    verdict: set[tuple[str, str]] = set()
    for severity, messages in (("error", result.errors), ("warning", result.warnings)):
        for message in messages:
            for code, pattern in CONTRACT_SPEC._ALIGNMENT_PATTERNS:
                match = pattern.search(message)
                if match is not None:
                    owner = contract_name if code in CONTRACT_SPEC._CONTRACT_SUBJECTS else spec_name
                    verdict.add((f"{code}:{severity}", f"{owner}:{match.group('name')}"))
    # The linter reports an invalid property path once, not also the contract output left unread.
    invalid = {subject.split(":", 1)[1] for code, subject in verdict if code == "ALN207:error"}
    return {
        (code, subject)
        for code, subject in verdict
        if not (code == "ALN204:error" and subject.split(":", 1)[1] in invalid)
    }


def test_contract_alignment_agrees_with_the_imported_specs(case: Case) -> None:
    runtime: set[tuple[str, str]] = set()
    owners: set[str] = set()
    for group in spec_groups(case.project):
        imported = [case.runtime.specs.get((spec.span.path, spec.name)) for spec in group.specs]
        if any(item is None for item in imported) or group.kind not in SDK_SHAPES:
            continue
        per_spec = [
            imported_alignment(item, group.kind, spec.name, group.contract.name)
            for item, spec in zip(imported, group.specs, strict=True)
            if item is not None
        ]
        runtime |= CONTRACT_SPEC.union_semantics(per_spec)
        owners |= {group.contract.name, *(spec.name for spec in group.specs)}
    assert owners
    judged = CONTRACT_SPEC.Judged(case.project, case.diagnostics)
    static = {
        item for item in CONTRACT_SPEC.static_alignment(judged) if item[1].split(":")[0] in owners
    }
    assert static == runtime


# -- property paths against the SDK's property objects --------------------------------------------


def sdk_rejects(step_name: str, kind: str, reference: PropertyReference) -> bool:
    """Whether following the output's property path on the SDK's ``Properties`` of a step of
    ``kind`` fails (the SDK step object exposes them as ``.properties``)."""
    step = SimpleNamespace(properties=Properties(step_name=step_name, shape_name=SDK_SHAPES[kind]))
    try:
        reference.to_sagemaker_property({step_name: step})
    except ResolutionError:
        return True
    return False


def test_property_paths_agree_with_the_sdk_properties(case: Case) -> None:
    rejected: set[str] = set()
    checked: set[str] = set()
    for (_, name), spec in case.runtime.specs.items():
        kind = case.runtime.kind_of(spec)
        if kind not in SDK_SHAPES:
            continue
        for output in spec.outputs.values():
            subject = f"{name}:{output.logical_name}"
            checked.add(subject)
            if sdk_rejects(spec.step_type, kind, PropertyReference(spec.step_type, output)):
                rejected.add(subject)
    assert checked
    flagged = {d.subject for d in case.static("ALN207")} & checked
    assert flagged == rejected


# -- dependency resolution in the DAGs --------------------------------------------------------------


def runtime_dag(case: Case, path: str, name: str) -> PipelineDAG:
    """The DAG as the runtime builds it from the (mutated) copy."""
    package_dir = Path(case.runtime.package.__path__[0])
    if path.endswith(".json"):
        return PipelineDAG.from_json(package_dir / path)
    module_name = case.runtime.package.__name__ + "." + path.removesuffix(".py").replace("/", ".")
    built: Any = getattr(importlib.import_module(module_name), name)()
    assert isinstance(built, PipelineDAG)
    return built


_NODE_SUBJECT = re.compile(r"^(?P<dag>[^:]+):(?:.*:)?(?P<node>[^:]+)$")


def test_dag_resolution_agrees_with_the_runtime_resolver(case: Case) -> None:
    by_step_type = {spec.step_type: spec for spec in case.runtime.specs.values()}
    unknown_nodes = {
        (m.group("dag"), m.group("node"))
        for d in case.static("ALN307")
        if (m := _NODE_SUBJECT.match(d.subject)) is not None
    }
    unresolved_static = {d.subject for d in case.static("ALN304")}
    compared = 0
    for analysis in analyse_dags(case.project):
        static_unknown = {node for dag_name, node in unknown_nodes if dag_name == analysis.dag.name}
        try:
            dag = runtime_dag(case, analysis.dag.path, analysis.dag.name)
        except DAGError as error:  # the runtime refuses an edge naming an undeclared node
            match = re.search(r"names undeclared node '([^']+)'", str(error))
            assert match is not None and match.group(1) in static_unknown, str(error)
            continue
        unbound = {node for node in dag.nodes if node not in by_step_type}
        if case.runtime.failed:  # a spec that failed to import leaves its node unbound too
            assert static_unknown <= unbound
        else:
            assert unbound == static_unknown
        resolver = DependencyResolver()
        for node in dag.nodes:
            if node not in unbound:
                resolver.register_specification(node, by_step_type[node])
        for node in dag.nodes:
            predecessors = dag.predecessors(node)
            if node in unbound or unbound & set(predecessors):
                continue
            wired = resolver.resolve_step_dependencies(node, predecessors)
            runtime = {
                dep: (ref.step_name, ref.output_spec.logical_name) for dep, ref in wired.items()
            }
            resolutions = [r for r in analysis.resolutions if r.node == node]
            static = {
                r.dependency.logical_name: (r.chosen.producer_step, r.chosen.output.logical_name)
                for r in resolutions
                if r.chosen is not None
            }
            assert static == runtime, node
            for resolution in resolutions:
                dependency = by_step_type[node].dependencies[resolution.dependency.logical_name]
                runtime_unresolved = dependency.required and dependency.logical_name not in wired
                subject = f"{analysis.dag.name}:{node}:{dependency.logical_name}"
                expected = runtime_unresolved and not resolution.external
                assert (subject in unresolved_static) == expected, subject
            compared += 1
    assert compared > 0
