"""Spec ↔ dependency rules (ALN3xx): agreement with the runtime resolver, and edge cases.

The static resolution must give the runtime :class:`DependencyResolver`'s answers: the chosen
producer and output with the same score, and the same ranking. For every fixture of the family
the runtime specifications are built from the literal data the linter read; for the shipped
catalogue the real specifications are imported and its DAGs are wired by the real assembler.
"""

from __future__ import annotations

import importlib
import pkgutil
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from fixture_cases import FIXTURES, case_name, case_paths, materialized

import alignlint.catalog.specs
from alignlint.core.settings import Settings
from alignlint.core.types import Diagnostic, Severity
from alignlint.model import Project, Spec
from alignlint.model.components import text_of
from alignlint.rules.spec_dependency import RULES
from alignlint.rules.spec_dependency.analysis import DependencyAnalysis, dependency_analysis
from alignlint.run.analysis import Result, analyze
from alignlint.run.configuration import load_configuration
from alignlint.runtime.resolver import DependencyResolver
from alignlint.runtime.specification import (
    DependencySpec,
    DependencyType,
    NodeType,
    OutputSpec,
    StepSpecification,
)
from alignlint.sagemaker.matching import Candidate

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "alignlint" / "catalog"
CASES = [materialized(case_name(path)) for path in case_paths(FIXTURES / "spec_dependency")]
PROJECTS = [*CASES, CATALOG]

Ranking = list[tuple[str, str, float]]


def _check(root: Path) -> Result:
    config = root / "alignlint.toml"
    settings = load_configuration(config_file=config).settings if config.is_file() else Settings()
    return analyze([], settings, root=root, rules=list(RULES))


def _analysis(root: Path) -> tuple[Project, DependencyAnalysis]:
    result = _check(root)
    assert result.project is not None
    return result.project, dependency_analysis(result.project)


def _text(value: object) -> str:
    text = text_of(value)
    assert text is not None
    return text


def _runtime_spec(spec: Spec) -> StepSpecification:
    """The runtime specification written with the literal data the linter read."""
    dependencies = [
        DependencySpec(
            logical_name=d.logical_name,
            dependency_type=DependencyType(_text(d.dependency_type).lower()),
            required=bool(d.required),
            compatible_sources=[_text(s) for s in d.compatible_sources],
            semantic_keywords=list(d.semantic_keywords),
            data_type=_text(d.data_type),
        )
        for d in spec.dependencies
    ]
    outputs = [
        OutputSpec(
            logical_name=o.logical_name,
            output_type=DependencyType(_text(o.output_type).lower()),
            property_path=_text(o.property_path),
            data_type=_text(o.data_type),
            aliases=[_text(a) for a in o.aliases],
        )
        for o in spec.outputs
    ]
    return StepSpecification(
        step_type=_text(spec.step_type.value),
        node_type=NodeType(_text(spec.node_type).lower()),
        dependencies=dependencies,
        outputs=outputs,
    )


def _ranking(candidates: Iterable[Candidate]) -> Ranking:
    return [(c.producer_step, c.output.logical_name, c.score.total) for c in candidates]


# -- agreement with the runtime resolver --------------------------------------------------------


