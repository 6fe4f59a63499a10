"""Phase 1 defers the bodies of modules that do not look like pieces; a deferred body is always
what the full extraction records (alignlint.extract.deferred)."""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import shutil
from pathlib import Path

import pytest
from fixture_cases import case_paths, materialize

from alignlint import extract
from alignlint.core.settings import Settings
from alignlint.extract import extract_deferring, extract_file, looks_like_a_piece
from alignlint.extract.deferred import DeferredBody, attach_sources, deferred_file
from alignlint.extract.facts import EMPTY_BODY, BodyFacts, FileFacts, FunctionFact
from alignlint.run.analysis import analyze

REPO = Path(__file__).resolve().parents[2]

#: A module of library code: no piece's base class, no DAG call, no script entry.
LIBRARY = (
    b'''"""Validation helpers."""
import os


def read_setting(name):
    return os.environ.get(name, "x")


def forward(input_paths):
    return helper(input_paths)


def helper(paths):
    return paths["KEY"]


class Checker:
    def check(self, config):
        value = config.threshold
        if hasattr(config, "limit"):
            return config.limit
        return value
'''
    + b"# Library code: big enough to be worth deferring.\n" * 90
)


def resolved(facts: FileFacts) -> FileFacts:
    """``facts`` with every deferred body replaced by the body it stands for."""

    def body_of(function: FunctionFact) -> BodyFacts:
        body = function.body
        return body.resolved() if isinstance(body, DeferredBody) else body

    functions = tuple(dataclasses.replace(f, body=body_of(f)) for f in facts.functions)
    classes = tuple(
        dataclasses.replace(
            c, methods=tuple(dataclasses.replace(m, body=body_of(m)) for m in c.methods)
        )
        for c in facts.classes
    )
    return dataclasses.replace(facts, functions=functions, classes=classes)


def deferred_and_full(path: str, data: bytes, settings: Settings) -> tuple[FileFacts, FileFacts]:
    """The deferring extraction (through a pickle, as the cache and the pool give it, with its
    source attached) and the full one."""
    lazy = pickle.loads(pickle.dumps(extract_deferring(path, data, settings)))
    attach_sources([lazy], settings, lambda _: data)
    return lazy, extract_file(path, data, settings)


def python_sources() -> list[tuple[str, Path]]:
    """Every Python file of the fixture cases' projects, the catalogue and the examples."""
    found: list[tuple[str, Path]] = []
    for root in (REPO / "alignlint" / "catalog", REPO / "examples"):
        found.extend((p.relative_to(REPO).as_posix(), p) for p in sorted(root.rglob("*.py")))
    return found


def test_library_code_is_deferred_and_resolves_to_the_full_extraction() -> None:
    settings = Settings()
    lazy, full = deferred_and_full("lib/validation.py", LIBRARY, settings)
    assert not looks_like_a_piece(LIBRARY.decode(), settings)
    assert all(isinstance(f.body, DeferredBody) for f in lazy.functions)
    assert isinstance(lazy.classes[0].methods[0].body, DeferredBody)
    assert full.functions[0].body.env_reads  # there is something to find
    assert resolved(lazy) == full
    assert lazy == full  # a deferred body equals the scanned body it stands for


def test_a_deferred_body_pickles_smaller_than_the_scanned_one() -> None:
    settings = Settings()
    data = LIBRARY * 1  # one module
    assert len(pickle.dumps(extract_deferring("lib/v.py", data, settings))) < len(
        pickle.dumps(extract_file("lib/v.py", data, settings))
    )


def test_pieces_are_scanned_at_once() -> None:
    settings = Settings()
    script = b"def main(input_paths, output_paths, environ_vars, job_args):\n    return 1\n"
    builder = b"class B(StepBuilderBase):\n    def f(self):\n        return self.config.x\n"
    dag = b"def build():\n    d = make()\n    d.add_node('a')\n    return d\n"
    for text in (script, builder, dag):
        facts = extract_deferring("steps/x.py", text, settings)
        assert deferred_file(facts) is None, text


def test_every_python_file_of_fixtures_catalogue_and_examples_resolves_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "DEFER_MIN_CHARS", 0)  # defer small modules too
    settings = Settings()
    files = python_sources()
    for number, case in enumerate(case_paths()):
        project = materialize(case, tmp_path / str(number))
        files.extend((p.relative_to(project).as_posix(), p) for p in sorted(project.rglob("*.py")))
    deferred = 0
    for path, file in files:
        lazy, full = deferred_and_full(path, file.read_bytes(), settings)
        deferred += deferred_file(lazy) is not None
        assert resolved(lazy) == full, path
    assert deferred > 10  # the test exercises deferral


