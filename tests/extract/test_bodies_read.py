"""Modules that declare builder or config classes or build a DAG defer the bodies nothing is
likely to read (alignlint.extract.python.BodiesRead); a deferred body is what the full
extraction records, however late it is read, and an edit inside one is seen by a cached run."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from fixture_cases import materialize
from perf.test_deferred_bodies import resolved

from alignlint.core.settings import Settings
from alignlint.extract import (
    DEFER_MIN_CHARS,
    dag_class_aliases,
    extract_deferring,
    extract_file,
    may_build_a_dag,
)
from alignlint.extract.deferred import DeferredBody, attach_sources, deferred_file
from alignlint.extract.facts import BodyFacts, FileFacts
from alignlint.run.analysis import analyze

REPO = Path(__file__).resolve().parents[2]
PADDING = "# A long module: its bodies are worth deferring.\n" * (DEFER_MIN_CHARS // 40)

CONFIG = f'''"""Config and builder of the Blend step."""
import os

from alignlint.runtime.config import ProcessingStepConfigBase


class BlendConfig(ProcessingStepConfigBase):
    metrics: list[str] = ["mae"]

    def validate_metrics(self):
        if not self.metrics:
            raise ValueError(os.environ.get("HINT", "metrics"))
        return self

    @field_validator("job_type")
    @classmethod
    def known_job_type(cls, value):
        if value not in ("training", "scoring"):
            raise ValueError(value)
        return value

    def blend_environment(self):
        return {{"METRIC_LIST": ",".join(self.metrics)}}

    def derived_settings(self):
        return {{"TRACE": "1"}}


class BlendStepBuilder(StepBuilderBase):
    def _get_environment_variables(self):
        env = {{"MODE": self.config.mode}}
        env.update(self.config.derived_settings())
        return env


def helper(config):
    return config.mode


{PADDING}'''

DAG = f'''"""DAGs of a catalogue."""
import os


def build_dag():
    dag = PipelineDAG()
    dag.add_node("a")
    (dag.add_edge)("a", "b")
    return dag


def describe():
    return os.environ.get("NAME", "x")


{PADDING}'''


def bodies(facts: FileFacts) -> dict[str, BodyFacts]:
    found: dict[str, BodyFacts] = {f.name: f.body for f in facts.functions}
    found.update({f"{c.name}.{m.name}": m.body for c in facts.classes for m in c.methods})
    return found


def lazily(path: str, text: str, reads: list[str]) -> FileFacts:
    """The deferring extraction, through a pickle (as the cache and the pool give it), its
    source attached; ``reads`` records each time the file is extracted again."""
    data = text.encode()
    lazy: FileFacts = pickle.loads(pickle.dumps(extract_deferring(path, data, Settings())))

    def load(name: str) -> bytes:
        reads.append(name)
        return data

    attach_sources([lazy], Settings(), load)
    return lazy


def test_a_config_module_defers_what_nothing_is_likely_to_read() -> None:
    lazy = extract_deferring("steps/configs/blend.py", CONFIG.encode(), Settings())
    kinds = {name: isinstance(body, DeferredBody) for name, body in bodies(lazy).items()}
    assert kinds == {
        "helper": False,  # a module-level function of a module declaring a builder
        "BlendConfig.validate_metrics": True,
        "BlendConfig.known_job_type": False,  # what it lets through is ALN403's evidence
        "BlendConfig.blend_environment": False,  # its name mentions env
        "BlendConfig.derived_settings": True,
        "BlendStepBuilder._get_environment_variables": False,
    }


def test_a_config_base_keeps_its_methods_and_a_registry_name_defers_nothing_more() -> None:
    """The methods of a configured config base are scanned at once (every config inherits
    them); naming the registry does not make the other bodies read; a script's do."""
    text = (
        "from .registry import STEP_NAMES\n\n\n"
        "class BasePipelineConfig(BaseModel):\n"
        "    @property\n"
        "    def pipeline_name(self):\n"
        "        return {'NAME': self.author}  # config\n\n\n"
        "class Helper:\n"
        "    def names(self):\n"
        "        return list(STEP_NAMES)  # config\n\n\n"
        f"{PADDING}"
    )
    lazy = extract_deferring("core/config_base.py", text.encode(), Settings())
    kinds = {name: isinstance(body, DeferredBody) for name, body in bodies(lazy).items()}
    assert kinds == {"BasePipelineConfig.pipeline_name": False, "Helper.names": True}
    script = text + "\ndef main(input_paths, output_paths, environ_vars, job_args):\n    pass\n"
    whole = extract_deferring("scripts/s.py", script.encode(), Settings())
    assert deferred_file(whole) is None


