"""Bad input gives error facts (with exact locations), never an exception."""

from __future__ import annotations

import pickle
import subprocess
import sys
import warnings
from pathlib import Path

from alignlint.core.settings import Settings
from alignlint.core.types import Position
from alignlint.extract import extract_file
from alignlint.model import build_project

SETTINGS = Settings()


def test_syntax_error_has_location() -> None:
    facts = extract_file("pkg/bad.py", b"x = 1\ndef broken(:\n    pass\n", SETTINGS)
    (error,) = facts.errors
    assert error.kind == "syntax"
    assert error.message == "syntax error: invalid syntax"
    assert error.span.start == Position(2, 12)


def test_non_utf8_is_undecodable_with_location() -> None:
    facts = extract_file("bad.py", b'x = 1\ny = "caf\xe9"\n', SETTINGS)
    (error,) = facts.errors
    assert error.kind == "undecodable"
    assert error.message == "file is not valid utf-8: byte 0xe9 at line 2, column 9"
    assert error.span.start == Position(2, 9)


def test_coding_cookie_is_honoured() -> None:
    data = '# -*- coding: latin-1 -*-\nX = "café"\n'.encode("latin-1")
    facts = extract_file("latin.py", data, SETTINGS)
    assert facts.errors == ()
    assert [a.name for a in facts.assignments] == ["X"]


def test_nul_byte() -> None:
    facts = extract_file("nul.py", b"x = 1\ny = 2\x00\n", SETTINGS)
    (error,) = facts.errors
    assert error.message == "syntax error: source contains a NUL byte"
    assert error.span.start == Position(2, 6)


#: Code Python's compiler warns about when parsing it (an invalid escape sequence, ``is`` with
#: a literal): a DeprecationWarning up to Python 3.11, a SyntaxWarning from 3.12.
WARNED_CODE = 'import re\nPATTERN = re.compile("\\d\\+")\nSAME = PATTERN is ()\n'


def test_warnings_about_the_checked_code_are_not_raised() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        facts = extract_file("steps/scripts/warned.py", WARNED_CODE.encode(), SETTINGS)
    assert facts.errors == () and [a.name for a in facts.assignments] == ["PATTERN", "SAME"]
    assert [str(item.message) for item in caught] == []


def test_the_command_prints_no_warning_about_the_checked_code(tmp_path: Path) -> None:
    """Every warning shown (``-W always``): a run prints its findings, not Python's warnings
    about the code it reads (in the pool's workers and in this process alike)."""
    scripts = tmp_path / "steps" / "scripts"
    scripts.mkdir(parents=True)
    for number in range(40):
        (scripts / f"warned_{number}.py").write_text(WARNED_CODE + "X = 1\n" * 2000)
    run = subprocess.run(
        [sys.executable, "-W", "always", "-m", "alignlint", "check", ".", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stderr, run.stderr


def test_empty_file() -> None:
    facts = extract_file("empty.py", b"", SETTINGS)
    assert facts.errors == ()
    project = build_project([facts], SETTINGS)
    assert project.steps == [] and project.unlinked == []


def test_deep_nesting_does_not_raise() -> None:
    nested = "x = " + "(" * 1000 + "1" + ")" * 1000 + "\n"
    facts = extract_file("deep.py", nested.encode(), SETTINGS)
    assert [e.kind for e in facts.errors] == ["syntax"]
    chained = "import os\nX = " + " + ".join(['"/opt/ml"'] * 1000) + "\n"
    facts = extract_file("chain.py", chained.encode(), SETTINGS)
    assert facts.errors == ()
    build_project([facts], SETTINGS)


def test_five_megabyte_file() -> None:
    line = 'VALUE_{0} = {{"key_{0}": "/opt/ml/processing/input/{0}"}}\n'
    text = "".join(line.format(i) for i in range(90_000))
    assert len(text) > 5_000_000
    facts = extract_file("big.py", text.encode(), SETTINGS)
    assert facts.errors == ()
    assert len(facts.assignments) == 90_000


def test_character_columns_not_bytes() -> None:
    facts = extract_file("u.py", 'A = "é"; B = "x"\n'.encode(), SETTINGS)
    spans = {a.name: a.span for a in facts.assignments}
    assert spans["B"].start == Position(1, 10)


def test_facts_are_picklable_and_keyed_by_hash() -> None:
    data = b'X = {"a": [1, 2]}\nclass C:\n    y: int = 1\n'
    facts = extract_file("p.py", data, SETTINGS)
    assert pickle.loads(pickle.dumps(facts)) == facts
    import hashlib

    assert facts.content_hash == hashlib.sha256(data).hexdigest()


def test_json_dag_spans() -> None:
    data = b'{\n  "nodes": ["A", "B"],\n  "edges": [["A", "B"]]\n}\n'
    facts = extract_file("dags/d.json", data, SETTINGS)
    assert facts.json_dag is not None
    assert [(n, s.start) for n, s in facts.json_dag.nodes] == [
        ("A", Position(2, 13)),
        ("B", Position(2, 18)),
    ]
    assert [(a, b, s.start) for a, b, s in facts.json_dag.edges] == [("A", "B", Position(3, 14))]


def test_broken_json_is_a_syntax_error_at_the_parser_location() -> None:
    data = b'{\n  "nodes": ["A", "B"],\n  "edges": [["A", "B"]\n'
    facts = extract_file("dags/dag.json", data, SETTINGS)
    (error,) = facts.errors
    assert error.kind == "syntax"
    assert error.message == "syntax error: invalid JSON: Expecting ',' delimiter"
    assert (error.span.start, error.span.end) == (Position(4, 1), Position(4, 2))
    assert facts.json_dag is None


def test_valid_json_that_is_not_a_dag_is_silent() -> None:
    facts = extract_file("data/settings.json", b'{"name": "x", "values": [1, 2]}\n', SETTINGS)
    assert facts.errors == ()
    assert facts.json_dag is None
