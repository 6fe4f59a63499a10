"""A cache directory from the checkout is untrusted: it can neither run code nor change a finding.

Each test plays the attacker of a pull request: it commits a crafted cache (entries that run code
when unpickled, entries holding forged facts or findings, a forged plugin record, a ``cache-dir``
setting that points at committed files) and then runs the real ``alignlint check`` command the way
CI does. Nothing may run, and the findings must equal those of a run without any cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest

import alignlint.infra.user_key as user_key_module
from alignlint.core.settings import Settings
from alignlint.core.types import Statistics
from alignlint.extract import extract_file
from alignlint.infra.cache import CACHEDIR_TAG_TEXT, GITIGNORE_TEXT, clean, encode_entry
from alignlint.run.fact_cache import entry_key, identity_prefix, namespace_name
from alignlint.run.result_cache import RunRecord

from .support import ALIGNED_SCRIPT, REPO, SCRIPT, SCRIPT_PATH, alignlint, findings

ATTACKER_KEY = Path(__file__).with_name("attacker.key")
"""The attacker's own key (they cannot know the victim's, which lives outside the checkout)."""


class _RunsCode:
    """Unpickling this creates the marker directory: what a malicious entry would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def attacker_entry(identity: str, value: object) -> bytes:
    """An entry as an attacker can make it: right layout and identity, signed with a key of
    their own (they cannot know the victim's)."""
    user_key_module.user_key.cache_clear()
    previous = os.environ.get(user_key_module.KEY_FILE_VARIABLE)
    os.environ[user_key_module.KEY_FILE_VARIABLE] = str(ATTACKER_KEY)
    try:
        return encode_entry(identity, value)
    finally:
        if previous is None:
            os.environ.pop(user_key_module.KEY_FILE_VARIABLE)
        else:
            os.environ[user_key_module.KEY_FILE_VARIABLE] = previous
        user_key_module.user_key.cache_clear()


def commit_fact_entry(
    root: Path, cache_dir: str, path: str, value: object, *, tagged: bool = True
) -> Path:
    """Place ``value`` where the fact cache looks up the entry of ``path`` as it is on disk; with
    ``tagged``, also the markers that make the directory look like alignlint's own cache."""
    settings = Settings()
    if tagged:
        (root / cache_dir).mkdir(parents=True, exist_ok=True)
        (root / cache_dir / "CACHEDIR.TAG").write_text(CACHEDIR_TAG_TEXT, encoding="utf-8")
        (root / cache_dir / ".gitignore").write_text(GITIGNORE_TEXT, encoding="utf-8")
    content_hash = hashlib.sha256((root / path).read_bytes()).hexdigest()
    key = entry_key(path, content_hash)
    target = root / cache_dir / namespace_name(settings) / key[:2] / key
    target.parent.mkdir(parents=True, exist_ok=True)
    identity = f"{identity_prefix(settings)}{path}\0{content_hash}"
    target.write_bytes(attacker_entry(identity, value))
    return target


def test_a_committed_entry_that_runs_code_is_never_unpickled(
    project: Path, home: Path, tmp_path: Path
) -> None:
    expected = findings(project, home, "--no-cache")
    assert "ALN101" in expected
    marker = tmp_path / "pwned"
    commit_fact_entry(project, ".alignlint_cache", SCRIPT_PATH, _RunsCode(marker))
    assert findings(project, home) == expected
    assert findings(project, home) == expected  # and again, on the now warm cache
    assert not marker.exists()


def test_committed_forged_facts_do_not_hide_a_finding(project: Path, home: Path) -> None:
    expected = findings(project, home, "--no-cache")
    forged = extract_file(SCRIPT_PATH, ALIGNED_SCRIPT.encode(), Settings())
    content_hash = hashlib.sha256(SCRIPT.encode()).hexdigest()
    forged = forged.__class__(
        **{
            **{name: getattr(forged, name) for name in forged.__dataclass_fields__},
            "content_hash": content_hash,
        }
    )
    commit_fact_entry(project, ".alignlint_cache", SCRIPT_PATH, forged)
    assert "ALN101" in findings(project, home) == expected


