"""A file that does not parse costs its own ALN001 and nothing else, in every file of the
realistic fixture library (registry, contracts, specs, builders, configs, scripts, DAGs): a
syntax error appended to each file in turn (lines do not move) adds no other finding by rule,
file and line. ``tests/realworld/test_corpus_unparsed_files.py`` does the same on real code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alignlint.extract.facts import FileFacts
from alignlint.run.analysis import analyze
from alignlint.run.configuration import load_configuration

LIBRARY = Path(__file__).resolve().parents[2] / "fixtures" / "realistic" / "legacy_library"
FILES = sorted(str(p.relative_to(LIBRARY)) for p in LIBRARY.rglob("*.py"))
SYNTAX_ERROR = b"\ndef _broken(:\n"

Key = tuple[str, str, int]


class Library:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = load_configuration(config_file=root / "alignlint.toml").settings
        self.memo: dict[tuple[str, str], FileFacts] = {}
        self.base = self.keys({})

    def keys(self, overlay: dict[str, bytes]) -> set[Key]:
        result = analyze([], self.settings, root=self.root, overlay=overlay, facts_memo=self.memo)
        return {(d.code, str(d.span.path), d.span.line) for d in result.diagnostics}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("library") / "legacy_library"
    shutil.copytree(LIBRARY, root)
    return Library(root)


def test_the_library_is_here() -> None:
    assert len(FILES) > 40


@pytest.mark.parametrize("path", FILES)
def test_a_file_that_does_not_parse_adds_only_its_syntax_error(library: Library, path: str) -> None:
    found = library.keys({path: (library.root / path).read_bytes() + SYNTAX_ERROR})
    assert {key[1] for key in found if key[0] == "ALN001"} >= {path}
    assert sorted(key for key in found - library.base if key[0] != "ALN001") == []
