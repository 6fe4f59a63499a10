"""The fixture case file format (``tests/fixture_cases.py``, ``fixtures/README.md``): any content
reads back byte for byte, malformed files are reported with their line, and materialising writes
the project (packages, a base directory) as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_cases import (
    CaseError,
    CaseFile,
    Section,
    escape,
    materialize,
    parse_case,
    project_files,
    render_case,
    unescape,
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- the format ------------------------------------------------------------------------------------
CONTENTS = [
    b"",
    b"\n",
    b"x = 1\n",
    b"x = 1\n\n\n",
    b"x = 1",
    b"trailing   \nspaces\t\n",
    b"\xef\xbb\xbfx = 1\n",
    b"a = 1\r\nb = 2\r\n",
    b"a\rb\r",
    b'NAME = "caf\xe9"\n',
    b"\x0cform feed\n\x00nul\n",
    b"back\\slash\\x41\\r\\\n",
    "é ünïcode\u2028sep\n".encode(),
    b"[file a.py]\n\\[file b.py]\n\\\\[expected]\n[case] x\n[not a header]\n",
]


@pytest.mark.parametrize("content", CONTENTS)
def test_any_content_reads_back_byte_for_byte(content: bytes) -> None:
    case = CaseFile(
        "Described.\n",
        (
            Section("file", "a.py", content),
            Section("file", "b/c.py", content),
            Section("expected", None, content),
        ),
    )
    text = render_case(case)
    parsed = parse_case(text)
    assert [(s.kind, s.path, s.content) for s in parsed.sections] == [
        (s.kind, s.path, s.content) for s in case.sections
    ]
    assert parsed.description == "Described.\n"
    assert render_case(parsed) == text
    assert "\r" not in text


def test_escapes_are_readable() -> None:
    assert escape(b'NAME = "caf\xe9"\n') == 'NAME = "caf\\xe9"\n'
    assert escape(b"a\r\n\xef\xbb\xbf") == "a\\r\n\\xef\\xbb\\xbf\\\n"
    assert unescape("x\\\\y\\x41\\r\\\n", "case", 1) == b"x\\yA\r"
    with pytest.raises(CaseError, match=r"case:3: unknown escape '\\\\n'"):
        unescape("\\n", "case", 3)


def test_plain_content_is_written_as_it_is() -> None:
    case = CaseFile("", (Section("file", "a.py", b"x = 1  \n"), Section("expected", None, b"")))
    assert render_case(case) == "[file a.py]\nx = 1  \n\n[expected]\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[file]\n", r"case:1: write the header as \[file <path>\]"),
        ("[expected a.py]\n", r"case:1: write the header as \[expected\]"),
        ("[file a.py] raw\n", "case:1: unknown header flag 'raw'"),
        ("[expected]x\n", "case:1: malformed section header"),
        ("[file ../a.py]\n", "case:1: file path '../a.py' must be relative"),
        ("[file /a.py]\n", "case:1: file path '/a.py' must be relative"),
        ("[file a.py]\n[file a.py]\n", r"case:2: section '\[file a.py\]' appears twice"),
        (
            "[case]\nbase: x\nmode: y\n",
            "case:3: expected `key: value` with a key of base, doc, no-init",
        ),
        ("[config]\n[file alignlint.toml]\n", "do not give both"),
        ("[file a.py]\r\nx\r\n", "case files use LF newlines"),
    ],
)
def test_malformed_case_files_are_reported_with_their_line(text: str, message: str) -> None:
    with pytest.raises(CaseError, match=message):
        parse_case(text, "case")


# -- materialising ---------------------------------------------------------------------------------
def test_packages_get_an_empty_init_unless_the_case_opts_out(tmp_path: Path) -> None:
    body = "[file steps/specs/a.py]\n\n[file steps/scripts/b.py]\n\n[file dags/d.json]\n{}\n\n[file top.py]\n"
    auto = _write(tmp_path / "auto.case", body + "\n[expected]\n")
    assert sorted(project_files(auto)) == [
        "dags/d.json",
        "steps/__init__.py",
        "steps/scripts/__init__.py",
        "steps/scripts/b.py",
        "steps/specs/__init__.py",
        "steps/specs/a.py",
        "top.py",
    ]
    some = _write(tmp_path / "some.case", "[case]\nno-init: steps/scripts\n\n" + body)
    assert "steps/scripts/__init__.py" not in project_files(some)
    assert "steps/specs/__init__.py" in project_files(some)
    none = _write(tmp_path / "none.case", "[case]\nno-init: *\n\n" + body)
    assert not [path for path in project_files(none) if path.endswith("__init__.py")]
    typo = _write(tmp_path / "typo.case", "[case]\nno-init: step/scripts\n\n" + body)
    with pytest.raises(CaseError, match="no-init names \\['step/scripts'\\] which hold no Python"):
        project_files(typo)


def test_a_written_init_is_kept(tmp_path: Path) -> None:
    case = _write(tmp_path / "c.case", "[file pkg/__init__.py]\nX = 1\n\n[file pkg/a.py]\n")
    assert project_files(case)["pkg/__init__.py"] == b"X = 1\n"


def test_a_case_builds_on_a_base_directory(tmp_path: Path) -> None:
    library = tmp_path / "library"
    (library / "pkg").mkdir(parents=True)
    (library / "pkg" / "__init__.py").write_bytes(b"# package\n")
    (library / "pkg" / "a.py").write_bytes(b"A = 1\n")
    (library / "pkg" / "__pycache__").mkdir()
    (library / "pkg" / "__pycache__" / "a.pyc").write_bytes(b"\x00")
    case = _write(tmp_path / "seeded.case", "[case]\nbase: library\n\n[file pkg/a.py]\nA = 2\n")
    project = materialize(case, tmp_path / "project")
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        "pkg/__init__.py",
        "pkg/a.py",
    ]
    assert (project / "pkg" / "__init__.py").read_bytes() == b"# package\n"
    assert (project / "pkg" / "a.py").read_bytes() == b"A = 2\n"
    missing = _write(tmp_path / "missing.case", "[case]\nbase: nowhere\n")
    with pytest.raises(CaseError, match="base 'nowhere' is not a directory"):
        project_files(missing)


def test_materialize_refuses_a_directory_with_files(tmp_path: Path) -> None:
    case = _write(tmp_path / "c.case", "[file a.py]\n")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("", encoding="utf-8")
    with pytest.raises(FileExistsError):
        materialize(case, tmp_path / "busy")
