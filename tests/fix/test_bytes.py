"""Fixing changes exactly the edited spans: every other byte of the file stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignlint.core.types import Applicability, Diagnostic, Edit, Fix, Span
from alignlint.fix import FixPolicy, run_fixes

from .toy_project import ToyProject, finding, replace_rule

RENAME = replace_rule("TST001", "old_name", "new_name")


def fix_file(tmp_path: Path, name: str, data: bytes) -> bytes:
    (tmp_path / name).write_bytes(data)
    report = run_fixes(tmp_path, ToyProject(tmp_path, [RENAME]), FixPolicy())
    assert report.applied == (("TST001", data.count(b"old_name")),)
    return (tmp_path / name).read_bytes()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"a = 1\r\nold_name = 2  # keep\r\nb = 'x'\r\n", id="crlf"),
        pytest.param(b"a = 1\rold_name = 2  # keep\rb = 'x'\r", id="cr"),
        pytest.param(b"\xef\xbb\xbfa = 1\nold_name = 2\n", id="bom"),
        pytest.param(b"if True:\n\told_name = 2\n\tx = 'old_name'\n", id="tabs"),
        pytest.param(b"a = 1\nold_name = 2", id="no-final-newline"),
        pytest.param("s = 'é𝒳\U0001f600'; old_name = 1\n".encode(), id="non-ascii-before-edit"),
        pytest.param(b"a = 1\r\nb = 2\nold_name = 3\rc = old_name\n", id="mixed-newlines"),
    ],
)
def test_only_the_edited_span_changes(tmp_path: Path, data: bytes) -> None:
    assert fix_file(tmp_path, "m.py", data) == data.replace(b"old_name", b"new_name")


def test_latin1_coding_cookie_and_non_ascii_before_the_edit(tmp_path: Path) -> None:
    data = "# -*- coding: latin-1 -*-\ns = 'café'; old_name = 'ß'\n".encode("latin-1")
    assert fix_file(tmp_path, "m.py", data) == data.replace(b"old_name", b"new_name")


def test_inserted_line_breaks_follow_the_file_style(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_bytes(b"x = 1\r\ny = 2\r\n")

    def insert_line(path: str, text: str) -> list[Diagnostic]:
        if "z = 3" in text:
            return []
        start = text.index("y")
        where = Span.of(path, 2, 1, 2, 1)
        fix = Fix("Insert z", Applicability.SAFE, (Edit(where, "z = 3\n"),))
        return [finding("TST002", path, text, start, start + 1, fix)]

    run_fixes(tmp_path, ToyProject(tmp_path, [insert_line]), FixPolicy())
    assert (tmp_path / "m.py").read_bytes() == b"x = 1\r\nz = 3\r\ny = 2\r\n"


def test_text_that_the_file_encoding_cannot_hold_is_discarded(tmp_path: Path) -> None:
    data = "# coding: latin-1\nold_name = 1\n".encode("latin-1")
    (tmp_path / "m.py").write_bytes(data)
    rule = replace_rule("TST003", "old_name", "név_😀")
    report = run_fixes(tmp_path, ToyProject(tmp_path, [rule]), FixPolicy())
    assert (tmp_path / "m.py").read_bytes() == data
    assert [d.reason for d in report.discarded] == [
        "m.py: the new text cannot be encoded as iso-8859-1"
    ]


def test_json_yaml_and_toml_files_are_fixed_and_checked(tmp_path: Path) -> None:
    files = {
        "dag.json": b'{\r\n  "nodes": ["old_name"]\r\n}\r\n',
        "reg.yaml": b"steps:\n  - old_name  # a comment\n",
        "conf.toml": b'name = "old_name"\n',
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    report = run_fixes(tmp_path, ToyProject(tmp_path, [RENAME]), FixPolicy())
    assert report.written == ("conf.toml", "dag.json", "reg.yaml")
    for name, data in files.items():
        assert (tmp_path / name).read_bytes() == data.replace(b"old_name", b"new_name")
