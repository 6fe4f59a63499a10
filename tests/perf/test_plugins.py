"""Rule plugins are found through entry points, remembered in the cache between runs, and found
again as soon as what is installed changes."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from alignlint.infra.cache import encode_entry
from alignlint.infra.plugins import (
    environment_fingerprint,
    installed_entry_points,
    load_entry_point,
    scan_entry_points,
)
from alignlint.rules.base import ENTRY_POINT_GROUP

REPO = Path(__file__).resolve().parents[2]

PLUGIN_RULE = """\
from alignlint.rules.base import Rule


class Everything(Rule):
    '''Reports every project.'''

    code = "ZZZ{number:03d}"
    name = "everything-{number}"
    summary = "reports every project"

    def check(self, project):
        return []
"""


def test_scan_reports_what_importlib_metadata_reports() -> None:
    expected = sorted((ep.name, ep.value) for ep in entry_points(group=ENTRY_POINT_GROUP))
    assert list(scan_entry_points(ENTRY_POINT_GROUP)) == expected
    assert ("script_contract", "alignlint.rules.script_contract:RULES") in expected


def test_without_a_cache_directory_nothing_is_written(tmp_path: Path) -> None:
    assert installed_entry_points(ENTRY_POINT_GROUP, None) == scan_entry_points(ENTRY_POINT_GROUP)
    assert list(tmp_path.iterdir()) == []


def test_the_record_is_written_and_then_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = installed_entry_points(ENTRY_POINT_GROUP, cache)
    assert first == scan_entry_points(ENTRY_POINT_GROUP)
    (record,) = (cache / "plugins").iterdir()
    assert (cache / ".gitignore").is_file()
    # Plant a different answer under the current fingerprint: the next call must return it,
    # which shows the record (not a new scan) answers while nothing installed changed.
    planted = (("planted", "somewhere:RULES"),)
    identity = f"entry points\0{ENTRY_POINT_GROUP}\0{environment_fingerprint()}"
    record.write_bytes(encode_entry(identity, planted))
    assert installed_entry_points(ENTRY_POINT_GROUP, cache) == planted


@pytest.mark.parametrize(
    "damage",
    [b"", b"not an entry", b"ALNFACTS" + b"\0" * 40],
    ids=["empty", "garbage", "truncated"],
)
def test_a_damaged_record_is_rescanned_and_rewritten(tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    installed_entry_points(ENTRY_POINT_GROUP, cache)
    (record,) = (cache / "plugins").iterdir()
    record.write_bytes(damage)
    assert installed_entry_points(ENTRY_POINT_GROUP, cache) == scan_entry_points(ENTRY_POINT_GROUP)
    assert record.read_bytes() != damage


def test_a_record_of_another_value_type_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    installed_entry_points(ENTRY_POINT_GROUP, cache)
    (record,) = (cache / "plugins").iterdir()
    identity = f"entry points\0{ENTRY_POINT_GROUP}\0{environment_fingerprint()}"
    record.write_bytes(encode_entry(identity, ["not", "pairs"]))
    assert installed_entry_points(ENTRY_POINT_GROUP, cache) == scan_entry_points(ENTRY_POINT_GROUP)


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be\n")
    assert installed_entry_points(ENTRY_POINT_GROUP, blocker / "cache") == scan_entry_points(
        ENTRY_POINT_GROUP
    )


def test_load_entry_point_follows_dotted_attributes() -> None:
    assert load_entry_point("os.path:join") is os.path.join
    assert load_entry_point("os.path") is os.path
    assert load_entry_point("os : path.join [extra]") is os.path.join
    with pytest.raises(ValueError, match="malformed entry point value"):
        load_entry_point("not a reference!")


def _write_rule_modules(code: Path, numbers: list[int]) -> None:
    for number in numbers:
        (code / f"plugin_rule_{number}.py").write_text(PLUGIN_RULE.format(number=number))


def _write_distribution(site: Path, numbers: list[int]) -> None:
    """The metadata pip leaves for a distribution registering one rule module per number."""
    dist = site / "example_plugin-1.0.dist-info"
    dist.mkdir(exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: example-plugin\nVersion: 1.0\n")
    lines = [f"zzz{number} = plugin_rule_{number}:Everything" for number in numbers]
    (dist / "entry_points.txt").write_text("[alignlint.rules]\n" + "\n".join(lines) + "\n")


def _check(project: Path, code: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alignlint", "check", ".", "--select", "ZZZ", "--statistics"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(map(str, (REPO, code, site)))},
        capture_output=True,
        text=True,
        check=False,
    )


def test_installing_and_editing_a_plugin_is_seen_by_the_next_cached_run(tmp_path: Path) -> None:
    code, site, project = tmp_path / "code", tmp_path / "site", tmp_path / "project"
    for directory in (code, site, project):
        directory.mkdir()
    (project / "step.py").write_text("X = 1\n")
    _write_rule_modules(code, [1, 2])
    # No plugin: selecting its prefix is a configuration error ...
    missing = _check(project, code, site)
    assert missing.returncode == 2
    assert "ZZZ" in missing.stderr
    assert (project / ".alignlint_cache" / "plugins").is_dir()
    # ... installed: the record the previous run left must not hide it ...
    _write_distribution(site, [1])
    installed = _check(project, code, site)
    assert installed.returncode == 0, installed.stderr
    assert _rules_run(installed.stdout) == 1
    # ... its entry points edited in place (no directory entry added or removed): seen as well.
    _write_distribution(site, [1, 2])
    edited = _check(project, code, site)
    assert edited.returncode == 0, edited.stderr
    assert _rules_run(edited.stdout) == 2


def _rules_run(statistics: str) -> int:
    (line,) = [line for line in statistics.splitlines() if "rules run" in line]
    return int(line.split()[-1])