def test_a_committed_result_record_does_not_hide_findings(project: Path, home: Path) -> None:
    expected = findings(project, home, "--no-cache")
    findings(project, home)  # a genuine run writes the results slot
    (slot,) = (project / ".alignlint_cache").glob("results-*/*")
    forged = RunRecord((), Statistics(files=0, files_parsed=0, steps=0), 0)
    data = slot.read_bytes()
    # Keep the genuine identity (the attacker can compute it), re-sign with their own key.
    identity_length = int.from_bytes(data[10:14], "big")
    identity = data[22 : 22 + identity_length].decode()
    slot.write_bytes(attacker_entry(identity, forged))
    assert findings(project, home) == expected


def test_a_committed_plugin_record_cannot_import_project_code(
    project: Path, home: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "imported"
    (project / "evil_rules.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('pwned')\nRULES = []\n",
        encoding="utf-8",
    )
    findings(project, home)  # a genuine run writes the plugin record (and the rule catalogue)
    name = hashlib.sha256(b"alignlint.rules").hexdigest()[:16]
    record = project / ".alignlint_cache" / "plugins" / name
    assert record.is_file()
    data = record.read_bytes()
    identity_length = int.from_bytes(data[10:14], "big")
    identity = data[22 : 22 + identity_length].decode()
    record.write_bytes(attacker_entry(identity, (("evil", "evil_rules:RULES"),)))
    result = alignlint(project, home, "check", "--output-format", "concise")
    assert not marker.exists()
    assert "ALN101" in result.stdout


def test_cache_dir_pointing_at_committed_files_is_not_used(
    project: Path, home: Path, tmp_path: Path
) -> None:
    expected = findings(project, home, "--no-cache")
    images = project / "docs" / "img"
    images.mkdir(parents=True)
    (images / "logo.png").write_bytes(b"\x89PNG\r\n")
    marker = tmp_path / "pwned"
    commit_fact_entry(project, "docs/img", SCRIPT_PATH, _RunsCode(marker), tagged=False)
    before = sorted(path.relative_to(images) for path in images.rglob("*"))
    (project / "alignlint.toml").write_text(
        'select = ["ALN1"]\ncache-dir = "docs/img"\n', encoding="utf-8"
    )
    result = alignlint(project, home, "check", "--output-format", "concise")
    assert result.stdout == expected
    assert "warning: running without the cache" in result.stderr
    assert "holds files alignlint did not create" in result.stderr
    assert sorted(path.relative_to(images) for path in images.rglob("*")) == before
    assert not marker.exists()
    cleaned = alignlint(project, home, "clean")
    assert cleaned.returncode == 2
    assert (images / "logo.png").exists()


@pytest.mark.parametrize("setting", ["..", "."])
def test_cache_dir_naming_the_project_or_its_parent_writes_nothing_there(
    project: Path, home: Path, setting: str
) -> None:
    # The repository holds the project's parent, so that `..` passes the configuration's
    # confinement (tests/security/test_confinement.py) and reaches the cache's own refusal.
    (project.parent / ".git").mkdir()
    (project / "alignlint.toml").write_text(
        f'select = ["ALN1"]\ncache-dir = "{setting}"\n', encoding="utf-8"
    )
    directory = (project / setting).resolve()
    before = sorted(os.listdir(directory))
    result = alignlint(project, home, "check", "--output-format", "concise")
    assert "ALN101" in result.stdout
    assert sorted(os.listdir(directory)) == before
    assert not (directory / ".gitignore").exists()
    assert alignlint(project, home, "clean").returncode == 2
    assert (project / "steps").is_dir() and sorted(os.listdir(directory)) == before


def test_a_symlink_inside_the_cache_is_never_written_through(
    project: Path, home: Path, tmp_path: Path
) -> None:
    findings(project, home)
    namespace = next((project / ".alignlint_cache").glob("facts-*"))
    outside = tmp_path / "outside"
    outside.mkdir()
    for shard in [path for path in namespace.iterdir() if path.is_dir()]:
        for entry in shard.iterdir():
            entry.unlink()
        shard.rmdir()
        shard.symlink_to(outside, target_is_directory=True)
    (project / SCRIPT_PATH).write_text(SCRIPT + "\n# edited\n", encoding="utf-8")
    assert "ALN101" in findings(project, home)
    assert list(outside.iterdir()) == []


def test_the_user_key_is_private_and_made_once(home: Path, project: Path) -> None:
    findings(project, home)
    key = home / "alignlint" / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_bytes()) == 32
    first = key.read_bytes()
    findings(project, home)
    assert key.read_bytes() == first


