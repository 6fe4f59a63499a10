"""``alignlint.check``: the Python API returns the same findings as the command."""

from __future__ import annotations

from pathlib import Path

import pytest

import alignlint
from alignlint.core.errors import ConfigError, DiscoveryError


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "bad.py").write_text("x = (\n", encoding="utf-8")
    (tmp_path / "pkg" / "latin.py").write_bytes(b'x = "caf\xe9"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_returns_sorted_findings_relative_to_the_cwd(project: Path) -> None:
    findings = alignlint.check(["pkg"], select=["ALN0"])
    assert [(d.code, str(d.span)) for d in findings] == [
        ("ALN001", "pkg/bad.py:1:5"),
        ("ALN002", "pkg/latin.py:1:9"),
    ]
    assert all(len(d.fingerprint) == 16 for d in findings)


def test_select_and_ignore(project: Path) -> None:
    assert [d.code for d in alignlint.check(["pkg"], select=["ALN002"])] == ["ALN002"]
    assert [
        d.code for d in alignlint.check(["pkg"], select=["ALN0"], ignore=["undecodable-file"])
    ] == ["ALN001"]


def test_explicit_config_file(project: Path) -> None:
    config = project / "custom.toml"
    config.write_text('select = ["ALN0"]\nignore = ["ALN001"]\n', encoding="utf-8")
    assert [d.code for d in alignlint.check(["pkg"], config=config)] == ["ALN002"]


def test_errors_are_raised_as_exceptions(project: Path) -> None:
    with pytest.raises(DiscoveryError):
        alignlint.check(["nowhere"])
    with pytest.raises(ConfigError, match="unknown rule selector `NOPE`"):
        alignlint.check(["pkg"], select=["NOPE"])


def test_fingerprints_do_not_depend_on_line_numbers(project: Path) -> None:
    before = alignlint.check(["pkg"], select=["ALN002"])
    (project / "pkg" / "latin.py").write_bytes(b'\n\n# moved\nx = "caf\xe9"\n')
    after = alignlint.check(["pkg"], select=["ALN002"])
    assert before[0].span.line != after[0].span.line
    assert before[0].fingerprint == after[0].fingerprint