@pytest.mark.parametrize("root", PROJECTS, ids=[p.name for p in PROJECTS])
def test_dag_resolution_matches_the_runtime_resolver(root: Path) -> None:
    _, analysis = _analysis(root)
    compared = 0
    for dag in analysis.dags:
        resolver = DependencyResolver()
        for node, binding in dag.bindings.items():
            known = node not in dag.producers or dag.producers[node].complete
            if binding.spec is not None and known:  # unknown outputs: no runtime spec to write
                resolver.register_specification(node, _runtime_spec(binding.spec))
        for resolution in dag.resolutions:
            if not resolution.complete:
                continue
            explanation = resolver.explain(
                resolution.node, resolution.dependency.logical_name, resolution.predecessors
            )
            assert _ranking(resolution.candidates) == _ranking(explanation.candidates)
            runtime = resolver.resolve_step_dependencies(resolution.node, resolution.predecessors)
            chosen = resolution.chosen
            reference = runtime.get(resolution.dependency.logical_name)
            if chosen is None:
                assert reference is None
            else:
                assert reference is not None and reference.score is not None
                assert (reference.step_name, reference.output_spec.logical_name) == (
                    chosen.producer_step,
                    chosen.output.logical_name,
                )
                assert reference.score.total == chosen.score.total
            compared += 1
    if analysis.dags and root.name not in (
        "ALN307_dag_unknown_node_fires",
        "ALN307_foreign_dag_silent",
        "ALN307_open_registry_silent",  # its one consumer has a plugin node as predecessor
        "ALN306_unknown_predecessor_silent",  # ... a predecessor with outputs not known
        "ALN307_spec_in_a_file_that_does_not_parse_silent",  # ... its spec does not parse
    ):
        assert compared > 0


@pytest.mark.parametrize("root", PROJECTS, ids=[p.name for p in PROJECTS])
def test_library_resolution_matches_the_runtime_resolver(root: Path) -> None:
    _, analysis = _analysis(root)
    # Two specs may declare one step type (a generic spec beside its training variant); the
    # runtime registers one of them under the name (the last one wins), the library keeps both.
    # With twins, the library's ranking is the union of the runtime's for either choice.
    # A producer whose outputs are not known cannot be written as a runtime specification.
    producers = [item for item in analysis.library.producers if item.complete]
    resolvers = [DependencyResolver(), DependencyResolver()]
    for item in producers:
        resolvers[0].register_specification(item.view.step_name, _runtime_spec(item.spec))
    for item in reversed(producers):
        resolvers[1].register_specification(item.view.step_name, _runtime_spec(item.spec))
    names = list(dict.fromkeys(item.view.step_name for item in producers))
    twins = len(names) < len(producers)
    assert analysis.resolutions
    for resolution in analysis.resolutions:
        consumer = _text(resolution.spec.step_type.value)
        rankings = [
            _ranking(
                resolver.explain(consumer, resolution.dependency.logical_name, names).candidates
            )
            for resolver in resolvers
        ]
        if twins:
            assert set(_ranking(resolution.candidates)) == set(rankings[0]) | set(rankings[1])
        else:
            assert _ranking(resolution.candidates) == rankings[0]