def test_dag_fields_of_a_module_without_dag_calls_are_known_without_reading_it() -> None:
    settings = Settings()
    reads: list[str] = []
    lazy = extract_deferring("lib/validation.py", LIBRARY, settings)

    def load(path: str) -> bytes:
        reads.append(path)
        return LIBRARY

    attach_sources([lazy], settings, load)
    for function in lazy.functions:
        assert function.body.dag_calls == () and function.body.dag_creations == ()
    assert reads == []
    assert lazy.functions[0].body.env_reads
    assert reads == ["lib/validation.py"]  # once for the whole file
    assert lazy.functions[1].body.dict_passes
    assert reads == ["lib/validation.py"]


def test_a_file_changed_since_its_extraction_has_empty_deferred_bodies() -> None:
    settings = Settings()
    lazy = extract_deferring("lib/validation.py", LIBRARY, settings)
    attach_sources([lazy], settings, lambda _: LIBRARY + b"# edited\n")
    assert lazy.functions[0].body.resolved() is EMPTY_BODY


def test_reading_a_deferred_body_before_attaching_its_source_is_an_error() -> None:
    lazy = extract_deferring("lib/validation.py", LIBRARY, Settings())
    with pytest.raises(RuntimeError, match=r"lib/validation\.py"):
        _ = lazy.functions[0].body.env_reads


def test_a_body_nesting_deeper_than_the_scanner_goes_is_scanned_at_once() -> None:
    settings = Settings()
    deep = "value = " + "f(" * 90 + "1" + ")" * 90
    nested = "\n".join("    " * (depth + 1) + "if x:" for depth in range(80))
    body = f"{nested}\n{'    ' * 81}{deep}\n    return os.environ.get('A')\n"
    text = f"import os\n\n\ndef deep(x):\n{body}\n\ndef shallow():\n    return os.getenv('B')\n".encode()
    lazy = extract_deferring("lib/deep.py", text, settings)
    full = extract_file("lib/deep.py", text, settings)
    assert full.notes and "nested too deeply" in full.notes[0].reason
    assert lazy.notes == full.notes
    assert not isinstance(lazy.functions[0].body, DeferredBody)
    assert isinstance(lazy.functions[1].body, DeferredBody)


def test_a_script_that_does_not_look_like_one_is_still_checked(tmp_path: Path) -> None:
    """A contract names a module whose text looks like no piece: linking reads its bodies,
    which are scanned then, and its misaligned key is reported as from a full extraction."""
    case = REPO / "fixtures" / "script_contract" / "ALN101_undeclared_input_key_fires.case"
    root = materialize(case, tmp_path / "project")
    script = root / "steps" / "scripts" / "prep.py"
    script.write_text(
        "def run(input_paths, output_paths):\n"
        '    return input_paths["DATA"], output_paths["processed_data"]\n'
        + "# A long module.\n"
        * 300,
        encoding="utf-8",
    )
    data = script.read_bytes()
    assert deferred_file(extract_deferring("steps/scripts/prep.py", data, Settings()))
    for use_cache in (False, True, True):  # cold, then from the fact cache
        settings = Settings(cache_dir=str(tmp_path / "cache"))
        result = analyze([root], settings, root=root, use_cache=use_cache, need_project=True)
        assert result.project is not None
        found = [d for d in result.diagnostics if d.code == "ALN101"]
        assert [d.span.path for d in found] == ["steps/scripts/prep.py"], result.diagnostics
        assert "DATA" in found[0].message
    shutil.rmtree(tmp_path / "cache")


def test_cached_facts_hold_deferred_bodies_of_the_same_bytes(tmp_path: Path) -> None:
    from alignlint.run.fact_cache import FactCache, extract_entry

    settings = Settings(cache_dir=str(tmp_path / "cache"))
    entry = extract_entry("lib/validation.py", LIBRARY, settings)
    digest = hashlib.sha256(LIBRARY).hexdigest()
    cached = FactCache(tmp_path, settings).decode("lib/validation.py", digest, entry)
    assert cached is not None
    found = deferred_file(cached)
    assert found is not None and found.content_hash == digest
