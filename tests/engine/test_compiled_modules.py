"""Compiled extension modules (``.so``, ``.pyd``): found, known to exist, never read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from alignlint.core.settings import Settings
from alignlint.extract.python import module_name
from alignlint.run.analysis import analyze
from alignlint.run.discover import discover_files

COMPILED = [
    "lib/_speedups.cpython-311-x86_64-linux-gnu.so",
    "lib/native.abi3.so",
    "lib/win/_fast.cp311-win_amd64.pyd",
]


def test_names() -> None:
    assert module_name(COMPILED[0])[0] == "lib._speedups"
    assert module_name(COMPILED[1])[0] == "lib.native"
    assert module_name(COMPILED[2])[0] == "lib.win._fast"
    assert module_name("_top.so") == ("_top", False, ())


def test_found_never_read(tmp_path: Path) -> None:
    """A compiled module larger than ``max-file-size`` is no ALN002: alignlint does not read
    it, only knows it exists. It counts as a file checked, not as one parsed."""
    (tmp_path / "lib" / "win").mkdir(parents=True)
    (tmp_path / "lib" / "__init__.py").write_text("from ._speedups import normalise\n")
    (tmp_path / "lib" / "win" / "__init__.py").write_text("")
    for relative in COMPILED:
        (tmp_path / relative).write_bytes(b"\x7fELF" + b"\0" * 4096)
    settings = dataclasses.replace(Settings(), max_file_size=1024)
    found = [file.relative for file in discover_files([], tmp_path, settings)]
    assert found == sorted(["lib/__init__.py", "lib/win/__init__.py", *COMPILED])
    result = analyze([], settings, root=tmp_path, need_project=True)
    assert result.diagnostics == ()
    assert (result.statistics.files, result.statistics.files_parsed) == (5, 2)
    assert result.project is not None
    for dotted in ("lib._speedups", "lib.native", "lib.win._fast"):
        module = result.project.index.find_module(dotted)
        assert module is not None and module.facts.kind == "compiled"
        assert module.package_name == dotted