def _catalogue_specs() -> dict[str, StepSpecification]:
    found: dict[str, StepSpecification] = {}
    for module_info in pkgutil.iter_modules(alignlint.catalog.specs.__path__):
        module = importlib.import_module(f"alignlint.catalog.specs.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, StepSpecification):
                found[value.step_type] = value
    return found


def test_catalogue_library_matches_the_imported_specifications() -> None:
    _, analysis = _analysis(CATALOG)
    specs = _catalogue_specs()
    assert sorted(specs) == sorted(item.view.step_name for item in analysis.library.producers)
    resolver = DependencyResolver()
    for name, spec in specs.items():
        resolver.register_specification(name, spec)
    for resolution in analysis.resolutions:
        consumer = _text(resolution.spec.step_type.value)
        explanation = resolver.explain(consumer, resolution.dependency.logical_name, list(specs))
        assert _ranking(resolution.candidates) == _ranking(explanation.candidates)
        assert resolution.satisfiable


def test_catalogue_dags_match_the_real_assembler() -> None:
    from alignlint.catalog.pipeline import BUILDERS, PIPELINES
    from alignlint.catalog.registry.step_names import STEP_REGISTRY
    from alignlint.runtime.assembler import PipelineAssembler
    from alignlint.runtime.offline import default_boto_session

    _, analysis = _analysis(CATALOG)
    static = {frozenset(dag.bindings): dag for dag in analysis.dags}
    assert len(static) == len(PIPELINES)
    for recipe in PIPELINES.values():
        runtime_dag = recipe.dag()
        assembler = PipelineAssembler(runtime_dag, recipe.configs(None), BUILDERS, STEP_REGISTRY)
        with default_boto_session(assembler._session()):
            builders = assembler.create_builders()
        dag = static[frozenset(runtime_dag.nodes)]
        for node in runtime_dag.nodes:
            binding = dag.bindings[node]
            assert binding.spec is not None
            assert binding.spec.step_type.text == builders[node].spec.step_type
            wired = assembler.resolver.resolve_step_dependencies(
                node, runtime_dag.predecessors(node)
            )
            expected = {
                name: (ref.step_name, ref.output_spec.logical_name, ref.score.total)
                for name, ref in wired.items()
                if ref.score is not None
            }
            actual = {
                r.dependency.logical_name: (
                    r.chosen.producer_step,
                    r.chosen.output.logical_name,
                    r.chosen.score.total,
                )
                for r in dag.resolutions
                if r.node == node and r.chosen is not None
            }
            assert actual == expected


# -- the catalogue is clean and fully resolved ----------------------------------------------------


def test_catalogue_lints_clean_and_every_dag_resolves() -> None:
    result = _check(CATALOG)
    assert result.diagnostics == ()
    counters = result.statistics.counters
    assert counters["DAGs"] == 2
    assert counters["DAG nodes linked"] == counters["DAG nodes"] == 14
    assert counters["DAG edges resolved"] == counters["DAG edges"] == 16
    assert counters["spec dependencies resolvable"] == counters["spec dependencies"] == 15
    assert result.project is not None
    for dag in dependency_analysis(result.project).dags:
        for resolution in dag.resolutions:
            assert resolution.complete
            assert resolution.chosen is not None or not resolution.view.required


# -- behaviour on small projects -------------------------------------------------------------------

REGISTRY = """\
STEP_NAMES = {
    "TabularPreprocessing": {"spec_type": "TabularPreprocessing", "sagemaker_step_type": "Processing"},
    "TabularPreprocessingLite": {"spec_type": "TabularPreprocessingLite", "sagemaker_step_type": "Processing"},
    "XGBoostTraining": {"spec_type": "XGBoostTraining", "sagemaker_step_type": "Training"},
}


def get_spec_step_type_with_job_type(step_name, job_type):
    return f"{STEP_NAMES[step_name]['spec_type']}_{job_type.capitalize()}"
"""

SPECS = """\
from alignlint.runtime.specification import DependencySpec, DependencyType, NodeType, OutputSpec, StepSpecification
from registry import get_spec_step_type_with_job_type

SOURCES = {sources}

TABULAR_PREPROCESSING_TRAINING_SPEC = StepSpecification(
    step_type=get_spec_step_type_with_job_type("TabularPreprocessing", "training"),
    node_type=NodeType.SOURCE,
    outputs=[OutputSpec(logical_name="processed_data", output_type=DependencyType.PROCESSING_OUTPUT,
        property_path="properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri")],
)
TABULAR_PREPROCESSING_LITE_SPEC = StepSpecification(
    step_type="TabularPreprocessingLite",
    node_type=NodeType.SOURCE,
    outputs=[OutputSpec(logical_name="lite_data", output_type=DependencyType.PROCESSING_OUTPUT,
        property_path="properties.ProcessingOutputConfig.Outputs['lite_data'].S3Output.S3Uri")],
)
XGBOOST_TRAINING_SPEC = StepSpecification(
    step_type="XGBoostTraining",
    node_type=NodeType.INTERNAL,
    dependencies=[DependencySpec(logical_name="training_data",
        dependency_type=DependencyType.TRAINING_DATA, compatible_sources=SOURCES)],
    outputs=[OutputSpec(logical_name="model_output", output_type=DependencyType.MODEL_ARTIFACTS,
        property_path="properties.ModelArtifacts.S3ModelArtifacts")],
)
"""


def _project(tmp_path: Path, sources: str, dag: str | None = None) -> Result:
    (tmp_path / "registry.py").write_text(REGISTRY, encoding="utf-8")
    (tmp_path / "specs.py").write_text(SPECS.format(sources=sources), encoding="utf-8")
    if dag is not None:
        (tmp_path / "dag.json").write_text(dag, encoding="utf-8")
    return analyze([], Settings(), root=tmp_path, rules=list(RULES))


def _analysis_of(result: Result) -> tuple[Project, DependencyAnalysis]:
    assert result.project is not None
    return result.project, dependency_analysis(result.project)


def _lines(result: Result) -> list[str]:
    return [f"{d.span}: {d.code} {d.message}" for d in result.diagnostics]


def _fixed(tmp_path: Path, diagnostic: Diagnostic) -> str:
    assert diagnostic.fix is not None
    (edit,) = diagnostic.fix.edits
    path = tmp_path / edit.span.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = lines[edit.span.start.line - 1]
    start, end = edit.span.start.column - 1, edit.span.end.column - 1
    lines[edit.span.start.line - 1] = line[:start] + edit.content + line[end:]
    return "".join(lines)


def test_misspelled_suffixed_source_fix_names_the_base_step(tmp_path: Path) -> None:
    result = _project(tmp_path, '["TabularPreprocesing_Training"]')
    (finding,) = result.diagnostics
    assert finding.code == "ALN301"
    assert finding.message == (
        "compatible source 'TabularPreprocesing_Training' of dependency 'training_data' in "
        "XGBoostTraining carries the job-type suffix '_Training': the resolver compares base "
        "step names, so it never matches; use 'TabularPreprocessing'"
    )
    assert finding.severity is Severity.WARNING
    assert finding.fix is not None and finding.fix.applicability.value == "unsafe"
    (tmp_path / "specs.py").write_text(_fixed(tmp_path, finding), encoding="utf-8")
    assert _lines(analyze([], Settings(), root=tmp_path, rules=list(RULES))) == []


def test_suffixed_source_gets_no_bonus_in_the_resolution(tmp_path: Path) -> None:
    _, analysis = _analysis_of(_project(tmp_path, '["TabularPreprocessing_Training"]'))
    (resolution,) = analysis.resolutions
    (listed,) = [
        c for c in resolution.candidates if c.producer_step_type == "TabularPreprocessing_Training"
    ]
    assert listed.score.source_score == 0.0


def test_a_source_rejected_on_type_names_the_dependency_type_too() -> None:
    """Both sides of a type mismatch: the best output (its type) and the dependency's own
    ``dependency_type=``, which is where a retyped dependency drifted."""
    root = materialized("spec_dependency/ALN303_compatible_source_cannot_satisfy_fires")
    (finding,) = _check(root).diagnostics
    assert finding.code == "ALN303"
    assert [(r.span.path, r.span.line, r.span.column, r.message) for r in finding.related] == [
        ("specs.py", 19, 26, "best output TabularPreprocessing.processed_data"),
        ("specs.py", 56, 29, "dependency type 'model_artifacts' of 'model_input'"),
    ]


def test_free_label_is_info_and_typo_is_a_warning(tmp_path: Path) -> None:
    result = _project(tmp_path, '["UploadedTable", "XGBoostTrainng"]')
    severities = {d.message.split("'")[1]: d.severity for d in result.diagnostics}
    assert severities == {"UploadedTable": Severity.INFO, "XGBoostTrainng": Severity.WARNING}


def test_unknown_source_with_several_close_names_has_no_fix(tmp_path: Path) -> None:
    result = _project(tmp_path, '["TabularPreprocessingLit"]')
    (finding,) = result.diagnostics
    assert finding.fix is None
    assert finding.message.endswith(
        "names no registered step type; close registered steps: "
        "'TabularPreprocessingLite', 'TabularPreprocessing'"
    )


def test_computed_compatible_sources_are_unknown_and_never_reported(tmp_path: Path) -> None:
    assert _lines(_project(tmp_path, "list(build_sources())")) == []


def test_dag_nodes_bind_by_step_type_lowercase_job_type_and_implied_edges(tmp_path: Path) -> None:
    dag = (
        '{"nodes": ["TabularPreprocessing_training", "XGBoostTraining"],'
        ' "edges": [["TabularPreprocessing_training", "XGBoostTraining"]]}'
    )
    result = _project(tmp_path, '["TabularPreprocessing"]', dag)
    assert _lines(result) == []
    assert result.statistics.counters["DAG edges resolved"] == 1
    assert result.statistics.counters["DAG dependencies resolved"] == 1


def test_dag_nodes_that_cannot_be_linked_are_findings(tmp_path: Path) -> None:
    dag = (
        '{"nodes": ["TabularPreprocessing", "XGBoostTraining"],'
        ' "edges": [["TabularPreprocessing", "XGBoostTraining"], ["XGBoostTraining", "Package"]]}'
    )
    result = _project(tmp_path, '["TabularPreprocessing"]', dag)
    assert _lines(result) == [
        "dag.json:1:12: ALN307 node 'TabularPreprocessing' in DAG dag names step "
        "TabularPreprocessing with no job type, but the step has no generic specification and "
        "no such job-type variant (variants: TabularPreprocessing_Training)",
        "dag.json:1:112: ALN307 edge 'XGBoostTraining' -> 'Package' in DAG dag names node "
        "'Package', which the DAG does not declare in its nodes",
    ]
    assert result.statistics.counters["DAG nodes linked"] == 1
    assert result.statistics.counters["DAG edges resolved"] == 0


def test_python_dag_with_unknown_node_names_reports_no_wiring(tmp_path: Path) -> None:
    (tmp_path / "dags.py").write_text(
        "from alignlint.runtime.dag import PipelineDAG\n\n\n"
        "def create_dag(extra):\n"
        "    dag = PipelineDAG()\n"
        '    dag.add_node("XGBoostTraining")\n'
        '    dag.add_edge(extra, "XGBoostTraining")\n'
        "    return dag\n",
        encoding="utf-8",
    )
    result = _project(tmp_path, '["TabularPreprocessing"]')
    assert _lines(result) == []
    assert result.statistics.counters["DAG dependencies resolved"] == 0


def test_statistics_say_what_was_resolved_when_nothing_was(tmp_path: Path) -> None:
    (tmp_path / "registry.py").write_text(REGISTRY, encoding="utf-8")
    result = analyze([], Settings(), root=tmp_path, rules=list(RULES))
    counters = result.statistics.counters
    assert counters["spec dependencies"] == 0
    assert counters["DAG edges"] == 0
    assert counters["DAG edges resolved"] == 0


def test_statistics_count_dags_per_layout() -> None:
    result = _check(materialized("spec_dependency/ALN304_dag_layouts_silent"))
    counters = result.statistics.counters
    assert counters["DAGs"] == 4
    assert counters["DAGs (JSON under dag)"] == 1
    assert counters["DAGs (Python loops over lists)"] == 2
    assert counters["DAGs (Python constructor)"] == 1
    assert counters["DAG edges resolved"] == counters["DAG edges"] == 8


def test_dag_loops_over_unknown_lists_leave_the_dag_unknown(tmp_path: Path) -> None:
    _project(tmp_path, '["TabularPreprocessing"]')
    (tmp_path / "dags.py").write_text(
        "from pipeline_core import PipelineDAG\n"
        "from elsewhere import EDGES\n\n"
        "def create_dag():\n"
        "    dag = PipelineDAG()\n"
        '    dag.add_node("XGBoostTraining")\n'
        "    for source, target in EDGES:\n"
        "        dag.add_edge(source, target)\n"
        "    return dag\n",
        encoding="utf-8",
    )
    result = analyze([], Settings(), root=tmp_path, rules=list(RULES))
    assert result.project is not None
    (dag,) = result.project.dags
    assert dag.unknown and "the loop's items are not known" in dag.unknown[0].reason
    assert _lines(result) == []
    # ALN304 says what it could not check (the node's wiring), and why, instead of a pass.
    unchecked = [item for item in result.statistics.unchecked if item.code == "ALN304"]
    assert unchecked and all("node 'XGBoostTraining'" in item.subject for item in unchecked)
    assert unchecked[0].reason.startswith("part of the DAG is not known: the loop's items")
    # So do ALN306 (no tie can be claimed while a predecessor is unknown) and ALN308 (unknown
    # edges may close a cycle).
    ties = [item for item in result.statistics.unchecked if item.code == "ALN306"]
    assert [item.subject for item in ties] == [item.subject for item in unchecked]
    assert all(item.reason.startswith("part of the DAG is not known: the loop's") for item in ties)
    (cycles,) = [item for item in result.statistics.unchecked if item.code == "ALN308"]
    assert cycles.subject == "cycles of DAG create_dag"
    assert cycles.reason.startswith("part of the DAG is not known: the loop's items")


def test_a_constructor_with_unknown_nodes_keeps_its_known_edges(tmp_path: Path) -> None:
    _project(tmp_path, '["TabularPreprocessing"]')
    (tmp_path / "dags.py").write_text(
        "from pipeline_core import PipelineDAG\n"
        "from elsewhere import NODES\n\n"
        "def create_dag():\n"
        '    return PipelineDAG(nodes=NODES, edges=[("TabularPreprocessing", "XGBoostTraining")])\n',
        encoding="utf-8",
    )
    result = analyze([], Settings(), root=tmp_path, rules=list(RULES))
    assert result.project is not None
    (dag,) = result.project.dags
    assert dag.layout == "Python constructor"
    assert [(edge.source, edge.target) for edge in dag.edges] == [
        ("TabularPreprocessing", "XGBoostTraining")
    ]
    assert dag.unknown and "the DAG's nodes are not known" in dag.unknown[0].reason
    assert [
        (item.subject, item.reason) for item in result.statistics.unchecked if item.code == "ALN305"
    ] == [
        (
            "edge TabularPreprocessing -> XGBoostTraining in DAG create_dag",
            "part of the DAG is not known: " + dag.unknown[0].reason,
        )
    ]


def test_a_spec_with_unknown_outputs_leaves_unsatisfiable_dependencies_unchecked(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    shutil.copytree(materialized("spec_dependency/ALN302_unsatisfiable_dependency_fires"), root)
    with (root / "specs.py").open("a", encoding="utf-8") as specs:
        specs.write(
            "\nfrom elsewhere import SHARED_OUTPUTS\n\n"
            "OTHER_SPEC = StepSpecification(\n"
            '    step_type="Other",\n'
            "    node_type=NodeType.SOURCE,\n"
            "    outputs=SHARED_OUTPUTS,\n"
            ")\n"
        )
    result = _check(root)
    assert [d for d in result.diagnostics if d.code == "ALN302"] == []
    (unchecked,) = [item for item in result.statistics.unchecked if item.code == "ALN302"]
    assert unchecked.subject == "dependency 'hyperparameters_s3_uri' of XGBoostTraining"
    assert unchecked.reason == (
        "an unknown output may satisfy it: the outputs of OTHER_SPEC are not all known"
    )


def test_an_open_registry_lists_nodes_no_static_row_names_as_not_checked() -> None:
    result = _check(materialized("spec_dependency/ALN307_open_registry_silent"))
    assert [d for d in result.diagnostics if d.code == "ALN307"] == []
    (unchecked,) = [item for item in result.statistics.unchecked if item.code == "ALN307"]
    assert unchecked.subject == "node 'RawFeed' in DAG create_daily_dag"
    assert unchecked.reason.startswith("the registry may hold rows not known statically: ")


def test_data_types_not_known_leave_their_pairs_unchecked(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(materialized("spec_dependency/ALN309_data_type_mismatch_fires"), root)
    specs = root / "specs.py"
    text = specs.read_text(encoding="utf-8")
    # The mismatching output's data type now comes from outside the project, and so does the
    # data type of the package's first dependency.
    text = text.replace(
        '            data_type="S3Uri",\n        ),\n    ],\n)',
        "            data_type=THRESHOLD_TYPE,\n        ),\n    ],\n)",
        1,
    )
    text = text.replace(
        '            semantic_keywords=["calibration"],\n',
        '            semantic_keywords=["calibration"],\n            data_type=MODEL_TYPE,\n',
    )
    text = text.replace(
        "from registry import",
        "from data_types import MODEL_TYPE, THRESHOLD_TYPE\nfrom registry import",
    )
    specs.write_text(text, encoding="utf-8")
    result = _check(root)
    assert [d for d in result.diagnostics if d.code == "ALN309"] == []
    unchecked = [
        (item.subject, item.reason) for item in result.statistics.unchecked if item.code == "ALN309"
    ]
    assert unchecked == [
        (
            "dependency 'calibration_model' of Package",
            "its data type, type, compatible sources or requiredness is not known",
        ),
        (
            "dependency 'model_threshold' of Package",
            "the outputs of ModelCalibration are not all known",
        ),
    ]


def test_a_builder_helper_outside_the_project_leaves_its_node_unchecked() -> None:
    result = _check(materialized("spec_dependency/ALN304_builder_helper_outside_project_silent"))
    assert [d for d in result.diagnostics if d.code == "ALN304"] == []
    unchecked = [
        (item.subject, item.reason) for item in result.statistics.unchecked if item.code == "ALN304"
    ]
    assert unchecked == [
        (
            "dependency 'catalog' of node 'Publish' in DAG create_publish_dag",
            "what the builder of node 'Publish' takes from the pipeline is not known: "
            "`PublishStepBuilder._get_inputs` passes `inputs` to `self._manifest_inputs()`, "
            "which the project part of the class hierarchy of `PublishStepBuilder` does not "
            "define",
        )
    ]


def _helper_chain(depth: int, recursive: bool) -> str:
    """An Ingest ``_get_inputs`` handing ``inputs`` through ``depth`` helpers, the last building
    its input from the config (and calling itself when ``recursive``)."""
    methods = ["    def _get_inputs(self, inputs):\n        return self._hop_1(inputs)\n"]
    for hop in range(1, depth):
        methods.append(
            f"    def _hop_{hop}(self, inputs):\n        return self._hop_{hop + 1}(inputs)\n"
        )
    again = (
        "        if not inputs:\n            return self._hop_{0}(inputs)\n" if recursive else ""
    )
    methods.append(
        f"    def _hop_{depth}(self, inputs):\n" + again.format(depth) + "        return [\n"
        '            ProcessingInput(input_name="archive", source=self.config.archive_uri)\n'
        "        ]\n"
    )
    return "\n".join(methods)


@pytest.mark.parametrize(
    ("depth", "recursive", "unchecked"),
    [(1, True, False), (4, False, False), (5, False, True)],
)
def test_builder_helpers_are_followed_a_few_calls_deep_without_looping(
    tmp_path: Path, depth: int, recursive: bool, unchecked: bool
) -> None:
    root = tmp_path / "project"
    shutil.copytree(materialized("spec_dependency/ALN304_builder_helper_reads_input_fires"), root)
    builders = root / "steps" / "builders.py"
    text = builders.read_text(encoding="utf-8")
    start = text.index("    def _get_inputs(self, inputs):\n        return self._gather")
    end = text.index("class EnrichStepBuilder")
    builders.write_text(
        text[:start] + _helper_chain(depth, recursive) + "\n\n" + text[end:], encoding="utf-8"
    )
    result = _check(root)
    # Enrich's `lookup` is reported either way; Ingest's `archive` comes from the config.
    assert [d.message.split(" in DAG")[0] for d in result.diagnostics if d.code == "ALN304"] == [
        "required dependency 'lookup' of node 'Enrich'"
    ]
    reasons = [item.reason for item in result.statistics.unchecked if item.code == "ALN304"]
    if unchecked:
        assert reasons == [
            "what the builder of node 'Ingest' takes from the pipeline is not known: "
            "`IngestStepBuilder._hop_4` passes `inputs` to `self._hop_5()`, more than 4 calls deep"
        ]
    else:
        assert reasons == []