def test_a_body_read_late_is_the_body_read_at_once() -> None:
    for path, text in (("steps/configs/blend.py", CONFIG), ("dags/catalogue.py", DAG)):
        reads: list[str] = []
        lazy = lazily(path, text, reads)
        full = extract_file(path, text.encode(), Settings())
        assert deferred_file(lazy) is not None
        # The DAG fields of every deferred body are known without extracting the file again.
        for body in bodies(lazy).values():
            _ = (body.dag_calls, body.dag_creations)
        assert reads == []
        assert resolved(lazy) == full
        assert lazy == full
        assert reads == [path]  # once for the whole file


def test_a_dag_module_scans_at_once_only_the_bodies_that_may_build_a_dag() -> None:
    reads: list[str] = []
    lazy = lazily("dags/catalogue.py", DAG, reads)
    found = bodies(lazy)
    built = found["build_dag"]
    assert not isinstance(built, DeferredBody)
    assert [call.method for call in built.dag_calls] == ["add_node", "add_edge"]
    described = found["describe"]
    assert isinstance(described, DeferredBody)
    assert described.dag_calls == () and reads == []
    assert described.env_reads and reads == ["dags/catalogue.py"]


def test_a_parenthesised_dag_call_is_a_dag_call() -> None:
    settings = Settings()
    for text in ("(dag.add_node)('a')", "d = (PipelineDAG)()", "dag.add_node # note\r  ('a')"):
        assert may_build_a_dag(text, settings), text
    assert may_build_a_dag("dag.\uff41dd_node('a')", settings)  # NFKC: add_node
    assert not may_build_a_dag("dag.add_node # ('a')", settings)
    assert not may_build_a_dag("dag.add_node #" + ")" * 50_000, settings)  # stays linear


def blend_project(tmp_path: Path) -> tuple[Path, Path]:
    """The ALN117 case whose config merges a method the guess defers: ``blend_settings``
    (no ``env`` in its name) in a module long enough to defer."""
    case = REPO / "fixtures" / "script_contract" / "ALN117_unread_sent_env_var_fires.case"
    root = materialize(case, tmp_path / "project")
    builder = root / "steps" / "builders" / "builder_blend_step.py"
    builder.write_text(builder.read_text().replace("blend_environment", "blend_settings"))
    config = root / "steps" / "configs" / "config_blend_step.py"
    text = config.read_text().replace("blend_environment", "blend_settings")
    config.write_text(text + "\n    def validate_weights(self):\n        return self\n" + PADDING)
    return root, config


def findings(root: Path, cache: Path | None) -> list[str]:
    settings = Settings(select=("ALN117",), cache_dir=str(cache or root / ".unused"))
    result = analyze([], settings, root=root, use_cache=cache is not None)
    return [f"{d.span.path}:{d.span.line} {d.message}" for d in result.diagnostics]


def test_an_edit_inside_a_deferred_body_is_seen_by_a_cached_run(tmp_path: Path) -> None:
    root, config = blend_project(tmp_path)
    facts = extract_deferring("steps/configs/config_blend_step.py", config.read_bytes(), Settings())
    kinds = {name: isinstance(body, DeferredBody) for name, body in bodies(facts).items()}
    assert kinds == {"BlendConfig.blend_settings": True, "BlendConfig.validate_weights": True}
    cache = tmp_path / "cache"
    first = findings(root, cache)
    assert any("METRIC_LIST" in line for line in first), first
    assert first == findings(root, None)
    # Inside the deferred body the rule reads (through the builder): the key changes.
    config.write_text(config.read_text().replace('"METRIC_LIST"', '"METRIC_NAMES"'))
    edited = findings(root, cache)
    assert any("METRIC_NAMES" in line for line in edited), edited
    assert not any("METRIC_LIST" in line for line in edited)
    assert edited == findings(root, None)
    # Inside a deferred body nothing reads: the findings stand, as a full run finds them.
    config.write_text(config.read_text().replace("        return self\n", "        return 1\n"))
    assert findings(root, cache) == edited == findings(root, None)
    # And a line added above the deferred bodies moves the findings below it.
    config.write_text(config.read_text().replace("    metrics:", "\n    metrics:", 1))
    moved = findings(root, cache)
    assert moved == findings(root, None) and moved != edited
    shutil.rmtree(cache)


def test_the_other_names_a_module_binds_a_dag_class_to_build_dags() -> None:
    settings = Settings()
    text = (
        "from lib.dag import PipelineDAG as DAG\n"
        "import lib.dag.PipelineDAG as Whole\n"
        "Graph = lib.dag.PipelineDAG  # the same class\n"
        "with PipelineDAG() as probe:\n"
        "    pass\n"
        "Other = PipelineDAGCompiler\n"
    )
    assert dag_class_aliases(text, settings) == ("DAG", "Graph", "Whole")
    assert dag_class_aliases("from lib.dag import PipelineDAG\n", settings) == ()
    body = "def create():\n    return DAG(nodes=['a'], edges=[])\n"
    assert not may_build_a_dag(body, settings)
    assert may_build_a_dag(body, settings, ("DAG",))