def test_a_damaged_user_key_is_replaced(home: Path, project: Path) -> None:
    key = home / "alignlint" / "key"
    key.parent.mkdir(parents=True)
    key.write_bytes(b"short")
    assert "ALN101" in findings(project, home)
    assert len(key.read_bytes()) == 32


def test_without_a_user_key_the_cache_is_not_used(project: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("", encoding="utf-8")
    result = alignlint(project, blocked, "check", "--output-format", "concise")
    assert "ALN101" in result.stdout
    assert "running without the cache: no user key" in result.stderr
    assert not (project / ".alignlint_cache").exists()


def test_clean_refuses_a_tagged_directory_holding_other_files(tmp_path: Path) -> None:
    directory = tmp_path / "docs"
    directory.mkdir()
    (directory / "index.md").write_text("# docs\n", encoding="utf-8")
    (directory / "CACHEDIR.TAG").write_text(CACHEDIR_TAG_TEXT, encoding="utf-8")
    (directory / ".gitignore").write_text(GITIGNORE_TEXT, encoding="utf-8")
    outcome = clean([directory])
    assert outcome.refused == (directory,)
    assert (directory / "index.md").exists()


def test_entries_are_authenticated_before_they_are_unpickled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from alignlint.infra import cache

    monkeypatch.setenv(user_key_module.KEY_FILE_VARIABLE, str(tmp_path / "key"))
    user_key_module.user_key.cache_clear()
    try:
        entry = cache.encode_entry("identity", {"a": 1})
        assert cache.decode_entry(entry, "identity") == {"a": 1}
        loads: list[bytes] = []
        monkeypatch.setattr(cache.pickle, "loads", lambda data: loads.append(data))
        flipped = bytearray(entry)
        flipped[30] ^= 1
        assert cache.decode_entry(bytes(flipped), "identity") is None
        assert loads == []
    finally:
        user_key_module.user_key.cache_clear()


def test_a_committed_view_result_neither_runs_code_nor_hides_findings(
    tmp_path: Path, home: Path
) -> None:
    """The view results of a project with workspaces are authenticated like every entry: an
    attacker's entry in their place (running code when unpickled, or an empty result) is a miss."""
    project = tmp_path / "workspaces"
    shutil.copytree(REPO / "examples" / "workspaces", project)
    findings(project, home)  # a genuine run writes the view results
    (slot,) = (project / ".alignlint_cache").glob("views-*/*")
    data = slot.read_bytes()
    identity_length = int.from_bytes(data[10:14], "big")
    identity = data[22 : 22 + identity_length].decode()
    marker = tmp_path / "pwned"
    for attempt, value in enumerate([{"": ("x", _RunsCode(marker))}, {}]):
        forged = attacker_entry(identity, value)
        slot.write_bytes(forged)
        # A new file: the last run's result does not stand, every view is to check.
        (project / "src" / "mlpipe" / f"added_{attempt}.py").write_text("X = 1\n", encoding="utf-8")
        assert findings(project, home) == findings(project, home, "--no-cache")
        assert slot.read_bytes() != forged  # read, refused and replaced by the run's own
    assert not marker.exists()
